import * as tf from '@tensorflow/tfjs';
import { placeSplit, subsetIndices } from '../data/batches';
import { createParams, disposeParams, initialValues } from '../model/network';
import { RANGE_TEST, rangeTest, steepestRate } from '../model/lrFinder';
import type { WorkerContext } from './context';
import { createEngine } from './engines';
import type { LrFinderPoint, RunConfig } from './protocol';
import { yieldToEventLoop } from './run';

/** How often the page hears of new points. */
const PROGRESS_MS = 100;

/**
 * The learning-rate range test for these settings: from the seed's initial weights (the ones a run
 * with these settings starts from, made apart from the current weights, which it never touches),
 * over the seed's first shuffle of the training samples, with the settings' activation, optimiser
 * and decay (TF.js steps: the sweep reads every step's loss). Answers with lr-progress messages and
 * one lr-found, or a failure.
 */
export async function findLearningRate(
  ctx: WorkerContext,
  requestId: number,
  config: RunConfig,
  dataUrl: string,
  signal: AbortSignal,
): Promise<void> {
  const { post, prep } = ctx;
  if (ctx.runActive()) {
    post({ type: 'request-failed', requestId, request: 'find-lr', failure: { kind: 'run-active' } });
    return;
  }
  const { train } = await prep.loadData(dataUrl);
  await ctx.ensureBackend();
  await prep.exclusive(async () => {
    // A Train that started while the data loaded owns the backend now: the range test waits for another time.
    if (ctx.runActive()) {
      post({ type: 'request-failed', requestId, request: 'find-lr', failure: { kind: 'run-active' } });
      return;
    }
    const started = performance.now();
    const rows = subsetIndices(train.count, config.samples, config.seed);
    const placed = placeSplit(train, rows, tf.getBackend());
    const arch = { hidden1: config.hidden1, hidden2: config.hidden2 };
    const params = createParams(arch, initialValues(arch, config.seed, config.init));
    // TF.js steps always: the range test reads the loss after every batch.
    const engine = await createEngine('tfjs', params, config, { split: train, rows, placed });
    try {
      const batches = engine.startEpoch(0);
      const total = Math.min(batches, RANGE_TEST.maxBatches);
      let fresh: LrFinderPoint[] = [];
      let lastPost = performance.now();
      const { points, stoppedBy } = await rangeTest(engine, batches, {
        signal,
        yieldToHost: yieldToEventLoop,
        onPoint: (point) => {
          fresh.push(point);
          if (performance.now() - lastPost >= PROGRESS_MS) {
            post({ type: 'lr-progress', requestId, points: fresh, total });
            fresh = [];
            lastPost = performance.now();
          }
        },
      });
      post({
        type: 'lr-found',
        requestId,
        result: { points, stoppedBy, suggestion: steepestRate(points), seconds: (performance.now() - started) / 1000 },
      });
    } finally {
      engine.endEpoch();
      engine.dispose();
      disposeParams(params);
      placed.dispose();
    }
  });
}
