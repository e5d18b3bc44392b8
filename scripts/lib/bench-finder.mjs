/* global document, MutationObserver */ // (page callbacks run in the browser)
// "Find a learning rate" as a learner starts it, timed in the page (issue 15: at most 3 s on Wasm).

/**
 * The range test as a learner starts it (the issue: at most 3 s on Wasm at the chapter's sizes): the
 * click, stamped in the page, to the suggestion in the DOM. The first includes placing the 60,000
 * images for the test; the page has had 5 s to load the data and start the backend, as in app().
 */
export async function benchLrFinder(browser, serverUrl) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.goto(`${serverUrl}?backend=wasm`);
  await page.waitForTimeout(5000);
  const runs = [];
  for (let i = 0; i < 3; i++) {
    await page.getByRole('button', { name: 'Find a learning rate' }).waitFor();
    const ms = await page.evaluate(
      () =>
        new Promise((resolve, reject) => {
          const button = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Find a learning rate');
          if (!button || button.disabled) return reject(new Error('"Find a learning rate" is not available'));
          const start = performance.now();
          const timer = setTimeout(() => reject(new Error('no suggestion within 60 s')), 60_000);
          const observer = new MutationObserver(() => {
            if (!document.querySelector('.lr-finder-suggestion')) return;
            observer.disconnect();
            clearTimeout(timer);
            resolve(performance.now() - start);
          });
          button.click(); // React renders the click at once: the previous result is gone before we watch
          observer.observe(document.body, { childList: true, subtree: true });
        }),
    );
    const text = await page.locator('.lr-finder-result').innerText();
    runs.push({
      ms: Math.round(ms),
      workerSeconds: Number(text.match(/Took ([\d.]+) s/)?.[1]),
      suggestion: text.match(/^Suggested learning rate: ([\d.e-]+)/)?.[1] ?? null,
      stop: text.match(/(It ran all[^:]*|It stopped[^:]*|You stopped[^.]*)/)?.[1] ?? null,
    });
  }
  await context.close();
  console.log(
    `\nFind a learning rate, chapter's settings on Wasm (click → suggestion on screen): ${runs.map((r) => `${r.ms} ms`).join(', ')} (the worker's own ${runs.map((r) => `${r.workerSeconds} s`).join(', ')}); suggestion ${runs[0].suggestion}; ${runs[0].stop}`,
  );
  return runs;
}
