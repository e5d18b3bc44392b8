import type { Page } from '@playwright/test';
import { expect, test, type TrainerPage } from './fixtures';

/** Test hooks the page forwards to its worker (see src/worker/testHooks.ts). */
async function withHooks(page: Page, hooks: Record<string, unknown>) {
  await page.addInitScript((h) => ((window as unknown as { __MNIST_TEST_HOOKS__: unknown }).__MNIST_TEST_HOOKS__ = h), hooks);
}

/** Clicks Stop and expects the page to say the run stopped within a second, answered by the worker, not the watchdog. */
async function stopWithinOneSecond(trainer: TrainerPage, stopped: RegExp) {
  const clicked = Date.now();
  await trainer.stopButton.click();
  await expect(trainer.phase).toHaveText(stopped, { timeout: 1_000 });
  const elapsed = Date.now() - clicked;
  expect(elapsed).toBeLessThan(1_000);
  return elapsed;
}

const STOPPED_EARLY = /^Stopped before training began\.$/;
const STOPPED_KEPT = /^Stopped in epoch \d+, after batch \d+\. The weights are kept\.$/;

test.describe('Stop is answered at once, in every phase', () => {
  test('during a slow download: no restart, and the next Train fetches no sprite again and finishes', async ({
    trainer,
    page,
    requests,
  }) => {
    await page.route('**/data/mnist-train-images.png*', async (route) => {
      await new Promise((r) => setTimeout(r, 4_000)); // a slow connection
      await route.continue();
    });
    await trainer.goto('backend=wasm&samples=1000&epochs=1&lr=3');
    await trainer.trainButton.click();
    await expect(trainer.phase).toHaveText(/^Loading data/);
    await stopWithinOneSecond(trainer, STOPPED_EARLY);
    // The watchdog would have fired 4 s after the click: it must not.
    await page.waitForTimeout(4_500);
    await expect(page.getByText(/did not acknowledge Stop/)).toHaveCount(0);
    await trainer.trainToEnd();
    expect(requests.filter((r) => /mnist-train-images\.png/.test(r.url()))).toHaveLength(1);
    expect(requests.filter((r) => /\.png\?/.test(r.url()))).toHaveLength(2); // the training and the test sprite, once each
  });

  for (const stage of ['decoding', 'verifying'] as const) {
    test(`while the data is ${stage}`, async ({ trainer, page, requests }) => {
      await withHooks(page, { holdMs: { [stage]: 6_000 } });
      await trainer.goto('backend=wasm&samples=1000&epochs=1&lr=3');
      await trainer.trainButton.click();
      await expect(trainer.phase).toHaveText(
        stage === 'decoding' ? 'Loading data: decoding the images…' : /^Loading data: checking the images/,
        {
          timeout: 30_000,
        },
      );
      await stopWithinOneSecond(trainer, STOPPED_EARLY);
      await trainer.trainToEnd(); // joins the same load: nothing fetched twice
      expect(requests.filter((r) => /\.png\?/.test(r.url()))).toHaveLength(2);
    });
  }

  test('while the backends are timed', async ({ trainer, page }) => {
    await withHooks(page, { holdMs: { timing: 6_000 } });
    await trainer.goto('samples=1000&epochs=1&lr=3'); // automatic choice: the backends are timed
    await trainer.trainButton.click();
    await expect(trainer.phase).toHaveText('Starting: choosing the backend…', { timeout: 30_000 });
    await stopWithinOneSecond(trainer, STOPPED_EARLY);
    await trainer.trainToEnd();
  });

  test('while training, while paused, and while evaluating; the weights are kept each time', async ({ trainer, page }) => {
    await withHooks(page, { holdMs: { evaluating: 8_000 } });
    await trainer.goto('backend=wasm&samples=60000&epochs=3');
    await test.step('training', async () => {
      await trainer.trainButton.click();
      await expect(trainer.phase).toHaveText(/^Training: epoch 1\/3/, { timeout: 60_000 });
      await stopWithinOneSecond(trainer, STOPPED_KEPT);
    });
    await test.step('paused', async () => {
      await trainer.trainButton.click();
      await expect(trainer.phase).toHaveText(/^Training: epoch 1\/3/, { timeout: 60_000 });
      await trainer.pauseButton.click();
      await expect(trainer.phase).toHaveText(/^Paused in epoch 1/);
      await stopWithinOneSecond(trainer, STOPPED_KEPT);
    });
    await test.step('evaluating (the final accuracy, held open by the test)', async () => {
      await trainer.typeSetting('Training samples', '1000');
      await trainer.typeSetting('Epochs', '1');
      await trainer.trainButton.click();
      // The per-epoch test-set check is held first (8 s), then the final evaluation.
      await expect(trainer.phase).toHaveText(/^Computing accuracy/, { timeout: 30_000 });
      await stopWithinOneSecond(trainer, STOPPED_KEPT);
      await expect(trainer.testAccuracy).toBeVisible(); // evaluated on the weights reached
      await expect(trainer.trainAccuracy).toHaveCount(0); // the training-set pass was abandoned
    });
    await expect(page.getByText(/did not acknowledge Stop/)).toHaveCount(0);
  });

  test('a worker that is truly stuck (blocked by a test hook) is replaced by the watchdog, and says only that', async ({
    trainer,
    page,
  }) => {
    await withHooks(page, { blockMs: 9_000 });
    await trainer.goto('backend=wasm&samples=60000&epochs=1');
    await trainer.trainButton.click();
    await expect(trainer.phase).toHaveText(/^Training: epoch 1\/1/, { timeout: 60_000 });
    await trainer.stopButton.click();
    const notice = page.getByText(
      /^The worker did not acknowledge Stop within 4 s \(it was stuck, e\.g\. in a long GPU submission\) and was restarted/,
    );
    await expect(notice).toBeVisible({ timeout: 6_000 });
    await trainer.typeSetting('Training samples', '1000');
    await trainer.trainToEnd();
  });
});

test.describe('every request gets one answer', () => {
  test('a prediction and a gallery that fail say so in their panels and stop waiting', async ({ trainer, page }) => {
    await withHooks(page, { failRequests: ['predict', 'gallery'] });
    await trainer.goto('backend=wasm&samples=2000&epochs=1&lr=3');
    await trainer.trainToEnd();
    await trainer.drawOne();
    const prediction = page.getByTestId('prediction');
    await expect(prediction.getByRole('alert')).toHaveText(/^Classifying the drawing failed: a predict failure injected by a test\.$/);
    await expect(prediction).toHaveAttribute('aria-busy', 'false');
    await trainer.openView('Inside');
    await trainer.confusionMatrix.getByRole('button').first().click();
    const gallery = page.locator('section.gallery');
    await expect(gallery.getByRole('alert')).toHaveText(/^Collecting the images failed: a gallery failure injected by a test\.$/);
    await expect(gallery).toHaveAttribute('aria-busy', 'false');
  });

  test('an exception that escapes a run is shown, and the next Train finishes', async ({ trainer, page, consoleErrors }) => {
    await withHooks(page, { throwInRun: true });
    await trainer.goto('backend=wasm&samples=1000&epochs=1&lr=3');
    await expect.poll(() => page.workers().length).toBeGreaterThan(0);
    // Mark this worker: the next Train must run in it, not in a replacement (the session's chain survived).
    await page.workers()[0].evaluate(() => ((globalThis as unknown as { __marked: boolean }).__marked = true));
    await trainer.trainButton.click();
    await expect(trainer.alert).toContainText('Training failed: an exception injected by a test');
    await trainer.trainToEnd();
    expect(page.workers()).toHaveLength(1);
    expect(await page.workers()[0].evaluate(() => (globalThis as unknown as { __marked?: boolean }).__marked)).toBe(true);
    // The worker logs the escaped exception as an error: expected here, and only here.
    const expected = consoleErrors.filter((e) => e.includes('injected by a test'));
    expect(expected.length).toBeGreaterThan(0);
    consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !e.includes('injected by a test')));
  });
});
