/* global window, document, MutationObserver, Element */ // (page callbacks run in the browser)
// Measures the real app as a learner meets it: time from the click on Train to the first batch on
// screen, and the main thread's long animation frames (with their script attribution) from the
// click to the end of the run, and while the page loads. Everything is stamped inside the page
// (observers), never by polling from Playwright: a role query runs on the page's main thread and
// would make long tasks of its own.

/** Installed before the page's scripts: collects long animation frames and stamps the moments we time. */
function instrument() {
  window.__bench = { frames: [], click: null, firstBatch: null, done: null, firstEpoch: null };
  new PerformanceObserver((list) => {
    for (const f of list.getEntries()) {
      window.__bench.frames.push({
        start: f.startTime,
        duration: f.duration,
        blocking: f.blockingDuration,
        scripts: (f.scripts ?? []).map((s) => ({
          invoker: s.invoker,
          function: s.sourceFunctionName,
          source: (s.sourceURL ?? '').split('/').pop(),
          duration: Math.round(s.duration),
        })),
      });
    }
  }).observe({ type: 'long-animation-frame', buffered: true });
  document.addEventListener(
    'click',
    (e) => {
      if (e.target instanceof Element && e.target.closest('button')?.textContent?.trim() === 'Train')
        window.__bench.click = performance.now();
    },
    true,
  );
  const watch = () => {
    const phase = document.getElementById('phase');
    if (!phase) return false;
    new MutationObserver(() => {
      const text = phase.textContent ?? '';
      const b = window.__bench;
      if (b.click !== null && b.firstBatch === null && /^Training: epoch 1\/\d+, batch [1-9]/.test(text)) b.firstBatch = performance.now();
      if (b.click !== null && b.done === null && /^(Done\.|Stopped|The run ended)/.test(text)) b.done = performance.now();
    }).observe(phase, { childList: true, characterData: true, subtree: true });
    return true;
  };
  const retry = () => watch() || setTimeout(retry, 20);
  document.addEventListener('DOMContentLoaded', retry);
}

/**
 * One visit: open the page, wait `waitMs` (the page gets ready in the background), click Train,
 * wait for the end of the run. Returns the click-to-first-batch time and the long frames.
 */
export async function measureVisit(context, url, { waitMs = 5000, viewport, timeoutMs = 900_000 } = {}) {
  const page = await context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  await page.addInitScript(instrument);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForTimeout(waitMs);
  const loadEnd = await page.evaluate(() => performance.now());
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await page.waitForFunction(() => window.__bench.done !== null, null, { timeout: timeoutMs, polling: 1000 });
  const bench = await page.evaluate(() => window.__bench);
  const epochSeconds = await page
    .locator('tbody tr[data-loss]')
    .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-seconds'))));
  const testAccuracy = await page
    .getByText(/^Test accuracy: /)
    .innerText()
    .catch(() => null);
  const backend = await page
    .getByTestId('backend-name')
    .innerText()
    .catch(() => null);
  const round = (x) => Math.round(x);
  const during = bench.frames.filter((f) => f.start >= bench.click && f.start <= bench.done);
  const loading = bench.frames.filter((f) => f.start < loadEnd);
  const over = (frames, ms) => frames.filter((f) => f.duration > ms);
  await page.close();
  return {
    clickToFirstBatchMs: bench.firstBatch === null ? null : round(bench.firstBatch - bench.click),
    runSeconds: Math.round((bench.done - bench.click) / 100) / 10,
    epochSeconds: epochSeconds.map((s) => Math.round(s * 100) / 100),
    testAccuracy,
    backend,
    longestFrameAfterClickMs: round(Math.max(0, ...during.map((f) => f.duration))),
    framesOver50AfterClick: over(during, 50).map((f) => ({ ...f, start: round(f.start - bench.click), duration: round(f.duration) })),
    longestFrameWhileLoadingMs: round(Math.max(0, ...loading.map((f) => f.duration))),
    framesOver200WhileLoading: over(loading, 200).map((f) => ({ ...f, start: round(f.start), duration: round(f.duration) })),
    pageErrors: errors,
  };
}
