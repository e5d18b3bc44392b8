import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './scripts/lib/browser.mjs';

// Its own port, not `npm start`'s 4173: the app can stay open while the tests run (E2E_PORT overrides).
const PORT = Number(process.env.E2E_PORT ?? 4183);

export default defineConfig({
  testDir: 'e2e',
  timeout: 180_000,
  expect: { timeout: 60_000 },
  fullyParallel: false,
  workers: 1, // 2 cores: one browser training at a time keeps timings honest
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${PORT}`,
    launchOptions: chromiumLaunchOptions(),
    viewport: { width: 1400, height: 1000 },
    // The offline test allows the service worker; elsewhere it would hide requests from page.route().
    serviceWorkers: 'block',
  },
  webServer: {
    command: `npx vite preview --port ${PORT} --strictPort`,
    url: `http://localhost:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
