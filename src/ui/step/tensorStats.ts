/**
 * The few sums the page makes of an explained step's tensors (plain arrays, no TF.js): min / mean /
 * max, the saturation test, the loss written out term by term, norms, and the update checked
 * against lr × grad.
 */
import type { Activation } from '../../model/stepRule';

export interface TensorStats {
  min: number;
  mean: number;
  max: number;
  /** The largest |value|: a diverging colour scale's end. */
  maxAbs: number;
}

export function tensorStats(values: ArrayLike<number>): TensorStats {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  if (values.length === 0) return { min: 0, mean: 0, max: 0, maxAbs: 0 };
  return { min, mean: sum / values.length, max, maxAbs: Math.max(Math.abs(min), Math.abs(max)) };
}

/** The saturation thresholds, as float32 (see isSaturated). */
const LOW = Math.fround(0.015);
const HIGH = Math.fround(0.985);
const TANH = Math.fround(0.97);

/**
 * Whether a unit counts as saturated, from its output: the one rule of model/stepRule.ts's
 * saturatedMask (sigmoid outside (0.015, 0.985), tanh |a| > 0.97, ReLU at 0), restated here so
 * that the page needs no TF.js (a test keeps the two the same). The thresholds are float32, as
 * TF.js compares: a value of exactly 0.015 in a Float32Array is not below 0.015.
 */
export function isSaturated(a: number, activation: Activation): boolean {
  switch (activation) {
    case 'sigmoid':
      return a < LOW || a > HIGH;
    case 'tanh':
      return Math.abs(a) > TANH;
    case 'relu':
      return a <= 0;
  }
}

/** The rule in words, for the legends. */
export const SATURATION_WORDS: Record<Activation, string> = {
  sigmoid: 'saturated: a < 0.015 or a > 0.985, where the slope a(1 − a) is under 0.015',
  tanh: 'saturated: |a| > 0.97, where the slope 1 − a² is under 0.06',
  relu: 'dead: a = 0, where the slope is 0',
};

export function saturatedShare(values: ArrayLike<number>, activation: Activation): number {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (isSaturated(values[i], activation)) count++;
  return values.length ? count / values.length : 0;
}

/**
 * The chapter's loss written out: −(one_hot * log(softmax)).mean() over B × 10 entries is
 * −(1 / (B·10)) Σ log p[label], since one_hot keeps only each image's label. Returns each image's
 * log p[label], their sum and the loss they make (float64, from the float32 softmax).
 */
export function lossTerms(softmax: ArrayLike<number>, oneHot: ArrayLike<number>, batch: number, classes = 10) {
  const logs: number[] = [];
  for (let b = 0; b < batch; b++) {
    let term = 0;
    for (let j = 0; j < classes; j++)
      if (oneHot[b * classes + j] !== 0) term += oneHot[b * classes + j] * Math.log(softmax[b * classes + j]);
    logs.push(term);
  }
  const sum = logs.reduce((s, v) => s + v, 0);
  return { logs, sum, entries: batch * classes, loss: -sum / (batch * classes) };
}

/** The Euclidean norm ‖v‖. */
export function norm(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] * values[i];
  return Math.sqrt(sum);
}

/**
 * How far an update is from lr × grad computed here in float32 (the rate rounded to float32, the
 * product rounded once, as TF.js multiplies): 0 when the update is exactly lr × grad.
 */
export function maxUpdateMismatch(update: ArrayLike<number>, grad: ArrayLike<number>, lr: number): number {
  const rate = Math.fround(lr);
  let worst = 0;
  for (let i = 0; i < update.length; i++) worst = Math.max(worst, Math.abs(update[i] - Math.fround(rate * grad[i])));
  return worst;
}

/** The label of each row of a one-hot matrix (the first 1). */
export function labelsOf(oneHot: ArrayLike<number>, batch: number, classes = 10): number[] {
  return Array.from({ length: batch }, (_, b) => {
    for (let j = 0; j < classes; j++) if (oneHot[b * classes + j] === 1) return j;
    return -1;
  });
}
