/* global window */ // (page callbacks run in the browser)
// The race's figures (issue 16): a single run's samples/s, the same learning rates one after
// another, and races of 4 and 8 variants: wall time, aggregate samples/s, the path the race took
// (workers, batched, interleaved), and the main thread's long animation frames during the race at
// each viewport. Everything is driven through the page's own controls.

/** Collects long animation frames from the page's start. */
function instrument() {
  window.__frames = [];
  new PerformanceObserver((list) => {
    for (const f of list.getEntries()) window.__frames.push({ start: f.startTime, duration: f.duration });
  }).observe({ type: 'long-animation-frame', buffered: true });
}

/** One run from its URL: seconds from Train to the end (the page's own status), and its epochs' samples. */
async function soloRun(context, url) {
  const page = await context.newPage();
  await page.goto(url);
  await page.getByText(/^Ready:/).waitFor({ timeout: 120_000 });
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await page.getByText(/^Test accuracy: /).waitFor({ timeout: 900_000 });
  const seconds = (Date.now() - t0) / 1000;
  await page.close();
  return seconds;
}

/** A race from its URL: wall time, path, workers, and the long frames from the click to the end. */
async function raceRun(context, url, viewport) {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  await page.addInitScript(instrument);
  await page.goto(url);
  await page.getByText(/^Ready:/).waitFor({ timeout: 120_000 });
  await page.evaluate(() => (window.__frames = []));
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Race', exact: true }).click();
  const table = page.getByRole('table', { name: 'Race variants' });
  await table.and(page.locator('[data-status="ended"]')).waitFor({ timeout: 1_800_000 });
  const seconds = (Date.now() - t0) / 1000;
  const path = await table.getAttribute('data-path');
  const caption = await page.locator('.race-summary').innerText(); // "4 variants of lr, 2 workers (data shared), 7.1 s"
  const frames = await page.evaluate(() => window.__frames.filter((f) => f.duration > 50));
  const accuracies = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-test-accuracy')));
  const phases = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-phase')));
  // A figure only for a race that trained: a variant that failed or diverged would make it look fast.
  if (phases.some((p) => p !== 'done')) throw new Error(`race ${url}: not every variant finished (${phases.join(', ')})`);
  await page.close();
  return { seconds, path, caption, framesOver50: frames, accuracies };
}

/**
 * Runs the race bench on `serverUrl` with `base` settings (the chapter's sizes on Wasm unless
 * told otherwise). Prints the figures and returns them.
 */
export async function benchRace(
  browser,
  serverUrl,
  { base = 'backend=wasm&samples=60000&epochs=1', rates4 = [0.1, 1, 3, 10], grid8 = '0.01-10x8' } = {},
) {
  const samples = Number(new URLSearchParams(base).get('samples') ?? 60000);
  const epochs = Number(new URLSearchParams(base).get('epochs') ?? 10);
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const out = { base, single: null, sequential4: null, races: [] };
  const solo = [];
  for (const lr of rates4) solo.push(await soloRun(context, `${serverUrl}?${base}&lr=${lr}`));
  // One run: the mean of the four (a single run's time varies by ±15% here, and the race is compared with all four).
  const total = solo.reduce((a, b) => a + b, 0);
  out.single = { seconds: total / solo.length, samplesPerSecond: (samples * epochs) / (total / solo.length) };
  out.sequential4 = { seconds: total, each: solo };
  console.log(
    `\nRace (${base}): one run ${out.single.seconds.toFixed(1)} s (the mean of the four runs; ${Math.round(out.single.samplesPerSecond).toLocaleString('en-US')} samples/s incl. start and evaluation); lr ${rates4.join(', ')} one after another ${out.sequential4.seconds.toFixed(1)} s (${solo.map((s) => s.toFixed(1)).join(' + ')})`,
  );
  for (const [spec, count] of [
    [`lr:${rates4.join(',')}`, 4],
    [`lr:${grid8}`, 8],
  ]) {
    for (const [name, viewport] of [
      ['desktop 1400×1000', { width: 1400, height: 1000 }],
      ['phone 390×844', { width: 390, height: 844 }],
    ]) {
      if (count === 4 && name.startsWith('phone')) continue; // the smoothness target is for the race of 8
      const r = await raceRun(context, `${serverUrl}?${base}&race=${spec}`, viewport);
      const aggregate = (count * samples * epochs) / r.seconds;
      const entry = { spec, count, viewport: name, ...r, aggregateSamplesPerSecond: aggregate };
      out.races.push(entry);
      const vsSequential = count === 4 ? `; ${(r.seconds / out.sequential4.seconds).toFixed(2)}× the 4 runs one after another` : '';
      console.log(
        `  race ${spec} (${count} variants, ${r.caption}), ${name}: ${r.seconds.toFixed(1)} s, aggregate ${Math.round(aggregate).toLocaleString('en-US')} samples/s = ${(aggregate / out.single.samplesPerSecond).toFixed(2)}× one run${vsSequential}; frames over 50 ms during the race: ${r.framesOver50.length}${r.framesOver50.length ? ` (longest ${Math.max(...r.framesOver50.map((f) => f.duration)).toFixed(0)} ms)` : ''}`,
      );
    }
  }
  await context.close();
  return out;
}
