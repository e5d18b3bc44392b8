import * as tf from '@tensorflow/tfjs';
import { chapterLoss, chapterSoftmax, fusedForward, logits, NUM_LABELS, PARAM_NAMES, type Params } from './network';

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
export function batchLoss(params: Params, x: tf.Tensor2D, oneHot: tf.Tensor2D): tf.Scalar {
  return chapterLoss(chapterSoftmax(logits(params, x)), oneHot);
}

/** Gradients by TF.js autodiff: what loss.backward() does in the chapter. */
export function autodiffGradients(params: Params, x: tf.Tensor2D, oneHot: tf.Tensor2D): LossAndGradients {
  const { value, grads } = tf.variableGrads(
    () => batchLoss(params, x, oneHot),
    PARAM_NAMES.map((n) => params[n]),
  );
  const byName = Object.fromEntries(PARAM_NAMES.map((n) => [n, grads[params[n].name]])) as LossAndGradients['grads'];
  return { loss: value, grads: byName };
}

/**
 * The same gradients derived by hand. With p = softmax(z3) and one-hot rows y (each summing to 1),
 * d loss / d z3 = (p - y) / (B · 10): the chapter's mean divides by batch AND classes. `scale`
 * multiplies every gradient (the learning rate, folded in once here instead of six times later).
 * Transposes are explicit on the small operands so every matMul is untransposed (cheap on Wasm).
 */
function manualLossAndScaledGradients(params: Params, x: tf.Tensor2D, oneHot: tf.Tensor2D, scale: tf.Scalar | number): LossAndGradients {
  const { a1, a2, logits: z3 } = fusedForward(params, x);
  const probs = chapterSoftmax(z3);
  const loss = chapterLoss(probs, oneHot);

  const [batch] = x.shape;
  const dz3 = tf.mul(tf.sub(probs, oneHot), tf.mul(scale, 1 / (batch * NUM_LABELS)));
  const dz2 = tf.mul(tf.matMul(dz3, tf.transpose(params.w3)), tf.mul(a2, tf.sub(1, a2)));
  const dz1 = tf.mul(tf.matMul(dz2, tf.transpose(params.w2)), tf.mul(a1, tf.sub(1, a1)));
  return {
    loss,
    grads: {
      w3: tf.matMul(tf.transpose(a2), dz3),
      b3: tf.sum(dz3, 0),
      w2: tf.matMul(tf.transpose(a1), dz2),
      b2: tf.sum(dz2, 0),
      w1: tf.matMul(tf.transpose(x), dz1),
      b1: tf.sum(dz1, 0),
    },
  };
}

/** Hand-derived gradients (unscaled), to check against autodiff. */
export function manualGradients(params: Params, x: tf.Tensor2D, oneHot: tf.Tensor2D): LossAndGradients {
  return manualLossAndScaledGradients(params, x, oneHot, 1);
}

/**
 * One step of the chapter's plain SGD, `W -= lr * grad` for all six parameters, written by hand
 * (no optimizer class). Returns the batch's loss before the update; everything else is freed.
 */
export function sgdStep(params: Params, x: tf.Tensor2D, oneHot: tf.Tensor2D, lr: tf.Scalar, mode: GradientMode): tf.Scalar {
  return tf.tidy(() => {
    if (mode === 'manual') {
      const { loss, grads } = manualLossAndScaledGradients(params, x, oneHot, lr);
      for (const name of PARAM_NAMES) (params[name] as tf.Variable).assign(tf.sub(params[name], grads[name]));
      return loss;
    }
    const { loss, grads } = autodiffGradients(params, x, oneHot);
    for (const name of PARAM_NAMES) (params[name] as tf.Variable).assign(tf.sub(params[name], tf.mul(lr, grads[name])));
    return loss;
  });
}
