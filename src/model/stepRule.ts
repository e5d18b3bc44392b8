import * as tf from '@tensorflow/tfjs';

/** The hidden layers' activation: the chapter's sigmoid, or the two a learner asks about next. */
export type Activation = 'sigmoid' | 'tanh' | 'relu';
/** How the weights start: the chapter's Normal(0, 0.1), Glorot (Xavier) normal, or Kaiming (He) normal; biases zero. */
export type Initialisation = 'normal' | 'xavier' | 'he';
/** How a gradient becomes an update: the chapter's plain SGD, PyTorch's SGD with momentum 0.9, or Adam. */
export type OptimizerName = 'sgd' | 'momentum' | 'adam';

export const ACTIVATIONS: readonly Activation[] = ['sigmoid', 'tanh', 'relu'];
export const INITIALISATIONS: readonly Initialisation[] = ['normal', 'xavier', 'he'];
export const OPTIMIZERS: readonly OptimizerName[] = ['sgd', 'momentum', 'adam'];

/** Everything besides the weights that decides what one training step computes. */
export interface StepRule {
  activation: Activation;
  optimizer: OptimizerName;
  /** L2 weight decay, added to the gradient as wd·P before the optimiser's rule (PyTorch's `weight_decay`). */
  weightDecay: number;
}

/** The chapter's step: sigmoid, plain SGD, no decay. */
export const CHAPTER_RULE: StepRule = { activation: 'sigmoid', optimizer: 'sgd', weightDecay: 0 };

/** PyTorch's defaults for the optimisers the page offers. */
export const MOMENTUM = 0.9;
export const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const;

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
