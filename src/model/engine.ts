import type * as tf from '@tensorflow/tfjs';
import type { Params } from './network';
import type { OptimizerState } from './optimizer';
import type { StepRule } from './stepRule';

/** One training batch: images (B, 784) and one-hot labels (B, 10), on the backend. */
export interface Batch {
  x: tf.Tensor2D;
  oneHot: tf.Tensor2D;
}

/**
 * Weights (and whatever else a step depends on, such as an optimiser's state) as an engine held
 * them at one moment, kept on the engine's own device: the loop driver goes back to one after a
 * divergence. `release` frees it; a released snapshot must not be restored.
 */
export interface EngineSnapshot {
  restore(): Promise<void>;
  release(): void;
}

/** What the last `run` call subtracted from W1, divided by its learning rate: the update it applied per unit rate, over `steps` steps. */
export interface W1Update {
  gradient: tf.Tensor2D;
  steps: number;
}

/**
 * One way of computing the chapter's training step: TF.js kernels with autodiff or hand-derived
 * gradients (tfjsEngine.ts), or the whole step as WGSL (fused/fusedEngine.ts). The loop driver
 * (driver.ts) owns everything else: epochs, pause/step/resume, the live learning rate, when losses
 * are read back, divergence and rollback, evaluation. An engine only computes steps and reports
 * their losses, so a new step (another activation, an optimiser, a traced step for the explainer)
 * is a new engine or an option of one, never a second loop.
 */
export interface StepEngine {
  /**
   * The weights as TF.js variables on the active backend, for evaluation, predictions and tiles.
   * Current after every `run` that has resolved (an engine that computes elsewhere copies them in).
   */
  readonly params: Params;
  /** Steps one `run` call should take while nothing is paused: 1 where the loop may poll between batches for free, more where a call has a fixed cost (a GPU submit). */
  preferredSteps(): number;
  /** Begins epoch `epoch` (0-based) with its seeded shuffle; returns its number of full batches. */
  startEpoch(epoch: number): number;
  /** Trains batches first..first+count-1 of the current epoch at this learning rate. Losses stay on the engine until read. */
  run(first: number, count: number, rate: number): void | Promise<void>;
  /** The sum of the losses of the steps run since the last call (NaN or ±Infinity if any overflowed). */
  readWindowLoss(): Promise<number>;
  /** The sum of this epoch's step losses, added in step order whatever the read-back timing. */
  readEpochLoss(): Promise<number>;
  /** Ends the epoch: frees what its shuffle kept. */
  endEpoch(): void;
  snapshot(): EngineSnapshot;
  /** What each step computes (activation, optimiser, decay). */
  readonly rule: StepRule;
  /** The optimiser's state as it stands (null for plain SGD): what the next step's update depends on. */
  optimizerState(): OptimizerState | null;
  /** Batch `step` of the current epoch (images and one-hot labels), for the caller to dispose; null outside an epoch. */
  batchAt(step: number): Batch | null;
  /** What the last `run` call changed in W1 per unit learning rate, or null before the first. */
  lastW1Update(): W1Update | null;
  /** Frees everything the engine made (not the variables in `params`, which the run keeps). */
  dispose(): void;
}
