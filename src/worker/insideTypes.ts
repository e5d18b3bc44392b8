/**
 * What the worker tells the page about the inside of training: one step explained tensor by tensor,
 * the layers' health over a run, and the learning-rate range test (re-exported by protocol.ts).
 */
import type { LoopPosition } from '../model/driver';
import type { ActivationHistograms, HealthMeasure } from '../model/health';
import type { TensorName } from '../model/weightsCheck';
import type { StepRule } from './runConfig';

export type { ActivationHistograms, HealthMeasure, TensorName };

/**
 * Which batch the explainer traces: the run's next batch (while paused, exactly the batch Step
 * trains next; with no run, batch 1 of epoch 1 of the current settings), one test image (by index,
 * or a random one), or the drawing on the pad with the label the learner gives it.
 */
export type ExplainSource =
  { kind: 'next-batch' } | { kind: 'test-image'; index: number } | { kind: 'random-test-image' } | { kind: 'drawing'; label: number };

/** One tensor of a step, row-major, in the chapter's convention (W_1 is (H1, 784), b_1 is (1, H1)). */
export interface TracedTensor {
  shape: number[];
  values: Float32Array<ArrayBuffer>;
}

/** The names the explainer shows, as the chapter's code calls them. */
export type TracedName =
  | 'features'
  | 'hidden_1_pre'
  | 'hidden_1'
  | 'hidden_2_pre'
  | 'hidden_2'
  | 'logits'
  | 'softmax'
  | 'one_hot'
  | 'dlogits'
  | 'dhidden_2_pre'
  | 'dhidden_1_pre';

/**
 * One step of the chapter's loop on one batch, traced without being taken (model/stepTrace.ts).
 * Forward: features → hidden_1_pre (z1) → hidden_1 (a1) → hidden_2_pre → hidden_2 → logits → softmax.
 * Loss: −(one_hot · log softmax).mean(). Backward: dlogits = (softmax − one_hot) / (B·10), then
 * dhidden_2_pre and dhidden_1_pre through the activation's slope, then each parameter's gradient.
 * Update: what the optimiser subtracts from each parameter.
 */
export interface StepExplanation {
  /** The batch as resolved: where it comes from, and its position in the run for the next batch. */
  source: ExplainSource;
  position: LoopPosition | null;
  /** Test-image indices of a batch of one from the test set. */
  imageIndex: number | null;
  batchSize: number;
  labels: number[];
  learningRate: number;
  rule: StepRule;
  tensors: Record<TracedName, TracedTensor>;
  /** The current weights, their hand-derived gradients, and the updates, by the chapter's names. */
  weights: Record<TensorName, TracedTensor>;
  grads: Record<TensorName, TracedTensor>;
  updates: Record<TensorName, TracedTensor>;
  loss: number;
  /** The loss on the same batch after the update. */
  lossAfter: number;
  /** Largest |hand-derived − autodiff| of each gradient, and the largest |autodiff| (for a relative figure). */
  autodiff: Record<TensorName, { maxAbsDiff: number; maxAbs: number }>;
  /** ‖update‖ / ‖W‖ for each weight matrix. */
  updateRatio: Record<'W_1' | 'W_2' | 'W_3', number>;
  /** Whether "Apply this step" can take it: the run's next batch while paused. */
  canApply: boolean;
}

/** Layer health at one point of a run: x in epochs (1.5 = half-way through epoch 2). */
export interface HealthSample extends HealthMeasure {
  x: number;
  examples: number;
}

/** A point of the learning-rate range test. */
export interface LrFinderPoint {
  lr: number;
  loss: number;
  /** Debiased exponential moving average of the loss (β 0.98), as fastai's AvgSmoothLoss. */
  smoothed: number;
}

/** The range test's result: its points, why it stopped, and the suggested rate. */
export interface LrFinderResult {
  points: LrFinderPoint[];
  stoppedBy: 'end' | 'four-times-minimum' | 'not-finite' | 'cancelled';
  /** fastai's 'steep' rule: the rate where the smoothed loss falls fastest (per log10 lr), past the first 10% and before the last 5 points; null if too few points. */
  suggestion: number | null;
  seconds: number;
}
