/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';

// `npm run dev` serves the app on :5173 and sends API calls and /config.json to a running gateway
// (ATRIUM_GATEWAY, default http://localhost:8080), so the app talks to the real platform.
const gateway = process.env.ATRIUM_GATEWAY ?? 'http://localhost:8080';

export default defineConfig({
  plugins: [react()],
  build: {
    manifest: true,
    sourcemap: false,
    rollupOptions: {
      input: {
        main: resolve(__dirname, 'index.html'),
        silent: resolve(__dirname, 'auth/silent-renew.html'),
      },
    },
  },
  server: {
    port: 5173,
    // The gateway sees the app's requests as its own (Host and Origin of the gateway): from the browser they are
    // same-origin requests to :5173, and the gateway's CORS check would refuse a write carrying Origin :5173.
    proxy: Object.fromEntries(
      ['/api', '/config.json', '/docs'].map((path) => [
        path,
        {
          target: gateway,
          changeOrigin: true,
          configure: (proxy: { on(event: 'proxyReq', listener: (request: { getHeader(name: string): unknown; setHeader(name: string, value: string): void }) => void): void }) =>
            proxy.on('proxyReq', (request) => {
              if (request.getHeader('origin')) request.setHeader('origin', new URL(gateway).origin);
            }),
        },
      ]),
    ),
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    testTimeout: 30_000,
    css: { modules: { classNameStrategy: 'non-scoped' } },
  },
});
