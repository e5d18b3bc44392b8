import * as tf from '@tensorflow/tfjs';
import { createParams, initialValues, PARAM_NAMES, type Architecture, type Params } from './network';
import { createRng } from './random';

/** The tiny network the model's unit tests use. */
export const TEST_ARCH: Architecture = { hidden1: 6, hidden2: 5 };

/** A small random batch (pixels uniform in [0, 1)) with one-hot labels, from a seed. */
export function randomBatch(batch: number, seed: number) {
  const rng = createRng(seed);
  const x = tf.tensor2d(
    Float32Array.from({ length: batch * 784 }, () => rng.next()),
    [batch, 784],
  );
  const labels = Int32Array.from({ length: batch }, () => Math.floor(rng.next() * 10));
  return { x, oneHot: tf.oneHot(tf.tensor1d(labels, 'int32'), 10).toFloat() as tf.Tensor2D };
}

/**
 * Weights `scale` times the chapter's initialisation, with biases of `bias`·sin(i), so that every
 * gradient is well above float noise.
 */
export function testParams(seed: number, scale: number, bias: number, arch = TEST_ARCH): Params {
  const values = initialValues(arch, seed);
  for (const name of PARAM_NAMES) values[name] = values[name].map((v, i) => v * scale + (name.startsWith('b') ? bias * Math.sin(i) : 0));
  return createParams(arch, values);
}
