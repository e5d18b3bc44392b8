import * as tf from '@tensorflow/tfjs';
import type { Batch, EngineSnapshot, StepEngine, W1Update } from './engine';
import { PARAM_NAMES, restoreParams, snapshotParams, type Params } from './network';
import {
  applyUpdates,
  cloneOptimizerState,
  createOptimizerState,
  disposeOptimizerState,
  optimizerUpdate,
  type OptimizerState,
} from './optimizer';
import { lossAndGradients, manualLossAndGradients, type StepGradients } from './sgd';
import { CHAPTER_RULE, type StepRule } from './stepRule';

export type { Batch };

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
 * times a second, and the epoch's, read once), so no step waits for a read-back. Any activation
 * and optimiser of the rule; the optimiser's state lives here, and snapshots keep it.
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
  private state: OptimizerState | null;

  constructor(
    readonly params: Params,
    protected readonly source: BatchSource,
    private readonly gradients: StepGradients,
    readonly rule: StepRule = CHAPTER_RULE,
  ) {
    this.state = createOptimizerState(params, rule);
  }

  /** The optimiser's state as it stands (momentum, Adam's moments and step count), or null for plain SGD. */
  optimizerState(): OptimizerState | null {
    return this.state;
  }

  /** One step on this batch; returns its loss. Call inside tf.tidy. */
  private train(x: tf.Tensor2D, oneHot: tf.Tensor2D, lr: tf.Scalar): tf.Scalar {
    const { activation, optimizer, weightDecay } = this.rule;
    if (optimizer === 'sgd' && this.gradients === 'manual' && weightDecay === 0) {
      // The chapter's step, lr folded into the backward pass once instead of six times.
      const { loss, grads } = manualLossAndGradients(this.params, x, oneHot, activation, lr);
      for (const name of PARAM_NAMES) (this.params[name] as tf.Variable).assign(tf.sub(this.params[name], grads[name]));
      return loss;
    }
    const { loss, grads } = lossAndGradients(this.params, x, oneHot, activation, this.gradients);
    const { updates, next } = optimizerUpdate(this.params, grads, lr, this.rule, this.state);
    applyUpdates(this.params, updates);
    if (next) {
      for (const name of PARAM_NAMES) next.slots[name].forEach((slot) => tf.keep(slot));
      disposeOptimizerState(this.state);
      this.state = next;
    }
    return loss;
  }

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
    this.keepW1(rate, count);
    for (let step = first; step < first + count; step++) {
      tf.tidy(() => {
        const { x, oneHot } = this.source.batch(step);
        this.addLoss(this.train(x, oneHot, lr));
      });
    }
  }

  /** Keeps W1 as it is before a call's steps, for the update view (a clone shares its data: no copy). */
  protected keepW1(rate: number, steps: number): void {
    this.previousW1?.dispose();
    this.previousW1 = tf.keep(tf.clone(this.params.w1));
    this.previousRate = rate;
    this.previousSteps = steps;
  }

  /** Adds a step's loss to the window's and the epoch's sums (inside or outside tf.tidy: the sums are kept). */
  addLoss(loss: tf.Scalar): void {
    const [nextWindow, nextEpoch] = [tf.keep(tf.add(this.windowSum, loss)), tf.keep(tf.add(this.epochSum, loss))];
    tf.dispose([this.windowSum, this.epochSum]);
    this.windowSum = nextWindow as tf.Scalar;
    this.epochSum = nextEpoch as tf.Scalar;
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
    const state = cloneOptimizerState(this.state);
    return {
      restore: async () => {
        restoreParams(this.params, kept);
        disposeOptimizerState(this.state);
        this.state = cloneOptimizerState(state);
      },
      release: () => {
        tf.dispose(Object.values(kept));
        disposeOptimizerState(state);
      },
    };
  }

  batchAt(step: number): Batch | null {
    return tf.tidy(() => {
      const { x, oneHot } = this.source.batch(step);
      return { x: tf.keep(x), oneHot: tf.keep(oneHot) };
    });
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
    disposeOptimizerState(this.state);
    this.lr = null;
    this.previousW1 = null;
    this.state = null;
  }

  private resetSums(): void {
    tf.dispose([this.windowSum, this.epochSum]);
    this.windowSum = tf.scalar(0);
    this.epochSum = tf.scalar(0);
  }
}
