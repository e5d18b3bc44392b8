import * as tf from '@tensorflow/tfjs';
import { inkToGrey, toMnistField } from '../data/preprocess';
import { NUM_FEATURES, predict, readAndDispose } from '../model/network';
import type { Preparation } from './preparation';
import type { FromWorker } from './protocol';
import type { CurrentWeights } from './weights';

const REFRESH_WHILE_TRAINING_MS = 250;

/**
 * The drawing pad's side of the worker: the last drawing in MNIST form, classified with the
 * current weights when it arrives and again whenever the weights change (every 250 ms of a run).
 */
export class Predictions {
  private drawing: Float32Array | null = null;
  /** The request that sent the current drawing: refreshes answer it, so the page can drop stale ones. */
  private requestId = 0;
  private lastRefresh = 0;

  constructor(
    private readonly post: (message: FromWorker) => void,
    private readonly weights: CurrentWeights,
    private readonly prep: Preparation,
  ) {}

  async classify(requestId: number, ink: Uint8Array, side: number): Promise<void> {
    this.drawing = toMnistField(inkToGrey(ink, side));
    this.requestId = requestId;
    await this.refresh();
  }

  clear(): void {
    this.drawing = null;
  }

  /** The last drawing as the network sees it (784 values in 0..1), or null when the pad is empty. */
  get field(): Float32Array | null {
    return this.drawing;
  }

  /** During a run: whether the drawing is due for a refresh (at most every 250 ms, when there is a drawing). */
  dueWhileTraining(): boolean {
    if (!this.drawing || performance.now() - this.lastRefresh <= REFRESH_WHILE_TRAINING_MS) return false;
    this.lastRefresh = performance.now();
    return true;
  }

  /** Classifies the current drawing with the current weights (after any backend switch in progress). */
  async refresh(): Promise<void> {
    const input = this.drawing;
    const requestId = this.requestId;
    if (!input) return;
    const probabilities = await this.prep.exclusive(async () => {
      const params = this.weights.params();
      if (!params) return null;
      return Array.from(
        await readAndDispose(tf.tidy(() => predict(params, tf.tensor2d(input, [1, NUM_FEATURES]), this.weights.activation))),
      );
    });
    this.post({ type: 'prediction', requestId, result: { probabilities, input: input.slice() } });
  }
}
