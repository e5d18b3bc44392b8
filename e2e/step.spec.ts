import { instrumentStepView, stepViewFigures } from '../scripts/lib/measure-step.mjs';
import { expect, seriousViolations, test, type TrainerPage } from './fixtures';
import { pageNumber, StepExplainer } from './stepExplainer';

/**
 * "One step": the explained step is the step the run then takes (its loss to the digits shown),
 * its gradients agree with autodiff, Apply moves the run by one batch, single images are explained
 * as batches of one, and every tensor can be read. How fast the first stage comes and its longest
 * frame are reported here (annotations) and printed by `npm run bench`; no test asserts a speed.
 */

async function pauseEarly(trainer: TrainerPage) {
  await trainer.trainButton.click();
  await expect(trainer.phase).toHaveText(/^Training: epoch/, { timeout: 60_000 });
  await trainer.pauseButton.click();
  await expect(trainer.phase).toHaveText(/^Paused in epoch \d+, batch \d+\/\d+$/);
}

const position = async (trainer: TrainerPage) => {
  const [, epoch, batch] = (await trainer.phase.innerText()).match(/^Paused in epoch (\d+), batch (\d+)\/\d+$/)!.map(Number);
  return { epoch, batch };
};

test.describe('One step: the chapter’s step explained', () => {
  test('the explained step is the one Step takes: the same loss, gradients equal to autodiff, Apply moves one batch', async ({
    trainer,
    page,
  }) => {
    const step = new StepExplainer(page);
    await page.addInitScript(instrumentStepView);
    await trainer.goto('backend=wasm&samples=10000&epochs=3&lr=3');
    await pauseEarly(trainer);
    const paused = await position(trainer);

    await test.step('opening One step explains the paused run’s next batch, first stage first', async () => {
      await trainer.openView('One step');
      await expect(step.summary).toHaveText(
        new RegExp(`^Batch ${paused.batch + 1} of epoch ${paused.epoch} of the paused run, .*: 32 images; `),
      );
      await expect(step.stage('Forward')).toHaveAttribute('aria-selected', 'true');
      await expect(step.picture('features')).toBeVisible();
      await expect(step.view.getByText('(32, 784)', { exact: true })).toBeVisible();
      const f = await stepViewFigures(page);
      const frames = f.framesOver50.map((x) => `${x.duration} ms at +${x.start} ms: ${x.scripts.join(', ') || 'rendering'}`).join('; ');
      const figures = `click → first stage ${f.clickToFirstStageMs} ms; longest animation frame ${f.longestFrameMs} ms${frames ? ` (${frames})` : ''}`;
      test.info().annotations.push({ type: 'One step timing (Wasm, batch 32)', description: figures });
      console.log(figures);
    });

    const explained = await step.loss();
    await test.step('Step reports the explained loss for the same batch', async () => {
      await trainer.stepButton.click();
      await expect(page.getByText(/^Step: batch \d+ of epoch \d+ had loss \d\.\d{4}\.$/)).toHaveText(
        `Step: batch ${paused.batch + 1} of epoch ${paused.epoch} had loss ${explained}.`,
      );
      // the explainer moves on to the run's new next batch by itself
      await expect(step.summary).toHaveText(new RegExp(`^Batch ${paused.batch + 2} of epoch ${paused.epoch} `));
    });

    await test.step('Backward: six gradients, each within 1e-6 of autodiff by the page’s own figures', async () => {
      await step.stage('Backward').click();
      await expect(step.autodiffChecks).toHaveCount(6);
      for (const text of await step.autodiffChecks.allInnerTexts()) {
        expect(text).toMatch(/ matches autodiff/);
        const maxDiff = pageNumber(text.match(/max \|Δ\| (\S+) /)![1]);
        expect(maxDiff, text).toBeLessThan(1e-6);
      }
      const tiles = step.picture('W_1.grad');
      await expect(tiles).toBeVisible();
      await tiles.hover({ position: { x: 20, y: 20 } });
      await expect(await step.readout(tiles)).toHaveText(
        /^W_1\.grad\[0, \d+\] = −?[\d.]+(e−\d+)? \(hidden unit 0's weight; pixel row \d+, column \d+\)$/,
      );
    });

    await test.step('the keyboard walks the stages (→ here is not Step) and reads elements', async () => {
      const before = await trainer.phase.innerText();
      await step.stage('Backward').focus();
      await page.keyboard.press('ArrowRight');
      await expect(step.stage('Update')).toHaveAttribute('aria-selected', 'true');
      await expect(step.stage('Update')).toBeFocused();
      await expect(trainer.phase).toHaveText(before);
      await expect(page.getByText(/^Loss on this batch: \d\.\d{4} → \d\.\d{4} after the update/)).toBeVisible();
      await page.keyboard.press('PageUp');
      await page.keyboard.press('PageUp');
      await expect(step.stage('Loss')).toHaveAttribute('aria-selected', 'true');
      await expect(page.getByTestId('explained-loss')).toHaveText(await step.loss());
      const softmax = step.picture('softmax');
      await softmax.focus();
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      await expect(await step.readout(softmax)).toHaveText(
        /^softmax\[0, 1\] = [\d.e−]+ \(image 0, digit 1.*one_hot_labels\[0, 1\] = [01]\)$/,
      );
      await expect(step.stage('Loss')).toHaveAttribute('aria-selected', 'true'); // the picture's arrows move its cursor only
      await expect(trainer.phase).toHaveText(before);
    });

    await test.step('Apply this step trains exactly one batch, the explained one', async () => {
      const at = await position(trainer);
      const loss = await step.loss();
      await expect(step.applyButton).toBeEnabled();
      await step.applyButton.click();
      await expect(trainer.phase).toHaveText(
        `Paused in epoch ${at.epoch}, batch ${at.batch + 1}/${(await trainer.phase.innerText()).split('/')[1]}`,
      );
      await expect(page.getByText(/^Step: batch \d+ of epoch \d+ had loss/)).toHaveText(
        `Step: batch ${at.batch + 1} of epoch ${at.epoch} had loss ${loss}.`,
      );
    });

    await test.step('axe finds no serious or critical violation at any stage, at 1400 and 390 px; nothing overflows a phone', async () => {
      for (const width of [1400, 390]) {
        await page.setViewportSize({ width, height: width > 1000 ? 1000 : 844 });
        for (const stage of ['Forward', 'Loss', 'Backward', 'Update'] as const) {
          await step.stage(stage).click();
          await expect(step.stagePanel).toHaveAttribute('data-stage', stage.toLowerCase());
          await expect(page.locator('ol.listing')).toHaveAttribute('data-drawn', 'all'); // the stage's pictures mount one per frame
          expect(await seriousViolations(page), `${stage} at ${width} px`).toEqual([]);
          expect(await page.evaluate(() => document.documentElement.scrollWidth), `${stage} at ${width} px`).toBeLessThanOrEqual(width);
        }
      }
    });
  });

  test('a test image picked in the gallery, a random one and the drawing are explained as batches of one, with their labels', async ({
    trainer,
    page,
  }) => {
    const step = new StepExplainer(page);
    await trainer.goto('backend=wasm&lr=3&samples=2000&epochs=1');
    await trainer.trainToEnd();

    await test.step('from the gallery', async () => {
      await trainer.openView('Inside');
      await page.getByRole('button', { name: /^true 1, predicted 1: / }).click();
      const thumb = page
        .getByRole('region', { name: 'Images: true 1, predicted 1' })
        .getByRole('button', { name: /^true 1, predicted 1/ })
        .first();
      const index = (await thumb.getAttribute('title'))!.match(/#(\d+)/)![1];
      await thumb.click();
      await page.getByRole('button', { name: `Explain one step on test image #${index}` }).click();
      await expect(trainer.viewLink('One step')).toHaveAttribute('aria-current', 'page');
      await expect(step.summary).toHaveText(new RegExp(`^Test image #${index}, a 1: a batch of one; `));
      await expect(step.view.getByText('(1, 784)', { exact: true })).toBeVisible();
      await expect(step.applyButton).toBeDisabled();
      const features = step.picture('features');
      await features.focus();
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      await expect(await step.readout(features)).toHaveText(/^features\[0, 1\] = 0 \(image 0, label 1; pixel row 0, column 1\)$/);
    });

    await test.step('a random test image', async () => {
      await step.view.getByRole('button', { name: 'Explain a random test image' }).click();
      await expect(step.summary).toHaveText(/^Test image #\d+ \(picked at random\), a \d: a batch of one; /);
    });

    await test.step('the drawing, with the label the learner gives it', async () => {
      await trainer.drawOne();
      await trainer.predictionSettled();
      await step.view.getByLabel('Label of the drawing').selectOption('1');
      await step.view.getByRole('button', { name: 'Explain the drawing' }).click();
      await expect(step.summary).toHaveText(/^The drawing on the pad, labelled 1: a batch of one; /);
      await step.stage('Loss').click();
      await expect(page.getByText(/^= −\(1\/10\) \(log [\d.e−]+\)$/)).toBeVisible();
    });
  });
});
