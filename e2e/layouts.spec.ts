import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Page } from '@playwright/test';
import { checkExport, exportWeights, requirePython, safetensors } from './exportedFile';
import { expect, test, TrainerPage } from './fixtures';

const SCRIPTS = join(import.meta.dirname, '..', 'scripts');
const RELU = 'act=relu&init=he&lr=1&samples=5000&epochs=1&backend=wasm';
const TANH = 'act=tanh&init=xavier&lr=0.3&samples=5000&epochs=1&backend=wasm';
const SEQUENTIAL_OPTION = 'nn.Sequential (0.weight … 4.bias)';

/** A fresh browser (no stored runs) on the Runs view with these settings. */
async function freshPage(page: Page, query: string): Promise<TrainerPage> {
  const other = new TrainerPage(await page.context().browser()!.newPage());
  await other.page.goto(new URL(`/?${query}`, page.url()).href);
  await other.openView('Runs');
  return other;
}

const importedStatus = (trainer: TrainerPage) => trainer.weightsMessage.getByRole('status').filter({ hasText: 'Layout:' });

/** The optional check in real PyTorch: TORCH_PYTHON names a python3 with torch and safetensors (not in CI). */
function runSnippetInTorch(snippet: string, weightsPath: string): { testAccuracy: number; model: string } | null {
  const python = process.env.TORCH_PYTHON;
  if (!python) return null;
  const file = test.info().outputPath('snippet.py');
  writeFileSync(file, snippet);
  return JSON.parse(execFileSync(python, [join(SCRIPTS, 'check-snippet.py'), file, dirname(weightsPath)], { encoding: 'utf8' }));
}

test.describe('PyTorch’s usual layout, both ways', () => {
  test('a ReLU run exports in both layouts, evaluates in NumPy to the page’s accuracy, and comes back from Python’s nn.Sequential and fc1/fc2/fc3', async ({
    trainer,
    page,
  }) => {
    requirePython();
    await trainer.goto(RELU);
    await trainer.trainToEnd();
    const accuracy = await trainer.testAccuracyPercent();
    const snippetCode = trainer.weightsMessage.locator('pre code');

    const chapter = await test.step('the chapter’s names (default): NumPy with ReLU from the metadata', async () => {
      const { path, name } = await exportWeights(trainer, 'the chapter’s names (W_1 … b_3)');
      expect(name).toMatch(/^mnist-mlp-100-50-\d{4}-\d\d-\d\d\.safetensors$/);
      const result = checkExport(path);
      console.log(`ReLU run, the chapter's names: NumPy ${result.testAccuracy}%, page ${accuracy}%`);
      expect(result).toMatchObject({ layout: 'chapter', activation: 'relu', activationFrom: 'metadata' });
      expect(result.metadata).toMatchObject({ activation: 'relu', init: 'he', optimizer: 'sgd', weight_decay: '0' });
      expect(result.metadata.layout).toContain('logits = relu(relu(x @ W_1.T + b_1) @ W_2.T + b_2) @ W_3.T + b_3');
      expect(Math.abs(result.testAccuracy - accuracy)).toBeLessThanOrEqual(0.02);
      expect(result.fingerprintDifference).toBeLessThan(1e-3);
      await expect(snippetCode).toContainText('return torch.relu(torch.relu(x @ W_1.T + b_1) @ W_2.T + b_2) @ W_3.T + b_3');
      const torch = runSnippetInTorch(await snippetCode.innerText(), path);
      if (torch) console.log(`The page's snippet in PyTorch ${JSON.stringify(torch)}`);
      if (torch) expect(Math.abs(torch.testAccuracy - accuracy)).toBeLessThanOrEqual(0.02);
      return path;
    });

    await test.step('nn.Sequential: 0.weight … 4.bias with (n) biases, the snippet builds the matching nn.Sequential', async () => {
      const { path, name } = await exportWeights(trainer, SEQUENTIAL_OPTION);
      expect(name).toMatch(/^mnist-mlp-100-50-sequential-\d{4}-\d\d-\d\d\.safetensors$/);
      await expect(page.getByText(`Saved ${name}`)).toBeVisible();
      const result = checkExport(path);
      console.log(`ReLU run, nn.Sequential: NumPy ${result.testAccuracy}%, page ${accuracy}%`);
      expect(result.layout).toBe('sequential');
      expect(result.shapes).toEqual({
        '0.weight': [100, 784],
        '0.bias': [100],
        '2.weight': [50, 100],
        '2.bias': [50],
        '4.weight': [10, 50],
        '4.bias': [10],
      });
      expect(Math.abs(result.testAccuracy - accuracy)).toBeLessThanOrEqual(0.02);
      expect(result.fingerprintDifference).toBeLessThan(1e-3);
      await expect(snippetCode).toContainText(
        'model = nn.Sequential(nn.Linear(784, 100), nn.ReLU(), nn.Linear(100, 50), nn.ReLU(), nn.Linear(50, 10))',
      );
      await expect(snippetCode).toContainText(`model.load_state_dict(load_file("${basename(path)}"))`);
      const torch = runSnippetInTorch(await snippetCode.innerText(), path);
      if (torch) console.log(`The page's snippet in PyTorch ${JSON.stringify(torch)}`);
      if (torch) expect(Math.abs(torch.testAccuracy - accuracy)).toBeLessThanOrEqual(0.02);
    });

    await test.step('Python re-saves the weights as a PyTorch user would (no metadata); each imports with Python’s accuracy', async () => {
      const sequential = test.info().outputPath('from-python-sequential.safetensors');
      const fc = test.info().outputPath('from-python-fc.safetensors');
      execFileSync('python3', [join(SCRIPTS, 'resave-weights.py'), chapter, sequential, 'sequential']);
      execFileSync('python3', [join(SCRIPTS, 'resave-weights.py'), chapter, fc, 'fc']);
      const python = checkExport(sequential, 'relu');
      expect(python).toMatchObject({ layout: 'sequential', activationFrom: 'flag', metadata: {} });
      const other = await freshPage(page, RELU);
      try {
        for (const [file, layout] of [
          [sequential, 'Layout: nn.Sequential (0, 2, 4).'],
          [fc, 'Layout: fc1/fc2/fc3 by shape.'],
        ]) {
          await other.importInput.setInputFiles(file);
          await expect(importedStatus(other)).toHaveText(
            `${layout} Activation: ReLU, from the Activation setting: set it before importing if your model used another.`,
          );
          const imported = await other.testAccuracyPercent();
          console.log(`${basename(file)} (ReLU from the setting): page ${imported}%, Python ${python.testAccuracy}%`);
          expect(Math.abs(imported - python.testAccuracy)).toBeLessThanOrEqual(0.02);
          await expect(other.runItems.first()).toContainText(`imported ${basename(file)}, 100-50`);
        }
      } finally {
        await other.page.close();
      }
      // With the chapter's sigmoid set, the same file is another network: the page uses the setting, as it says.
      const asSigmoid = checkExport(sequential, 'sigmoid');
      const chapterSetting = await freshPage(page, 'backend=wasm');
      try {
        await chapterSetting.importInput.setInputFiles(sequential);
        await expect(importedStatus(chapterSetting)).toContainText('Activation: sigmoid, from the Activation setting');
        const imported = await chapterSetting.testAccuracyPercent();
        console.log(`The same file with sigmoid from the setting: page ${imported}%, Python ${asSigmoid.testAccuracy}%`);
        expect(Math.abs(imported - asSigmoid.testAccuracy)).toBeLessThanOrEqual(0.02);
        expect(Math.abs(asSigmoid.testAccuracy - python.testAccuracy)).toBeGreaterThan(1);
      } finally {
        await chapterSetting.page.close();
      }
    });
  });

  test('a tanh run exported as nn.Sequential evaluates in NumPy to the page’s accuracy and imports with tanh from its metadata', async ({
    trainer,
    page,
  }) => {
    requirePython();
    await trainer.goto(TANH);
    await trainer.trainToEnd();
    const accuracy = await trainer.testAccuracyPercent();
    const { path } = await exportWeights(trainer, SEQUENTIAL_OPTION);
    const result = checkExport(path);
    console.log(`tanh run, nn.Sequential: NumPy ${result.testAccuracy}%, page ${accuracy}%`);
    expect(result).toMatchObject({ layout: 'sequential', activation: 'tanh', activationFrom: 'metadata' });
    expect(result.metadata).toMatchObject({ init: 'xavier', optimizer: 'sgd', weight_decay: '0' });
    expect(result.metadata.layout).toMatch(/^nn\.Sequential\(nn\.Linear\(784, 100\), nn\.Tanh\(\), /);
    expect(Math.abs(result.testAccuracy - accuracy)).toBeLessThanOrEqual(0.02);
    await expect(trainer.weightsMessage.locator('pre code')).toContainText('nn.Tanh()');
    const torch = runSnippetInTorch(await trainer.weightsMessage.locator('pre code').innerText(), path);
    if (torch) console.log(`The page's snippet in PyTorch ${JSON.stringify(torch)}`);
    if (torch) expect(Math.abs(torch.testAccuracy - accuracy)).toBeLessThanOrEqual(0.02);

    // Another learner with the chapter's settings (sigmoid): the file's metadata says tanh.
    const other = await freshPage(page, 'backend=wasm');
    try {
      await other.importInput.setInputFiles(path);
      await expect(importedStatus(other)).toHaveText("Layout: nn.Sequential (0, 2, 4). Activation: tanh, from the file's metadata.");
      await expect(other.testAccuracy).toHaveText(`Test accuracy: ${accuracy.toFixed(2)}%`);
    } finally {
      await other.page.close();
    }
  });

  test('files whose shapes do not chain, or chain more than one way, are refused naming the layout expected', async ({ trainer, page }) => {
    /** A safetensors file of zeros with these F32 shapes. */
    const zeros = (shapes: Record<string, number[]>) =>
      safetensors(
        Object.entries(shapes).map(([name, shape]) => ({ name, shape, data: new Float32Array(shape.reduce((x, y) => x * y, 1)) })),
      );
    const cases: [string, Record<string, number[]>, string][] = [
      [
        'sequential-transposed.safetensors',
        { '0.weight': [8, 784], '0.bias': [8], '2.weight': [8, 4], '2.bias': [4], '4.weight': [10, 4], '4.bias': [10] },
        'The file was not imported: 2.weight has shape (8, 4); after 0.weight (8, 784) it must be (H2, 8): the shapes do not chain. Expected nn.Sequential (0, 2, 4) of three nn.Linear layers: 0.weight (H1, 784), 0.bias (H1), 2.weight (H2, H1), 2.bias (H2), 4.weight (10, H2), 4.bias (10). The current weights stay.',
      ],
      [
        'fc-no-chain.safetensors',
        { 'fc1.weight': [8, 784], 'fc1.bias': [8], 'fc2.weight': [4, 6], 'fc2.bias': [4], 'fc3.weight': [10, 4], 'fc3.bias': [10] },
        'The file was not imported: no order of its weights fc1.weight (8, 784), fc2.weight (4, 6), fc3.weight (10, 4) chains 784 → H1 → H2 → 10. Expected three modules with a weight and a bias each (nn.Linear; here fc1, fc2, fc3), whose weights chain by shape',
      ],
      [
        'ambiguous.safetensors',
        { hidden_a: [8, 784], shift_a: [8], hidden_b: [8, 8], shift_b: [8], readout: [10, 8], readout_shift: [10] },
        "The file was not imported: its shapes fit more than one way (b_1 could be shift_a or shift_b; b_2 could be shift_a or shift_b), and its names do not say which is which. Expected six tensors told apart by shape: weights (H1, 784), (H2, H1), (10, H2) and biases (H1), (H2), (10), with H1, H2 and 10 all different. Save it as nn.Sequential (0.weight … 4.bias) or with the chapter's names to say which is which.",
      ],
    ];
    await trainer.goto('backend=wasm');
    await trainer.openView('Runs');
    const alert = page.getByRole('alert').filter({ hasText: 'The file was not imported' });
    for (const [name, shapes, words] of cases) {
      await trainer.importInput.setInputFiles({ name, mimeType: 'application/octet-stream', buffer: zeros(shapes) });
      await expect(alert, name).toContainText(words);
      await expect(alert).toContainText('The current weights stay.');
    }
    await expect(trainer.runs.getByText('No runs yet.')).toBeVisible(); // nothing was imported
    // The same shapes under nn.Sequential's names are not ambiguous: the names say which bias is which.
    const named = zeros({
      '0.weight': [8, 784],
      '0.bias': [8],
      '2.weight': [8, 8],
      '2.bias': [8],
      '4.weight': [10, 8],
      '4.bias': [10],
    });
    await trainer.importInput.setInputFiles({ name: 'named.safetensors', mimeType: 'application/octet-stream', buffer: named });
    await expect(importedStatus(trainer)).toContainText(
      'Layout: nn.Sequential (0, 2, 4). Activation: sigmoid, from the Activation setting',
    );
    await expect(trainer.runItems.first()).toContainText('imported named.safetensors, 8-8');
  });
});
