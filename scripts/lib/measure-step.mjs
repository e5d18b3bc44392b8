/* global window, document, MutationObserver, Element, requestAnimationFrame */ // (page callbacks run in the browser)
// Measures opening the One step view on a paused run (issue 14's Done when: the first stage within
// 300 ms of the click on Wasm, no main-thread frame over 50 ms while it renders). Stamped inside the
// page with observers, never by polling roles from Playwright (see measure-app.mjs).

/** Installed before the page's scripts: the click on the One step link, the frame that paints the first stage, every long animation frame. */
export function instrumentStepView() {
  const stamps = { click: null, shown: null, frames: [] };
  window.__step = stamps;
  new PerformanceObserver((list) => {
    for (const f of list.getEntries()) {
      const scripts = (f.scripts ?? []).map((s) => `${s.invoker} ${s.sourceFunctionName} ${Math.round(s.duration)} ms`);
      stamps.frames.push({ start: f.startTime, duration: f.duration, scripts });
    }
  }).observe({ type: 'long-animation-frame', buffered: true });
  document.addEventListener(
    'click',
    (e) => {
      if (e.target instanceof Element && e.target.closest('nav a')?.textContent === 'One step') stamps.click = performance.now();
    },
    true,
  );
  new MutationObserver(() => {
    if (stamps.click === null || stamps.shown !== null) return;
    const explained = /^Batch \d+ of epoch/.test(document.querySelector('.step-batch')?.textContent ?? '');
    if (explained && document.querySelector('[role="tabpanel"][data-stage="forward"] canvas')) {
      requestAnimationFrame(() => (stamps.shown ??= performance.now())); // the frame that paints it
    }
  }).observe(document, { childList: true, subtree: true, characterData: true });
}

/** After the click: waits for the first stage, then returns click → first stage and the long frames from the click to 200 ms after it. */
export async function stepViewFigures(page) {
  await page.waitForFunction(() => window.__step.shown !== null, null, { polling: 250, timeout: 30_000 });
  await page.waitForTimeout(400); // the stage's later pictures, a frame each
  const s = await page.evaluate(() => window.__step);
  const during = s.frames.filter((f) => f.start + f.duration >= s.click && f.start <= s.shown + 200);
  return {
    clickToFirstStageMs: Math.round(s.shown - s.click),
    // long-animation-frame entries are only made for frames over 50 ms: 0 means none was
    longestFrameMs: Math.round(Math.max(0, ...during.map((f) => f.duration))),
    framesOver50: during
      .filter((f) => f.duration > 50)
      .map((f) => ({ start: Math.round(f.start - s.click), duration: Math.round(f.duration), scripts: f.scripts })),
  };
}

/**
 * One visit: lr 3 on 10,000 samples (batch 32, the chapter's sizes) on Wasm, paused early in epoch
 * 1, then a click on the One step link, which explains the paused run's next batch.
 */
export async function measureStepView(context, baseUrl, { viewport } = {}) {
  const page = await context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  await page.addInitScript(instrumentStepView);
  await page.goto(`${baseUrl}?backend=wasm&samples=10000&epochs=3&lr=3`);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await page
    .locator('#phase')
    .getByText(/^Training: epoch/)
    .waitFor({ timeout: 120_000 });
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page
    .locator('#phase')
    .getByText(/^Paused in epoch/)
    .waitFor();
  await page.waitForTimeout(1000);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'One step', exact: true }).click();
  const figures = await stepViewFigures(page);
  await page.close();
  return figures;
}
