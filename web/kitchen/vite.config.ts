import { fileURLToPath, URL } from 'node:url';
import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

const root = fileURLToPath(new URL('.', import.meta.url));
// `vite dev` talks to a store gateway on the same LAN port the native demo uses for store s1.
const gateway = process.env.KDS_GATEWAY ?? 'http://localhost:8001';

export default defineConfig({
  base: '/',
  plugins: [vue()],
  // vue-i18n: composition API only, no devtools hooks in production: keeps the bundle small.
  define: {
    __VUE_I18N_FULL_INSTALL__: false,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // nginx serves /kds-assets/ from dist; the kiosk app owns /assets/ at the same gateway.
    assetsDir: 'kds-assets',
    rollupOptions: {
      input: {
        kitchen: `${root}kitchen/index.html`,
        pickup: `${root}pickup/index.html`,
        status: `${root}status/index.html`,
        counter: `${root}counter/index.html`,
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: gateway, changeOrigin: true },
      '/socket.io': { target: gateway, ws: true, changeOrigin: true },
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
