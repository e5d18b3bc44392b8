import * as tf from '@tensorflow/tfjs';
import type { Activation } from './stepRule';

/**
 * The activation as the chapter writes it (sigmoid as 1 / (1 + exp(-z)), the others with TF.js's
 * own ops): the literal forward pass that autodiff differentiates.
 */
export function activate(z: tf.Tensor, activation: Activation): tf.Tensor {
  switch (activation) {
    case 'sigmoid':
      return tf.div(1, tf.add(1, tf.exp(tf.neg(z))));
    case 'tanh':
      return tf.tanh(z);
    case 'relu':
      return tf.relu(z);
  }
}

/**
 * The activation's derivative written from its output a, as a hand-derived backward pass uses it:
 * sigmoid a(1 − a), tanh 1 − a², ReLU 1 where a > 0 (z > 0), else 0.
 */
export function activationSlope(a: tf.Tensor, activation: Activation): tf.Tensor {
  switch (activation) {
    case 'sigmoid':
      return tf.mul(a, tf.sub(1, a));
    case 'tanh':
      return tf.sub(1, tf.square(a));
    case 'relu':
      return tf.cast(tf.greater(a, 0), 'float32');
  }
}

/**
 * When a unit counts as saturated, from its output: sigmoid outside (0.015, 0.985), tanh with
 * |a| > 0.97 (the same band: σ(x) = (tanh(x/2) + 1) / 2; makemore's threshold), ReLU at exactly 0
 * (a dead unit passes no gradient at all). One definition for the tiles' readout and layer health.
 */
export function saturatedMask(a: tf.Tensor, activation: Activation): tf.Tensor {
  switch (activation) {
    case 'sigmoid':
      return tf.logicalOr(tf.less(a, 0.015), tf.greater(a, 0.985));
    case 'tanh':
      return tf.greater(tf.abs(a), 0.97);
    case 'relu':
      return tf.lessEqual(a, 0);
  }
}

/** The range an activation's outputs lie in, for histograms. */
export function activationRange(activation: Activation, values?: ArrayLike<number>): [number, number] {
  if (activation === 'sigmoid') return [0, 1];
  if (activation === 'tanh') return [-1, 1];
  let max = 0;
  if (values) for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  return [0, max > 0 ? max : 1];
}
