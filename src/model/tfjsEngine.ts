import * as tf from '@tensorflow/tfjs';
import type { EngineSnapshot, StepEngine, W1Update } from './engine';
import { restoreParams, snapshotParams, type Params } from './network';
import { sgdStep, type StepGradients } from './sgd';

/** One training batch: images (B, 784) and one-hot labels (B, 10), on the backend. */
export interface Batch {
  x: tf.Tensor2D;
  oneHot: tf.Tensor2D;
}

/**
 * Where the TF.js engine gets its batches: a fresh shuffle per epoch, the last partial batch
 * dropped. Implemented by src/data; the model only knows this shape.
 */
export interface BatchSource {
  /** Shuffles for this epoch (0-based) and returns how many full batches it has. */
  startEpoch(epoch: number): number;
  /** The step-th batch of the current epoch. Called inside tf.tidy: the tensors are freed after the step. */
  batch(step: number): Batch;
  /** Frees what the epoch's shuffle kept on the backend. */
  endEpoch(): void;
}

/**
 * The chapter's step with TF.js kernels on the active backend (WebGPU, WebGL, Wasm, CPU): each step
 * inside tf.tidy, its loss added to two sums that stay on the backend (the window's, read about ten
 * times a second, and the epoch's, read once), so no step waits for a read-back.
 */
export class TfjsEngine implements StepEngine {
  private windowSum = tf.scalar(0);
  private epochSum = tf.scalar(0);
  private rate = NaN;
  private lr: tf.Scalar | null = null;
  /** W1 before the last call and that call's rate and size, for the update view (a clone shares its data: no copy). */
  private previousW1: tf.Tensor2D | null = null;
  private previousRate = 1;
  private previousSteps = 0;

  constructor(
    readonly params: Params,
    private readonly source: BatchSource,
    private readonly gradients: StepGradients,
  ) {}

  preferredSteps(): number {
    return 1; // a TF.js step costs no more one at a time: let the loop poll between batches
  }

  startEpoch(epoch: number): number {
    this.resetSums();
    return this.source.startEpoch(epoch);
  }

  run(first: number, count: number, rate: number): void {
    if (rate !== this.rate || !this.lr) {
      this.lr?.dispose();
      this.lr = tf.scalar(rate);
      this.rate = rate;
    }
    const lr = this.lr;
    this.previousW1?.dispose();
    this.previousW1 = tf.clone(this.params.w1);
    this.previousRate = rate;
    this.previousSteps = count;
    for (let step = first; step < first + count; step++) {
      const [nextWindow, nextEpoch] = tf.tidy(() => {
        const { x, oneHot } = this.source.batch(step);
        const loss = sgdStep(this.params, x, oneHot, lr, this.gradients);
        return [tf.add(this.windowSum, loss), tf.add(this.epochSum, loss)];
      });
      tf.dispose([this.windowSum, this.epochSum]);
      this.windowSum = nextWindow as tf.Scalar;
      this.epochSum = nextEpoch as tf.Scalar;
    }
  }

  async readWindowLoss(): Promise<number> {
    const sum = this.windowSum;
    this.windowSum = tf.scalar(0);
    try {
      return (await sum.data())[0];
    } finally {
      sum.dispose();
    }
  }

  async readEpochLoss(): Promise<number> {
    return (await this.epochSum.data())[0];
  }

  endEpoch(): void {
    this.source.endEpoch();
  }

  snapshot(): EngineSnapshot {
    const kept = snapshotParams(this.params);
    return {
      restore: async () => restoreParams(this.params, kept),
      release: () => tf.dispose(Object.values(kept)),
    };
  }

  batchImages(step: number): tf.Tensor2D | null {
    return tf.tidy(() => tf.keep(this.source.batch(step).x));
  }

  lastW1Update(): W1Update | null {
    const before = this.previousW1;
    if (!before) return null;
    return { gradient: tf.tidy(() => tf.div(tf.sub(before, this.params.w1), this.previousRate) as tf.Tensor2D), steps: this.previousSteps };
  }

  dispose(): void {
    tf.dispose([this.windowSum, this.epochSum]);
    this.lr?.dispose();
    this.previousW1?.dispose();
    this.lr = null;
    this.previousW1 = null;
  }

  private resetSums(): void {
    tf.dispose([this.windowSum, this.epochSum]);
    this.windowSum = tf.scalar(0);
    this.epochSum = tf.scalar(0);
  }
}
