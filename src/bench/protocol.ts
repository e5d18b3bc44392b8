/** Messages of the benchmark page and its worker (bench.html; run by `npm run bench`). */
import type { GradientMode } from '../model/sgd';
import type { BackendName } from '../worker/protocol';

export interface BenchRequest {
  backends: BackendName[];
  batchSizes: number[];
  /** Steps per timed repeat, and how many repeats (the median is reported). */
  steps: number;
  repeats: number;
  /** A repeat ends early past this many seconds (slow software backends), reporting the steps it did. */
  maxRepeatSeconds: number;
  gradients: GradientMode[];
  dataUrl: string;
}

/** One backend × batch size × gradient mode. */
export interface StepFigures {
  backend: BackendName;
  batchSize: number;
  gradients: GradientMode;
  /** First step including shader compilation / first allocation. */
  firstStepMs: number;
  stepsPerRepeat: number[];
  msPerStepPerRepeat: number[];
  medianMsPerStep: number;
  samplesPerSecond: number;
}

export interface BackendFigures {
  backend: BackendName;
  available: boolean;
  reason?: string;
  adapter?: string;
  startMs?: number;
  /** Placing the 60,000 training images (on GPUs: uploading 188 MB of float32) and reading 10 rows back. */
  uploadMs?: number;
  /** One drawn digit: MNIST preprocessing of a 280×280 pad + forward pass + read-back, median of 20. */
  predictionMs?: number;
  steps: StepFigures[];
}

export type BenchMessage =
  { type: 'log'; text: string } | { type: 'backend'; figures: BackendFigures } | { type: 'done' } | { type: 'error'; message: string };
