#!/usr/bin/env node
// npm run headless -- "<query>": builds and serves the app, drives it in headless Chromium through
// the UI with that URL query, and prints one JSON line per epoch and a final line with both
// accuracies and the backend. Set NO_BUILD=1 to reuse dist/. Exit code 1 when the run fails.
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from './lib/browser.mjs';
import { buildAndServe } from './lib/serve.mjs';

const query = (process.argv[2] ?? '').replace(/^\?/, '');
const timeoutMs = Number(process.env.HEADLESS_TIMEOUT_S ?? 3600) * 1000;
const server = await buildAndServe({ build: !process.env.NO_BUILD });
const browser = await chromium.launch(chromiumLaunchOptions(process.env.CHROMIUM_EXTRA_ARGS?.split(' ').filter(Boolean)));
let exitCode = 0;
try {
  const page = await browser.newPage();
  const consoleErrors = [];
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await page.goto(`${server.url}?${query}`);
  const notices = await page.locator('.notice span').allInnerTexts();
  for (const text of notices) console.log(JSON.stringify({ notice: text }));
  const started = Date.now();
  await page.getByRole('button', { name: 'Train', exact: true }).click();

  const rows = page.getByRole('table', { name: 'Epoch losses' }).locator('tbody tr[data-loss]');
  const accuracy = page.getByText(/^Test accuracy: /);
  const error = page.getByRole('alert');
  let printed = 0;
  for (;;) {
    const count = await rows.count();
    for (; printed < count; printed++) {
      const cells = await rows.nth(printed).locator('td').allInnerTexts();
      const loss = Number(await rows.nth(printed).getAttribute('data-loss'));
      const testAccuracy = Number(await rows.nth(printed).getAttribute('data-test-accuracy'));
      console.log(
        JSON.stringify({
          epoch: Number(cells[0]),
          loss: Number(loss.toFixed(5)),
          testAccuracy: Number((testAccuracy * 100).toFixed(2)),
          seconds: Number(cells[3]),
        }),
      );
    }
    if (await accuracy.isVisible()) break;
    if (await error.isVisible()) throw new Error((await error.innerText()).replace(/\s+/g, ' '));
    if (Date.now() - started > timeoutMs) throw new Error(`no result within ${timeoutMs / 1000} s`);
    await page.waitForTimeout(250);
  }
  const text = (re) => page.getByText(re).innerText();
  const pct = (s) => Number(s.match(/([\d.]+)%/)[1]);
  console.log(
    JSON.stringify({
      trainAccuracy: pct(await text(/^Train accuracy: /)),
      testAccuracy: pct(await text(/^Test accuracy: /)),
      backend: await page.getByTestId('backend-name').innerText(),
      samplesPerSecond: Number((await page.locator('.speed').innerText()).match(/^([\d,]+) samples/)?.[1].replace(/,/g, '')),
      seconds: Math.round((Date.now() - started) / 100) / 10,
      query: new URL(page.url()).search.slice(1),
      consoleErrors,
    }),
  );
} catch (error) {
  console.log(JSON.stringify({ error: String(error.message ?? error) }));
  exitCode = 1;
} finally {
  await browser.close();
  await server.close();
}
process.exit(exitCode);
