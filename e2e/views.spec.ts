import type { Locator, Page } from '@playwright/test';
import { expect, seriousViolations, test, type TrainerPage, type ViewName } from './fixtures';

/** Something that only the view shows, to know that it is the one on screen. */
function marker(page: Page, view: ViewName): Locator {
  switch (view) {
    case 'Train':
      return page.getByRole('region', { name: 'Settings', exact: true });
    case 'Inside':
      return page.getByRole('heading', { name: 'Which digits does it confuse?' });
    case 'One step':
      return page.getByRole('heading', { name: 'One step', exact: true });
    case 'Runs':
      return page.getByRole('heading', { name: 'Runs', exact: true });
  }
}

const ALL: ViewName[] = ['Train', 'Inside', 'One step', 'Runs'];

/** The one view shown: its link is the current page, its marker is visible and no other view's is there. */
async function expectView(trainer: TrainerPage, view: ViewName) {
  await expect(trainer.viewLink(view)).toHaveAttribute('aria-current', 'page');
  await expect(trainer.views.locator('[aria-current]')).toHaveCount(1);
  await expect(marker(trainer.page, view)).toBeVisible();
  for (const other of ALL.filter((v) => v !== view)) await expect(marker(trainer.page, other)).toHaveCount(0);
}

/** The top and bottom of an element on the page (not the window), in CSS pixels. */
async function pageBox(locator: Locator): Promise<{ top: number; bottom: number }> {
  return await locator.evaluate((e) => {
    const r = e.getBoundingClientRect();
    return { top: r.top + window.scrollY, bottom: r.bottom + window.scrollY };
  });
}

test.describe('a page organised into views', () => {
  test('the four views by link and by hash; Back and Forward; the settings in the query keep the hash', async ({ trainer, page }) => {
    await trainer.goto('backend=wasm');
    await expectView(trainer, 'Train');
    await expect(trainer.views.getByRole('link')).toHaveText(ALL);
    await test.step('by link, with the pad beside every view', async () => {
      for (const [view, hash] of [
        ['Inside', '#inside'],
        ['One step', '#step'],
        ['Runs', '#runs'],
        ['Train', '#train'],
      ] as const) {
        await trainer.openView(view);
        await expectView(trainer, view);
        await expect(page).toHaveURL(new RegExp(`\\?lr=0\\.1&.*backend=wasm.*${hash}$`));
        await expect(trainer.pad).toBeVisible();
      }
      await expect(page.getByText('Not available yet', { exact: false })).toHaveCount(0);
    });
    await test.step('Back and Forward walk the views', async () => {
      await page.goBack();
      await expectView(trainer, 'Runs');
      await page.goBack();
      await expectView(trainer, 'One step');
      await expect(page.getByRole('button', { name: 'Explain the next batch' })).toBeVisible();
      await page.goForward();
      await expectView(trainer, 'Runs');
    });
    await test.step('a setting changed in the Train view keeps the hash in the URL', async () => {
      await trainer.openView('Train');
      await trainer.typeSetting('Epochs', '2');
      await expect(page).toHaveURL(/epochs=2&.*#train$/);
    });
    await test.step('by hash: a linked view opens, with its settings; an unknown or empty hash is Train', async () => {
      await page.goto('/#runs');
      await expectView(trainer, 'Runs');
      await expect(page).toHaveURL(/\?lr=0\.1&h1=100&.*#runs$/); // the settings written in, the hash kept
      await page.goto('/?lr=3&epochs=1#inside');
      await expectView(trainer, 'Inside');
      await expect(page).toHaveURL(/\?lr=3&.*epochs=1&.*#inside$/);
      await page.goto('/#nowhere');
      await expectView(trainer, 'Train');
      await page.goto('/#');
      await expectView(trainer, 'Train');
    });
    await test.step('keyboard: Tab reaches the links, Enter opens a view', async () => {
      await trainer.goto();
      // The page renders after its load event (in a transition): a Tab pressed before the links exist leaves the page.
      await expect(trainer.viewLink('Train')).toBeVisible();
      // The links are the first stops. Once (in a full run on a loaded machine) the first Tab left
      // the Train link unfocused: the loop says where focus went instead of waiting a minute.
      const stops: string[] = [];
      for (let i = 0; i < 3 && !(await trainer.viewLink('Train').evaluate((a) => a === document.activeElement)); i++) {
        await page.keyboard.press('Tab');
        stops.push(await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 80) ?? 'nothing'));
      }
      expect(stops[0], `Tab stops: ${stops.join(' | ')}`).toContain('href="#train"');
      await page.keyboard.press('Tab');
      await expect(trainer.viewLink('Inside')).toBeFocused();
      await page.keyboard.press('Enter');
      await expectView(trainer, 'Inside');
      await expect(trainer.viewLink('Inside')).toBeFocused();
    });
  });

  test('at 1400×1000 the Train view’s first screen holds the settings, Train, the status line and the whole loss chart', async ({
    trainer,
    page,
  }) => {
    expect(page.viewportSize()).toEqual({ width: 1400, height: 1000 });
    const firstScreen = {
      settings: page.getByRole('region', { name: 'Settings', exact: true }),
      'every setting': page.getByRole('slider', { name: 'Seed' }),
      'Train button': trainer.trainButton,
      'status line': trainer.phase,
      'progress bar': page.getByRole('progressbar', { name: 'Training progress' }),
      'loss chart': page.getByRole('figure', { name: 'Loss chart' }),
    };
    const check = async (when: string) => {
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
      for (const [name, locator] of Object.entries(firstScreen)) {
        await expect(locator, `${name}, ${when}`).toBeVisible();
        const { top, bottom } = await pageBox(locator);
        expect(top, `${name}, ${when}`).toBeGreaterThanOrEqual(0);
        expect(bottom, `${name} (bottom ${Math.round(bottom)} px), ${when}`).toBeLessThanOrEqual(1000);
      }
    };
    await trainer.goto('backend=wasm&lr=3&samples=2000&epochs=2');
    await check('idle');
    await trainer.trainToEnd();
    await check('after a run');
  });

  test('while a run goes its progress and Pause/Resume/Step/Stop stay in sight in every view, on a phone too', async ({
    trainer,
    page,
  }) => {
    await trainer.goto('backend=wasm&samples=5000&epochs=3');
    await trainer.trainButton.click();
    await expect(trainer.phase).toHaveText(/^Training: epoch/, { timeout: 60_000 });
    await trainer.pauseButton.click();
    await expect(trainer.phase).toHaveText(/^Paused in epoch \d+, batch \d+\/\d+$/);
    const progress = page.getByRole('progressbar', { name: 'Training progress' });
    const inSight = async (where: string) => {
      for (const locator of [trainer.phase, progress, trainer.resumeButton, trainer.stepButton, trainer.stopButton]) {
        await expect(locator, where).toBeInViewport();
      }
    };

    await test.step('Inside opens on the current matrix and tiles; Step works from there', async () => {
      await trainer.openView('Inside');
      await expect(trainer.tilesFigure.getByRole('img')).toHaveAttribute('data-tiles', '100', { timeout: 2000 });
      await trainer.stepButton.click();
      await expect(page.getByText(/^Step: batch \d+ of epoch \d+ had loss \d\.\d{4}\.$/)).toBeVisible();
    });
    await test.step('desktop: scrolled to the bottom of each view, the bar is still in sight', async () => {
      for (const view of ['Inside', 'One step', 'Runs', 'Train'] as const) {
        await trainer.openView(view);
        await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
        await inSight(`${view}, scrolled down`);
      }
    });
    await test.step('phone: a compact bar that stays on screen and never covers the view before it is scrolled', async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      const bar = page.getByRole('region', { name: 'Run controls' });
      for (const view of ['Train', 'Inside', 'One step', 'Runs'] as const) {
        await page.evaluate(() => window.scrollTo(0, 0));
        await trainer.openView(view);
        const barBox = await pageBox(bar);
        const viewTop = await pageBox(page.locator('.view-area > *').first());
        expect(barBox.bottom, `${view}: the bar keeps its own room`).toBeLessThanOrEqual(viewTop.top);
        expect(barBox.bottom - barBox.top, `${view}: the bar is compact`).toBeLessThanOrEqual(160);
        await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
        await inSight(`phone, ${view}, scrolled down`);
      }
      await page.setViewportSize({ width: 1400, height: 1000 });
    });
    await test.step('the shortcuts work in another view: S steps, Space resumes, Escape stops', async () => {
      await trainer.openView('Runs');
      await page.locator('h1').click();
      const before = await trainer.phase.innerText();
      await page.keyboard.press('s');
      await expect(trainer.phase).not.toHaveText(before);
      await page.keyboard.press('Space');
      await expect(trainer.phase).toHaveText(/^Training: epoch/);
      await page.keyboard.press('Escape');
      await expect(trainer.phase).toHaveText(/^Stopped in epoch \d, after batch \d+\. The weights are kept\.$/);
      await expect(trainer.stopButton).toBeDisabled();
    });
  });

  test('axe finds no serious or critical violation in any view, at 1400 and at 390 px', async ({ trainer, page }) => {
    await trainer.goto('backend=wasm&lr=3&samples=2000&epochs=1');
    await trainer.trainToEnd();
    for (const width of [1400, 390]) {
      await page.setViewportSize({ width, height: width > 1000 ? 1000 : 844 });
      for (const view of ALL) {
        await trainer.openView(view);
        await expect(marker(page, view)).toBeVisible();
        expect(await seriousViolations(page), `${view} at ${width} px`).toEqual([]);
      }
    }
  });
});
