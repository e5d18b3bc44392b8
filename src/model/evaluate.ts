import * as tf from '@tensorflow/tfjs';
import { fusedLogits, type Params } from './network';

/** Labelled images that can be read in chunks: images (n, 784) in [0, 1] and int32 labels (n). */
export interface ChunkSource {
  count: number;
  /** Rows start..end-1. Called inside tf.tidy: the tensors are freed after use. */
  chunk(start: number, end: number): { images: tf.Tensor2D; labels: tf.Tensor1D };
}

/**
 * Fraction of images whose largest logit is the true label, as the chapter computes accuracy
 * (argmax of the logits: softmax does not change the order). Runs in chunks so that 60,000 rows
 * never need one giant activation; the count stays on the backend and is read back once.
 */
export async function accuracy(params: Params, set: ChunkSource, chunk = 2000): Promise<number> {
  const n = set.count;
  if (n === 0) return NaN;
  let correct = tf.scalar(0, 'int32');
  for (let start = 0; start < n; start += chunk) {
    const next = tf.tidy(() => {
      const { images, labels } = set.chunk(start, Math.min(start + chunk, n));
      const hits = tf.sum(tf.cast(tf.equal(tf.argMax(fusedLogits(params, images), 1), labels), 'int32'));
      return tf.add(correct, hits);
    });
    correct.dispose();
    correct = next as tf.Scalar;
  }
  const [count] = await correct.data();
  correct.dispose();
  return count / n;
}
