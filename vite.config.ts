import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

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

function contentSecurityPolicyMeta(): Plugin {
  return {
    name: 'csp-meta',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: policy(false) }, injectTo: 'head-prepend' },
    ],
  };
}

export default defineConfig(({ command }) => ({
  plugins: [react(), contentSecurityPolicyMeta()],
  html: command === 'serve' ? { cspNonce: DEV_NONCE } : undefined,
  worker: { format: 'es' },
  server: { headers: { 'Content-Security-Policy': policy(true) } },
  preview: { headers: { 'Content-Security-Policy': `${policy(false)}; frame-ancestors 'none'` } },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 3000,
    rolldownOptions: { input: { main: 'index.html', bench: 'bench.html' } },
  },
}));
