import { expect, test, type TrainerPage } from './fixtures';

test.describe('train MNIST in the tab', () => {
  test('the page loads with the chapter defaults, labelled controls and no console errors', async ({ trainer, page }) => {
    await trainer.goto();
    await expect(page.getByRole('heading', { name: 'MNIST, trained in the tab' })).toBeVisible();
    for (const [name, value] of [
      ['Learning rate', '0.1'],
      ['Hidden layer 1', '100'],
      ['Hidden layer 2', '50'],
      ['Epochs', '10'],
      ['Batch size', '32'],
      ['Training samples', '60000'],
      ['Seed', '0'],
    ]) {
      await expect(trainer.slider(name)).toBeVisible();
      await expect(trainer.valueBox(name)).toHaveValue(value);
    }
    await expect(trainer.slider('Learning rate')).toHaveAttribute('aria-valuetext', '0.1');
    await expect(trainer.trainButton).toBeEnabled();
    await expect(trainer.stopButton).toBeDisabled();
    await expect(trainer.epochTable).toBeVisible();
    await expect(page).toHaveURL(
      /lr=0\.1&h1=100&h2=50&epochs=10&batch=32&samples=60000&seed=0&wd=0&act=sigmoid&init=normal&opt=sgd&grad=manual&backend=auto/,
    );
  });

  test('a short run set through the sliders shows epoch losses and both accuracies (Wasm)', async ({ trainer, page }) => {
    await trainer.goto();
    await test.step('set the run with the controls', async () => {
      await trainer.slider('Epochs').fill('2');
      await trainer.slider('Training samples').fill('5000');
      await trainer.typeSetting('Learning rate', '3');
      await page.getByRole('combobox', { name: 'Backend' }).selectOption('wasm');
      await expect(page).toHaveURL(/lr=3&.*epochs=2&.*samples=5000&.*backend=wasm/);
    });
    await test.step('train', async () => {
      await trainer.trainToEnd();
      await expect(trainer.backendName).toHaveText('Wasm');
      await expect(trainer.epochRows).toHaveCount(2);
      const [first, second] = await trainer.epochLosses();
      expect(second).toBeLessThan(first);
      expect(first).toBeLessThan(0.24);
      // 5,000 images, lr 3, 2 epochs: well past guessing (PyTorch reaches ~80% on 10,000 images in 2 epochs).
      expect(await trainer.testAccuracyPercent()).toBeGreaterThan(60);
      await expect(page.getByText(/Tensors in memory after each epoch: (\d+), \1$/)).toBeVisible();
      await expect(page.getByText('Done.')).toBeVisible();
    });
  });

  test('the same URL gives the same run', async ({ trainer }) => {
    const query = 'backend=wasm&samples=2000&epochs=1&lr=2&seed=5';
    await trainer.goto(query);
    await trainer.trainToEnd();
    const first = await trainer.epochLosses();
    await trainer.goto(query);
    await trainer.trainToEnd();
    expect(await trainer.epochLosses()).toEqual(first);
  });

  test('Stop ends a run within a batch and keeps the weights', async ({ trainer, page }) => {
    await trainer.goto('backend=wasm&epochs=50');
    await trainer.trainButton.click();
    const running = page.getByText(/^Training: epoch 1\/50, batch \d+\/1875$/);
    await expect(running).toBeVisible({ timeout: 60_000 });
    const shownBefore = Number((await running.innerText()).match(/batch (\d+)/)![1]);
    await trainer.stopButton.click();
    const stopped = page.getByText(/^Stopped in epoch 1, after batch \d+\. The weights are kept\.$/);
    // The worker answered Stop itself (within a second), not the watchdog that replaces a stuck one after 4 s.
    await expect(stopped).toBeVisible({ timeout: 1_000 });
    await page.waitForTimeout(4_500);
    await expect(page.getByText(/did not acknowledge Stop/)).toHaveCount(0);
    await expect(stopped).toBeVisible();
    // The status lags the worker by up to one read-back (~100 ms ≈ 50 batches here): the run ended
    // right after the click, not at the end of the epoch.
    const stoppedAt = Number((await stopped.innerText()).match(/batch (\d+)/)![1]);
    expect(stoppedAt).toBeGreaterThanOrEqual(shownBefore);
    expect(stoppedAt - shownBefore).toBeLessThan(400);
    await expect(trainer.stopButton).toBeDisabled();
    await expect(trainer.epochRows).toHaveCount(0);
    // The stopped weights still classify: the pad gives a prediction, not "no weights".
    await trainer.drawOne();
    await expect(trainer.predictionText).toBeVisible();
  });

  test('a forced WebGPU run of a few steps completes on WebGPU', async ({ trainer, page }) => {
    test.setTimeout(300_000);
    await trainer.goto('backend=webgpu&samples=1000&epochs=1&lr=3&batch=100');
    await trainer.trainToEnd(240_000);
    await expect(trainer.backendName).toHaveText('WebGPU');
    await expect(page.getByText('chosen in the settings')).toBeVisible();
    await expect(trainer.epochRows).toHaveCount(1);
    const [loss] = await trainer.epochLosses();
    expect(loss).toBeGreaterThan(0.1); // a real, finite loss read back with data(), not zeros
    expect(loss).toBeLessThan(0.25);
  });

  test('automatic choice times the backends, says why others were not used, and trains', async ({ trainer, page }) => {
    await trainer.goto('samples=1000&epochs=1&lr=3');
    await trainer.trainToEnd();
    await expect(page.getByText(/the fastest of the backends timed just now \(.*ms\/step/)).toBeVisible();
    await trainer.expectAutomaticChoiceExplained();
  });
});

/** Trains the same query with TF.js's loop and with the fused kernel; returns both runs' losses and test accuracies. */
async function trainBothWays(trainer: TrainerPage, query: string) {
  await trainer.goto(`${query}&grad=manual`);
  await trainer.trainToEnd(240_000);
  const plain = { losses: await trainer.epochLosses(), accuracy: await trainer.testAccuracyPercent() };
  await trainer.goto(`${query}&grad=fused`);
  await trainer.trainToEnd(240_000);
  await expect(trainer.backendName).toHaveText('WebGPU');
  const fused = { losses: await trainer.epochLosses(), accuracy: await trainer.testAccuracyPercent() };
  expect(fused.losses).toHaveLength(plain.losses.length);
  fused.losses.forEach((loss, i) =>
    expect(Math.abs(loss - plain.losses[i]), `epoch ${i + 1}: ${loss} vs ${plain.losses[i]}`).toBeLessThan(1e-3),
  );
  return { plain, fused };
}

test.describe('the fused WGSL kernel', () => {
  test('trains like the TF.js loop on WebGPU: same losses and accuracy from the same seed', async ({ trainer, page }) => {
    test.setTimeout(420_000);
    const { plain, fused } = await trainBothWays(trainer, 'backend=webgpu&samples=1000&epochs=2&lr=3&batch=50');
    await expect(page.getByText(/one workgroup running many steps per dispatch/)).toBeVisible();
    expect(fused.losses).toHaveLength(2);
    expect(Math.abs(fused.accuracy - plain.accuracy)).toBeLessThan(1.5);
    await expect(page.getByText(/^Tensors in memory after each epoch: (\d+), \1$/)).toBeVisible();
  });

  test('spreads large batches over many workgroups, and still trains like the TF.js loop', async ({ trainer, page }) => {
    test.setTimeout(420_000);
    // batch 128 × H1 128 = 16,384: the multi-workgroup kernels (five dispatches per step)
    const { fused } = await trainBothWays(trainer, 'backend=webgpu&samples=512&epochs=2&lr=3&batch=128&h1=128&h2=40');
    await expect(page.getByText(/five dispatches per step spread over all compute units/)).toBeVisible();
    expect(fused.losses).toHaveLength(2);
  });

  test('a diverging fused run (lr 1000) rolls back to finite weights, as the TF.js loop does', async ({ trainer, page }) => {
    test.setTimeout(300_000);
    await trainer.goto('backend=webgpu&grad=fused&lr=1000&samples=640&epochs=1');
    await trainer.trainButton.click();
    await expect(trainer.alert).toContainText(/The loss became NaN in epoch 1, by batch \d+/, { timeout: 240_000 });
    await expect(trainer.backendName).toHaveText('WebGPU');
    await expect(page.locator('main')).not.toContainText('NaN%');
    // A NaN anywhere in the weights makes every output NaN (0 × NaN is NaN): a finite prediction
    // means the rolled-back weights are finite.
    await trainer.drawOne();
    await expect(trainer.predictionText).toBeVisible();
  });

  test('off WebGPU a fused run says so and uses hand-derived gradients', async ({ trainer, page }) => {
    await trainer.goto('backend=wasm&samples=1000&epochs=1&grad=fused');
    await trainer.trainToEnd();
    await expect(page.getByText('The fused WGSL kernel needs WebGPU: this run uses hand-derived gradients on Wasm.')).toBeVisible();
  });
});
