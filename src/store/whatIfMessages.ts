/**
 * The page's words for the what-if settings and the learning-rate finder (the rest are in
 * messages.ts, which grew past one screen): the worker reports the range test's points and why it
 * stopped; these sentences say it. Tested in whatIfMessages.test.ts.
 */
import { RANGE_TEST } from '../model/lrFinder';
import type { LrFinderResult } from '../worker/protocol';
import { formatSetting } from './settings';

/** A setting changed while a run goes: what the next run uses, and what this one uses. */
export const nextRunText = (next: string, current: string) => `Next run: ${next} (this run: ${current})`;

/** Beside the Optimiser: what keeps the optimiser's state and what starts it afresh. */
export const OPTIMIZER_STATE_TEXT =
  "Pause, and the rollback after a diverged batch, keep the optimiser's state (momentum's velocity, Adam's moments and step count); “Use weights” and every new run start it afresh.";

/** The what-if group's line when folded: the chapter's choices, or the ones that differ. */
export const whatIfSummaryText = (changed: string[]) =>
  changed.length ? `Changed: ${changed.join(', ')}` : "The chapter's: sigmoid, std 0.1, SGD, wd 0";

/** The range test's suggestion rule, named where the suggestion is shown. */
export const LR_FINDER_RULE = "steepest descent of the smoothed loss, fastai's 'steep'";

export const LR_FINDER_DURING_RUN = 'Not during a run: the test would share the worker with it. Available again when the run ends.';

const rate = (lr: number) => formatSetting(Number(lr.toPrecision(3)));

export function lrFinderProgressText(done: number, total: number): string {
  return total ? `Finding a learning rate: batch ${done} of ${total}` : 'Finding a learning rate: getting the data ready…';
}

/** How the range test ended, with the batch and rate where it stopped. */
export function lrFinderStopText(result: Pick<LrFinderResult, 'stoppedBy' | 'points'>, total: number): string {
  const last = result.points.at(-1);
  const at = last ? ` at batch ${result.points.length}, rate ${rate(last.lr)}` : ' before its first batch';
  switch (result.stoppedBy) {
    case 'end':
      return total >= RANGE_TEST.maxBatches
        ? `It ran all ${total} batches: the smoothed loss never passed 4× its minimum.`
        : `It ran all ${total} batches the training samples make, up to rate ${last ? rate(last.lr) : '–'}: the full range to 100 needs ${RANGE_TEST.maxBatches}.`;
    case 'four-times-minimum':
      return `It stopped${at}: the smoothed loss passed 4× its minimum.`;
    case 'not-finite':
      return `It stopped${at}: the loss overflowed (${last?.loss}: exp of huge logits in the chapter's naive softmax).`;
    case 'cancelled':
      return `You stopped it${at}.`;
  }
}

/** The suggestion, rounded as the setting takes it, or why there is none. */
export function lrFinderSuggestionText(suggestion: number | null, rounded: number | null): string {
  if (suggestion === null || rounded === null)
    return 'No suggestion: it needs at least two points past the first 20 batches and before the last 5.';
  const exact = rate(suggestion);
  const from = exact !== formatSetting(rounded) ? ` (from ${exact})` : '';
  return `Suggested learning rate: ${formatSetting(rounded)}${from}, at the ${LR_FINDER_RULE}.`;
}

/** The settings changed since the test ran: its suggestion belongs to the earlier ones. */
export const lrFinderStaleText = (changed: string[]) =>
  `Found for other settings (${changed.join(', ')} changed since): find again for these.`;
