import * as tf from '@tensorflow/tfjs';
import { chapterLoss, chapterSoftmax, fusedForward, logits, NUM_LABELS, PARAM_NAMES, type Params } from './network';
import { activationSlope } from './activations';
import type { Activation } from './stepRule';

/**
 * How a TF.js step gets its gradients. 'autodiff' is the chapter's way (loss.backward()); 'manual'
 * is the same gradients written out by hand, with a fused forward pass: fewer, cheaper kernels.
 */
export type StepGradients = 'autodiff' | 'manual';

/** All the ways to train: TF.js steps, or the whole step as one WGSL kernel ('fused', WebGPU only). */
export type GradientMode = StepGradients | 'fused';

/** Gradients of the chapter's loss with respect to each parameter, plus the loss itself. */
export interface LossAndGradients {
  loss: tf.Scalar;
  grads: Record<keyof Params, tf.Tensor>;
}

/** The chapter's loss for a batch, through the literal forward pass. */
export function batchLoss(params: Params, x: tf.Tensor2D, oneHot: tf.Tensor2D, activation: Activation): tf.Scalar {
  return chapterLoss(chapterSoftmax(logits(params, x, activation)), oneHot);
}

/** Gradients by TF.js autodiff: what loss.backward() does in the chapter. */
export function autodiffGradients(params: Params, x: tf.Tensor2D, oneHot: tf.Tensor2D, activation: Activation): LossAndGradients {
  const { value, grads } = tf.variableGrads(
    () => batchLoss(params, x, oneHot, activation),
    PARAM_NAMES.map((n) => params[n]),
  );
  const byName = Object.fromEntries(PARAM_NAMES.map((n) => [n, grads[params[n].name]])) as LossAndGradients['grads'];
  return { loss: value, grads: byName };
}

/** The backward pass by hand, layer by layer: what each layer passes down, and the six gradients. */
export interface Backward {
  /** dL/dlogits = (softmax − one_hot) / (B · 10), times `scale`. */
  dLogits: tf.Tensor2D;
  /** dL/dz2 and dL/dz1: the gradient at each hidden layer's pre-activation, through its activation's slope. */
  dz2: tf.Tensor2D;
  dz1: tf.Tensor2D;
  grads: Record<keyof Params, tf.Tensor>;
}

/**
 * The hand-derived backward pass. With p = softmax(z3) and one-hot rows y (each summing to 1),
 * d loss / d z3 = (p - y) / (B · 10): the chapter's mean divides by batch AND classes. Each hidden
 * layer multiplies by its activation's slope, written from its output (sigmoid a(1 − a), tanh
 * 1 − a², ReLU a > 0). `scale` multiplies every gradient (plain SGD folds its rate in here once).
 * Transposes are explicit on the small operands so every matMul is untransposed (cheap on Wasm).
 */
export function backward(
  params: Params,
  x: tf.Tensor2D,
  hidden: { a1: tf.Tensor2D; a2: tf.Tensor2D; probs: tf.Tensor2D },
  oneHot: tf.Tensor2D,
  activation: Activation,
  scale: tf.Scalar | number = 1,
): Backward {
  const { a1, a2, probs } = hidden;
  const [batch] = x.shape;
  const dLogits = tf.mul(tf.sub(probs, oneHot), tf.mul(scale, 1 / (batch * NUM_LABELS))) as tf.Tensor2D;
  const dz2 = tf.mul(tf.matMul(dLogits, tf.transpose(params.w3)), activationSlope(a2, activation)) as tf.Tensor2D;
  const dz1 = tf.mul(tf.matMul(dz2, tf.transpose(params.w2)), activationSlope(a1, activation)) as tf.Tensor2D;
  return {
    dLogits,
    dz2,
    dz1,
    grads: {
      w3: tf.matMul(tf.transpose(a2), dLogits),
      b3: tf.sum(dLogits, 0),
      w2: tf.matMul(tf.transpose(a1), dz2),
      b2: tf.sum(dz2, 0),
      w1: tf.matMul(tf.transpose(x), dz1),
      b1: tf.sum(dz1, 0),
    },
  };
}

/** The loss and the hand-derived gradients (times `scale`), with the fused forward pass. */
export function manualLossAndGradients(
  params: Params,
  x: tf.Tensor2D,
  oneHot: tf.Tensor2D,
  activation: Activation,
  scale: tf.Scalar | number = 1,
): LossAndGradients {
  const { a1, a2, logits: z3 } = fusedForward(params, x, activation);
  const probs = chapterSoftmax(z3);
  return { loss: chapterLoss(probs, oneHot), grads: backward(params, x, { a1, a2, probs }, oneHot, activation, scale).grads };
}

/** Hand-derived gradients (unscaled), to check against autodiff. */
export function manualGradients(params: Params, x: tf.Tensor2D, oneHot: tf.Tensor2D, activation: Activation): LossAndGradients {
  return manualLossAndGradients(params, x, oneHot, activation);
}

/** The loss and gradients of a batch, by the chosen way. */
export function lossAndGradients(
  params: Params,
  x: tf.Tensor2D,
  oneHot: tf.Tensor2D,
  activation: Activation,
  gradients: StepGradients,
): LossAndGradients {
  return gradients === 'manual' ? manualLossAndGradients(params, x, oneHot, activation) : autodiffGradients(params, x, oneHot, activation);
}

/**
 * One step of the chapter's plain SGD, `W -= lr * grad` for all six parameters, written by hand
 * (no optimizer class), with the chapter's sigmoid unless told otherwise. Returns the batch's loss
 * before the update; everything else is freed. (Other optimisers: optimizer.ts.)
 */
export function sgdStep(
  params: Params,
  x: tf.Tensor2D,
  oneHot: tf.Tensor2D,
  lr: tf.Scalar,
  mode: GradientMode,
  activation: Activation = 'sigmoid',
): tf.Scalar {
  return tf.tidy(() => {
    if (mode === 'manual') {
      const { loss, grads } = manualLossAndGradients(params, x, oneHot, activation, lr);
      for (const name of PARAM_NAMES) (params[name] as tf.Variable).assign(tf.sub(params[name], grads[name]));
      return loss;
    }
    const { loss, grads } = autodiffGradients(params, x, oneHot, activation);
    for (const name of PARAM_NAMES) (params[name] as tf.Variable).assign(tf.sub(params[name], tf.mul(lr, grads[name])));
    return loss;
  });
}
