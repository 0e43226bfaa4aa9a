/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { VitePWA } from 'vite-plugin-pwa';

// The store gateway (nginx) serves the app at /kiosk/ and the API on the same origin, so nothing here
// names a host: the same build works behind any gateway.
const gateway = process.env.KIOSK_GATEWAY ?? 'http://localhost:8001';

export default defineConfig({
  base: '/kiosk/',
  build: { outDir: 'dist', target: 'es2022', chunkSizeWarningLimit: 300 },
  // Every component is <script setup> and i18n runs in composition mode: leave the Options API, the legacy
  // i18n API and the devtools hooks out of the bundle (less script to parse and run before the first screen).
  define: {
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'false',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  server: {
    proxy: {
      '/api': gateway,
      '/media': gateway,
      '/socket.io': { target: gateway, ws: true },
    },
  },
  plugins: [
    vue(),
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: 'script-defer',
      scope: '/kiosk/',
      manifest: {
        name: 'Self-order kiosk',
        short_name: 'Kiosk',
        start_url: '/kiosk/',
        scope: '/kiosk/',
        display: 'fullscreen',
        background_color: '#fff8f1',
        theme_color: '#b3261e',
        icons: [{ src: 'icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,woff2,webmanifest}'],
        navigateFallback: '/kiosk/index.html',
        navigateFallbackAllowlist: [/^\/kiosk\//],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
        runtimeCaching: [
          {
            // The boot request for the menu: fresh when the store server answers, the last copy when it
            // does not, so the kiosk starts and browses offline. Live polls carry x-kiosk-live and skip this
            // route: they must see the network's real answer to drive the online indicator.
            urlPattern: ({ url, request }) =>
              url.pathname === '/api/catalog' && !request.headers.has('x-kiosk-live'),
            handler: 'NetworkFirst',
            options: {
              cacheName: 'kiosk-catalog',
              networkTimeoutSeconds: 4,
              matchOptions: { ignoreVary: true, ignoreSearch: true },
              cacheableResponse: { statuses: [200] },
            },
          },
          {
            // Product images change with the product id or not at all: serve them from the cache first.
            urlPattern: ({ url }) => url.pathname.startsWith('/media/'),
            handler: 'CacheFirst',
            options: {
              cacheName: 'kiosk-media',
              expiration: { maxEntries: 600, maxAgeSeconds: 60 * 60 * 24 * 30 },
              cacheableResponse: { statuses: [0, 200] },
            },
          },
        ],
      },
    }),
  ],
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
