import * as tf from '@tensorflow/tfjs';
import { restoreParams, snapshotParams, type ParamSnapshot, type Params } from './network';
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

/** Hyperparameters of one run of the loop. */
export interface LoopSettings {
  learningRate: number;
  epochs: number;
  batchSize: number;
  gradients: StepGradients;
}

/** A report from inside an epoch, made when the loss is read back (about 10 times a second). */
export interface LoopProgress {
  epoch: number;
  /** Batches done in this epoch. */
  batch: number;
  batches: number;
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
  seconds: number;
}

export interface LoopHooks {
  onProgress(progress: LoopProgress): void;
  onEpoch(result: EpochResult): void;
  /** Checked between batches; true ends the run after the current batch. */
  shouldStop(): boolean;
  /** Lets the host handle messages (stop, predictions) between batches. */
  yieldToHost(): Promise<void>;
}

/** How a run ended. `diverged` restores the last weights that gave a finite loss. */
export type LoopOutcome =
  | { kind: 'finished' }
  | { kind: 'stopped'; epoch: number; batch: number }
  | { kind: 'diverged'; epoch: number; batch: number; loss: number };

const READBACK_MS = 100;
const YIELD_MS = 15;

/**
 * The chapter's training loop. The loss of each step is summed on the backend and read back
 * asynchronously about ten times a second, never per step: a per-step read stalls a GPU, and on
 * a software WebGPU adapter dataSync() returns zeros.
 */
export async function runTrainingLoop(params: Params, source: BatchSource, settings: LoopSettings, hooks: LoopHooks): Promise<LoopOutcome> {
  const lr = tf.scalar(settings.learningRate);
  // Where a divergence rolls back to, kept on the backend (no read-back of the weights): `pending`
  // is taken at each read-back; it becomes `confirmed` once the next window, which started from it,
  // has given only finite losses. The last update before a NaN may itself have overflowed, so the
  // unconfirmed snapshot is never restored.
  let confirmed: ParamSnapshot = snapshotParams(params);
  let pending: ParamSnapshot | null = null;
  const dropSnapshot = (s: ParamSnapshot | null) => s && tf.dispose(Object.values(s));
  try {
    for (let epoch = 0; epoch < settings.epochs; epoch++) {
      const batches = source.startEpoch(epoch);
      const epochStart = performance.now();
      // Two sums on the backend: the window's, read ~10 times a second for the live curve and the
      // NaN check, and the epoch's, added step by step in the same order whatever the read-back
      // timing, so that the same seed prints the same epoch loss to the last digit.
      let epochSum = tf.scalar(0);
      let windowSum = tf.scalar(0);
      let epochTotal = 0;
      let windowSteps = 0;
      let windowStart = epochStart;
      let lastYield = epochStart;

      const readWindow = async (stepsDone: number): Promise<LoopOutcome | null> => {
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
        hooks.onProgress({
          epoch,
          batch: stepsDone,
          batches,
          runningLoss: sum / windowSteps,
          samplesPerSecond: (stepsDone * settings.batchSize * 1000) / (now - epochStart),
          msPerStep: (now - windowStart) / windowSteps,
        });
        windowSteps = 0;
        windowStart = now;
        return null;
      };

      try {
        for (let step = 0; step < batches; step++) {
          const [nextWindow, nextEpoch] = tf.tidy(() => {
            const { x, oneHot } = source.batch(step);
            const loss = sgdStep(params, x, oneHot, lr, settings.gradients);
            return [tf.add(windowSum, loss), tf.add(epochSum, loss)];
          });
          tf.dispose([windowSum, epochSum]);
          windowSum = nextWindow as tf.Scalar;
          epochSum = nextEpoch as tf.Scalar;
          windowSteps++;

          const now = performance.now();
          const last = step === batches - 1;
          if (last || now - windowStart >= READBACK_MS) {
            const outcome = await readWindow(step + 1);
            if (outcome) return outcome;
          }
          if (now - lastYield >= YIELD_MS) {
            await hooks.yieldToHost();
            lastYield = performance.now();
          }
          if (hooks.shouldStop() && !last) {
            const outcome = windowSteps > 0 ? await readWindow(step + 1) : null;
            return outcome ?? { kind: 'stopped', epoch, batch: step + 1 };
          }
        }
        epochTotal = (await epochSum.data())[0];
      } finally {
        tf.dispose([windowSum, epochSum]);
        source.endEpoch();
      }
      hooks.onEpoch({
        epoch,
        loss: epochTotal / batches,
        numTensors: tf.memory().numTensors,
        seconds: (performance.now() - epochStart) / 1000,
      });
      if (hooks.shouldStop() && epoch < settings.epochs - 1) return { kind: 'stopped', epoch: epoch + 1, batch: 0 };
    }
    return { kind: 'finished' };
  } finally {
    lr.dispose();
    dropSnapshot(confirmed);
    dropSnapshot(pending);
  }
}
