import type { Locator, Page } from '@playwright/test';

// The One step view's page object, beside fixtures.ts (which is at its 300 lines).

/** The One step view's explainer, through its accessible roles and names. */
export class StepExplainer {
  constructor(readonly page: Page) {}
  get view() {
    return this.page.getByRole('region', { name: 'One step', exact: true });
  }
  /** The line that says which batch is explained, its size and its loss. */
  get summary() {
    return this.view.getByText(/^(Batch \d+ of epoch \d+|Test image #\d+|The drawing on the pad).*; loss \S+\.$/);
  }
  /** The explained loss as the page writes it (four decimals, as the run bar's Step line). */
  async loss(): Promise<string> {
    return (await this.summary.innerText()).match(/; loss (\S+)\.$/)![1];
  }
  stage(name: 'Forward' | 'Loss' | 'Backward' | 'Update') {
    return this.view.getByRole('tab', { name: new RegExp(`^\\d\\. ${name}$`) });
  }
  /** The stage's panel, once its tensors are drawn. */
  get stagePanel() {
    return this.view.getByRole('tabpanel');
  }
  get applyButton() {
    return this.view.getByRole('button', { name: 'Apply this step' });
  }
  /** Each parameter gradient's check against autodiff ("W_1.grad matches autodiff: max |Δ| 7.3e−11 …"). */
  get autodiffChecks() {
    return this.view.getByText(/^\S+\.grad (matches|differs from) autodiff: max \|Δ\| /);
  }
  /** What a picture's readout says: the element under the pointer or the cursor. */
  async readout(picture: Locator): Promise<Locator> {
    const id = await picture.getAttribute('aria-describedby');
    return this.page.locator(`[id="${id}"]`);
  }
  /** A canvas of the explainer by its tensor's name, e.g. 'W_1.grad' or 'features'. */
  picture(name: string) {
    return this.view.getByRole('img', { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[:,] `) });
  }
}

/** A number as the explainer writes it (a true minus sign, "e−4"). */
export const pageNumber = (text: string) => Number(text.replaceAll('\u2212', '-'));
