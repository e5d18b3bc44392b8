import * as tf from '@tensorflow/tfjs';
import type { MnistSplit } from '../data/sprites';
import type { LoopView } from '../model/driver';
import { disposeParams, readParams, type Params } from '../model/network';
import type { Activation } from '../model/stepRule';
import type { Post, WorkerContext } from './context';
import type { TestSummary, WeightsPayload } from './protocol';

/**
 * Where a run sits: the page's run owns the current weights (the pad, the tiles and the gallery
 * follow its steps, and its end settles them); a race variant trains weights of its own, which it
 * hands to the page when it ends, and leaves the current weights alone.
 */
export interface RunSeat {
  /** The run's messages (a race variant's are wrapped with its race and variant). */
  emit: Post;
  begin(params: Params, activation: Activation, startW1: Float32Array): void;
  /** The weights changed (a step or a read-back). */
  touch(): void;
  evaluateTest(params: Params, activation: Activation, test: MnistSplit): Promise<TestSummary>;
  /** The test summary of the weights as they are now, when already evaluated. */
  knownSummary(): TestSummary | null;
  /** The run ended: its weights as plain arrays, for the page to keep. */
  settle(params: Params): Promise<WeightsPayload | null>;
  /** The run failed before it could settle. */
  abandon(params: Params | null): void;
  /** What the page watches during the run (tiles, the prediction), kept up to date by the owner only. */
  watch(event: { start: LoopView } | 'read-back' | 'paused' | 'stepped'): void;
  /** The tensor count once background work has settled. */
  settledTensorCount(): Promise<number>;
  end(): void;
}

/** The page's run: it owns the current weights. */
export function ownerSeat(ctx: WorkerContext): RunSeat {
  const { post, weights, inspector, views } = ctx;
  return {
    emit: post,
    begin: (params, activation, startW1) => {
      weights.setLive(params, activation);
      inspector.resetFor(startW1);
    },
    touch: () => weights.touch(),
    evaluateTest: (params, activation, test) => inspector.evaluateTest(params, activation, test, weights.version),
    knownSummary: () => inspector.summary(weights.version),
    settle: () => weights.settleLive(),
    abandon: () => weights.abandonLive(),
    watch: (event) => {
      if (typeof event === 'object') {
        views.loop = event.start;
        return;
      }
      if (event === 'read-back') {
        views.onReadBack();
        return;
      }
      if (event === 'paused') views.paused = true;
      views.refreshTiles();
      views.refreshPrediction();
    },
    settledTensorCount: () => views.settledTensorCount(),
    end: () => views.endRun(),
  };
}

/** A race variant: its own weights, evaluated without touching what the page shows. */
export function variantSeat(ctx: WorkerContext, emit: Post): RunSeat {
  let last: TestSummary | null = null;
  return {
    emit,
    begin: () => undefined,
    touch: () => {
      last = null;
    },
    evaluateTest: async (params, activation, test) => (last = await ctx.inspector.evaluateTest(params, activation, test, null)),
    knownSummary: () => last,
    settle: async (params) => {
      const values = await readParams(params);
      const payload = { arch: { hidden1: params.w1.shape[1], hidden2: params.w2.shape[1] }, values };
      disposeParams(params);
      return payload;
    },
    abandon: (params) => {
      if (params) disposeParams(params);
    },
    watch: () => undefined,
    settledTensorCount: async () => tf.memory().numTensors,
    end: () => undefined,
  };
}
