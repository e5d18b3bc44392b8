import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** The race as a learner sees it: its panel in the Train view, its table, and the experiments in the Runs view. */
export class RaceView {
  constructor(readonly page: Page) {}
  get panel() {
    return this.page.getByRole('region', { name: 'Race', exact: true });
  }
  get raceButton() {
    return this.page.getByRole('button', { name: 'Race', exact: true });
  }
  get table() {
    return this.page.getByRole('table', { name: 'Race variants' });
  }
  get rows() {
    return this.table.locator('tbody tr');
  }
  row(label: string) {
    return this.rows.filter({ has: this.page.getByRole('rowheader', { name: label, exact: true }) });
  }
  get chart() {
    return this.page.getByRole('figure', { name: 'Race: loss of every variant' });
  }
  /** Each variant's epoch losses, in the race's order. */
  async losses(): Promise<number[][]> {
    return await this.rows.evaluateAll((rows) => rows.map((r) => JSON.parse(r.getAttribute('data-losses')!) as number[]));
  }
  async ended(timeout = 180_000) {
    await expect(this.table).toHaveAttribute('data-status', 'ended', { timeout });
  }
  get experiments() {
    return this.page.getByRole('table', { name: 'Experiments', exact: true });
  }
  get scatter() {
    return this.page.getByRole('figure', { name: /^Test accuracy against / });
  }
  get points() {
    return this.scatter.getByRole('button');
  }
  /** A column's values in the experiments table, top to bottom. */
  async column(key: string): Promise<string[]> {
    return await this.experiments.locator(`td[data-key="${key}"]`).evaluateAll((cells) => cells.map((c) => c.getAttribute('data-value')!));
  }
}

/** Nothing of the page is wider than the window: wide tables and charts scroll inside their panels. */
export async function expectNoSidewaysScroll(page: Page, what: string) {
  const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  expect(scroll, `${what}: the page is no wider than the window`).toBeLessThanOrEqual(width);
}

/** The right edge of an element stays inside its panel. */
export async function expectInside(inner: Locator, outer: Locator, what: string) {
  const [a, b] = [await inner.boundingBox(), await outer.boundingBox()];
  expect(a!.x + a!.width, what).toBeLessThanOrEqual(b!.x + b!.width + 1);
}

/** A figure the test saw, in the report and on the console. */
export function note(type: string, description: string) {
  test.info().annotations.push({ type, description });
  console.log(`${type}: ${description}`);
}
