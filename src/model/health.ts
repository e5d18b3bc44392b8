import * as tf from '@tensorflow/tfjs';
import { chapterSoftmax, fusedForward, PARAM_NAMES, readAndDispose, type Params } from './network';
import { optimizerUpdate, type OptimizerState } from './optimizer';
import { backward } from './sgd';
import { activationRange, saturatedMask } from './activations';
import type { StepRule } from './stepRule';

/** The weight matrices, whose update ratio is measured. */
const WEIGHTS = ['w1', 'w2', 'w3'] as const;

/** Bins of the activation histograms. */
export const HISTOGRAM_BINS = 20;

/**
 * How the layers are doing at one moment of a run, measured on the batch just trained:
 * - saturation: the share of each hidden layer's units that pass (almost) no gradient back
 *   (stepRule.ts's saturatedMask: sigmoid outside (0.015, 0.985), tanh |a| > 0.97, ReLU at 0);
 * - gradRms: each parameter's gradient root-mean-square (Nielsen's "speed of learning" per layer);
 * - updateRatio: log10(‖update‖ / ‖W‖) per weight matrix, the update being what the optimiser
 *   takes (lr · grad for the chapter's SGD): about −3 is the usual target (CS231n, makemore).
 */
export interface HealthMeasure {
  saturation: [number, number];
  /** w1, b1, w2, b2, w3, b3. */
  gradRms: number[];
  /** w1, w2, w3. */
  updateRatio: [number, number, number];
}

/** The latest distribution of each hidden layer's outputs. */
export interface ActivationHistograms {
  range: [number, number];
  layer1: number[];
  layer2: number[];
}

const logRatio = (ratio: number) => Math.log10(Math.max(ratio, 1e-12));

/** Whether every figure is a number: weights that are diverging give NaN, which no chart or record keeps. */
export const finiteMeasure = (m: HealthMeasure) => [...m.saturation, ...m.gradRms, ...m.updateRatio].every(Number.isFinite);

function histogram(values: Float32Array, [lo, hi]: [number, number]): number[] {
  const bins = new Array<number>(HISTOGRAM_BINS).fill(0);
  const width = (hi - lo) / HISTOGRAM_BINS;
  for (const v of values) bins[Math.min(HISTOGRAM_BINS - 1, Math.max(0, Math.floor((v - lo) / width)))]++;
  return bins;
}

/**
 * Measures the layers on a batch with the current weights, the way the run's next step would see
 * them (one forward and hand-derived backward pass, no update taken): costs about one step.
 * Reads back 11 (14 for other optimisers) numbers and the two layers' outputs once. It uses the
 * training step's own fast pass (fused forward, hand-derived backward: the step trace's numbers
 * with fewer kernels and no copies), so that measuring every 50 batches stays within 3% of an
 * epoch on Wasm.
 */
export async function measureHealth(
  params: Params,
  x: tf.Tensor2D,
  oneHot: tf.Tensor2D,
  lr: number,
  rule: StepRule,
  state: OptimizerState | null,
): Promise<{ measure: HealthMeasure; histograms: ActivationHistograms }> {
  const plainSgd = rule.optimizer === 'sgd' && rule.weightDecay === 0;
  const [packed, a1, a2] = tf.tidy(() => {
    const { a1, a2, logits } = fusedForward(params, x, rule.activation);
    const { grads } = backward(params, x, { a1, a2, probs: chapterSoftmax(logits) }, oneHot, rule.activation);
    // Sums of squares only, finished on 11-14 numbers here: for plain SGD ‖lr·g‖ = lr·‖g‖, so the
    // updates need not be formed (fewer kernels: each costs a few µs on Wasm, and tf.norm 3.5 ms).
    const updates = plainSgd ? null : optimizerUpdate(params, grads, lr, rule, state).updates;
    const share = (a: tf.Tensor) => tf.mean(tf.cast(saturatedMask(a, rule.activation), 'float32'));
    const squares = (t: tf.Tensor) => tf.sum(tf.square(t));
    const stats = tf.stack([
      share(a1),
      share(a2),
      ...PARAM_NAMES.map((n) => squares(grads[n])),
      ...WEIGHTS.map((n) => squares(params[n])),
      ...(updates ? WEIGHTS.map((n) => squares(updates[n])) : []),
    ]);
    return [stats, a1, a2];
  });
  const [values, first, second] = await Promise.all([readAndDispose(packed), readAndDispose(a1), readAndDispose(a2)]);
  const range = activationRange(rule.activation, rule.activation === 'relu' ? Float32Array.from([...first, ...second]) : undefined);
  const gradSquares = values.subarray(2, 8);
  const updateNorm = (i: number) => (plainSgd ? lr * Math.sqrt(gradSquares[2 * i]) : Math.sqrt(values[11 + i]));
  return {
    measure: {
      saturation: [values[0], values[1]],
      gradRms: PARAM_NAMES.map((n, i) => Math.sqrt(gradSquares[i] / params[n].size)),
      // A layer that takes no update at all (every ReLU unit dead) would be log10(0): floored at −12.
      updateRatio: [0, 1, 2].map((i) => logRatio(updateNorm(i) / Math.sqrt(values[8 + i]))) as [number, number, number],
    },
    histograms: { range, layer1: histogram(first, range), layer2: histogram(second, range) },
  };
}
