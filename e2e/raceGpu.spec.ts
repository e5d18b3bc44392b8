import { expect, test } from './fixtures';

test.describe('a race on one GPU device', () => {
  test('variants batched into the same kernels on WebGPU each train exactly as alone (3 learning rates, 3 steps)', async ({
    trainer,
    page,
  }) => {
    test.setTimeout(420_000);
    const rates = [0.5, 2, 5];
    const solo: number[] = [];
    for (const lr of rates) {
      await trainer.goto(`backend=webgpu&lr=${lr}&samples=100&epochs=1`);
      await trainer.trainToEnd(240_000);
      solo.push((await trainer.epochLosses())[0]);
    }
    await trainer.goto(`backend=webgpu&samples=100&epochs=1&race=lr:${rates.join(',')}`);
    await expect(page.getByText(/^Ready: WebGPU/)).toBeVisible({ timeout: 120_000 });
    await page.getByRole('button', { name: 'Race', exact: true }).click();
    const table = page.getByRole('table', { name: 'Race variants' });
    await expect(table).toHaveAttribute('data-status', 'ended', { timeout: 300_000 });
    await expect(table).toHaveAttribute('data-path', 'batched');
    // What the worker reports it did: 9 variant steps, carried by fewer batched calls.
    await expect(table).toHaveAttribute('data-variant-steps', '9');
    expect(Number(await table.getAttribute('data-batched-calls'))).toBeLessThan(9);
    const raced = await table
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => (JSON.parse(r.getAttribute('data-losses') ?? '[]') as number[])[0]));
    expect(raced).toHaveLength(3);
    raced.forEach((loss, i) => expect(Math.abs(loss - solo[i]), `lr ${rates[i]}: ${loss} vs ${solo[i]}`).toBeLessThan(1e-4));
  });
});
