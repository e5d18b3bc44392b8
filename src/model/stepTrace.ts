import * as tf from '@tensorflow/tfjs';
import { chapterLoss, chapterSoftmax, PARAM_NAMES, type Params } from './network';
import { optimizerUpdate, type OptimizerState } from './optimizer';
import { autodiffGradients, backward } from './sgd';
import { activate } from './activations';
import type { StepRule } from './stepRule';

type ByParam<T> = Record<keyof Params, T>;

/**
 * Every tensor of one step of the chapter's loop on one batch, in its order: the forward pass
 * (pre-activations z, activations a, logits, softmax), the loss, the backward pass by hand
 * (dL/dlogits, then each hidden layer's dL/dz on the way down, then the six parameter gradients),
 * the same gradients by autodiff, the update the optimiser would take, and the loss after it.
 * Weights are the app's (in, out); the chapter's (out, in) tensors are their transposes.
 */
export interface StepTrace {
  x: tf.Tensor2D;
  z1: tf.Tensor2D;
  a1: tf.Tensor2D;
  z2: tf.Tensor2D;
  a2: tf.Tensor2D;
  logits: tf.Tensor2D;
  probs: tf.Tensor2D;
  oneHot: tf.Tensor2D;
  loss: tf.Scalar;
  dLogits: tf.Tensor2D;
  dz2: tf.Tensor2D;
  dz1: tf.Tensor2D;
  /** Hand-derived gradients, as the hand-derived step computes them. */
  grads: ByParam<tf.Tensor>;
  /** TF.js autodiff of the chapter's loss (loss.backward()), when asked for. */
  autodiff: ByParam<tf.Tensor> | null;
  /** What each parameter would be changed by (P ← P − update): lr · grad for the chapter's SGD. */
  updates: ByParam<tf.Tensor>;
  /** The loss on the same batch after that update, when asked for. */
  lossAfter: tf.Scalar | null;
}

/** The literal forward pass, keeping every intermediate, on any weights (variables or plain tensors). */
function forward(weights: ByParam<tf.Tensor>, x: tf.Tensor2D, rule: StepRule) {
  const z1 = tf.add(tf.matMul(x, weights.w1 as tf.Tensor2D), weights.b1) as tf.Tensor2D;
  const a1 = activate(z1, rule.activation) as tf.Tensor2D;
  const z2 = tf.add(tf.matMul(a1, weights.w2 as tf.Tensor2D), weights.b2) as tf.Tensor2D;
  const a2 = activate(z2, rule.activation) as tf.Tensor2D;
  const logits = tf.add(tf.matMul(a2, weights.w3 as tf.Tensor2D), weights.b3) as tf.Tensor2D;
  return { z1, a1, z2, a2, logits, probs: chapterSoftmax(logits) };
}

/**
 * One step traced without taking it: the weights and the optimiser's state are left as they are
 * (the update is computed, never assigned; the loss after it is computed on copies). Returns
 * tensors the caller owns: call inside tf.tidy, or dispose them all (disposeTrace).
 */
export function traceStep(
  params: Params,
  x: tf.Tensor2D,
  oneHot: tf.Tensor2D,
  lr: number,
  rule: StepRule,
  state: OptimizerState | null,
  options: { autodiff: boolean; lossAfter: boolean },
): StepTrace {
  // tidy keeps what the returned object holds (nested records of tensors included) and frees the rest.
  const kept = tf.tidy(() => {
    const f = forward(params, x, rule);
    const loss = chapterLoss(f.probs, oneHot);
    const b = backward(params, x, f, oneHot, rule.activation);
    const autodiff = options.autodiff ? autodiffGradients(params, x, oneHot, rule.activation).grads : null;
    const { updates } = optimizerUpdate(params, b.grads, lr, rule, state);
    let lossAfter: tf.Scalar | null = null;
    if (options.lossAfter) {
      const moved = Object.fromEntries(PARAM_NAMES.map((n) => [n, tf.sub(params[n], updates[n])])) as ByParam<tf.Tensor>;
      lossAfter = chapterLoss(forward(moved, x, rule).probs, oneHot);
    }
    return {
      x: tf.clone(x),
      ...f,
      oneHot: tf.clone(oneHot),
      loss,
      dLogits: b.dLogits,
      dz2: b.dz2,
      dz1: b.dz1,
      grads: b.grads,
      autodiff,
      updates,
      lossAfter,
    } satisfies StepTrace as unknown as tf.TensorContainer;
  });
  return kept as unknown as StepTrace;
}

/** Every tensor of a trace. */
export function traceTensors(trace: StepTrace): tf.Tensor[] {
  const { grads, autodiff, updates, lossAfter, ...rest } = trace;
  return [
    ...Object.values(rest),
    ...Object.values(grads),
    ...Object.values(autodiff ?? {}),
    ...Object.values(updates),
    ...(lossAfter ? [lossAfter] : []),
  ];
}

export function disposeTrace(trace: StepTrace): void {
  tf.dispose(traceTensors(trace));
}
