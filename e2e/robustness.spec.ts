import { expect, test } from './fixtures';

test.describe('faults end in a clear message and a working page', () => {
  test('invalid URL settings are replaced, named in a dismissable message, and the URL is rewritten', async ({ trainer, page }) => {
    await trainer.goto('lr=abc&h1=-5&epochs=1e9&batch=0&h2=2.5');
    const notices = page.locator('.notice');
    await expect(notices).toHaveCount(5);
    // The buttons' accessible names stay unambiguous while messages are shown.
    await expect(page.getByRole('button', { name: 'Train', exact: true })).toHaveCount(1);
    await expect(page.getByRole('button', { name: 'Stop', exact: true })).toHaveCount(1);
    await expect(notices.getByRole('button')).toHaveCount(5);
    await expect(notices.getByRole('button', { name: 'Dismiss', exact: true })).toHaveCount(5);
    await expect(page.getByText('Learning rate (lr) "abc" is not a number; using the default 0.1.')).toBeVisible();
    await expect(page.getByText(/Hidden layer 1 \(h1\) -5 must be between 1 and 512; using 1\./)).toBeVisible();
    await expect(page.getByText(/Epochs \(epochs\) 1e9 must be between 1 and 50; using 50\./)).toBeVisible();
    await expect(page.getByText(/Batch size \(batch\) 0 must be between 1 and 1024; using 1\./)).toBeVisible();
    await expect(page.getByText(/Hidden layer 2 \(h2\) 2\.5 must be a whole number; using 3\./)).toBeVisible();
    await expect(page).toHaveURL(/\?lr=0\.1&h1=1&h2=3&epochs=50&batch=1&samples=60000/);
    await expect(trainer.valueBox('Epochs')).toHaveValue('50');
    await notices.filter({ hasText: 'Learning rate (lr)' }).getByRole('button', { name: 'Dismiss' }).click();
    await expect(notices).toHaveCount(4);
  });

  test('a value typed out of range is clamped and reported', async ({ trainer, page }) => {
    await trainer.goto();
    await trainer.typeSetting('Batch size', '5000');
    await expect(trainer.valueBox('Batch size')).toHaveValue('1024');
    await expect(page.getByText('Batch size 5000 must be between 1 and 1024; using 1024.')).toBeVisible();
    await trainer.typeSetting('Seed', 'twelve');
    await expect(trainer.valueBox('Seed')).toHaveValue('0');
    await expect(page.getByText('Seed "twelve" is not a number; using the default 0.')).toBeVisible();
  });

  test('URL text is shown as text, never injected as HTML', async ({ trainer, page }) => {
    await trainer.goto(`backend=${encodeURIComponent('<img src=x onerror="window.pwned=1">')}`);
    await expect(page.getByText(/Backend "<img src=x onerror="window.pwned=1">" is not one of/)).toBeVisible();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  });

  test('a diverging run (lr 500) stops with a message, plots no NaN, and keeps finite weights for the pad', async ({ trainer, page }) => {
    await trainer.goto('backend=wasm&lr=500&samples=2000&epochs=3');
    await trainer.trainButton.click();
    await expect(trainer.alert).toContainText(/The loss became NaN in epoch 1/);
    await expect(trainer.alert).toContainText('Lower the learning rate');
    await expect(trainer.stopButton).toBeDisabled();
    await expect(trainer.epochRows).toHaveCount(0);
    await expect(page.locator('.chart')).not.toContainText('NaN');
    await expect(page.locator('main')).not.toContainText('NaN%');
    await trainer.drawOne();
    await expect(trainer.predictionText).toBeVisible();
  });

  test('a missing data file is named, and Retry works once it is back, without a reload', async ({ trainer, page }) => {
    await page.route('**/data/mnist-train-labels.idx1*', (route) => route.fulfill({ status: 404, body: 'not here' }));
    await trainer.goto('backend=wasm&samples=1000&epochs=1');
    await trainer.trainButton.click();
    await expect(trainer.alert).toContainText('mnist-train-labels.idx1 the server answered 404');
    await expect(trainer.alert).toContainText('click Retry');
    await page.unroute('**/data/mnist-train-labels.idx1*');
    await page.getByRole('button', { name: 'Retry' }).click();
    await expect(trainer.testAccuracy).toBeVisible({ timeout: 120_000 });
  });

  test('a file cut short or not what it claims is named with its problem', async ({ trainer, page }) => {
    await page.route('**/data/mnist-test-labels.idx1*', (route) => route.fulfill({ status: 200, body: Buffer.alloc(5000) }));
    await page.route('**/data/mnist-test-images.png*', (route) => route.fulfill({ status: 200, body: Buffer.alloc(1706768, 7) }));
    await trainer.goto('backend=wasm&samples=1000&epochs=1');
    await trainer.trainButton.click();
    await expect(trainer.alert).toContainText(
      /mnist-test-(labels\.idx1 cut short: 5000 of 10008 bytes|images\.png is not a decodable PNG)/,
    );
    await page.unroute('**/data/mnist-test-labels.idx1*');
    await trainer.trainButton.click();
    await expect(trainer.alert).toContainText('mnist-test-images.png is not a decodable PNG image (corrupt or cut short)');
    await page.unroute('**/data/mnist-test-images.png*');
    // The training split is verified and kept by now; the test split is fetched again.
    await page.route('**/data/mnist-test-labels.idx1*', async (route) => {
      const real = await (await route.fetch()).body();
      real[3] = 3; // an image-file magic number in a label file
      await route.fulfill({ status: 200, body: real });
    });
    await trainer.trainButton.click();
    await expect(trainer.alert).toContainText('mnist-test-labels.idx1 not an IDX label file (magic number 2051, expected 2049)');
    await page.unroute('**/data/mnist-test-labels.idx1*');
    await trainer.trainToEnd();
  });

  test('data loaded once is kept: a second visit downloads no sprite and trains with the data server gone', async ({
    trainer,
    page,
    requests,
  }) => {
    await trainer.goto('backend=wasm&samples=1000&epochs=1');
    await trainer.trainToEnd();
    const first = requests.filter((r) => /\.(png|idx1)\?/.test(r.url())).length;
    expect(first).toBe(4);
    await page.route(/\.(png|idx1)\?/, (route) => route.abort('internetdisconnected'));
    await page.route('**/data/manifest.json', (route) => route.abort('internetdisconnected'));
    await trainer.goto('backend=wasm&samples=1000&epochs=1');
    await trainer.trainToEnd();
  });

  test('double-clicking Train starts one run; Train during a run restarts cleanly', async ({ trainer, page, requests }) => {
    await trainer.goto('backend=wasm&samples=60000&epochs=2');
    await trainer.trainButton.dblclick();
    await expect(page.getByText(/^Training: epoch 1\/2/)).toBeVisible({ timeout: 60_000 });
    expect(requests.filter((r) => r.url().includes('manifest.json'))).toHaveLength(1);
    await trainer.typeSetting('Training samples', '2000');
    // A setting changed during a run does not touch the run: it still walks 1,875 batches of 60,000.
    await expect(page.getByText(/^Training: epoch 1\/2, batch \d+\/1875$/)).toBeVisible();
    await trainer.trainButton.click();
    await expect(trainer.testAccuracy).toBeVisible({ timeout: 120_000 });
    await expect(trainer.epochRows).toHaveCount(2);
    await expect(page.getByText(/batch \d+\/62/)).toHaveCount(0); // status says Done, not a stale batch
    await expect(page.getByText('Done.')).toBeVisible();
  });

  test('Stop during data loading works, and the next Train runs', async ({ trainer, page }) => {
    await page.route('**/data/mnist-train-images.png*', async (route) => {
      await new Promise((r) => setTimeout(r, 1500)); // a slow network
      await route.continue();
    });
    await trainer.goto('backend=wasm&samples=1000&epochs=1');
    await trainer.trainButton.click();
    await expect(page.getByText(/^Loading data/)).toBeVisible();
    await trainer.stopButton.click();
    await expect(page.getByText('Stopped before training began.')).toBeVisible({ timeout: 30_000 });
    await page.waitForTimeout(600);
    await trainer.trainToEnd();
  });

  test('an exception inside the worker reaches the page, and a fresh worker trains next', async ({ trainer, page }) => {
    await trainer.goto('backend=wasm&samples=1000&epochs=1');
    await expect.poll(() => page.workers().length).toBe(1);
    await page.workers()[0].evaluate(() =>
      setTimeout(() => {
        throw new Error('injected fault');
      }),
    );
    await expect(trainer.alert).toContainText('The training worker crashed');
    await expect(trainer.alert).toContainText('injected fault');
    await trainer.trainToEnd();
  });

  test('a WebGPU device lost during training ends the run with a message, and the next run uses another backend', async ({
    trainer,
    page,
  }) => {
    test.setTimeout(300_000);
    // The page prepares its backend as soon as it is idle: start on Wasm, hook the worker, then choose WebGPU.
    await trainer.goto('backend=wasm&samples=2000&epochs=3&lr=3');
    await expect.poll(() => page.workers().length).toBe(1);
    // Test-only: keep a handle on the GPUDevice that TF.js will request, so that the test can destroy it.
    await page.workers()[0].evaluate(() => {
      const devices: GPUDevice[] = [];
      (self as unknown as { devices: GPUDevice[] }).devices = devices;
      const original = GPUAdapter.prototype.requestDevice;
      GPUAdapter.prototype.requestDevice = async function (this: GPUAdapter, descriptor?: GPUDeviceDescriptor) {
        const device = await original.call(this, descriptor);
        devices.push(device);
        return device;
      };
    });
    await page.getByRole('combobox', { name: 'Backend' }).selectOption('webgpu');
    await trainer.trainButton.click();
    await expect(page.getByText(/^Training: epoch 1\/3/)).toBeVisible({ timeout: 120_000 });
    await expect(trainer.backendName).toHaveText('WebGPU');
    await page.workers()[0].evaluate(() => (self as unknown as { devices: GPUDevice[] }).devices.forEach((d) => d.destroy()));
    await expect(trainer.alert).toContainText('The GPU device was lost during training');
    await expect(trainer.alert).toContainText('the next run uses another backend');
    await trainer.trainToEnd(240_000);
    await expect(page.getByText('WebGPU not used: it failed earlier in this session')).toBeVisible();
    await expect(trainer.backendName).not.toHaveText('WebGPU');
  });

  test('a backend that fails to start falls back to the next, with the reason shown', async ({ trainer, page }) => {
    await trainer.goto('backend=wasm&samples=1000&epochs=1&lr=3');
    await expect.poll(() => page.workers().length).toBe(1);
    // Test-only: this worker's browser "has no WebGPU". Then the learner asks for WebGPU.
    await page.workers()[0].evaluate(() => Object.defineProperty(navigator, 'gpu', { value: undefined }));
    await page.getByRole('combobox', { name: 'Backend' }).selectOption('webgpu');
    await trainer.trainToEnd();
    await expect(trainer.backendName).toHaveText('WebGL');
    await expect(page.getByText('the first that started')).toBeVisible();
    await expect(page.getByText('WebGPU not used: this browser has no WebGPU (navigator.gpu is missing)')).toBeVisible();
  });

  test('the tensor count stays flat over 10 epochs and 3 consecutive runs', async ({ trainer, page }) => {
    await trainer.goto('backend=wasm&samples=1000&epochs=10&lr=1');
    const counts: string[] = [];
    for (let run = 0; run < 3; run++) {
      await page.waitForTimeout(600);
      await trainer.trainToEnd();
      const line = await page.getByText(/^Tensors in memory after each epoch: /).innerText();
      const numbers = line.replace(/^.*: /, '').split(', ');
      expect(numbers).toHaveLength(10);
      expect(new Set(numbers).size, `tensors after each epoch: ${line}`).toBe(1);
      counts.push(numbers[0]);
    }
    expect(new Set(counts).size, `tensors after each run: ${counts.join(', ')}`).toBe(1);
  });

  test('a full session talks to no other origin; the page sends a strict Content-Security-Policy', async ({ trainer, page, requests }) => {
    const response = await trainer.goto('backend=wasm&samples=2000&epochs=1&lr=3');
    const csp = response!.headers()['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toContain("default-src 'self'");
    await trainer.trainToEnd();
    await trainer.drawOne();
    await expect(trainer.predictionText).toBeVisible();
    const origin = new URL(page.url()).origin;
    const foreign = requests.map((r) => r.url()).filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
    expect(foreign).toEqual([]);
    expect(requests.length).toBeGreaterThan(5);
  });
});
