import * as tf from '@tensorflow/tfjs';
import { PARAM_NAMES, readAndDispose, type Params } from './network';
import type { OptimizerState } from './optimizer';
import { traceStep } from './stepTrace';
import { activationRange, saturatedMask, type StepRule } from './stepRule';

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
 * Reads back 11 numbers and the two layers' outputs once.
 */
export async function measureHealth(
  params: Params,
  x: tf.Tensor2D,
  oneHot: tf.Tensor2D,
  lr: number,
  rule: StepRule,
  state: OptimizerState | null,
): Promise<{ measure: HealthMeasure; histograms: ActivationHistograms }> {
  const [packed, a1, a2] = tf.tidy(() => {
    const t = traceStep(params, x, oneHot, lr, rule, state, { autodiff: false, lossAfter: false });
    const share = (a: tf.Tensor) => tf.mean(tf.cast(saturatedMask(a, rule.activation), 'float32'));
    const rms = (g: tf.Tensor) => tf.sqrt(tf.mean(tf.square(g)));
    const ratio = (name: 'w1' | 'w2' | 'w3') => tf.div(tf.norm(t.updates[name]), tf.norm(params[name]));
    const stats = tf.stack([share(t.a1), share(t.a2), ...PARAM_NAMES.map((n) => rms(t.grads[n])), ratio('w1'), ratio('w2'), ratio('w3')]);
    return [stats, t.a1, t.a2];
  });
  const [values, first, second] = await Promise.all([readAndDispose(packed), readAndDispose(a1), readAndDispose(a2)]);
  const range = activationRange(rule.activation, rule.activation === 'relu' ? Float32Array.from([...first, ...second]) : undefined);
  return {
    measure: {
      saturation: [values[0], values[1]],
      gradRms: Array.from(values.subarray(2, 8)),
      // A layer that takes no update at all (every ReLU unit dead) would be log10(0): floored at −12.
      updateRatio: [logRatio(values[8]), logRatio(values[9]), logRatio(values[10])],
    },
    histograms: { range, layer1: histogram(first, range), layer2: histogram(second, range) },
  };
}
