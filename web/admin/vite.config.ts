import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

// Central's gateway serves the app at /admin/ and the API on the same origin, so nothing here names a host.
// `vite dev` proxies the API to the central gateway of the native demo.
const gateway = process.env.ADMIN_GATEWAY ?? 'http://localhost:8000';

export default defineConfig({
  base: '/admin/',
  plugins: [vue()],
  // vue-i18n: composition API only, no devtools hooks in production: keeps the bundle small.
  define: {
    __VUE_I18N_FULL_INSTALL__: false,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 400 },
  server: { proxy: { '/api': { target: gateway, changeOrigin: true } } },
  test: { include: ['src/**/*.test.ts'], environment: 'node' },
});
