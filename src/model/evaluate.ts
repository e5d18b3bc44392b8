import * as tf from '@tensorflow/tfjs';
import { fusedLogits, type Params } from './network';

/** Images (N, 784) in [0, 1] and their labels (N) as int32, on the current backend. */
export interface LabelledImages {
  images: tf.Tensor2D;
  labels: tf.Tensor1D;
}

/**
 * Fraction of images whose largest logit is the true label, as the chapter computes accuracy
 * (argmax of the logits: softmax does not change the order). Runs in chunks so that 60,000 rows
 * never need one giant activation; the count stays on the backend and is read back once.
 */
export async function accuracy(params: Params, set: LabelledImages, chunk = 2000): Promise<number> {
  const n = set.images.shape[0];
  if (n === 0) return NaN;
  let correct = tf.scalar(0, 'int32');
  for (let start = 0; start < n; start += chunk) {
    const next = tf.tidy(() => {
      const rows = tf.range(start, Math.min(start + chunk, n), 1, 'int32');
      const predicted = tf.argMax(fusedLogits(params, tf.gather(set.images, rows)), 1);
      const hits = tf.sum(tf.cast(tf.equal(predicted, tf.gather(set.labels, rows)), 'int32'));
      return tf.add(correct, hits);
    });
    correct.dispose();
    correct = next as tf.Scalar;
  }
  const [count] = await correct.data();
  correct.dispose();
  return count / n;
}
