// How every script and test here starts Chromium: Debian's /usr/bin/chromium when present (no
// browser download is possible on our CI), else Playwright's own browser on a user's machine.
import { existsSync } from 'node:fs';

export const CHROMIUM_ARGS = [
  '--enable-unsafe-webgpu', // the one flag that gives headless Chromium a WebGPU adapter (SwiftShader here)
  '--enable-unsafe-swiftshader', // software WebGL
  '--no-sandbox',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

/** Launch options for Playwright's chromium.launch(); extra args (e.g. Vulkan on a GPU machine) appended. */
export function chromiumLaunchOptions(extraArgs = []) {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
  const executablePath = candidates.find((p) => existsSync(p));
  return { headless: true, args: [...CHROMIUM_ARGS, ...extraArgs], ...(executablePath ? { executablePath } : {}) };
}
