import * as tf from '@tensorflow/tfjs';
import { PARAM_NAMES, type Params } from './network';
import { ADAM, MOMENTUM, type StepRule } from './stepRule';

type ByParam<T> = Record<keyof Params, T>;

/**
 * What an optimiser remembers between steps: momentum's velocity, Adam's two moments and its
 * step count. Kept by the engine on its backend; part of what a snapshot (pause, rollback) keeps.
 * Plain SGD remembers nothing.
 */
export interface OptimizerState {
  /** Steps taken (Adam's bias correction needs it). */
  t: number;
  /** momentum: [v]; adam: [m, v]; one set per parameter. */
  slots: ByParam<tf.Tensor[]>;
}

/** A fresh state for the rule's optimiser (zeros, as PyTorch starts), or null for plain SGD. */
export function createOptimizerState(params: Params, rule: StepRule): OptimizerState | null {
  if (rule.optimizer === 'sgd') return null;
  const count = rule.optimizer === 'adam' ? 2 : 1;
  const slots = Object.fromEntries(
    PARAM_NAMES.map((n) => [n, Array.from({ length: count }, () => tf.zerosLike(params[n] as tf.Tensor))]),
  ) as ByParam<tf.Tensor[]>;
  return { t: 0, slots };
}

/** A copy that shares the tensors' data (reference-counted: every step makes new tensors, so the copy stays as it was). */
export function cloneOptimizerState(state: OptimizerState | null): OptimizerState | null {
  if (!state) return null;
  return {
    t: state.t,
    slots: Object.fromEntries(PARAM_NAMES.map((n) => [n, state.slots[n].map((s) => tf.clone(s))])) as ByParam<tf.Tensor[]>,
  };
}

export function disposeOptimizerState(state: OptimizerState | null): void {
  if (state) for (const n of PARAM_NAMES) tf.dispose(state.slots[n]);
}

/**
 * What each parameter would be changed by (P ← P − update), and the optimiser's next state, from
 * one step's gradients; nothing is assigned, so the explainer can show a step without taking it.
 * PyTorch's rules: weight decay adds wd·P to the gradient first; momentum v ← μv + g, update lr·v;
 * Adam m ← β1 m + (1 − β1) g, v ← β2 v + (1 − β2) g², update lr · m̂ / (√v̂ + ε) with m̂ = m / (1 − β1^t),
 * v̂ = v / (1 − β2^t). Call inside tf.tidy; keep what you need.
 */
export function optimizerUpdate(
  params: Params,
  grads: ByParam<tf.Tensor>,
  lr: tf.Scalar | number,
  rule: StepRule,
  state: OptimizerState | null,
): { updates: ByParam<tf.Tensor>; next: OptimizerState | null } {
  const updates = {} as ByParam<tf.Tensor>;
  const slots = {} as ByParam<tf.Tensor[]>;
  const t = (state?.t ?? 0) + 1;
  for (const name of PARAM_NAMES) {
    const g = rule.weightDecay ? tf.add(grads[name], tf.mul(rule.weightDecay, params[name])) : grads[name];
    switch (rule.optimizer) {
      case 'sgd':
        updates[name] = tf.mul(lr, g);
        break;
      case 'momentum': {
        const v = tf.add(tf.mul(MOMENTUM, state!.slots[name][0]), g);
        slots[name] = [v];
        updates[name] = tf.mul(lr, v);
        break;
      }
      case 'adam': {
        const [m0, v0] = state!.slots[name];
        const m = tf.add(tf.mul(ADAM.beta1, m0), tf.mul(1 - ADAM.beta1, g));
        const v = tf.add(tf.mul(ADAM.beta2, v0), tf.mul(1 - ADAM.beta2, tf.square(g)));
        slots[name] = [m, v];
        const mHat = tf.div(m, 1 - ADAM.beta1 ** t);
        const vHat = tf.div(v, 1 - ADAM.beta2 ** t);
        updates[name] = tf.mul(lr, tf.div(mHat, tf.add(tf.sqrt(vHat), ADAM.epsilon)));
        break;
      }
    }
  }
  return { updates, next: rule.optimizer === 'sgd' ? null : { t, slots } };
}

/** Takes the updates: P ← P − update for all six parameters. */
export function applyUpdates(params: Params, updates: ByParam<tf.Tensor>): void {
  for (const name of PARAM_NAMES) (params[name] as tf.Variable).assign(tf.sub(params[name], updates[name]));
}
