import * as tf from '@tensorflow/tfjs';
import { restoreParams, snapshotParams, type ParamSnapshot, type Params } from './network';
import type { RunControl } from './runControl';
import { sgdStep, type StepGradients } from './sgd';

/** One training batch: images (B, 784) and one-hot labels (B, 10), on the backend. */
export interface Batch {
  x: tf.Tensor2D;
  oneHot: tf.Tensor2D;
}

/**
 * Where the loop gets its batches: a fresh shuffle per epoch, the last partial batch dropped.
 * Implemented by src/data; the model only knows this shape.
 */
export interface BatchSource {
  /** Shuffles for this epoch (0-based) and returns how many full batches it has. */
  startEpoch(epoch: number): number;
  /** The step-th batch of the current epoch. Called inside tf.tidy: the tensors are freed after the step. */
  batch(step: number): Batch;
  /** Frees what the epoch's shuffle kept on the backend. */
  endEpoch(): void;
}

/** Hyperparameters of one run of the loop (the learning rate lives in RunControl: it may change live). */
export interface LoopSettings {
  epochs: number;
  batchSize: number;
  gradients: StepGradients;
}

/** Where a run stands: `batch` batches of epoch `epoch` (0-based) are done, of `batches`. */
export interface LoopPosition {
  epoch: number;
  batch: number;
  batches: number;
}

/** A report from inside an epoch, made when the loss is read back (about 10 times a second). */
export interface LoopProgress extends LoopPosition {
  /** Mean batch loss since the previous report. */
  runningLoss: number;
  samplesPerSecond: number;
  msPerStep: number;
}

/** The chapter's printed figure: the mean of the batch losses of one epoch. */
export interface EpochResult {
  epoch: number;
  loss: number;
  numTensors: number;
  /** Training time of the epoch, pauses and evaluation excluded. */
  seconds: number;
}

/** A learning rate that took effect from the batch after `batch` of `epoch`. */
export interface RateChange extends LoopPosition {
  learningRate: number;
}

/**
 * What the host may look at between two batches (weight tiles, saturation, the last gradient).
 * Tensors returned are the caller's to dispose.
 */
export interface LoopView {
  params: Params;
  /** The images of the batch the last step trained on, or null before the first step. */
  lastBatch(): tf.Tensor2D | null;
  /** What the last update subtracted from W1, divided by its learning rate: the gradient it applied, summed over `steps` steps. */
  lastW1Gradient(): { gradient: tf.Tensor2D; steps: number } | null;
}

export interface LoopHooks {
  onStart?(view: LoopView): void;
  onProgress(progress: LoopProgress): void;
  /** One epoch finished; the loop waits for this (the host evaluates the test set here). */
  onEpoch(result: EpochResult): void | Promise<void>;
  onPaused?(position: LoopPosition): void;
  /** A single batch run while paused, with its own loss. */
  onStepped?(loss: number, position: LoopPosition): void;
  onRateChange?(change: RateChange): void;
  /** Lets the host handle messages (stop, pause, predictions) between batches. */
  yieldToHost(): Promise<void>;
}

/** How a run ended. `diverged` restores the last weights that gave a finite loss. */
export type LoopOutcome =
  | { kind: 'finished' }
  | { kind: 'stopped'; epoch: number; batch: number }
  | { kind: 'diverged'; epoch: number; batch: number; loss: number };

const READBACK_MS = 100;
const YIELD_MS = 15;

/** Milliseconds spent waiting while paused, so that speeds and epoch times count training only. */
class PauseClock {
  total = 0;
  async wait<T>(promise: Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await promise;
    } finally {
      this.total += performance.now() - start;
    }
  }
}

/**
 * The chapter's training loop. The loss of each step is summed on the backend and read back
 * asynchronously about ten times a second, never per step: a per-step read stalls a GPU, and on
 * a software WebGPU adapter dataSync() returns zeros. Pausing, stepping and rate changes happen
 * between batches and never touch the epoch's sum, so a paused run prints the same losses.
 */
export async function runTrainingLoop(
  params: Params,
  source: BatchSource,
  settings: LoopSettings,
  control: RunControl,
  hooks: LoopHooks,
): Promise<LoopOutcome> {
  let rate = control.learningRate;
  let lr = tf.scalar(rate);
  // Where a divergence rolls back to, kept on the backend (no read-back of the weights): `pending`
  // is taken at each read-back; it becomes `confirmed` once the next window, which started from it,
  // has given only finite losses. The last update before a NaN may itself have overflowed, so the
  // unconfirmed snapshot is never restored.
  let confirmed: ParamSnapshot = snapshotParams(params);
  let pending: ParamSnapshot | null = null;
  const dropSnapshot = (s: ParamSnapshot | null) => s && tf.dispose(Object.values(s));
  // W1 before the latest update (shares its data: no copy), for the gradient view while paused.
  let previousW1: tf.Tensor2D | null = null;
  let previousRate = rate;
  // The step whose batch the last update used, while its epoch's shuffle is still open.
  let lastStep: number | null = null;
  const pauses = new PauseClock();

  hooks.onStart?.({
    params,
    lastBatch: () => (lastStep === null ? null : tf.tidy(() => tf.keep(source.batch(lastStep!).x))),
    lastW1Gradient: () =>
      previousW1 ? { gradient: tf.tidy(() => tf.div(tf.sub(previousW1!, params.w1), previousRate) as tf.Tensor2D), steps: 1 } : null,
  });

  try {
    for (let epoch = 0; epoch < settings.epochs; epoch++) {
      const batches = source.startEpoch(epoch);
      const epochStart = performance.now();
      const pausedBefore = pauses.total;
      const trainingMs = () => performance.now() - epochStart - (pauses.total - pausedBefore);
      // Two sums on the backend: the window's, read ~10 times a second for the live curve and the
      // NaN check, and the epoch's, added step by step in the same order whatever the read-back
      // timing, so that the same seed prints the same epoch loss to the last digit.
      let epochSum = tf.scalar(0);
      let windowSum = tf.scalar(0);
      let epochTotal = 0;
      let windowSteps = 0;
      let windowStart = performance.now();
      let lastYield = windowStart;

      const readWindow = async (stepsDone: number): Promise<LoopOutcome | number> => {
        const [sum] = await windowSum.data();
        windowSum.dispose();
        windowSum = tf.scalar(0);
        const now = performance.now();
        if (!Number.isFinite(sum)) {
          restoreParams(params, confirmed);
          return { kind: 'diverged', epoch, batch: stepsDone, loss: sum };
        }
        if (pending) {
          dropSnapshot(confirmed);
          confirmed = pending;
        }
        pending = snapshotParams(params);
        const mean = sum / windowSteps;
        hooks.onProgress({
          epoch,
          batch: stepsDone,
          batches,
          runningLoss: mean,
          samplesPerSecond: (stepsDone * settings.batchSize * 1000) / Math.max(1e-3, trainingMs()),
          msPerStep: (now - windowStart) / windowSteps,
        });
        windowSteps = 0;
        windowStart = now;
        return mean;
      };

      try {
        for (let step = 0; step < batches; step++) {
          // Between batches: stop, pause (flush the window so the page shows where it stands), step.
          let action = control.poll();
          if (action === 'wait') {
            if (windowSteps > 0) {
              const flushed = await readWindow(step);
              if (typeof flushed !== 'number') return flushed;
            }
            hooks.onPaused?.({ epoch, batch: step, batches });
            action = await pauses.wait(control.waitForPermission());
            windowStart = performance.now();
          }
          if (action === 'stop') {
            const flushed = windowSteps > 0 ? await readWindow(step) : null;
            return flushed !== null && typeof flushed !== 'number' ? flushed : { kind: 'stopped', epoch, batch: step };
          }
          if (control.learningRate !== rate) {
            rate = control.learningRate;
            lr.dispose();
            lr = tf.scalar(rate);
            hooks.onRateChange?.({ epoch, batch: step, batches, learningRate: rate });
          }

          const [nextWindow, nextEpoch, before] = tf.tidy(() => {
            const { x, oneHot } = source.batch(step);
            const w1 = tf.clone(params.w1);
            const loss = sgdStep(params, x, oneHot, lr, settings.gradients);
            return [tf.add(windowSum, loss), tf.add(epochSum, loss), w1];
          });
          tf.dispose([windowSum, epochSum, previousW1 as tf.Tensor]);
          windowSum = nextWindow as tf.Scalar;
          epochSum = nextEpoch as tf.Scalar;
          previousW1 = before as tf.Tensor2D;
          previousRate = rate;
          lastStep = step;
          windowSteps++;

          const now = performance.now();
          const last = step === batches - 1;
          if (action === 'step') {
            const loss = await readWindow(step + 1);
            if (typeof loss !== 'number') return loss;
            hooks.onStepped?.(loss, { epoch, batch: step + 1, batches });
          } else if (step === 0 || last || now - windowStart >= READBACK_MS) {
            const outcome = await readWindow(step + 1);
            if (typeof outcome !== 'number') return outcome;
          }
          if (now - lastYield >= YIELD_MS) {
            await hooks.yieldToHost();
            lastYield = performance.now();
          }
        }
        epochTotal = (await epochSum.data())[0];
      } finally {
        tf.dispose([windowSum, epochSum]);
        lastStep = null;
        source.endEpoch();
      }
      const seconds = trainingMs() / 1000;
      await hooks.onEpoch({ epoch, loss: epochTotal / batches, numTensors: tf.memory().numTensors, seconds });
      await hooks.yieldToHost();
      if (control.stopRequested && epoch < settings.epochs - 1) return { kind: 'stopped', epoch: epoch + 1, batch: 0 };
    }
    return { kind: 'finished' };
  } finally {
    lr.dispose();
    if (previousW1) tf.dispose(previousW1 as tf.Tensor);
    dropSnapshot(confirmed);
    dropSnapshot(pending);
  }
}
