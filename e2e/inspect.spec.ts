import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test, type TrainerPage } from './fixtures';

/** Serious or critical accessibility violations on the page as it is now (axe-core). */
async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** The batch number in "Paused in epoch e, batch b/B". */
async function pausedAt(trainer: TrainerPage): Promise<{ epoch: number; batch: number }> {
  await expect(trainer.phase).toHaveText(/^Paused in epoch \d+, batch \d+\/\d+$/);
  const [, epoch, batch] = (await trainer.phase.innerText()).match(/epoch (\d+), batch (\d+)/)!;
  return { epoch: Number(epoch), batch: Number(batch) };
}

test.describe('inside the network', () => {
  test('after one epoch the confusion matrix sums to 10,000, its diagonal is the test accuracy, and a cell opens its images', async ({
    trainer,
    page,
  }) => {
    await trainer.goto('backend=wasm&lr=3&samples=20000&epochs=1');
    await trainer.trainToEnd();
    const accuracy = await trainer.testAccuracyPercent();
    await test.step('the epoch table and the chart carry the test accuracy', async () => {
      expect(await trainer.epochTestAccuracies()).toEqual([accuracy].map((a) => expect.closeTo(a, 2)));
      await expect(page.getByRole('columnheader', { name: 'Test accuracy (%)' })).toBeVisible();
      await expect(page.getByRole('figure', { name: 'Loss chart' }).getByText('Test accuracy (%)').first()).toBeVisible();
      await expect(page.getByTestId('announcer')).toHaveText(new RegExp(`test accuracy ${accuracy.toFixed(2)}%`));
    });
    await trainer.openView('Inside');
    const counts = await trainer.confusionCounts();
    await test.step('the counts sum to 10,000 and the diagonal over 100 is the accuracy shown', async () => {
      expect(counts).toHaveLength(100);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(10000);
      const diagonal = counts.filter((_, i) => i % 11 === 0).reduce((a, b) => a + b, 0);
      expect((diagonal / 100).toFixed(2)).toBe(accuracy.toFixed(2));
    });
    await test.step('the most confused pair opens a gallery of its images, most confident first', async () => {
      let worst = -1;
      counts.forEach((c, i) => i % 11 !== 0 && (worst < 0 || c > counts[worst]) && (worst = i));
      const [actual, predicted, n] = [Math.floor(worst / 10), worst % 10, counts[worst]];
      await trainer.confusionMatrix.getByRole('button', { name: `true ${actual}, predicted ${predicted}: ${n} images` }).click();
      const gallery = page.getByRole('region', { name: `Images: true ${actual}, predicted ${predicted}` });
      const images = gallery.getByRole('img', { name: new RegExp(`^true ${actual}, predicted ${predicted} \\(\\d+%\\)$`) });
      await expect(images).toHaveCount(Math.min(n, 100));
      const confidences = (await images.evaluateAll((els) => els.map((e) => e.getAttribute('alt')!))).map((alt) =>
        Number(alt.match(/\((\d+)%\)/)![1]),
      );
      expect(confidences).toEqual([...confidences].sort((a, b) => b - a));
      expect(await images.first().evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])).toEqual([28, 28]);
      await images.first().click();
      await expect(page.getByRole('img', { name: new RegExp(`^What the network sees: test image \\d+, a ${actual}$`) })).toBeVisible();
      await expect(trainer.predictionText).toHaveText(`Prediction: ${predicted} (${confidences[0]}%)`);
      await page.getByRole('button', { name: 'Most confident mistakes' }).click();
      const mistakes = page.getByRole('region', { name: 'Images: most confident mistakes' });
      await expect(mistakes.getByRole('img')).toHaveCount(100);
    });
  });

  test('the first-layer tiles hold one tile per hidden unit, are named on hover and focus, and switch view and scale', async ({
    trainer,
    page,
  }) => {
    for (const h1 of [16, 100]) {
      await trainer.goto(`backend=wasm&lr=3&samples=2000&epochs=1&h1=${h1}`);
      await trainer.trainToEnd();
      await trainer.openView('Inside');
      const canvas = trainer.tilesFigure.getByRole('img');
      await expect(canvas).toHaveAttribute('data-tiles', String(h1));
      await expect(page.getByText(/on the last batch: layer 1: \d+\.\d%, layer 2: \d+\.\d%/)).toBeVisible();
    }
    const canvas = trainer.tilesFigure.getByRole('img');
    await canvas.hover({ position: { x: 5, y: 5 } });
    await expect(page.getByText(/^Hidden unit 1: weights up to ±/)).toBeVisible();
    await page.mouse.move(0, 0); // the pointer leaves: no tile named
    await canvas.focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByText(/^Hidden unit 1: weights up to ±/)).toBeVisible();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByText(/^Hidden unit 2: weights up to ±/)).toBeVisible();
    await page.getByRole('radio', { name: 'Change since the run began' }).check();
    await expect(canvas).toHaveAccessibleName(/changed since the run began/);
    await canvas.focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByText(/^Hidden unit 1: changes up to ±/)).toBeVisible();
    await page.getByRole('checkbox', { name: 'One colour scale per tile' }).check();
    await expect(page.getByText(/Each tile on its own scale/)).toBeVisible();
    await expect(page.getByRole('radio', { name: "Last step's gradient (while paused)" })).toBeDisabled();
  });

  test('a run paused, stepped three times and resumed prints the same epoch losses as the run left alone', async ({ trainer, page }) => {
    const query = 'backend=wasm&samples=2000&epochs=2&lr=2&seed=3';
    await trainer.goto(query);
    await trainer.trainToEnd();
    const alone = await trainer.epochLosses();

    await trainer.goto(query);
    // 62 batches an epoch take about 0.1 s here: pause as the run starts, so that it waits at its first batch.
    await trainer.trainButton.click();
    await trainer.pauseButton.click();
    const start = await pausedAt(trainer);
    await expect(trainer.stepButton).toBeEnabled();
    await trainer.openView('Inside');
    await test.step('while paused: three single steps, and the gradient of the last one', async () => {
      await page.getByRole('radio', { name: "Last step's gradient (while paused)" }).check();
      for (let i = 1; i <= 3; i++) {
        await trainer.stepButton.click();
        // a step at the end of an epoch rolls into the next: count the batches done in all
        await expect
          .poll(async () => {
            const at = await pausedAt(trainer);
            return (at.epoch - start.epoch) * 62 + at.batch - start.batch;
          })
          .toBe(i);
        await expect(page.getByText(/^Step: batch \d+ of epoch \d+ had loss \d\.\d{4}\.$/)).toBeVisible();
        await expect(trainer.tilesFigure.getByRole('img')).toHaveAccessibleName(/the gradient of the last update/);
      }
    });
    await trainer.resumeButton.click();
    await expect(page.getByRole('radio', { name: 'Weights' })).toBeChecked(); // the gradient view ends with the pause
    await expect(trainer.testAccuracy).toBeVisible({ timeout: 60_000 });
    await trainer.openView('Train');
    expect(await trainer.epochLosses()).toEqual(alone);
  });

  test('a learning rate changed during a run applies at once, is marked on the chart, and changes the loss', async ({ trainer, page }) => {
    const query = 'backend=wasm&samples=20000&epochs=3&lr=0.5&seed=1'; // about a second an epoch: time to type
    await trainer.goto(query);
    await trainer.trainToEnd();
    const alone = await trainer.epochLosses();

    await trainer.goto(query);
    await trainer.trainButton.click();
    await expect(trainer.epochRows).toHaveCount(1, { timeout: 60_000 });
    await trainer.typeSetting('Learning rate', '5');
    await expect(page.getByRole('figure', { name: 'Loss chart' }).getByText('lr 5')).toBeVisible();
    await expect(page.getByText('Applies to this run from the next batch.')).toBeVisible();
    await expect(page).toHaveURL(/lr=0\.5&/); // the URL keeps the rate the run started with
    await expect(trainer.testAccuracy).toBeVisible({ timeout: 60_000 });
    const changed = await trainer.epochLosses();
    expect(changed[0]).toBe(alone[0]);
    expect(changed[2]).not.toBe(alone[2]);
    await expect(page).toHaveURL(/lr=5&/); // after the run, the controls' rate is the next run's
  });

  test('keyboard: Space trains, pauses and resumes, S and → step, Escape stops; not while typing', async ({ trainer, page }) => {
    await trainer.goto('backend=wasm&samples=20000&epochs=10&lr=1');
    await expect(page.getByText(/Keyboard:/)).toBeVisible();
    await trainer.valueBox('Seed').focus();
    await page.keyboard.press('Space');
    await page.waitForTimeout(300);
    await expect(trainer.phase).toHaveText('Ready. Click Train to start.');
    await page.locator('h1').click(); // focus leaves the text field
    await page.keyboard.press('Space');
    await expect(trainer.phase).toHaveText(/^Training: epoch/);
    await page.keyboard.press('Space');
    const first = await pausedAt(trainer);
    await page.keyboard.press('s');
    await expect.poll(async () => (await pausedAt(trainer)).batch).toBe(first.batch + 1);
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await pausedAt(trainer)).batch).toBe(first.batch + 2);
    await page.keyboard.press('Space');
    await expect(trainer.phase).toHaveText(/^Training: epoch/);
    await page.keyboard.press('Escape');
    await expect(trainer.phase).toHaveText(/^Stopped in epoch \d, after batch \d+\. The weights are kept\.$/);
  });

  test('a batch larger than the training samples is said next to the controls, and clamped from the URL', async ({ trainer, page }) => {
    await trainer.goto('backend=wasm&batch=1024&samples=1000&epochs=2');
    await expect(
      page.getByText('Batch size (batch) 1024 is larger than the 1000 training samples, which would make no full batch; using 1000.'),
    ).toBeVisible();
    await expect(trainer.valueBox('Batch size')).toHaveValue('1000');
    await trainer.trainToEnd();
    await expect(trainer.epochRows).toHaveCount(2);
    expect((await trainer.epochLosses()).every((l) => Number.isFinite(l) && l > 0)).toBe(true);
    await expect(page.locator('main')).not.toContainText('NaN');
    await trainer.typeSetting('Batch size', '1024');
    await expect(page.getByText(/Batch size \(1024\) is larger than the 1000 training samples: no full batch fits/)).toBeVisible();
    await trainer.trainButton.click();
    await expect(page.getByText(/^Batch size 1024 is larger than the 1000 training samples.*using 1000\.$/)).toBeVisible();
    await expect(trainer.testAccuracy).toBeVisible({ timeout: 60_000 });
  });

  test('axe finds no serious or critical violation: idle, training, paused, done with a gallery, and with an error', async ({
    trainer,
    page,
  }) => {
    await trainer.goto('backend=wasm&samples=20000&epochs=10&lr=1');
    await trainer.openView('Runs');
    await expect(page.getByRole('heading', { name: 'Runs', exact: true })).toBeVisible();
    expect(await seriousViolations(page), 'idle').toEqual([]);
    await trainer.trainButton.click();
    await expect(trainer.phase).toHaveText(/^Training: epoch/);
    expect(await seriousViolations(page), 'training').toEqual([]);
    await trainer.pauseButton.click();
    await pausedAt(trainer);
    expect(await seriousViolations(page), 'paused').toEqual([]);
    await trainer.resumeButton.click();
    await expect(trainer.testAccuracy).toBeVisible({ timeout: 60_000 });
    await trainer.openView('Inside');
    await page.getByRole('button', { name: 'Most confident mistakes' }).click();
    await expect(page.getByRole('region', { name: 'Images: most confident mistakes' }).getByRole('img')).toHaveCount(100);
    expect(await seriousViolations(page), 'done, gallery open').toEqual([]);
    await trainer.goto('backend=wasm&lr=500&samples=2000&epochs=1');
    await trainer.trainButton.click();
    await expect(trainer.alert).toContainText('The loss became NaN');
    expect(await seriousViolations(page), 'error shown').toEqual([]);
  });
});
