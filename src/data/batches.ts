import * as tf from '@tensorflow/tfjs';
import type { LabelledImages } from '../model/evaluate';
import { NUM_FEATURES, NUM_LABELS } from '../model/network';
import { deriveRng, permutation } from '../model/random';
import type { Batch, BatchSource } from '../model/trainer';
import type { MnistSplit } from './sprites';

/** Seed streams of the data: which images train, and the shuffle of epoch k (STREAM_SHUFFLE + k). */
export const STREAM_SUBSET = 2;
export const STREAM_SHUFFLE = 1000;

/** The rows used for training: all of them, or a seeded random subset of `samples` in ascending order. */
export function subsetIndices(total: number, samples: number, seed: number): Int32Array {
  if (samples >= total) return Int32Array.from({ length: total }, (_, i) => i);
  return permutation(deriveRng(seed, STREAM_SUBSET), total).subarray(0, samples).sort();
}

/** Number of full batches in an epoch: DataLoader(drop_last=True). */
export function batchesPerEpoch(samples: number, batchSize: number): number {
  return Math.floor(samples / batchSize);
}

/** The order in which epoch `epoch` visits the rows: a fresh seeded shuffle per epoch. */
export function epochOrder(samples: number, seed: number, epoch: number): Int32Array {
  return permutation(deriveRng(seed, STREAM_SHUFFLE + epoch), samples);
}

/** Pixels as the chapter's ToTensor() gives them: floats in [0, 1], one row of 784 per image. */
export function toUnitFloats(pixels: Uint8Array, rows?: Int32Array): Float32Array {
  const count = rows ? rows.length : pixels.length / NUM_FEATURES;
  const out = new Float32Array(count * NUM_FEATURES);
  for (let r = 0; r < count; r++) {
    const src = (rows ? rows[r] : r) * NUM_FEATURES;
    for (let c = 0; c < NUM_FEATURES; c++) out[r * NUM_FEATURES + c] = pixels[src + c] / 255;
  }
  return out;
}

/** Uploads a split (or the given rows of it) to the current backend once. */
export function uploadSplit(split: MnistSplit, rows?: Int32Array): LabelledImages {
  const count = rows ? rows.length : split.count;
  const labels = rows ? Int32Array.from(rows, (r) => split.labels[r]) : Int32Array.from(split.labels);
  return {
    images: tf.tensor2d(toUnitFloats(split.pixels, rows), [count, NUM_FEATURES]),
    labels: tf.tensor1d(labels, 'int32'),
  };
}

/**
 * Batches gathered on the backend from the uploaded training set: per epoch one upload of the
 * shuffled order (N int32), per step only a slice of it and a gather, no pixel crosses to the GPU.
 */
export class ShuffledBatches implements BatchSource {
  private order: tf.Tensor1D | null = null;

  constructor(
    private readonly set: LabelledImages,
    private readonly batchSize: number,
    private readonly seed: number,
  ) {}

  get samples(): number {
    return this.set.images.shape[0];
  }

  startEpoch(epoch: number): number {
    this.endEpoch();
    this.order = tf.tensor1d(epochOrder(this.samples, this.seed, epoch), 'int32');
    return batchesPerEpoch(this.samples, this.batchSize);
  }

  batch(step: number): Batch {
    if (!this.order) throw new Error('batch() before startEpoch()');
    const rows = tf.slice(this.order, step * this.batchSize, this.batchSize);
    return {
      x: tf.gather(this.set.images, rows) as tf.Tensor2D,
      oneHot: tf.oneHot(tf.gather(this.set.labels, rows), NUM_LABELS).toFloat() as tf.Tensor2D,
    };
  }

  endEpoch(): void {
    this.order?.dispose();
    this.order = null;
  }
}
