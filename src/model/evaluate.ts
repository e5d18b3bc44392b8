import * as tf from '@tensorflow/tfjs';
import { chapterSoftmax, fusedForward, fusedLogits, NUM_LABELS, readAndDispose, type Params } from './network';
import { saturatedMask } from './activations';
import type { Activation } from './stepRule';

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
export async function accuracy(
  params: Params,
  activation: Activation,
  set: ChunkSource,
  { signal, yieldToHost, chunk = 2000 }: { signal?: AbortSignal; yieldToHost?: () => Promise<void>; chunk?: number } = {},
): Promise<number> {
  const n = set.count;
  if (n === 0) return NaN;
  let correct = tf.scalar(0, 'int32');
  for (let start = 0; start < n; start += chunk) {
    if (signal?.aborted) {
      correct.dispose();
      throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
    }
    if (start > 0) await yieldToHost?.(); // a Stop can arrive between chunks
    const next = tf.tidy(() => {
      const { images, labels } = set.chunk(start, Math.min(start + chunk, n));
      const hits = tf.sum(tf.cast(tf.equal(tf.argMax(fusedLogits(params, images, activation), 1), labels), 'int32'));
      return tf.add(correct, hits);
    });
    correct.dispose();
    correct = next as tf.Scalar;
  }
  const [count] = await readAndDispose(correct);
  return count / n;
}

/** Everything the page shows about a set after evaluating it: accuracy, confusion, each image's probabilities. */
export interface Evaluation {
  count: number;
  /** Fraction correct (0..1). */
  accuracy: number;
  /** 10×10 counts, row = true digit, column = predicted digit (row-major). */
  confusion: Int32Array;
  /** The predicted digit of each image (argmax). */
  predicted: Uint8Array;
  labels: Uint8Array;
  /** Ten probabilities per image (the chapter's softmax), row-major. */
  probabilities: Float32Array;
}

/** Index of the largest of ten values starting at `offset` (the first one on ties, as argmax). */
export function argMax10(values: ArrayLike<number>, offset: number): number {
  let best = 0;
  for (let j = 1; j < NUM_LABELS; j++) if (values[offset + j] > values[offset + best]) best = j;
  return best;
}

/** Confusion counts: row = true digit, column = predicted digit. */
export function confusionCounts(predicted: ArrayLike<number>, labels: ArrayLike<number>): Int32Array {
  const counts = new Int32Array(NUM_LABELS * NUM_LABELS);
  for (let i = 0; i < labels.length; i++) counts[labels[i] * NUM_LABELS + predicted[i]]++;
  return counts;
}

/**
 * Probabilities of every image in one forward pass (10,000 test images make activations of a few
 * MB), read back once; accuracy and confusion are then counted here in plain JS.
 */
export async function evaluate(params: Params, activation: Activation, images: tf.Tensor2D, labels: Uint8Array): Promise<Evaluation> {
  const probabilities = await readAndDispose(tf.tidy(() => chapterSoftmax(fusedLogits(params, images, activation))));
  const count = labels.length;
  const predicted = new Uint8Array(count);
  let correct = 0;
  for (let i = 0; i < count; i++) {
    predicted[i] = argMax10(probabilities, i * NUM_LABELS);
    if (predicted[i] === labels[i]) correct++;
  }
  return {
    count,
    accuracy: count ? correct / count : NaN,
    confusion: confusionCounts(predicted, labels),
    predicted,
    labels,
    probabilities,
  };
}

/** Which images a gallery shows: one cell of the confusion matrix, or every mistake. */
export type GallerySelection = { actual: number; predicted: number } | 'mistakes';

/**
 * The images behind a selection, most confident first (confidence = the probability of the
 * predicted digit), at most `limit`. Returns the indices and how many matched in all.
 */
export function galleryIndices(evaluation: Evaluation, selection: GallerySelection, limit = 100): { indices: number[]; total: number } {
  const matches: number[] = [];
  for (let i = 0; i < evaluation.count; i++) {
    const predicted = evaluation.predicted[i];
    const actual = evaluation.labels[i];
    const hit = selection === 'mistakes' ? predicted !== actual : actual === selection.actual && predicted === selection.predicted;
    if (hit) matches.push(i);
  }
  const confidence = (i: number) => evaluation.probabilities[i * NUM_LABELS + evaluation.predicted[i]];
  matches.sort((a, b) => confidence(b) - confidence(a) || a - b);
  return { indices: matches.slice(0, limit), total: matches.length };
}

/**
 * Share of saturated units on a batch, for each hidden layer (stepRule.ts's one definition: a
 * sigmoid output below 0.015 or above 0.985): the reason a large learning rate stalls the chapter's
 * network, since its gradients vanish there. Returns [layer1, layer2] for the caller to read and dispose.
 */
export function saturation(params: Params, x: tf.Tensor2D, activation: Activation): tf.Tensor1D {
  return tf.tidy(() => {
    const { a1, a2 } = fusedForward(params, x, activation);
    const share = (a: tf.Tensor) => tf.mean(tf.cast(saturatedMask(a, activation), 'float32'));
    return tf.stack([share(a1), share(a2)]) as tf.Tensor1D;
  });
}
