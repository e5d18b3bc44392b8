import type { StepEngine } from './engine';

/** fastai's learning-rate range test, as lr_find runs it (shared/notes/one-step-what-if-race.md; docs/pytorch-calibration.md). */
export const RANGE_TEST = {
  start: 1e-4,
  end: 100,
  /** At most this many batches; batch i trains at start · (end / start)^(i / maxBatches) (fastai's SchedExp). */
  maxBatches: 200,
  /** fastai's AvgSmoothLoss. */
  beta: 0.98,
  /** Stops once the smoothed loss exceeds this many times its minimum so far. */
  stopFactor: 4,
  /** Points left out of the suggestion: the first tenth of the schedule and the last five, as fastai does. */
  skipEnd: 5,
} as const;

export interface RangePoint {
  lr: number;
  loss: number;
  smoothed: number;
}

export type RangeStop = 'end' | 'four-times-minimum' | 'not-finite' | 'cancelled';

/** The rate of batch i of the schedule. */
export const rangeRate = (i: number, batches = RANGE_TEST.maxBatches) =>
  RANGE_TEST.start * (RANGE_TEST.end / RANGE_TEST.start) ** (i / batches);

/**
 * fastai's 'steep' suggestion: the rate at the left end of the steepest fall of the smoothed loss
 * per unit of log lr, over the points without the first tenth of the schedule and the last five,
 * cut at the first non-finite loss. Null when fewer than two points remain.
 */
export function steepestRate(points: RangePoint[], batches = RANGE_TEST.maxBatches): number | null {
  const finite = points.findIndex((p) => !Number.isFinite(p.smoothed) || !Number.isFinite(p.loss));
  const kept = (finite < 0 ? points : points.slice(0, finite)).slice(Math.floor(batches / 10), -RANGE_TEST.skipEnd);
  if (kept.length < 2) return null;
  let best = 0;
  let steepest = Infinity;
  for (let j = 0; j + 1 < kept.length; j++) {
    const slope = (kept[j + 1].smoothed - kept[j].smoothed) / (Math.log(kept[j + 1].lr) - Math.log(kept[j].lr));
    if (slope < steepest) {
      steepest = slope;
      best = j;
    }
  }
  return kept[best].lr;
}

/**
 * Runs the range test on an engine whose epoch has begun: one step per batch at a rate that grows
 * exponentially, the loss read after each (a sweep, not a run: the loop driver's windows and
 * snapshots have no place here), smoothed, and stopped when it exceeds four times its minimum or
 * stops being finite. The engine's weights are the caller's to throw away.
 */
export async function rangeTest(
  engine: StepEngine,
  batches: number,
  options: { signal: AbortSignal; onPoint(point: RangePoint, index: number): void; yieldToHost(): Promise<void> },
): Promise<{ points: RangePoint[]; stoppedBy: RangeStop }> {
  const count = Math.min(batches, RANGE_TEST.maxBatches);
  const points: RangePoint[] = [];
  let average = 0;
  let minimum = Infinity;
  let lastYield = performance.now();
  for (let i = 0; i < count; i++) {
    if (options.signal.aborted) return { points, stoppedBy: 'cancelled' };
    const lr = rangeRate(i);
    const pending = engine.run(i, 1, lr);
    if (pending) await pending;
    const loss = await engine.readWindowLoss();
    average = RANGE_TEST.beta * average + (1 - RANGE_TEST.beta) * loss;
    const smoothed = average / (1 - RANGE_TEST.beta ** (i + 1));
    const point = { lr, loss, smoothed };
    points.push(point);
    options.onPoint(point, i);
    if (!Number.isFinite(loss) || !Number.isFinite(smoothed)) return { points, stoppedBy: 'not-finite' };
    if (i > 0 && smoothed > RANGE_TEST.stopFactor * minimum) return { points, stoppedBy: 'four-times-minimum' };
    minimum = Math.min(minimum, smoothed);
    if (performance.now() - lastYield > 15) {
      await options.yieldToHost();
      lastYield = performance.now();
    }
  }
  return { points, stoppedBy: 'end' };
}
