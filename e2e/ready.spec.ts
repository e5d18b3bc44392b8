import { expect, test } from './fixtures';

test.describe('ready before the click', () => {
  test('the page loads the data and times the backends while idle, says so discreetly, and Train uses that work', async ({
    trainer,
    page,
    requests,
  }) => {
    await trainer.goto('samples=2000&epochs=1&lr=3');
    const ready = page.getByText(
      /^Ready: (WebGPU|WebGL|Wasm)( \(fused kernel\))?, \d+\.\d ms\/step for 784-100-50-10, batch 32 \(timed just now\)\.$/,
    );
    await expect(ready).toBeVisible({ timeout: 60_000 });
    const chosen = (await ready.innerText()).match(/^Ready: (\w+)/)![1];
    const before = requests.length;
    await trainer.trainToEnd();
    // Nothing was fetched again, the run trains on the prepared choice, and it says how that was
    // chosen and why the others were not used (which depends on this machine's adapter).
    expect(requests.slice(before).filter((r) => /\.(png|idx1)\?/.test(r.url()))).toHaveLength(0);
    await expect(trainer.backendName).toHaveText(chosen);
    await expect(
      page.getByText(new RegExp(`the fastest of the backends timed just now \\(.*${chosen}( fused)? \\d+\\.\\d ms/step`)),
    ).toBeVisible();
    await trainer.expectAutomaticChoiceExplained();
  });

  test('Train clicked while the page is still getting ready joins that work instead of starting it again', async ({
    trainer,
    page,
    requests,
  }) => {
    // A slow training sprite: the backend is chosen while the data still downloads, and Train is clicked then.
    await page.route('**/data/mnist-train-images.png*', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 2500));
      await route.continue();
    });
    await trainer.goto('samples=2000&epochs=1&lr=3');
    const preparing = page.getByText(/^Getting ready: data \d+%; (WebGPU|WebGL|Wasm)( \(fused kernel\))?, \d+\.\d ms\/step chosen…$/);
    await expect(preparing).toBeVisible({ timeout: 60_000 });
    const prepared = await preparing.getAttribute('data-choice');
    await trainer.trainToEnd();
    // The run trained on the choice made before the click (no second timing), and nothing was fetched twice.
    await expect(page.locator('.backend')).toHaveAttribute('data-choice', prepared!);
    await expect(page.getByText(/the fastest of the backends timed just now/)).toBeVisible();
    expect(requests.filter((r) => /\.png\?/.test(r.url()))).toHaveLength(2); // the training and the test sprite, once each
    expect(requests.filter((r) => r.url().includes('manifest.json'))).toHaveLength(1);
  });

  test('a new network shape is timed again only when no remembered timing covers it', async ({ trainer, page }) => {
    await trainer.goto('samples=2000&epochs=1&lr=3');
    await expect(page.getByText(/^Ready: \w+.* for 784-100-50-10, batch 32 \(timed just now\)\.$/)).toBeVisible({ timeout: 60_000 });
    await trainer.typeSetting('Hidden layer 1', '64');
    await expect(page.getByText(/^Ready: \w+.* for 784-64-50-10, batch 32 \(timed just now\)\.$/)).toBeVisible({ timeout: 60_000 });
    await trainer.typeSetting('Hidden layer 1', '100'); // timed on this visit already: remembered
    await expect(page.getByText(/^Ready: \w+.* for 784-100-50-10, batch 32 \(remembered from an earlier timing\)\.$/)).toBeVisible({
      timeout: 60_000,
    });
    await page.reload();
    await expect(page.getByText(/^Ready: \w+.* for 784-100-50-10, batch 32 \(remembered from an earlier timing\)\.$/)).toBeVisible({
      timeout: 60_000,
    });
  });
});
