import { describe, expect, it } from 'vitest';
import type { LrFinderPoint } from '../worker/protocol';
import {
  lrFinderProgressText,
  lrFinderStaleText,
  lrFinderStopText,
  lrFinderSuggestionText,
  nextRunText,
  whatIfSummaryText,
} from './whatIfMessages';

/** n points of the schedule (batch i at 1e-4 · 1e6^(i/200)), the last one changed. */
const points = (n: number, last: Partial<LrFinderPoint> = {}): LrFinderPoint[] =>
  Array.from({ length: n }, (_, i) => ({ lr: 1e-4 * 1e6 ** (i / 200), loss: 0.23, smoothed: 0.23, ...(i === n - 1 ? last : {}) }));

describe('words for the what-if settings', () => {
  it('says what the next run uses while a run goes', () => {
    expect(nextRunText('tanh', 'ReLU')).toBe('Next run: tanh (this run: ReLU)');
  });

  it('says the folded settings are the chapter’s, or which differ', () => {
    expect(whatIfSummaryText([])).toBe("The chapter's: sigmoid, std 0.1, SGD, wd 0");
    expect(whatIfSummaryText(['ReLU', 'Adam', 'wd 0.001'])).toBe('Changed: ReLU, Adam, wd 0.001');
  });
});

describe('words for the learning-rate finder', () => {
  it('counts the batches, once it knows how many', () => {
    expect(lrFinderProgressText(0, 0)).toBe('Finding a learning rate: getting the data ready…');
    expect(lrFinderProgressText(37, 200)).toBe('Finding a learning rate: batch 37 of 200');
  });

  it('says how it stopped, where, and at which rate', () => {
    expect(lrFinderStopText({ stoppedBy: 'end', points: points(200) }, 200)).toBe(
      'It ran all 200 batches: the smoothed loss never passed 4× its minimum.',
    );
    expect(lrFinderStopText({ stoppedBy: 'not-finite', points: points(175, { loss: NaN }) }, 200)).toBe(
      "It stopped at batch 175, rate 16.6: the loss overflowed (NaN: exp of huge logits in the chapter's naive softmax).",
    );
    expect(lrFinderStopText({ stoppedBy: 'four-times-minimum', points: points(150) }, 200)).toBe(
      'It stopped at batch 150, rate 2.95: the smoothed loss passed 4× its minimum.',
    );
    expect(lrFinderStopText({ stoppedBy: 'cancelled', points: points(37) }, 200)).toBe('You stopped it at batch 37, rate 0.0012.');
    expect(lrFinderStopText({ stoppedBy: 'cancelled', points: [] }, 0)).toBe('You stopped it before its first batch.');
  });

  it('says when the training samples make fewer batches than the schedule needs', () => {
    expect(lrFinderStopText({ stoppedBy: 'end', points: points(62) }, 62)).toBe(
      'It ran all 62 batches the training samples make, up to rate 0.00676: the full range to 100 needs 200.',
    );
  });

  it('gives the suggestion as the setting takes it, with the rule, or why there is none', () => {
    expect(lrFinderSuggestionText(26.9, 27)).toBe(
      "Suggested learning rate: 27 (from 26.9), at the steepest descent of the smoothed loss, fastai's 'steep'.",
    );
    expect(lrFinderSuggestionText(0.0042, 0.0042)).toBe(
      "Suggested learning rate: 0.0042, at the steepest descent of the smoothed loss, fastai's 'steep'.",
    );
    expect(lrFinderSuggestionText(null, null)).toBe(
      'No suggestion: it needs at least two points past the first 20 batches and before the last 5.',
    );
  });

  it('says when the settings changed since the test', () => {
    expect(lrFinderStaleText(['Activation', 'Seed'])).toBe(
      'Found for other settings (Activation, Seed changed since): find again for these.',
    );
  });
});
