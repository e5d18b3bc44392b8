import { describe, expect, it } from 'vitest';
import { CHAPTER_RULE } from './stepRule';
import type { StepEngine } from './engine';
import { rangeRate, rangeTest, RANGE_TEST, steepestRate, type RangePoint } from './lrFinder';

/** An engine whose loss at each step is a function of the rate it is given. */
function engineOf(loss: (lr: number, step: number) => number): StepEngine & { rates: number[] } {
  let last = 0;
  const rates: number[] = [];
  return {
    rates,
    params: {} as StepEngine['params'],
    rule: CHAPTER_RULE,
    preferredSteps: () => 1,
    startEpoch: () => 1000,
    run: (first, _count, rate) => {
      rates.push(rate);
      last = loss(rate, first);
    },
    readWindowLoss: async () => last,
    readEpochLoss: async () => 0,
    endEpoch: () => undefined,
    snapshot: () => ({ restore: async () => undefined, release: () => undefined }),
    optimizerState: () => null,
    batchAt: () => null,
    lastW1Update: () => null,
    dispose: () => undefined,
  };
}

const options = (signal = new AbortController().signal) => ({ signal, onPoint: () => undefined, yieldToHost: () => Promise.resolve() });

describe('the learning-rate range test', () => {
  it('grows the rate exponentially from 1e-4 towards 100 over 200 batches (fastai: the last batch at 93.3)', () => {
    expect(rangeRate(0)).toBe(1e-4);
    expect(rangeRate(100)).toBeCloseTo(0.1, 10);
    expect(rangeRate(199)).toBeCloseTo(93.3, 1);
  });

  it('smooths the loss with a debiased EMA and stops once it exceeds 4× its minimum', async () => {
    // Flat at 1, falls to 0.2 between 0.01 and 1, then explodes past 10.
    const curve = (lr: number) => (lr < 0.01 ? 1 : lr < 1 ? 1 - (0.8 * (Math.log10(lr) + 2)) / 2 : lr < 10 ? 0.2 : 0.2 * lr ** 2);
    const engine = engineOf(curve);
    const { points, stoppedBy } = await rangeTest(engine, 1000, options());
    expect(stoppedBy).toBe('four-times-minimum');
    const min = Math.min(...points.slice(0, -1).map((p) => p.smoothed));
    expect(points.at(-1)!.smoothed).toBeGreaterThan(RANGE_TEST.stopFactor * min);
    expect(points[0].smoothed).toBeCloseTo(1, 10); // debiased: the first smoothed value is the first loss
    // the suggestion falls where the curve falls fastest per log lr: between 0.01 and 1
    const suggestion = steepestRate(points)!;
    expect(suggestion).toBeGreaterThan(0.01);
    expect(suggestion).toBeLessThan(1);
  });

  it('stops at a loss that is not finite (the chapter’s softmax overflows before 4×), and can be cancelled', async () => {
    const nan = await rangeTest(
      engineOf((lr) => (lr > 5 ? NaN : 0.2)),
      1000,
      options(),
    );
    expect(nan.stoppedBy).toBe('not-finite');
    expect(nan.points.at(-1)!.lr).toBeGreaterThan(5);
    const controller = new AbortController();
    const engine = engineOf(() => 0.2);
    const cancelled = await rangeTest(engine, 1000, {
      ...options(controller.signal),
      onPoint: (_p: RangePoint, i: number) => i === 9 && controller.abort(),
    });
    expect(cancelled).toMatchObject({ stoppedBy: 'cancelled' });
    expect(cancelled.points).toHaveLength(10);
    const short = await rangeTest(
      engineOf(() => 0.2),
      50,
      options(),
    );
    expect(short).toMatchObject({ stoppedBy: 'end' });
    expect(short.points).toHaveLength(50); // an epoch shorter than 200 batches ends the test
  });

  it('suggests nothing from too few points (the first 20 and last 5 are left out)', () => {
    const points = Array.from({ length: 24 }, (_, i) => ({ lr: rangeRate(i), loss: 0.2, smoothed: 0.2 }));
    expect(steepestRate(points)).toBeNull();
  });
});
