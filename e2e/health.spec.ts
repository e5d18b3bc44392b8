import type { Locator, Page } from '@playwright/test';
import { expect, seriousViolations, test, type TrainerPage } from './fixtures';

/** docs/pytorch-calibration.md's e2e setting: 5,000 images (156 batches), one epoch, seed 0, on Wasm. */
const SHORT = 'backend=wasm&samples=5000&epochs=1&seed=0';
/** Health is measured after batches 1, 51, 101 and 151 of the 156. */
const SAMPLES = '4';

/** The last measurement the panel shows, read from its legends' full values. */
interface Latest {
  saturation1: number;
  ratioW1: number;
  rms: number[];
}

const healthPanel = (page: Page) => page.getByRole('region', { name: 'Layer health' });
const chart = (page: Page, name: string) => healthPanel(page).getByRole('figure', { name, exact: true });
const legendValue = async (figure: Locator, series: string) => {
  const text = await figure.locator(`li[data-series="${series}"]`).getAttribute('data-value');
  expect(text, `${series}: the legend gives a value`).not.toBeNull();
  const value = Number(text);
  expect(Number.isFinite(value), `${series}: ${text} is a number`).toBe(true);
  return value;
};

async function latest(page: Page): Promise<Latest> {
  const rms = chart(page, 'Gradient RMS per parameter');
  return {
    saturation1: await legendValue(chart(page, 'Saturated units per hidden layer'), 'saturation-1'),
    ratioW1: await legendValue(chart(page, 'Update-to-weight ratio'), 'ratio-W_1'),
    rms: await Promise.all(['W_1', 'b_1', 'W_2', 'b_2', 'W_3', 'b_3'].map((n) => legendValue(rms, `rms-${n}`))),
  };
}

/** Trains the short run at `lr` and reads the live panel once it shows the run's last measurement. */
async function trainAndRead(trainer: TrainerPage, page: Page, lr: string): Promise<Latest> {
  await trainer.goto(`${SHORT}&lr=${lr}`);
  await trainer.trainToEnd();
  await trainer.openView('Inside');
  await expect(healthPanel(page)).toHaveAttribute('data-shown', 'current');
  await expect(healthPanel(page)).toHaveAttribute('data-samples', SAMPLES);
  return await latest(page);
}

test.describe('layer health', () => {
  test('after the chapter’s settings and after lr 50 on the same seed, first-layer saturation and W_1’s update ratio differ as documented, live and stored', async ({
    trainer,
    page,
  }) => {
    const chapter = await trainAndRead(trainer, page, '0.1');
    await test.step('the panel shows three charts with labelled axes, the −3 line and the histograms; axe finds nothing serious', async () => {
      for (const name of ['Saturated units per hidden layer', 'Gradient RMS per parameter', 'Update-to-weight ratio']) {
        const figure = chart(page, name);
        await expect(figure.getByRole('img')).toHaveAccessibleName(/against epochs, 4 measurements up to epoch 0\.97\. Latest: /);
        await expect(figure.locator('svg text', { hasText: /^Epoch$/ })).toBeVisible();
      }
      await expect(chart(page, 'Saturated units per hidden layer').locator('svg text', { hasText: 'Saturated (%)' })).toBeVisible();
      await expect(chart(page, 'Gradient RMS per parameter').locator('svg text', { hasText: 'Gradient RMS (log scale)' })).toBeVisible();
      await expect(
        chart(page, 'Gradient RMS per parameter')
          .locator('svg text', { hasText: /^10⁻[⁰¹²³⁴⁵⁶⁷⁸⁹]+$/ })
          .first(),
      ).toBeVisible();
      await expect(chart(page, 'Update-to-weight ratio').locator('svg text', { hasText: '−3 (rule of thumb)' })).toBeVisible();
      await expect(healthPanel(page).getByRole('figure', { name: 'Layer 1 activation histogram' }).getByRole('img')).toHaveAccessibleName(
        /^Layer 1: distribution of its outputs on the last measured batch, 20 bins from 0\.00 to 1\.00\./,
      );
      await expect(page.getByText(/one rule, as in\s+Layer health below/)).toBeVisible();
      expect(await seriousViolations(page), 'Inside view after a run').toEqual([]);
    });

    const fast = await trainAndRead(trainer, page, '50');
    test.info().annotations.push({ type: 'figures (lr 0.1, lr 50)', description: JSON.stringify({ chapter, fast }) });
    await test.step('the documented direction', async () => {
      // PyTorch, seeds 0-2, last batch: layer 1 saturation 0.000 vs 0.167-0.386; W_1 ratio -4.68..-4.54 vs -1.59..-1.10.
      expect(fast.saturation1).toBeGreaterThan(chapter.saturation1 + 0.05);
      expect(fast.ratioW1).toBeGreaterThan(chapter.ratioW1 + 1);
      expect(chapter.ratioW1).toBeLessThan(-4);
      expect(chapter.saturation1).toBeLessThan(0.01);
      // W_1's gradient RMS is the least of the six at both rates (every PyTorch record).
      for (const { rms } of [chapter, fast]) expect(Math.min(...rms)).toBe(rms[0]);
    });

    await test.step('after a reload, the stored runs show the same figures', async () => {
      await trainer.goto();
      await trainer.openView('Inside');
      const panel = healthPanel(page);
      await expect(panel).not.toHaveAttribute('data-shown', 'current'); // the newest stored run: lr 50
      await expect(panel).toHaveAttribute('data-samples', SAMPLES);
      expect(await latest(page)).toEqual(fast);
      const select = panel.getByLabel('Show the health of');
      const labels = await select.locator('option').allInnerTexts();
      const chapterRun = labels.find((l) => l.startsWith('stored: epochs 1, samples 5000,'));
      expect(chapterRun, labels.join(' | ')).toBeDefined();
      expect(labels.filter((l) => l.startsWith('stored: lr 50, epochs 1, samples 5000,'))).toHaveLength(1);
      await select.focus(); // reachable and operable from the keyboard
      await select.selectOption({ label: chapterRun! });
      await expect(panel).toHaveAttribute('data-samples', SAMPLES);
      await expect(chart(page, 'Update-to-weight ratio').locator('li[data-series="ratio-W_1"]')).toHaveAttribute(
        'data-value',
        String(chapter.ratioW1),
      );
      expect(await latest(page)).toEqual(chapter);
    });
  });

  test('on a phone the charts stay inside their panel; axe finds nothing serious while a run trains', async ({ trainer, page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await trainer.goto('backend=wasm&samples=20000&epochs=3&lr=3&seed=1');
    await trainer.openView('Inside');
    await expect(healthPanel(page).getByText(/No measurements yet/)).toBeVisible();
    await trainer.trainButton.click();
    await expect(healthPanel(page)).toHaveAttribute('data-samples', /^([5-9]|\d\d+)$/, { timeout: 60_000 });
    expect(await seriousViolations(page), 'Inside view while training').toEqual([]);
    await expect(trainer.testAccuracy).toBeVisible({ timeout: 120_000 });
    const panel = (await healthPanel(page).boundingBox())!;
    expect(panel.x).toBeGreaterThanOrEqual(0);
    expect(panel.x + panel.width).toBeLessThanOrEqual(390);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, 'the page does not scroll sideways').toBeLessThanOrEqual(0);
    for (const figure of await healthPanel(page).getByRole('figure').all()) {
      const box = (await figure.boundingBox())!;
      expect(box.x + box.width, 'each chart within the panel').toBeLessThanOrEqual(panel.x + panel.width);
    }
  });
});
