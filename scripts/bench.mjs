#!/usr/bin/env node
/* global window */ // (used inside page.evaluate callbacks, which run in the browser)
// npm run bench [-- --backends=wasm,webgl --steps=300 --repeats=3 --batches=32,128,512 --epoch]
// Builds and serves the app, runs bench.html in headless Chromium (each backend that starts: start
// time, data upload, first step, median ms/step over repeats, samples/s, prediction latency), then
// with --epoch (default on) trains one epoch of the chapter's settings in the real app with the
// automatic backend choice while a PerformanceObserver records main-thread long tasks. Prints
// tables and writes bench-results/bench-<time>.json. On a GPU machine pass Chromium flags in
// CHROMIUM_EXTRA_ARGS (e.g. "--use-angle=vulkan --enable-features=Vulkan").
import { mkdirSync, writeFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from './lib/browser.mjs';
import { buildAndServe } from './lib/serve.mjs';

const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k, v ?? 'true'];
  }),
);
const benchQuery = new URLSearchParams({
  backends: args.backends ?? 'webgpu,webgl,wasm,cpu',
  batches: args.batches ?? '32,128,512',
  steps: args.steps ?? '300',
  repeats: args.repeats ?? '3',
  maxRepeatSeconds: args.maxRepeatSeconds ?? '15',
  gradients: args.gradients ?? 'manual,autodiff,fused',
});
const epochRun = args.epoch !== 'false';

const server = await buildAndServe({ build: !process.env.NO_BUILD });
const browser = await chromium.launch(chromiumLaunchOptions(process.env.CHROMIUM_EXTRA_ARGS?.split(' ').filter(Boolean)));
const report = {
  date: new Date().toISOString(),
  chromium: browser.version(),
  args: Object.fromEntries(benchQuery),
  backends: [],
  epoch: null,
};
try {
  const page = await browser.newPage();
  page.on('console', (m) => m.type() === 'error' && console.error('page:', m.text()));
  await page.goto(`${server.url}bench.html?${benchQuery}`);
  let shown = 0;
  for (;;) {
    const state = await page.evaluate(() => window.benchResults);
    const log = (await page.locator('#log').innerText()).split('\n').filter(Boolean);
    for (; shown < log.length; shown++) console.error(`  ${log[shown]}`);
    if (state?.done) {
      if (state.error) throw new Error(state.error);
      report.backends = state.results;
      break;
    }
    await page.waitForTimeout(500);
  }
  await page.close();

  const rows = [['backend', 'gradients', 'batch', 'first step ms', 'ms/step (median)', 'repeats (steps)', 'samples/s']];
  for (const b of report.backends) {
    for (const s of b.steps) {
      rows.push([
        b.backend,
        s.gradients,
        s.batchSize,
        s.firstStepMs.toFixed(0),
        s.medianMsPerStep.toFixed(2),
        `${s.msPerStepPerRepeat.map((m) => m.toFixed(2)).join(' / ')} (${s.stepsPerRepeat.join(', ')})`,
        Math.round(s.samplesPerSecond).toLocaleString('en-US'),
      ]);
    }
  }
  const setup = [['backend', 'available', 'start ms', 'upload 60k ms', 'prediction ms', 'adapter / reason']];
  for (const b of report.backends) {
    setup.push([
      b.backend,
      b.available ? 'yes' : 'no',
      b.startMs?.toFixed(0) ?? '-',
      b.uploadMs?.toFixed(0) ?? '-',
      b.predictionMs?.toFixed(2) ?? '-',
      b.available ? (b.adapter ?? '') : b.reason,
    ]);
  }

  if (epochRun) {
    const app = await browser.newPage();
    await app.addInitScript(() => {
      window.longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.longTasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
    await app.goto(`${server.url}?epochs=1${args.epochQuery ? `&${args.epochQuery}` : ''}`);
    await app.getByRole('button', { name: 'Train', exact: true }).click();
    await app.getByText(/^Training: epoch/).waitFor({ timeout: 300_000 });
    const trainingStart = await app.evaluate(() => performance.now());
    await app.getByText(/^Test accuracy: /).waitFor({ timeout: 900_000 });
    const trainingEnd = await app.evaluate(() => performance.now());
    const epochSeconds = Number(await app.locator('tbody tr[data-loss] td').nth(2).innerText());
    const tasks = (await app.evaluate(() => window.longTasks)).filter((t) => t.start >= trainingStart && t.start <= trainingEnd);
    report.epoch = {
      backend: await app.getByTestId('backend-name').innerText(),
      choice: (await app.locator('.backend').innerText()).replace(/\s+/g, ' '),
      epochSeconds,
      loss: Number(await app.locator('tbody tr[data-loss]').first().getAttribute('data-loss')),
      testAccuracy: await app.getByText(/^Test accuracy: /).innerText(),
      longTasksDuringTraining: tasks.length,
      longestTaskMs: tasks.reduce((m, t) => Math.max(m, t.duration), 0),
    };
  }

  const table = (t) =>
    t
      .map((r) => `| ${r.join(' | ')} |`)
      .join('\n')
      .replace(/\n/, `\n|${' --- |'.repeat(t[0].length)}\n`);
  console.log(`\nChromium ${report.chromium}\n\n${table(setup)}\n\n${table(rows)}\n`);
  if (report.epoch) console.log(`One epoch, chapter settings, automatic backend: ${JSON.stringify(report.epoch)}`);
  mkdirSync('bench-results', { recursive: true });
  const file = `bench-results/bench-${report.date.replace(/[:.]/g, '-')}.json`;
  writeFileSync(file, JSON.stringify(report, null, 2));
  console.log(`\nwrote ${file}`);
} finally {
  await browser.close();
  await server.close();
}
