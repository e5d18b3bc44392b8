import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * The page may talk to its own origin only. Wasm needs 'wasm-unsafe-eval'; the worker is a
 * same-origin module. Dev adds what Vite's dev server injects (a nonce'd React Refresh preamble,
 * inline <style> for CSS hot reload); the built page gets the strict policy as a meta tag too.
 */
const DEV_NONCE = 'vite-dev-nonce';
const policy = (dev: boolean) =>
  [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval'${dev ? ` 'nonce-${DEV_NONCE}'` : ''}`,
    "worker-src 'self'",
    "connect-src 'self'",
    "img-src 'self' data: blob:",
    `style-src 'self'${dev ? " 'unsafe-inline'" : ''}`,
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');

/**
 * Cross-origin isolation: with it a race's workers read one shared copy of the training data
 * (SharedArrayBuffer) instead of a copy each. Everything the page loads is its own origin, so
 * require-corp blocks nothing. A host that serves dist/ without these headers still works: the
 * data is then copied to each worker.
 */
const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

function contentSecurityPolicyMeta(): Plugin {
  return {
    name: 'csp-meta',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: policy(false) }, injectTo: 'head-prepend' },
    ],
  };
}

/**
 * Offline: a Workbox service worker precaches the page, its scripts, the workers and the Wasm
 * binaries (`wasm` is not in the default patterns; TF.js's bundle is over the 2 MiB default limit).
 * The MNIST files stay out: the worker keeps its own verified cache of them (one cache, not two).
 * 'prompt': a new version waits until the page says so (an automatic reload would kill a run).
 */
const offline = VitePWA({
  registerType: 'prompt',
  injectRegister: false, // registered from our own bundle (src/ui/UpdateBanner.tsx): no inline script for the CSP
  manifest: {
    name: 'MNIST, trained in the tab',
    short_name: 'MNIST in the tab',
    description: 'The training loop of a neural network on MNIST, by hand, with TensorFlow.js in your browser tab.',
    theme_color: '#1f5fbf',
    background_color: '#f4f6f9',
    display: 'standalone',
    start_url: './',
    icons: [
      { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  },
  workbox: {
    globPatterns: ['**/*.{js,css,html,wasm,svg}'], // the manifest and its icons are added by the plugin
    // the threaded Wasm build is never loaded (see src/worker/backends.ts); the benchmark is not the app
    globIgnores: ['data/**', 'bench.html', 'assets/bench*', 'assets/*threaded*'],
    maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
    navigateFallbackDenylist: [/^\/bench/, /^\/data\//],
    cleanupOutdatedCaches: true,
  },
});

export default defineConfig(({ command }) => ({
  plugins: [react(), contentSecurityPolicyMeta(), offline],
  html: command === 'serve' ? { cspNonce: DEV_NONCE } : undefined,
  worker: { format: 'es' },
  server: { headers: { 'Content-Security-Policy': policy(true), ...ISOLATION } },
  preview: { headers: { 'Content-Security-Policy': `${policy(false)}; frame-ancestors 'none'`, ...ISOLATION } },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 3000,
    rolldownOptions: { input: { main: 'index.html', bench: 'bench.html' } },
  },
}));
