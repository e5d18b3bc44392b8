import type { BrowserContext, Page } from '@playwright/test';

export interface StepViewFigures {
  clickToFirstStageMs: number;
  longestFrameMs: number;
  framesOver50: { start: number; duration: number; scripts: string[] }[];
}
export function instrumentStepView(): void;
export function stepViewFigures(page: Page): Promise<StepViewFigures>;
export function measureStepView(
  context: BrowserContext,
  baseUrl: string,
  options?: { viewport?: { width: number; height: number } },
): Promise<StepViewFigures>;
