#!/usr/bin/env node
/* global window */ // (used inside page.evaluate callbacks, which run in the browser)
// npm run bench [-- --backends=wasm,webgl --batches=32,128,512 --steps=300 --repeats=3 --kernels=false --app=false
//                   --viewports=desktop,phone --visits=first --appQuery=epochs=2 --inspection=false --health=false
//                   --healthQuery=backend=wasm&epochs=3 --finder=false --step=false --pytorch=false --race=false
//                   --raceQuery=backend=wasm&samples=60000&epochs=1]
// Builds and serves the app and measures, in headless Chromium:
//  1. kernels (bench.html): per backend and gradient path, start time, data placement, first step,
//     median ms/step over repeats, samples/s at each batch size, one-digit prediction latency;
//  2. the real app as a learner meets it, at 1400×1000 and 390×844: first visit (fresh profile,
//     page open 5 s, Train with the chapter's defaults, 10 epochs) and second visit: click to first
//     batch, long animation frames after the click (with script attribution) and while loading,
//     epoch times, the per-epoch test-set evaluation's share of an epoch, and the weight tiles'
//     cost (the same epochs with their live redraw off); layer health's cost: the time the worker
//     spends measuring it (every 50 batches) per epoch, against the epoch, on Wasm;
//  3. "Find a learning rate" on the chapter's settings on Wasm: click to suggestion on screen, three times
//     (scripts/lib/bench-finder.mjs);
//  4. opening One step on a paused run (batch 32 on Wasm): click to first stage, longest frame (3 visits);
//  5. the chapter's PyTorch loop on this machine (scripts/pytorch-chapter.py), when Python has torch;
//  6. races (scripts/lib/bench-race.mjs): one run, 4 learning rates one after another, races of 4 and 8
//     variants: wall time, aggregate samples/s, the path taken, long frames during the race of 8.
// Prints the figures with the core count and browser version, and writes bench-results/*.json.
// On a GPU machine pass Chromium flags in CHROMIUM_EXTRA_ARGS (e.g. "--use-angle=vulkan --enable-features=Vulkan").
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from './lib/browser.mjs';
import { benchLrFinder } from './lib/bench-finder.mjs';
import { benchRace } from './lib/bench-race.mjs';
import { measureVisit } from './lib/measure-app.mjs';
import { measureStepView } from './lib/measure-step.mjs';
import { buildAndServe } from './lib/serve.mjs';

const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    // Only the first '=' separates: a value may be a URL query (--raceQuery=backend=wasm&samples=60000).
    const [k, ...rest] = a.replace(/^--/, '').split('=');
    return [k, rest.length ? rest.join('=') : 'true'];
  }),
);
const on = (name) => args[name] !== 'false';
const benchQuery = new URLSearchParams({
  backends: args.backends ?? 'webgpu,webgl,wasm,cpu',
  batches: args.batches ?? '32,128,512',
  steps: args.steps ?? '300',
  repeats: args.repeats ?? '3',
  maxRepeatSeconds: args.maxRepeatSeconds ?? '15',
  gradients: args.gradients ?? 'manual,autodiff,fused',
});
const VIEWPORTS = [
  ['desktop 1400×1000', { width: 1400, height: 1000 }],
  ['phone 390×844', { width: 390, height: 844 }],
];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const table = (t) =>
  t
    .map((r) => `| ${r.join(' | ')} |`)
    .join('\n')
    .replace(/\n/, `\n|${' --- |'.repeat(t[0].length)}\n`);

const server = await buildAndServe({ build: !process.env.NO_BUILD });
const extraArgs = process.env.CHROMIUM_EXTRA_ARGS?.split(' ').filter(Boolean) ?? [];
const browser = await chromium.launch(chromiumLaunchOptions(extraArgs));
const report = {
  date: new Date().toISOString(),
  machine: { cores: cpus().length, cpu: cpus()[0]?.model, chromium: browser.version(), chromiumArgs: extraArgs },
  kernels: [],
  app: [],
  inspectionCost: null,
  healthCost: null,
  pytorch: null,
};
console.log(`Machine: ${report.machine.cores} cores (${report.machine.cpu}), Chromium ${report.machine.chromium}`);

async function kernels() {
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
      report.kernels = state.results;
      break;
    }
    await page.waitForTimeout(500);
  }
  await page.close();
  const setup = [['backend', 'available', 'start ms', 'upload 60k ms', 'prediction ms', 'adapter / reason']];
  const rows = [['backend', 'gradients', 'batch', 'first step ms', 'ms/step (median)', 'repeats (steps)', 'samples/s']];
  for (const b of report.kernels) {
    setup.push([
      b.backend,
      b.available ? 'yes' : 'no',
      b.startMs?.toFixed(0) ?? '-',
      b.uploadMs?.toFixed(0) ?? '-',
      b.predictionMs?.toFixed(2) ?? '-',
      b.available ? (b.adapter ?? '') : b.reason,
    ]);
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
  console.log(`\n${table(setup)}\n\n${table(rows)}\n`);
}

async function app() {
  const query = args.appQuery ?? '';
  const viewports = VIEWPORTS.filter(([name]) => !args.viewports || args.viewports.split(',').some((v) => name.startsWith(v)));
  const visits = args.visits === 'first' ? ['first visit'] : ['first visit', 'second visit'];
  for (const [name, viewport] of viewports) {
    const context = await browser.newContext({ viewport }); // a fresh profile: nothing cached, nothing remembered
    for (const visit of visits) {
      const r = await measureVisit(context, `${server.url}?${query}`, { viewport });
      report.app.push({ viewport: name, visit, ...r });
      console.log(
        `${name}, ${visit}: click → first batch ${r.clickToFirstBatchMs} ms; after the click ${r.framesOver50AfterClick.length} frames over 50 ms (longest ${r.longestFrameAfterClickMs} ms); while loading longest ${r.longestFrameWhileLoadingMs} ms (${r.framesOver200WhileLoading.length} over 200 ms); epochs ${r.epochSeconds.join(', ')} s; ${r.testAccuracy} on ${r.backend}`,
      );
      for (const f of [...r.framesOver50AfterClick, ...r.framesOver200WhileLoading]) {
        console.log(
          `    frame at ${f.start} ms, ${f.duration} ms: ${f.scripts.map((s) => `${s.invoker} ${s.function}@${s.source} ${s.duration} ms`).join('; ')}`,
        );
      }
    }
    await context.close();
  }
}

/** Per-epoch evaluation share, and the tiles' cost: the same 3 epochs with live tiles on, then off. */
async function inspectionCost() {
  const query = 'backend=wasm&epochs=3';
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  const view = (name) => page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name, exact: true }).click();
  // Each run trains with the Inside view open (the tiles drawn on the page), then the Train view's table is read.
  const runOnce = async () => {
    await view('Inside');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.getByText(/^Test accuracy: /).waitFor({ timeout: 600_000 });
    await view('Train');
    const epochs = await page.locator('tbody tr[data-loss]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-seconds'))));
    const speed = await page.locator('.speed').innerText();
    const evalSeconds = Number(speed.match(/test-set check after each epoch: ([\d.]+) s/)?.[1]);
    return { epochs, evalSeconds };
  };
  await page.goto(`${server.url}?${query}`);
  await page.waitForTimeout(5000);
  const results = { tilesOn: [], tilesOff: [] };
  const redraw = async (on) => {
    await view('Inside');
    await page.getByRole('checkbox', { name: /Redraw while training/ }).setChecked(on);
  };
  for (let i = 0; i < 3; i++) {
    await redraw(true);
    results.tilesOn.push(await runOnce());
    await redraw(false);
    results.tilesOff.push(await runOnce());
  }
  await context.close();
  // Epoch 1 includes warm-up; compare epochs 2 and 3 of every run.
  const later = (runs) => runs.flatMap((r) => r.epochs.slice(1));
  const on = median(later(results.tilesOn));
  const off = median(later(results.tilesOff));
  const evalSeconds = median([...results.tilesOn, ...results.tilesOff].map((r) => r.evalSeconds));
  report.inspectionCost = { results, epochSecondsTilesOn: on, epochSecondsTilesOff: off, evalSeconds };
  console.log(
    `\nChapter's settings on Wasm (median of epochs 2-3 of 3 runs each): epoch ${off.toFixed(3)} s with the tiles' live redraw off, with it on ${on.toFixed(3)} s (${(((on - off) / off) * 100).toFixed(1)}%); test-set evaluation after each epoch ${evalSeconds.toFixed(3)} s (${((evalSeconds / off) * 100).toFixed(1)}% of an epoch)`,
  );
}

/**
 * Layer health's cost on Wasm: the worker times each measurement and reports the epoch's total with
 * the epoch (the epoch table's data-health-seconds), inside the epoch's training time. Two runs of
 * the chapter's settings; epoch 1 includes warm-up, so epochs 2 and later are compared.
 */
async function healthCost() {
  const query = args.healthQuery ?? 'backend=wasm&epochs=3';
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.goto(`${server.url}?${query}`);
  await page.waitForTimeout(5000);
  const runs = [];
  for (let i = 0; i < 2; i++) {
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.getByText(/^Test accuracy: /).waitFor({ state: 'hidden' }); // the previous run's result is gone
    await page.getByText(/^Test accuracy: /).waitFor({ timeout: 600_000 });
    runs.push(
      await page
        .locator('tbody tr[data-loss]')
        .evaluateAll((rows) => rows.map((r) => ({ seconds: Number(r.dataset.seconds), healthSeconds: Number(r.dataset.healthSeconds) }))),
    );
  }
  await context.close();
  const later = runs.flatMap((r) => r.slice(1));
  const epoch = median(later.map((e) => e.seconds));
  const health = median(later.map((e) => e.healthSeconds));
  const shares = later.map((e) => (100 * e.healthSeconds) / e.seconds);
  report.healthCost = {
    query,
    runs,
    epochSeconds: epoch,
    healthSeconds: health,
    percentOfEpoch: median(shares),
    maxPercent: Math.max(...shares),
  };
  console.log(
    `\nLayer health recording (${query}, median of epochs 2+ of 2 runs): ${health.toFixed(3)} s per epoch = ${median(shares).toFixed(1)}% of the epoch (${epoch.toFixed(3)} s with it, ${(epoch - health).toFixed(3)} s without; largest ${Math.max(...shares).toFixed(1)}%)`,
  );
}

/** Opening One step on a paused run, three fresh visits at 1400×1000 (issue 14: ≤ 300 ms, no frame over 50 ms). */
async function stepView() {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const visits = [];
  for (let i = 0; i < 3; i++) visits.push(await measureStepView(context, server.url));
  await context.close();
  report.stepView = { visits, medianClickToFirstStageMs: median(visits.map((v) => v.clickToFirstStageMs)) };
  console.log(
    `\nOne step on a paused run (batch 32, Wasm): click → first stage ${visits.map((v) => v.clickToFirstStageMs).join(', ')} ms (median ${report.stepView.medianClickToFirstStageMs}); frames over 50 ms: ${visits.map((v) => (v.framesOver50.length ? v.framesOver50.map((f) => `${f.duration} ms`).join(' + ') : 'none')).join(', ')}`,
  );
}

function pytorch() {
  const pythons = ['python3', '/usr/bin/python3'];
  const python = pythons.find((p) => spawnSync(p, ['-c', 'import torch, torchvision'], { stdio: 'ignore' }).status === 0);
  if (!python) {
    report.pytorch = { skipped: 'no python3 with torch and torchvision (Debian: apt-get install python3-torch python3-torchvision)' };
    console.log(`\nPyTorch: not measured, ${report.pytorch.skipped}`);
    return;
  }
  const run = spawnSync(python, ['scripts/pytorch-chapter.py', '1'], { encoding: 'utf8' });
  const seconds = Number(run.stdout.match(/Seconds: ([\d.]+)/)?.[1]);
  const firstVisit = report.app.find((r) => r.viewport.startsWith('desktop') && r.visit === 'first visit');
  const appEpoch = firstVisit ? median(firstVisit.epochSeconds.slice(1)) : null;
  report.pytorch = {
    python,
    output: run.stdout.trim(),
    epochSeconds: seconds,
    appEpochSeconds: appEpoch,
    ratio: appEpoch && seconds ? appEpoch / seconds : null,
  };
  console.log(`\nPyTorch (${python}): ${run.stdout.trim()}`);
  if (report.pytorch.ratio !== null)
    console.log(
      `App epoch (median of epochs 2-10, desktop first visit) / PyTorch epoch: ${appEpoch} / ${seconds} = ${report.pytorch.ratio.toFixed(2)}`,
    );
}

try {
  if (on('kernels')) await kernels();
  if (on('app')) await app();
  if (on('inspection')) await inspectionCost();
  if (on('health')) await healthCost();
  if (on('step')) await stepView();
  if (on('finder')) report.lrFinder = await benchLrFinder(browser, server.url);
  if (on('pytorch')) pytorch();
  if (on('race')) report.race = await benchRace(browser, server.url, args.raceQuery ? { base: args.raceQuery } : {});
  mkdirSync('bench-results', { recursive: true });
  const file = `bench-results/bench-${report.date.replace(/[:.]/g, '-')}.json`;
  writeFileSync(file, JSON.stringify(report, null, 2));
  console.log(`\nwrote ${file}`);
} finally {
  await browser.close();
  await server.close();
}
