import * as tf from '@tensorflow/tfjs';
import { deriveRng, normalArray } from './random';
import { activate } from './activations';
import type { Activation, Initialisation } from './stepRule';

/** MNIST's fixed sizes: 28×28 pixels in, ten digits out. */
export const NUM_FEATURES = 784;
export const NUM_LABELS = 10;

/** Seed streams, so that weights, subset and shuffles never share random numbers. */
export const STREAM_WEIGHTS = 1;

/**
 * The chapter's parameters. Weights are stored (in, out), the transpose of the chapter's
 * (out, in): `x·W` here is `x @ W.T` there, the same math, and on Wasm an untransposed matMul is
 * ten times cheaper (see shared notes). Biases are rank 1, which broadcasts like the chapter's (1, H).
 */
export interface Params {
  w1: tf.Variable<tf.Rank.R2>;
  b1: tf.Variable<tf.Rank.R1>;
  w2: tf.Variable<tf.Rank.R2>;
  b2: tf.Variable<tf.Rank.R1>;
  w3: tf.Variable<tf.Rank.R2>;
  b3: tf.Variable<tf.Rank.R1>;
}

/** Hidden layer sizes; the input (784) and output (10) sizes are MNIST's. */
export interface Architecture {
  hidden1: number;
  hidden2: number;
}

/** Plain arrays of the parameters, for tests and for moving weights between backends. */
export type ParamValues = Record<keyof Params, Float32Array>;

export const PARAM_NAMES: readonly (keyof Params)[] = ['w1', 'b1', 'w2', 'b2', 'w3', 'b3'];

/** Shapes of each parameter for an architecture, (in, out) for weights. */
export function paramShapes({ hidden1, hidden2 }: Architecture): Record<keyof Params, number[]> {
  return {
    w1: [NUM_FEATURES, hidden1],
    b1: [hidden1],
    w2: [hidden1, hidden2],
    b2: [hidden2],
    w3: [hidden2, NUM_LABELS],
    b3: [NUM_LABELS],
  };
}

/**
 * The standard deviation of a weight matrix's normal initialisation: the chapter's 0.1, Glorot
 * (Xavier) normal sqrt(2 / (fan_in + fan_out)), or Kaiming (He) normal sqrt(2 / fan_in), as
 * torch.nn.init.xavier_normal_ and kaiming_normal_ (fan_in mode, ReLU gain) draw them.
 */
export function initStd(init: Initialisation, fanIn: number, fanOut: number): number {
  switch (init) {
    case 'normal':
      return 0.1;
    case 'xavier':
      return Math.sqrt(2 / (fanIn + fanOut));
    case 'he':
      return Math.sqrt(2 / fanIn);
  }
}

/** Initial weights as plain arrays from the seed: normal with the initialisation's std, biases zero (the chapter's: std 0.1). */
export function initialValues(arch: Architecture, seed: number, init: Initialisation = 'normal'): ParamValues {
  const rng = deriveRng(seed, STREAM_WEIGHTS);
  const shapes = paramShapes(arch);
  const size = (name: keyof Params) => shapes[name].reduce((a, b) => a * b, 1);
  const weights = (name: 'w1' | 'w2' | 'w3') => {
    const [fanIn, fanOut] = shapes[name];
    return normalArray(rng, size(name), 0, initStd(init, fanIn, fanOut));
  };
  return {
    w1: weights('w1'),
    b1: new Float32Array(size('b1')),
    w2: weights('w2'),
    b2: new Float32Array(size('b2')),
    w3: weights('w3'),
    b3: new Float32Array(size('b3')),
  };
}

/** Creates trainable variables holding the given values on the current backend. */
export function createParams(arch: Architecture, values: ParamValues): Params {
  const shapes = paramShapes(arch);
  // tidy frees the initial tensor; the variable keeps its own reference to the data.
  const make = <R extends tf.Rank>(name: keyof Params) =>
    tf.tidy(() => tf.variable(tf.tensor(values[name], shapes[name]), true, undefined, 'float32')) as unknown as tf.Variable<R>;
  return {
    w1: make<tf.Rank.R2>('w1'),
    b1: make<tf.Rank.R1>('b1'),
    w2: make<tf.Rank.R2>('w2'),
    b2: make<tf.Rank.R1>('b2'),
    w3: make<tf.Rank.R2>('w3'),
    b3: make<tf.Rank.R1>('b3'),
  };
}

/** The chapter's initial parameters for a seed, as variables. */
export function initParams(arch: Architecture, seed: number, init: Initialisation = 'normal'): Params {
  return createParams(arch, initialValues(arch, seed, init));
}

export function disposeParams(params: Params): void {
  for (const name of PARAM_NAMES) params[name].dispose();
}

/** Reads all parameters back (asynchronously: `dataSync` breaks on software WebGPU). */
export async function readParams(params: Params): Promise<ParamValues> {
  const arrays = await Promise.all(PARAM_NAMES.map((n) => params[n].data() as Promise<Float32Array>));
  return Object.fromEntries(PARAM_NAMES.map((n, i) => [n, arrays[i]])) as ParamValues;
}

/** Reads a tensor the caller no longer needs (asynchronously: `dataSync` breaks on software WebGPU), then frees it. */
export async function readAndDispose(t: tf.Tensor): Promise<Float32Array> {
  try {
    return (await t.data()) as Float32Array;
  } finally {
    t.dispose();
  }
}

/** Copies of the parameters, kept on the backend: a snapshot without a read-back. */
export type ParamSnapshot = Record<keyof Params, tf.Tensor>;

export function snapshotParams(params: Params): ParamSnapshot {
  // tf.clone shares the data (reference-counted); every update assigns a new tensor, so the copy stays as it was.
  return Object.fromEntries(PARAM_NAMES.map((n) => [n, tf.clone(params[n] as tf.Tensor)])) as ParamSnapshot;
}

/** Puts a snapshot's values back into the variables (the snapshot stays valid). */
export function restoreParams(params: Params, snapshot: ParamSnapshot): void {
  for (const name of PARAM_NAMES) (params[name] as tf.Variable).assign(snapshot[name]);
}

/** Copies values into existing variables (e.g. back to the last finite weights). */
export function assignParams(params: Params, values: ParamValues): void {
  tf.tidy(() => {
    for (const name of PARAM_NAMES) (params[name] as tf.Variable).assign(tf.tensor(values[name], params[name].shape));
  });
}

/** The chapter's forward pass to the logits, formula by formula (its sigmoid is 1 / (1 + exp(-z))). */
export function logits(params: Params, x: tf.Tensor2D, activation: Activation): tf.Tensor2D {
  const hidden1 = activate(tf.add(tf.matMul(x, params.w1), params.b1), activation);
  const hidden2 = activate(tf.add(tf.matMul(hidden1, params.w2), params.b2), activation);
  return tf.add(tf.matMul(hidden2, params.w3), params.b3) as tf.Tensor2D;
}

/** The chapter's naive softmax: exp(z) / Σ exp(z). It overflows for large logits, as there. */
export function chapterSoftmax(z: tf.Tensor2D): tf.Tensor2D {
  const numerator = tf.exp(z);
  return tf.div(numerator, tf.sum(numerator, 1, true));
}

/**
 * The chapter's loss: -(one_hot * log(softmax)).mean(). The mean runs over the batch AND the ten
 * classes, so it is the usual cross-entropy divided by 10; the chapter's printed losses need it.
 */
export function chapterLoss(probs: tf.Tensor2D, oneHot: tf.Tensor2D): tf.Scalar {
  return tf.neg(tf.mean(tf.mul(oneHot, tf.log(probs)))) as tf.Scalar;
}

/**
 * The same forward pass with fused kernels (matMul + bias + sigmoid in one op): the same
 * function, fewer and cheaper kernels. For evaluation and prediction; training's autodiff path
 * keeps the literal formulas above.
 */
export function fusedLogits(params: Params, x: tf.Tensor2D, activation: Activation): tf.Tensor2D {
  return fusedForward(params, x, activation).logits;
}

/** One hidden layer, matMul + bias + activation: fused into one kernel where TF.js has it (sigmoid, ReLU). */
function hiddenLayer(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, activation: Activation): tf.Tensor2D {
  if (activation === 'tanh') return tf.tanh(tf.fused.matMul({ a: x, b: w, bias: b })) as tf.Tensor2D;
  return tf.fused.matMul({ a: x, b: w, bias: b, activation }) as tf.Tensor2D;
}

/** The fused forward pass with the hidden activations kept, which the hand-derived backward needs. */
export function fusedForward(
  params: Params,
  x: tf.Tensor2D,
  activation: Activation,
): { a1: tf.Tensor2D; a2: tf.Tensor2D; logits: tf.Tensor2D } {
  const a1 = hiddenLayer(x, params.w1, params.b1, activation);
  const a2 = hiddenLayer(a1, params.w2, params.b2, activation);
  return { a1, a2, logits: tf.fused.matMul({ a: a2, b: params.w3, bias: params.b3 }) as tf.Tensor2D };
}

/** Class probabilities for a batch of images (rows of 784 values in [0, 1]). */
export function predict(params: Params, x: tf.Tensor2D, activation: Activation): tf.Tensor2D {
  return chapterSoftmax(fusedLogits(params, x, activation));
}
