// Builds the app (unless asked not to) and serves dist/ with `vite preview` on a free port.
import { execSync } from 'node:child_process';
import { preview } from 'vite';

export async function buildAndServe({ build = true } = {}) {
  if (build) execSync('npm run build', { stdio: ['ignore', 'ignore', 'inherit'] });
  const server = await preview({ preview: { port: 0, strictPort: false, open: false }, logLevel: 'silent' });
  const url = server.resolvedUrls?.local?.[0];
  if (!url) throw new Error('vite preview did not report a URL');
  return { url, close: () => server.close() };
}
