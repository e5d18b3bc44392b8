import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkExport, exportWeights, requirePython } from './exportedFile';
import { expect, test, TrainerPage } from './fixtures';

const FIXTURES = join(import.meta.dirname, '..', 'src', 'model', 'fixtures');
const SHORT = 'backend=wasm&lr=3&samples=2000&epochs=1';

/** Draws a simple "1" and returns the prediction text once it is for this drawing. */
async function predictOne(trainer: TrainerPage): Promise<string> {
  await trainer.drawOne();
  await trainer.predictionSettled();
  await expect(trainer.predictionText).toBeVisible();
  return await trainer.predictionText.innerText();
}

test.describe('runs kept in the browser', () => {
  test('a run appears in Runs, survives a reload, and its weights come back for the pad without training', async ({ trainer, page }) => {
    await trainer.goto(SHORT);
    await trainer.trainToEnd();
    const accuracy = await trainer.testAccuracyPercent();
    await trainer.openView('Runs');
    await expect(trainer.runItems).toHaveCount(1);
    await expect(trainer.runItems.first()).toContainText(`test ${accuracy.toFixed(2)}%`);
    await expect(trainer.runItems.first()).toContainText(/lr 3, epochs 1, samples 2000, backend wasm/);
    await expect(trainer.runItems.first()).toContainText('finished');
    await page.reload();
    await expect(trainer.runItems).toHaveCount(1);
    await expect(page.getByText(/^Weights: restored from the last run \(lr 3, epochs 1, samples 2000, /).first()).toBeVisible();
    await expect(trainer.testAccuracy).toHaveText(`Test accuracy: ${accuracy.toFixed(2)}%`);
    expect(await predictOne(trainer)).toMatch(/^Prediction: \d \(\d+%\)$/);
    await trainer.openView('Train');
    await expect(trainer.epochRows).toHaveCount(0); // nothing was trained on this visit
  });

  test('two runs on one chart, each its own colour and name; x axis and smoothing; Load settings and Use weights', async ({
    trainer,
    page,
  }) => {
    await trainer.goto(SHORT);
    await trainer.trainToEnd();
    const first = await trainer.testAccuracyPercent();
    await trainer.goto('backend=wasm&lr=0.3&samples=2000&epochs=1&h1=32');
    await trainer.trainToEnd();
    await trainer.openView('Runs');
    await expect(trainer.runItems).toHaveCount(2);
    await expect(trainer.runItems.first()).toContainText('lr 0.3, h1 32'); // newest first
    for (const item of await trainer.runItems.all()) await item.getByRole('checkbox', { name: 'Show on chart' }).check();
    const chart = page.getByRole('figure', { name: 'Runs compared' });
    await expect(chart.getByText('lr 0.3, h1 32, epochs 1, samples 2000')).toBeVisible();
    await expect(chart.getByText('lr 3, epochs 1, samples 2000')).toBeVisible();
    await expect(chart.locator('.recharts-line')).toHaveCount(2);
    const strokes = await chart.locator('.recharts-line path').evaluateAll((paths) => paths.map((p) => p.getAttribute('stroke')));
    expect(new Set(strokes).size).toBe(2);
    await page.getByRole('radio', { name: /Examples seen/ }).check();
    await expect(chart.getByText('Training examples seen', { exact: true })).toBeVisible();
    await page.getByRole('slider', { name: 'Smoothing' }).fill('0.9');
    await expect(chart.locator('.recharts-line')).toHaveCount(4); // smoothed, and the raw curve faintly behind
    await test.step('Load settings and Use weights', async () => {
      const older = trainer.run(/lr 3, epochs 1/);
      await older.getByRole('button', { name: 'Load settings' }).click();
      await trainer.openView('Train');
      await expect(trainer.valueBox('Learning rate')).toHaveValue('3');
      await expect(trainer.valueBox('Hidden layer 1')).toHaveValue('100');
      await expect(page).toHaveURL(/lr=3&h1=100&/);
      await trainer.openView('Runs');
      await older.getByRole('button', { name: 'Use weights' }).click();
      await expect(page.getByText(/^Weights: from the run of .*\(lr 3, epochs 1, samples 2000\)\.$/).first()).toBeVisible();
      await expect(trainer.testAccuracy).toHaveText(`Test accuracy: ${first.toFixed(2)}%`);
      await expect(older).toContainText('in use');
      await trainer.openView('Inside');
      await expect(trainer.confusionMatrix).toBeVisible();
    });
    await test.step('Delete, and Delete all runs after a confirmation', async () => {
      await trainer.openView('Runs');
      await trainer
        .run(/lr 0.3/)
        .getByRole('button', { name: 'Delete' })
        .click();
      await expect(trainer.runItems).toHaveCount(1);
      await page.getByRole('button', { name: 'Delete all runs' }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete all 1 stored runs?' });
      await dialog.getByRole('button', { name: 'Keep them' }).click();
      await expect(trainer.runItems).toHaveCount(1);
      await page.getByRole('button', { name: 'Delete all runs' }).click();
      await dialog.getByRole('button', { name: 'Delete every run' }).click();
      await expect(trainer.runs.getByText('No runs yet.')).toBeVisible();
      await page.reload();
      await expect(trainer.runs.getByText('No runs yet.')).toBeVisible();
    });
  });

  test('three runs with lr 0.1, 3 and 30 on one chart survive a reload, and the pad works at once', async ({ trainer, page }) => {
    for (const lr of ['0.1', '3', '30']) {
      await trainer.goto(`backend=wasm&lr=${lr}&samples=2000&epochs=2`);
      await trainer.trainToEnd();
    }
    await page.reload();
    await trainer.openView('Runs');
    await expect(trainer.runItems).toHaveCount(3);
    for (const item of await trainer.runItems.all()) await item.getByRole('checkbox', { name: 'Show on chart' }).check();
    const chart = page.getByRole('figure', { name: 'Runs compared' });
    for (const name of ['epochs 2, samples 2000', 'lr 3, epochs 2, samples 2000', 'lr 30, epochs 2, samples 2000']) {
      await expect(chart.getByText(name, { exact: true })).toBeVisible();
    }
    await expect(chart.locator('.recharts-line')).toHaveCount(3);
    await expect(page.getByText(/^Weights: restored from the last run \(lr 30, /).first()).toBeVisible();
    expect(await predictOne(trainer)).toMatch(/^Prediction: \d \(\d+%\)$/);
  });

  test('export then import gives the same test accuracy and the same prediction', async ({ trainer, page }) => {
    await trainer.goto('backend=wasm&lr=3&samples=20000&epochs=1');
    await trainer.trainToEnd();
    const accuracy = await trainer.testAccuracy.innerText();
    const prediction = await predictOne(trainer);
    const probabilities = await trainer.bars.allInnerTexts();
    const { path, name } = await exportWeights(trainer);
    expect(name).toMatch(/^mnist-mlp-100-50-\d{4}-\d\d-\d\d\.safetensors$/);
    await expect(page.getByText(`Saved ${name}`)).toBeVisible();
    const header = JSON.parse(
      readFileSync(path)
        .subarray(8, 8 + readFileSync(path).readUInt32LE(0))
        .toString('utf8'),
    );
    expect(header.W_1.shape).toEqual([100, 784]);
    expect(header.b_1.shape).toEqual([1, 100]);
    expect(JSON.parse(header.__metadata__.fingerprint_logits)).toHaveLength(3);
    expect(header.__metadata__.settings).toMatch(/^lr=3&/);

    // Another learner, another browser: a fresh page with no history.
    const other = await page.context().browser()!.newPage();
    try {
      await other.goto(page.url());
      await other.getByLabel('Import weights').setInputFiles(path);
      await expect(other.getByText(accuracy, { exact: true })).toBeVisible({ timeout: 60_000 });
      await expect(other.getByText(/^Weights: imported from mnist-mlp-100-50-.*\.safetensors \(100-50\)\.$/).first()).toBeVisible();
      await expect(other.getByRole('region', { name: 'Runs' }).getByRole('listitem').first()).toContainText('imported');
      const otherTrainer = new TrainerPage(other);
      expect(await predictOne(otherTrainer)).toBe(prediction);
      expect(await otherTrainer.bars.allInnerTexts()).toEqual(probabilities);
    } finally {
      await other.close();
    }
  });

  test('NumPy, reading the exported file with the Python safetensors package, gets the app’s test accuracy', async ({ trainer }) => {
    requirePython();
    await trainer.goto('backend=wasm&lr=3&samples=20000&epochs=1');
    await trainer.trainToEnd();
    const accuracy = await trainer.testAccuracyPercent();
    const { path } = await exportWeights(trainer);
    const result = checkExport(path);
    console.log(
      `NumPy on the exported file: test accuracy ${result.testAccuracy}% (app: ${accuracy}%), fingerprint difference ${result.fingerprintDifference}`,
    );
    expect(result.shapes).toEqual({ W_1: [100, 784], W_2: [50, 100], W_3: [10, 50], b_1: [1, 100], b_2: [1, 50], b_3: [1, 10] });
    expect(result.dtypes).toEqual(['float32']);
    expect(Math.abs(result.testAccuracy - accuracy)).toBeLessThanOrEqual(0.02);
    expect(result.fingerprintDifference).toBeLessThan(1e-3);
  });

  test('files saved by the chapter’s PyTorch code import with PyTorch’s own test accuracy', async ({ trainer, page }) => {
    await trainer.goto(SHORT);
    await trainer.openView('Runs');
    // (file, the accuracy PyTorch computed on the 10,000 test images: src/model/fixtures/README.md)
    for (const [file, accuracy] of [
      ['pytorch-chapter-lr3-20k-1epoch-seed0.safetensors', '87.88'],
      ['pytorch-chapter-lr3-60k-1epoch-seed5.safetensors', '92.52'],
    ]) {
      await trainer.importInput.setInputFiles(join(FIXTURES, file));
      await expect(trainer.testAccuracy).toHaveText(`Test accuracy: ${accuracy}%`, { timeout: 60_000 });
      await expect(trainer.runItems.first()).toContainText(`imported ${file}, 100-50`);
    }
    await trainer.openView('Inside');
    await expect(trainer.confusionMatrix).toBeVisible();
    expect(await predictOne(trainer)).toMatch(/^Prediction: \d/);
    await trainer.openView('Runs');
    await expect(trainer.runItems.first().getByRole('button', { name: 'Load settings' })).toBeDisabled();
    await expect(page.getByText(/^Weights: imported from pytorch-chapter-lr3-60k/).first()).toBeVisible();
  });

  test('each bad file gets one clear message, and the current weights stay', async ({ trainer, page }) => {
    await trainer.goto(SHORT);
    await trainer.trainToEnd();
    const accuracy = await trainer.testAccuracy.innerText();
    const prediction = await predictOne(trainer);
    const good = readFileSync(join(FIXTURES, 'python-chapter-tiny.safetensors'));
    const headerLength = good.readUInt32LE(0);
    const withHeader = (mutate: (h: Record<string, { data_offsets: number[]; shape: number[]; dtype: string }>) => void) => {
      const header = JSON.parse(good.subarray(8, 8 + headerLength).toString('utf8'));
      mutate(header);
      const json = Buffer.from(JSON.stringify(header));
      const size = Buffer.alloc(8);
      size.writeUInt32LE(json.length, 0);
      return Buffer.concat([size, json, good.subarray(8 + headerLength)]);
    };
    await trainer.openView('Runs');
    const huge = Buffer.alloc(64);
    huge.writeUInt32LE(2_000_000, 0);
    const cases: [string, Buffer, RegExp][] = [
      ['notes.txt', Buffer.from('these are not weights'), /header claims .* more than the file holds/],
      ['cut.safetensors', good.subarray(0, good.length - 40), /cut short/],
      ['huge-header.safetensors', Buffer.concat([huge, Buffer.alloc(2_000_000)]), /header is 2,000,000 bytes long, over the 1 MB/],
      ['half.safetensors', readFileSync(join(FIXTURES, 'python-chapter-f16.safetensors')), /W_2 is F16; this app reads F32 only/],
      ['outside.safetensors', withHeader((h) => (h.b_3.data_offsets = [99999960, 100000000])), /outside the data/],
      [
        'overlap.safetensors',
        withHeader((h) => (h.b_1.data_offsets = [h.b_1.data_offsets[0] - 4, h.b_1.data_offsets[1] - 4])),
        /overlaps|gap/,
      ],
      ['missing.safetensors', withHeader((h) => delete (h as Record<string, unknown>).b_2), /lacks the tensor b_2|gap/],
      ['chain.safetensors', withHeader((h) => (h.W_2.shape = [3, 2])), /W_2 has shape \(3, 2\); after W_1 \(3, 784\) it must be \(H2, 3\)/],
    ];
    for (const [name, bytes, message] of cases) {
      await trainer.importInput.setInputFiles({ name, mimeType: 'application/octet-stream', buffer: bytes });
      const alert = page.getByRole('alert').filter({ hasText: 'The file was not imported' });
      await expect(alert, name).toContainText(message);
      await expect(alert).toContainText('The current weights stay.');
      await expect(trainer.testAccuracy).toHaveText(accuracy);
    }
    expect(await predictOne(trainer)).toBe(prediction);
    await expect(trainer.runItems).toHaveCount(1);
  });
});

test.describe('storage faults never break the page', () => {
  test('without IndexedDB (blocked storage) the app trains, keeps runs for this page, and says why they are not stored', async ({
    trainer,
    page,
  }) => {
    await page.addInitScript(() =>
      Object.defineProperty(window, 'indexedDB', {
        get() {
          throw new DOMException('The operation is insecure.', 'SecurityError');
        },
      }),
    );
    await trainer.goto(SHORT);
    await trainer.openView('Runs');
    await expect(
      page.getByText(/^Runs cannot be stored in this browser \(IndexedDB is not available.*kept only until this page closes\.$/),
    ).toBeVisible();
    await trainer.trainToEnd();
    await expect(trainer.runItems).toHaveCount(1);
  });

  test('a full disk: the run is not saved, the page says so, and the runs already stored are kept', async ({ trainer, page, context }) => {
    await trainer.goto(SHORT);
    await trainer.trainToEnd();
    await trainer.openView('Runs');
    await expect(trainer.runItems).toHaveCount(1);
    const full = await context.newPage();
    await full.addInitScript(() => {
      const put = IDBObjectStore.prototype.put;
      IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<typeof put>) {
        if (this.name === 'weights') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return put.apply(this, args);
      };
    });
    await full.goto(page.url().replace(/lr=3/, 'lr=1'));
    await full.getByRole('button', { name: 'Train', exact: true }).click();
    await expect(full.getByRole('alert').filter({ hasText: 'storage is full' })).toHaveText(
      "The browser's storage is full: this run was not saved (the runs already stored are kept). Delete old runs to make room.",
    );
    await full.close();
    await page.reload();
    await expect(trainer.runItems).toHaveCount(1);
    await expect(trainer.runItems.first()).toContainText('lr 3');
  });

  test('a stored record that cannot be read is reported and skipped', async ({ trainer, page }) => {
    await trainer.goto(SHORT);
    await trainer.trainToEnd();
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('mnist-in-the-tab');
          open.onsuccess = () => {
            const tx = open.result.transaction('runs', 'readwrite');
            tx.objectStore('runs').put({ id: 'zzz-damaged', schema: 1, startedAt: '2026-11-29T10:00:00.000Z', query: 42, epochs: 'lost' });
            tx.oncomplete = () => resolve();
            tx.onerror = () => reject(tx.error);
          };
        }),
    );
    await page.reload();
    await trainer.openView('Runs');
    await expect(page.getByText('1 stored run could not be read (damaged or from another version) and was skipped.')).toBeVisible();
    await expect(trainer.runItems).toHaveCount(1);
    expect(await predictOne(trainer)).toMatch(/^Prediction: \d/);
  });

  test('two tabs training at the same time both keep their runs, and each tab sees the other’s', async ({ context }) => {
    const pages = [await context.newPage(), await context.newPage()];
    await Promise.all(pages.map((p, i) => p.goto(`/?backend=wasm&lr=${i + 1}&samples=2000&epochs=2`)));
    await Promise.all(pages.map((p) => p.getByRole('button', { name: 'Train', exact: true }).click()));
    for (const p of pages) await expect(p.getByText(/^Test accuracy: /)).toBeVisible({ timeout: 120_000 });
    for (const p of pages) await new TrainerPage(p).openView('Runs');
    for (const p of pages)
      await expect(p.getByRole('region', { name: 'Runs' }).getByRole('list').first().getByRole('listitem')).toHaveCount(2);
    await pages[0].reload();
    await expect(pages[0].getByRole('region', { name: 'Runs' }).getByRole('list').first().getByRole('listitem')).toHaveCount(2);
    await Promise.all(pages.map((p) => p.close()));
  });
});

test.describe('offline', () => {
  test.use({ serviceWorkers: 'allow' });

  test('after one visit the page loads and trains with the network off', async ({ trainer, page, context }) => {
    await trainer.goto('backend=wasm&lr=3&samples=2000&epochs=1');
    await expect(page.getByText(/^Ready: Wasm/)).toBeVisible({ timeout: 60_000 }); // data verified and cached
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload(); // now the service worker controls the page
    await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
    await expect(page.getByText(/^Ready: Wasm/)).toBeVisible({ timeout: 60_000 });
    await context.setOffline(true);
    try {
      await page.reload();
      await expect(page.getByRole('heading', { name: 'MNIST, trained in the tab' })).toBeVisible();
      await trainer.trainToEnd();
      await expect(trainer.epochRows).toHaveCount(1);
    } finally {
      await context.setOffline(false);
    }
  });
});
