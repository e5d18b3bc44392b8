import type { Page } from '@playwright/test';
import { safetensors } from './exportedFile';
import { expect, test } from './fixtures';

const SHORT = 'backend=wasm&lr=3&samples=2000&epochs=1';

/** Small finite weights (in, out) of these sizes; `b1` may be given another length. */
function values(h1: number, h2: number, b1 = h1) {
  const fill = (n: number) => Float32Array.from({ length: n }, (_, i) => ((i % 7) - 3) / 100);
  return { w1: fill(784 * h1), b1: fill(b1), w2: fill(h1 * h2), b2: fill(h2), w3: fill(h2 * 10), b3: fill(10) };
}

/** The chapter's file for these weights: W (out, in), biases (1, n) of the length they have. */
function chapterFile(v: ReturnType<typeof values>, h1: number, h2: number): Buffer {
  return safetensors([
    { name: 'W_1', shape: [h1, 784], data: v.w1 }, // the values' layout does not matter for these rules
    { name: 'b_1', shape: [1, v.b1.length], data: v.b1 },
    { name: 'W_2', shape: [h2, h1], data: v.w2 },
    { name: 'b_2', shape: [1, v.b2.length], data: v.b2 },
    { name: 'W_3', shape: [10, h2], data: v.w3 },
    { name: 'b_3', shape: [1, 10], data: v.b3 },
  ]);
}

/**
 * Replaces the stored runs with one well-formed run whose weights record is `damage`d, written with
 * raw IndexedDB into the app's database, as another version or a damaged disk might leave it.
 */
async function storeRunWithWeights(page: Page, damage: 'nan' | 'size' | 'hidden600') {
  await page.evaluate(async (damage) => {
    const fill = (n: number) => Float32Array.from({ length: n }, (_, i) => ((i % 7) - 3) / 100);
    const [h1, h2] = damage === 'hidden600' ? [600, 50] : [100, 50];
    const weights = {
      w1: fill(784 * h1),
      b1: fill(damage === 'size' ? 99 : h1),
      w2: fill(h1 * h2),
      b2: fill(h2),
      w3: fill(h2 * 10),
      b3: fill(10),
    };
    if (damage === 'nan') weights.w1[5] = Number.NaN;
    const startedAt = '2026-11-29T10:00:00.000Z';
    const run = {
      id: `${startedAt}-stored`,
      schema: 1,
      startedAt,
      query: 'lr=3&epochs=1&samples=2000&backend=wasm',
      backend: 'Wasm',
      ending: 'finished',
      epochs: [{ epoch: 1, loss: 0.2, seconds: 1, testAccuracy: 0.8 }],
      curve: [{ x: 1, examples: 1984, loss: 0.2 }],
      rateChanges: [],
      trainAccuracy: 0.8,
      testAccuracy: 0.8,
      confusion: null,
      timings: { seconds: 2, samplesPerSecond: 1000, msPerStep: 1 },
      arch: { hidden1: 100, hidden2: 50 }, // the run itself is well formed: only its weights are damaged
    };
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('mnist-in-the-tab');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(['runs', 'weights'], 'readwrite');
      tx.objectStore('runs').clear();
      tx.objectStore('weights').clear();
      tx.objectStore('runs').put(run);
      tx.objectStore('weights').put({ runId: run.id, arch: { hidden1: h1, hidden2: h2 }, values: weights });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, damage);
}

test.describe('weights are checked by one set of rules, wherever they come from', () => {
  test('a private window: Use weights on one run, the other, the first again; no page error, and Export and Import stay usable', async ({
    trainer,
    page,
  }) => {
    await page.addInitScript(() => Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true }));
    await trainer.goto(SHORT);
    await trainer.openView('Runs');
    await expect(page.getByText(/^Runs cannot be stored in this browser \(IndexedDB is not available/)).toBeVisible();
    await trainer.trainToEnd();
    await trainer.openView('Train');
    await trainer.typeSetting('Learning rate', '1');
    await trainer.trainToEnd();
    await trainer.openView('Runs');
    await expect(trainer.runItems).toHaveCount(2);
    const exportButton = page.getByRole('button', { name: 'Export weights' });
    for (const [step, text] of [
      ['first', /lr 3,/],
      ['second', /lr 1,/],
      ['first again', /lr 3,/],
      ['second again', /lr 1,/],
    ] as const) {
      await test.step(`Use weights: the ${step}`, async () => {
        const run = trainer.run(text);
        await run.getByRole('button', { name: 'Use weights' }).click();
        await expect(run).toContainText('in use');
        await expect(page.getByText(/^Weights: from the run of /).first()).toBeVisible();
        await expect(exportButton).toBeEnabled();
        await expect(trainer.importInput).toBeEnabled();
      });
    }
    await expect(trainer.weightsMessage.getByRole('alert')).toHaveCount(0);
    // The weights in use work: the pad predicts, and they export.
    await trainer.drawOne();
    await expect(trainer.predictionText).toBeVisible();
    const download = page.waitForEvent('download');
    await exportButton.click();
    expect((await download).suggestedFilename()).toMatch(/^mnist-mlp-100-50-.*\.safetensors$/);
  });

  test('stored weights with a NaN, a wrong size or a hidden size of 600 are reported and skipped on load; the same weights as a file are refused in the same words', async ({
    trainer,
    page,
  }) => {
    await trainer.goto(`${SHORT}#runs`);
    await expect(trainer.runs.getByText('No runs yet.')).toBeVisible(); // the database is open and empty
    const alert = trainer.weightsMessage.getByRole('alert');
    const cases = [
      [
        'nan',
        'tensor W_1 holds 1 NaN or infinite value',
        () => {
          const v = values(100, 50);
          v.w1[5] = Number.NaN;
          return chapterFile(v, 100, 50);
        },
      ],
      ['size', 'tensor b_1 holds 99 values; its hidden sizes imply 100', () => chapterFile(values(100, 50, 99), 100, 50)],
      ['hidden600', 'hidden size H1 is 600; this app takes 1 to 512', () => chapterFile(values(600, 50), 600, 50)],
    ] as const;
    for (const [damage, words, file] of cases) {
      await test.step(`${damage}: in IndexedDB, then as a file`, async () => {
        await storeRunWithWeights(page, damage);
        await page.reload();
        await expect(trainer.runItems).toHaveCount(1); // the run is listed; its weights are not used
        await expect(alert).toHaveText(
          new RegExp(`^The stored weights of the run of .+ were not used: (.+)\\. The current weights stay\\.$`),
        );
        const stored = (await alert.innerText()).match(/were not used: (.+)\. The current weights stay\.$/)![1];
        expect(stored).toBe(words);
        await expect(page.getByText(/^Weights: restored/)).toHaveCount(0);
        await expect(page.getByRole('button', { name: 'Export weights' })).toBeDisabled();

        await trainer.importInput.setInputFiles({ name: `${damage}.safetensors`, mimeType: 'application/octet-stream', buffer: file() });
        await expect(alert).toContainText('The file was not imported');
        const refused = (await alert.innerText()).match(/^The file was not imported: (.+)\. The current weights stay\.$/)![1];
        expect(refused).toBe(stored);
        await expect(trainer.runItems).toHaveCount(1); // nothing was imported
      });
    }
  });
});

test.describe('the data manifest', () => {
  const CACHE = 'mnist-sprites-v1';
  const cachedUrls = (page: Page) =>
    page.evaluate(async (name) => ((await caches.has(name)) ? (await (await caches.open(name)).keys()).map((r) => r.url) : []), CACHE);

  test('a damaged manifest is named and never cached; a damaged cached copy is cleared with the data cache', async ({ trainer, page }) => {
    await test.step('served damaged: the page names the manifest and the field; nothing is cached', async () => {
      await page.route('**/data/manifest.json', async (route) => {
        const manifest = await (await route.fetch()).json();
        manifest.splits.test.labels.sha256 = 'not-a-hash';
        await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(manifest) });
      });
      await trainer.goto('backend=wasm&samples=1000&epochs=1');
      await trainer.trainButton.click();
      await expect(trainer.alert).toContainText(
        'Could not load the MNIST data: manifest.json splits.test.labels.sha256 is not a SHA-256 hash (64 lowercase hex digits).',
      );
      expect((await cachedUrls(page)).filter((u) => u.includes('manifest.json'))).toEqual([]);
      await page.unroute('**/data/manifest.json');
      await page.getByRole('button', { name: 'Retry' }).click();
      await expect(trainer.testAccuracy).toBeVisible({ timeout: 120_000 });
      await expect.poll(() => cachedUrls(page)).toContainEqual(expect.stringContaining('manifest.json'));
    });

    await test.step('a damaged copy in the cache, the network gone: it is cleared with the data, and the page says no copy is left', async () => {
      await page.evaluate(async (name) => {
        const cache = await caches.open(name);
        const key = (await cache.keys()).find((r) => r.url.endsWith('/data/manifest.json'))!;
        await cache.put(key, new Response('{"version": 1, "splits": {"train": "lost"}}'));
      }, CACHE);
      await page.route('**/data/manifest.json', (route) => route.abort('internetdisconnected'));
      await page.reload();
      // The page's background preparation reads the damaged copy: the whole data cache goes.
      await expect(page.getByText(/^Getting ready: the data could not be loaded: manifest\.json .+ \(Train retries\)\.$/)).toBeVisible();
      await expect.poll(() => page.evaluate((name) => caches.has(name), CACHE)).toBe(false);
      await trainer.trainButton.click();
      await expect(trainer.alert).toContainText(
        'Could not load the MNIST data: manifest.json could not be downloaded and no copy is cached.',
      );
      await page.unroute('**/data/manifest.json');
      await page.getByRole('button', { name: 'Retry' }).click();
      await expect(trainer.testAccuracy).toBeVisible({ timeout: 120_000 });
    });
  });
});
