import { expect, seriousViolations, test, type TrainerPage } from './fixtures';
import { expectInside, expectNoSidewaysScroll, note, RaceView } from './raceView';

const SHORT = 'samples=5000&epochs=2&backend=wasm';
const RATES = [0.1, 1, 3, 10];

/** Trains one run through the page and returns its epoch losses. */
async function soloLosses(trainer: TrainerPage, lr: number): Promise<number[]> {
  await trainer.goto(`lr=${lr}&${SHORT}`);
  await trainer.trainToEnd();
  await expect(trainer.epochRows).toHaveCount(2);
  return await trainer.epochLosses();
}

test.describe('a race: several variants trained at once', () => {
  test('four learning rates: each variant’s epoch losses are its solo run’s; four tagged runs, joined in order on the scatter', async ({
    trainer,
    page,
  }) => {
    test.setTimeout(600_000);
    const race = new RaceView(page);
    const solo = new Map<number, number[]>();
    await test.step('the four runs alone, one after another', async () => {
      for (const lr of RATES) solo.set(lr, await soloLosses(trainer, lr));
    });

    await test.step('the race: one chart and a row per variant, the same epoch losses within 1e-4', async () => {
      await trainer.goto(`race=lr:0.1,1,3,10&${SHORT}`);
      await expect(page.getByRole('textbox', { name: 'Race setting and values' })).toHaveValue('lr:0.1,1,3,10');
      await race.raceButton.click();
      await expect(trainer.phase).toHaveText(/^(Race: handing the data|Racing 4 variants of lr)/);
      await expect(race.chart.getByText('lr 3', { exact: true })).toBeVisible(); // the legend names only what differs
      await expect(trainer.trainButton).toBeDisabled();
      await race.ended();
      await expect(race.rows).toHaveCount(4);
      const losses = await race.losses();
      for (const [i, lr] of RATES.entries()) {
        await expect(race.rows.nth(i)).toHaveAttribute('data-phase', 'done');
        expect(losses[i], `lr ${lr}`).toHaveLength(2);
        losses[i].forEach((loss, e) => expect(Math.abs(loss - solo.get(lr)![e]), `lr ${lr}, epoch ${e + 1}`).toBeLessThan(1e-4));
      }
      const largest = Math.max(...losses.flatMap((l, i) => l.map((x, e) => Math.abs(x - solo.get(RATES[i])![e]))));
      const seconds = Number(await race.table.getAttribute('data-seconds'));
      note('losses', `largest difference from the solo runs: ${largest}; the race took ${seconds.toFixed(1)} s`);
      await expect(trainer.phase).toHaveText(/^Race ended after \d+\.\d s: 4 finished\.$/);
      await expect(race.chart.locator('path[data-variant]')).toHaveCount(4);
    });

    await test.step('four runs tagged with the race in the history, every run feature on them', async () => {
      await trainer.openView('Runs');
      await expect(trainer.runItems).toHaveCount(8);
      await expect(trainer.run(/race lr/)).toHaveCount(4);
      for (const [i, lr] of RATES.entries()) await expect(trainer.run(`race lr ${lr} (${i + 1} of 4)`)).toHaveCount(1);
      const lr3 = trainer.run('race lr 3 (3 of 4)');
      await lr3.getByRole('checkbox', { name: 'Show on chart' }).check();
      await expect(page.getByRole('figure', { name: 'Runs compared' }).locator('.recharts-line')).toHaveCount(1);
      await lr3.getByRole('button', { name: 'Load settings' }).click();
      await trainer.openView('Train');
      await expect(trainer.valueBox('Learning rate')).toHaveValue('3');
      await expect(trainer.valueBox('Training samples')).toHaveValue('5000');
      await expect(trainer.valueBox('Epochs')).toHaveValue('2');
      await expect(page).toHaveURL(/\?lr=3&.*epochs=2&.*samples=5000&/);
      await trainer.openView('Runs');
      await lr3.getByRole('button', { name: 'Use weights' }).click();
      await expect(lr3).toContainText('in use');
      const accuracy = Number(
        await race.experiments
          .locator('tr', { hasText: 'race lr 3 (3 of 4)' })
          .locator('td[data-key="testAccuracy"]')
          .getAttribute('data-value'),
      );
      await expect(trainer.testAccuracy).toHaveText(`Test accuracy: ${accuracy.toFixed(2)}%`);
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Export weights' }).click();
      expect((await download).suggestedFilename()).toMatch(/^mnist-mlp-100-50-.*\.safetensors$/);
    });

    await test.step('the experiments: a column for the learning rate, sortable; the scatter joins the race in order', async () => {
      const headers = race.experiments.getByRole('columnheader');
      await expect(headers).toHaveText(['Run', /^Learning rate/, /^Final loss/, /^Test accuracy/, /^Time/]);
      const times = (await race.column('seconds')).map(Number);
      const tags = await race.experiments.locator('tbody th').allInnerTexts();
      const raceTimes = times.filter((_, i) => tags[i].includes('race'));
      const soloTimes = times.filter((_, i) => !tags[i].includes('race'));
      const raceSeconds = Math.max(...raceTimes);
      const soloSeconds = soloTimes.reduce((a, b) => a + b, 0);
      note(
        'times',
        `race variants ${raceTimes.map((t) => t.toFixed(1)).join(', ')} s (longest ${raceSeconds.toFixed(1)} s); solo runs ${soloTimes.map((t) => t.toFixed(1)).join(' + ')} = ${soloSeconds.toFixed(1)} s`,
      );
      const lrHeader = race.experiments.getByRole('columnheader', { name: /^Learning rate/ });
      await lrHeader.getByRole('button').click();
      await expect(lrHeader).toHaveAttribute('aria-sort', 'ascending');
      expect((await race.column('learningRate')).map(Number)).toEqual([0.1, 0.1, 1, 1, 3, 3, 10, 10]);
      await lrHeader.getByRole('button').press('Enter');
      await expect(lrHeader).toHaveAttribute('aria-sort', 'descending');
      expect((await race.column('learningRate')).map(Number)).toEqual([10, 10, 3, 3, 1, 1, 0.1, 0.1]);

      await expect(page.getByRole('heading', { name: 'Test accuracy against learning rate' })).toBeVisible();
      await expect(page.getByRole('combobox', { name: 'Setting on the x axis' })).toHaveValue('learningRate');
      await expect(page.getByText('Learning rate (log scale)')).toBeVisible();
      await expect(race.points).toHaveCount(8);
      const line = race.scatter.locator('path.race-line');
      await expect(line).toHaveCount(1);
      await expect(line).toHaveAttribute('data-order', '0.1,1,3,10');
      const raced = race.scatter.locator('[data-race-index]');
      expect(await raced.evaluateAll((ps) => ps.map((p) => Number(p.getAttribute('data-race-index'))).sort())).toEqual([0, 1, 2, 3]);
    });

    await test.step('a point selects its run in the table and the list, by click or by keyboard', async () => {
      const point = race.scatter.getByRole('button', { name: /^lr 10, race lr 10 \(4 of 4\): test accuracy/ });
      await point.click();
      await expect(point).toHaveAttribute('aria-pressed', 'true');
      await expect(race.experiments.locator('tr[aria-current="true"]')).toContainText('race lr 10 (4 of 4)');
      await expect(trainer.runs.locator('li[aria-current="true"]')).toContainText('race lr 10 (4 of 4)');
      await point.press('Home');
      const first = race.points.first();
      await expect(page.locator(':focus')).toHaveAttribute('data-x', '0.1');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Enter');
      await expect(page.locator(':focus')).toHaveAttribute('aria-pressed', 'true');
      await expect(page.locator(':focus')).toHaveAttribute('data-x', '1');
      await expect(first).toHaveAttribute('tabindex', '-1'); // one Tab stop for the points
      await expect(race.experiments.locator('tr[aria-current="true"] td[data-key="learningRate"]')).toHaveAttribute('data-value', '1');
    });
  });

  test('Stop ends every variant where it is and keeps each as a run with its weights; the run bar, the panel and the keys act on the race', async ({
    trainer,
    page,
  }) => {
    const race = new RaceView(page);
    await trainer.goto('race=lr:0.1,1,3,10&samples=60000&epochs=3&backend=wasm');
    await race.raceButton.click();
    await expect(race.rows.first()).toHaveAttribute('data-phase', 'training', { timeout: 120_000 });
    await test.step('one Pause, one Stop: the run bar’s, acting on the race, as Space does', async () => {
      await expect(page.getByRole('button', { name: 'Pause', exact: true })).toHaveCount(1);
      await expect(trainer.stopButton).toHaveCount(1);
      await expect(page.getByText('Pause, Resume and Stop act on the whole race.')).toBeVisible();
      await trainer.pauseButton.click();
      await expect(race.table).toHaveAttribute('data-status', 'paused');
      await expect(trainer.phase).toHaveText(/^Race paused at \d+%/);
      await expect(trainer.stepButton).toBeDisabled();
      await page.locator('h1').click();
      await page.keyboard.press('Space');
      await expect(race.table).toHaveAttribute('data-status', 'running');
      await expect(trainer.pauseButton).toBeEnabled();
      await race.panel.getByRole('button', { name: 'Pause race' }).click();
      await expect(trainer.resumeButton).toBeVisible();
      await race.panel.getByRole('button', { name: 'Resume race' }).click();
      await expect(race.table).toHaveAttribute('data-status', 'running');
    });
    await test.step('axe in the Train view during the race, at 1400 and 390 px; at 390 the race fits its panel', async () => {
      expect(await seriousViolations(page), 'Train view during a race, 1400 px').toEqual([]);
      await page.setViewportSize({ width: 390, height: 844 });
      await race.chart.scrollIntoViewIfNeeded();
      expect(await seriousViolations(page), 'Train view during a race, 390 px').toEqual([]);
      await expectNoSidewaysScroll(page, 'Train view during a race at 390 px');
      await expectInside(race.chart, race.panel, 'the chart inside the race panel');
      await expectInside(page.getByRole('region', { name: /^Race variants/ }), race.panel, 'the table’s scroller inside the race panel');
      await page.setViewportSize({ width: 1400, height: 1000 });
    });
    await test.step('Stop (Escape): each variant stops where it is, every one kept', async () => {
      await page.locator('h1').click();
      await page.keyboard.press('Escape');
      await race.ended(60_000);
      for (const row of await race.rows.all()) await expect(row).toHaveAttribute('data-phase', 'stopped');
      await expect(trainer.phase).toHaveText(/^Race ended after \d+\.\d s: 4 stopped\.$/);
      await expect(trainer.trainButton).toBeEnabled();
      await trainer.openView('Runs');
      await expect(trainer.run(/race lr/)).toHaveCount(4);
      for (const item of await trainer.runItems.all()) await expect(item).toContainText('stopped');
      const lr10 = trainer.run('race lr 10 (4 of 4)');
      await lr10.getByRole('button', { name: 'Use weights' }).click();
      await expect(lr10).toContainText('in use');
      await expect(trainer.testAccuracy).toBeVisible();
    });
  });

  test('a bad race list is named and trains nothing, from the URL or the field', async ({ trainer, page }) => {
    const race = new RaceView(page);
    await trainer.goto('race=lr:0.1,abc&backend=wasm');
    await expect(page.getByText('Race "lr:0.1,abc": "abc" is not a number.')).toBeVisible();
    await expect(page).not.toHaveURL(/race=/);
    await expect(race.raceButton).toBeDisabled();
    const field = page.getByRole('textbox', { name: 'Race setting and values' });
    await field.fill('speed:1,2');
    await field.press('Enter');
    await expect(race.panel.getByRole('alert')).toHaveText(/^Race "speed:1,2": "speed" is not a setting a race can vary/);
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await field.fill('lr:0.01-10x17');
    await field.press('Enter');
    await expect(race.panel.getByRole('alert')).toHaveText('Race "lr:0.01-10x17": 17 variants; at most 16.');
    await expect(race.raceButton).toBeDisabled();
    await expect(race.table).toHaveCount(0);
    await trainer.openView('Runs');
    await expect(trainer.runs.getByText('No runs yet.')).toBeVisible();
  });

  test('a variant that diverges ends alone with its message while the other finishes', async ({ trainer, page }) => {
    const race = new RaceView(page);
    await trainer.goto('race=lr:1,500&samples=2000&epochs=2&backend=wasm');
    await race.raceButton.click();
    await race.ended();
    await expect(race.row('lr 500')).toHaveAttribute('data-phase', 'error');
    await expect(race.row('lr 500')).toContainText('diverged');
    await expect(
      race.panel.getByText(/^lr 500: The loss became (NaN|Infinity|-Infinity) in epoch \d, by batch \d+: with learning rate 500 /),
    ).toBeVisible();
    await expect(race.row('lr 1')).toHaveAttribute('data-phase', 'done');
    expect(JSON.parse((await race.row('lr 1').getAttribute('data-losses'))!)).toHaveLength(2);
    await expect(race.chart.getByText('lr 500, diverged')).toBeVisible();
    await expect(trainer.phase).toHaveText(/^Race ended after \d+\.\d s: 1 finished, 1 ended early\.$/);
    await trainer.openView('Runs');
    await expect(trainer.run('race lr 500 (2 of 2)')).toContainText('diverged');
    await expect(trainer.run('race lr 1 (1 of 2)')).toContainText('finished');
  });

  test('the experiments: a second race, points coloured by a second setting; axe and a phone’s width', async ({ trainer, page }) => {
    const race = new RaceView(page);
    await trainer.goto('race=act:sigmoid,relu&lr=1&samples=1000&epochs=1&backend=wasm');
    await race.raceButton.click();
    await race.ended();
    const first = await race.table.getAttribute('data-race');
    const field = page.getByRole('textbox', { name: 'Race setting and values' });
    await field.fill('lr:0.3,3');
    await field.press('Enter');
    await race.raceButton.click();
    await expect(race.table).not.toHaveAttribute('data-race', first!);
    await race.ended();
    await trainer.openView('Runs');
    await expect(race.experiments.getByRole('columnheader')).toHaveText([
      'Run',
      /^Learning rate/,
      /^Activation/,
      /^Final loss/,
      /^Test accuracy/,
      /^Time/,
    ]);
    await expect(race.points).toHaveCount(4);
    const colour = page.getByRole('combobox', { name: 'Colour the points by' });
    await expect(colour).toHaveValue('activation');
    await expect(race.scatter.getByRole('listitem')).toHaveText(['act relu', 'act sigmoid', /a race’s runs/]);
    await expect(race.scatter.locator('path.race-line')).toHaveCount(2);
    const fills = await race.points.evaluateAll((ps) => ps.map((p) => p.getAttribute('fill')));
    expect(new Set(fills).size).toBe(2);
    await colour.selectOption('none');
    await expect(race.scatter.getByRole('listitem')).toHaveText([/a race’s runs/]);
    await page.getByRole('combobox', { name: 'Setting on the x axis' }).selectOption('activation');
    await expect(page.getByRole('heading', { name: 'Test accuracy against activation' })).toBeVisible();
    await expect(race.scatter.getByText('sigmoid', { exact: true })).toBeVisible();
    for (const width of [1400, 390]) {
      await page.setViewportSize({ width, height: width > 1000 ? 1000 : 844 });
      await race.scatter.scrollIntoViewIfNeeded();
      expect(await seriousViolations(page), `Runs view with the experiments at ${width} px`).toEqual([]);
      await expectNoSidewaysScroll(page, `Runs view at ${width} px`);
      const panel = page.getByRole('region', { name: 'Experiments', exact: true });
      await expectInside(race.scatter, panel, `the scatter inside its panel at ${width} px`);
    }
  });
});

test('sixteen variants: each worker’s tensor count stays flat across epochs, and the race’s workers are freed when it ends', async ({
  trainer,
  page,
}) => {
  test.setTimeout(300_000);
  // Counts the page's workers: made minus terminated, and the most alive at once.
  await page.addInitScript(() => {
    const w = window as unknown as { __liveWorkers: number; __peakWorkers: number };
    w.__liveWorkers = 0;
    w.__peakWorkers = 0;
    const Original = window.Worker;
    window.Worker = class extends Original {
      constructor(...args: ConstructorParameters<typeof Worker>) {
        super(...args);
        w.__liveWorkers++;
        w.__peakWorkers = Math.max(w.__peakWorkers, w.__liveWorkers);
      }
      terminate() {
        w.__liveWorkers--;
        super.terminate();
      }
    };
  });
  const liveWorkers = () => page.evaluate(() => (window as unknown as { __liveWorkers: number }).__liveWorkers);
  const race = new RaceView(page);
  await trainer.goto('race=lr:0.01-10x16&samples=1000&epochs=3&backend=wasm');
  await expect(page.getByText(/^Ready:/)).toBeVisible({ timeout: 60_000 });
  expect(await liveWorkers(), 'before the race: the page’s own worker').toBe(1);
  await race.raceButton.click();
  await expect(race.rows).toHaveCount(16);
  const workers = new Set(await race.rows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-worker')))).size;
  await race.ended();
  const rows = await race.rows.evaluateAll((rs) =>
    rs.map((r) => ({
      worker: r.getAttribute('data-worker')!,
      phase: r.getAttribute('data-phase'),
      tensors: JSON.parse(r.getAttribute('data-tensors')!) as number[],
    })),
  );
  const byWorker = new Map<string, typeof rows>();
  for (const r of rows) byWorker.set(r.worker, [...(byWorker.get(r.worker) ?? []), r]);
  for (const [w, variants] of byWorker) {
    for (const v of variants) expect(v.phase).toBe('done');
    const perEpoch = [0, 1, 2].map((e) => variants.map((v) => v.tensors[e]));
    note(
      'tensors',
      `worker ${w}, ${variants.length} variants: the tensor count at each epoch's end ${perEpoch.map((c) => c.join('/')).join(' → ')}`,
    );
    // At an epoch's end the count is the worker's: every variant's weights and data, plus what the
    // variants between two read-backs hold. It must not grow from one epoch to the next.
    expect(Math.max(...perEpoch[2]), `worker ${w}: no more tensors after the third epoch than after the first`).toBeLessThanOrEqual(
      Math.max(...perEpoch[0]),
    );
  }
  expect(workers, 'a race of 16 uses every core this machine reports').toBe(
    Math.min(16, await page.evaluate(() => navigator.hardwareConcurrency)),
  );
  const peak = await page.evaluate(() => (window as unknown as { __peakWorkers: number }).__peakWorkers);
  expect(peak, 'during the race: one worker per core at most, the page’s included').toBe(workers);
  await expect.poll(liveWorkers, { message: 'after the race: the page’s own worker only' }).toBe(1);
});
