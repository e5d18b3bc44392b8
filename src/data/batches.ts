import * as tf from '@tensorflow/tfjs';
import type { ChunkSource } from '../model/evaluate';
import type { FusedData } from '../model/fused/fusedEngine';
import { NUM_FEATURES, NUM_LABELS } from '../model/network';
import { deriveRng, permutation } from '../model/random';
import type { Batch, BatchSource } from '../model/tfjsEngine';
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
export function toUnitFloats(pixels: Uint8Array, rows?: ArrayLike<number>, out?: Float32Array): Float32Array {
  const count = rows ? rows.length : pixels.length / NUM_FEATURES;
  const floats = out ?? new Float32Array(count * NUM_FEATURES);
  for (let r = 0; r < count; r++) {
    const src = (rows ? rows[r] : r) * NUM_FEATURES;
    const dst = r * NUM_FEATURES;
    for (let c = 0; c < NUM_FEATURES; c++) floats[dst + c] = pixels[src + c] / 255;
  }
  return floats;
}

/**
 * A split placed for training and evaluation: batches for the loop, chunks for accuracy.
 * Two placements, chosen by where the backend keeps its tensors (see `placeSplit`).
 */
export interface PlacedSplit extends ChunkSource {
  /** A fresh seeded shuffle per epoch, the last partial batch dropped. */
  batches(batchSize: number, seed: number): BatchSource;
  dispose(): void;
}

/**
 * GPU backends (WebGPU, WebGL): the images are uploaded once; every batch is gathered on the
 * GPU from the shuffled order (uploaded once per epoch), so no pixel crosses the bus per step.
 */
class DeviceSplit implements PlacedSplit {
  readonly count: number;
  private readonly images: tf.Tensor2D;
  private readonly labels: tf.Tensor1D;

  constructor(split: MnistSplit, rows: Int32Array) {
    this.count = rows.length;
    this.images = tf.tensor2d(toUnitFloats(split.pixels, rows), [rows.length, NUM_FEATURES]);
    this.labels = tf.tensor1d(
      Int32Array.from(rows, (r) => split.labels[r]),
      'int32',
    );
  }

  batches(batchSize: number, seed: number): BatchSource {
    let order: tf.Tensor1D | null = null;
    const end = () => {
      order?.dispose();
      order = null;
    };
    return {
      startEpoch: (epoch) => {
        end();
        order = tf.tensor1d(epochOrder(this.count, seed, epoch), 'int32');
        return batchesPerEpoch(this.count, batchSize);
      },
      batch: (step): Batch => {
        if (!order) throw new Error('batch() before startEpoch()');
        const rows = tf.slice(order, step * batchSize, batchSize);
        return {
          x: tf.gather(this.images, rows) as tf.Tensor2D,
          oneHot: tf.oneHot(tf.gather(this.labels, rows), NUM_LABELS).toFloat() as tf.Tensor2D,
        };
      },
      endEpoch: end,
    };
  }

  chunk(start: number, end: number) {
    const rows = tf.range(start, end, 1, 'int32');
    return { images: tf.gather(this.images, rows) as tf.Tensor2D, labels: tf.gather(this.labels, rows) as tf.Tensor1D };
  }

  dispose(): void {
    tf.dispose([this.images, this.labels]);
  }
}

/**
 * CPU-memory backends (Wasm, CPU): their tensors live in this worker's own memory, so there is
 * no bus to spare, and TF.js's Wasm gather is slow (≈ 0.7-1.7 ms for 32 rows, a third of a step,
 * measured by `npm run bench`). Copying the 32 rows in JS costs ≈ 0.05 ms: batches are built here.
 */
class HostSplit implements PlacedSplit {
  readonly count: number;

  constructor(
    private readonly split: MnistSplit,
    private readonly rows: Int32Array,
  ) {
    this.count = rows.length;
  }

  batches(batchSize: number, seed: number): BatchSource {
    let order: Int32Array | null = null;
    const pixels = new Float32Array(batchSize * NUM_FEATURES);
    const rows = new Int32Array(batchSize);
    return {
      startEpoch: (epoch) => {
        order = epochOrder(this.count, seed, epoch);
        return batchesPerEpoch(this.count, batchSize);
      },
      batch: (step): Batch => {
        if (!order) throw new Error('batch() before startEpoch()');
        const oneHot = new Float32Array(batchSize * NUM_LABELS);
        for (let i = 0; i < batchSize; i++) {
          rows[i] = this.rows[order[step * batchSize + i]];
          oneHot[i * NUM_LABELS + this.split.labels[rows[i]]] = 1;
        }
        toUnitFloats(this.split.pixels, rows, pixels);
        return { x: tf.tensor2d(pixels, [batchSize, NUM_FEATURES]), oneHot: tf.tensor2d(oneHot, [batchSize, NUM_LABELS]) };
      },
      endEpoch: () => {
        order = null;
      },
    };
  }

  chunk(start: number, end: number) {
    const rows = this.rows.subarray(start, end);
    return {
      images: tf.tensor2d(toUnitFloats(this.split.pixels, rows), [rows.length, NUM_FEATURES]),
      labels: tf.tensor1d(
        Int32Array.from(rows, (r) => this.split.labels[r]),
        'int32',
      ),
    };
  }

  dispose(): void {}
}

/** Where a backend keeps tensors decides how batches are best made (see the two classes above). */
export function placeSplit(split: MnistSplit, rows: Int32Array, backend: string): PlacedSplit {
  return backend === 'wasm' || backend === 'cpu' ? new HostSplit(split, rows) : new DeviceSplit(split, rows);
}

/** The rows used for training as bytes, with each epoch's order: what the fused WebGPU kernel uploads. */
export function fusedData(split: MnistSplit, rows: Int32Array, seed: number): FusedData {
  const pixels = new Uint8Array(rows.length * NUM_FEATURES);
  rows.forEach((r, i) => pixels.set(split.pixels.subarray(r * NUM_FEATURES, (r + 1) * NUM_FEATURES), i * NUM_FEATURES));
  return {
    count: rows.length,
    pixels,
    labels: Uint8Array.from(rows, (r) => split.labels[r]),
    order: (epoch) => epochOrder(rows.length, seed, epoch),
    images: (order) => toUnitFloats(pixels, order),
  };
}

/** Every row of a split, in order. */
export function allRows(split: MnistSplit): Int32Array {
  return Int32Array.from({ length: split.count }, (_, i) => i);
}
