import * as tf from '@tensorflow/tfjs';
import type { EngineSnapshot, StepEngine } from './engine';
import type { Params } from './network';
import type { RunControl } from './runControl';

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
 * What the host may look at between two batches (weight tiles, saturation, the last update).
 * Tensors returned are the caller's to dispose.
 */
export interface LoopView {
  params: Params;
  /** The images of the batch the last step trained on, or null before the first step of an epoch. */
  lastBatch(): tf.Tensor2D | null;
  /** The engine that computes the steps (its rule, its optimiser state, any batch of the current epoch). */
  engine: StepEngine;
  /** Where a paused run waits (its next step is batch `batch` of `epoch`), or null while it is not waiting there. */
  waitingAt(): LoopPosition | null;
  /** The learning rate the next step takes. */
  rate(): number;
  /** What the last update subtracted from W1, divided by its learning rate, summed over `steps` steps. */
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
  /** After each call to the engine (`count` steps), before the loss is read: e.g. a look at the layers every ~50 batches. */
  afterSteps?(position: LoopPosition, count: number): void | Promise<void>;
  /** Lets the host handle messages (stop, pause, predictions) between batches. */
  yieldToHost(): Promise<void>;
}

/** How a run ended. `diverged`: the weights are back at the last snapshot confirmed finite. */
export type LoopOutcome =
  | { kind: 'finished' }
  | { kind: 'stopped'; epoch: number; batch: number }
  | { kind: 'diverged'; epoch: number; batch: number; loss: number };

export interface LoopSettings {
  epochs: number;
  batchSize: number;
  /** At most this many batches per epoch (the benchmark's timed repeats, a backend's timing). */
  maxStepsPerEpoch?: number;
}

/** How often the loss is read back: often enough for a live curve, rarely enough not to stall a GPU. */
const READBACK_MS = 100;
/** How often the loop lets the host's message handlers run. */
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
 * Where a divergence rolls back to. `pending` is taken at each finite read-back; it becomes
 * `confirmed` once the next window, which started from it, has also given only finite losses.
 * The last update before a NaN may itself have overflowed the weights, so the unconfirmed
 * snapshot is never restored. Snapshots stay on the engine's device: no read-back of the weights.
 */
class Rollback {
  private confirmed: EngineSnapshot;
  private pending: EngineSnapshot | null = null;

  constructor(private readonly engine: StepEngine) {
    this.confirmed = engine.snapshot();
  }

  /** A window ended with finite losses. */
  finite(): void {
    if (this.pending) {
      this.confirmed.release();
      this.confirmed = this.pending;
    }
    this.pending = this.engine.snapshot();
  }

  restore(): Promise<void> {
    return this.confirmed.restore();
  }

  release(): void {
    this.confirmed.release();
    this.pending?.release();
  }
}

/**
 * The chapter's training loop, for every engine: epochs of seeded shuffles with the last partial
 * batch dropped, pause/step/resume and the live learning rate between calls, the loss read back
 * about ten times a second (never per step: a per-step read stalls a GPU, and on a software WebGPU
 * adapter dataSync() returns zeros), divergence detection with rollback, and the host's evaluation
 * after each epoch. Pausing, stepping and rate changes happen between batches and never touch the
 * engine's epoch sum, so a paused run prints the same losses to the last digit.
 */
export async function runLoop(engine: StepEngine, settings: LoopSettings, control: RunControl, hooks: LoopHooks): Promise<LoopOutcome> {
  let rate = control.learningRate;
  // The last step run in the current epoch, for the host's view of its batch.
  let lastStep: number | null = null;
  let waiting: LoopPosition | null = null;
  const pauses = new PauseClock();
  const rollback = new Rollback(engine);

  hooks.onStart?.({
    params: engine.params,
    lastBatch: () => {
      const batch = lastStep === null ? null : engine.batchAt(lastStep);
      batch?.oneHot.dispose();
      return batch?.x ?? null;
    },
    engine,
    waitingAt: () => waiting,
    rate: () => control.learningRate,
    lastW1Gradient: () => engine.lastW1Update(),
  });

  try {
    for (let epoch = 0; epoch < settings.epochs; epoch++) {
      const batches = Math.min(settings.maxStepsPerEpoch ?? Infinity, engine.startEpoch(epoch));
      const epochStart = performance.now();
      const pausedBefore = pauses.total;
      const trainingMs = () => performance.now() - epochStart - (pauses.total - pausedBefore);
      let windowSteps = 0;
      let windowStart = epochStart;
      let lastYield = epochStart;
      let epochTotal: number;

      /** Reads the window's loss: its mean, or the outcome of a divergence. */
      const readWindow = async (done: number): Promise<LoopOutcome | number> => {
        const sum = await engine.readWindowLoss();
        if (!Number.isFinite(sum)) {
          await rollback.restore();
          return { kind: 'diverged', epoch, batch: done, loss: sum };
        }
        rollback.finite();
        const now = performance.now();
        const mean = sum / windowSteps;
        hooks.onProgress({
          epoch,
          batch: done,
          batches,
          runningLoss: mean,
          samplesPerSecond: (done * settings.batchSize * 1000) / Math.max(1e-3, trainingMs()),
          msPerStep: (now - windowStart) / windowSteps,
        });
        windowSteps = 0;
        windowStart = now;
        return mean;
      };

      try {
        let step = 0;
        while (step < batches) {
          // Between calls: stop, pause (flush the window so the page shows where it stands), step.
          let action = control.poll();
          if (action === 'wait') {
            if (windowSteps > 0) {
              const flushed = await readWindow(step);
              if (typeof flushed !== 'number') return flushed;
            }
            waiting = { epoch, batch: step, batches };
            hooks.onPaused?.(waiting);
            action = await pauses.wait(control.waitForPermission());
            waiting = null;
            windowStart = performance.now();
          }
          if (action === 'stop') {
            const flushed = windowSteps > 0 ? await readWindow(step) : null;
            return flushed !== null && typeof flushed !== 'number' ? flushed : { kind: 'stopped', epoch, batch: step };
          }
          if (control.learningRate !== rate) {
            rate = control.learningRate;
            hooks.onRateChange?.({ epoch, batch: step, batches, learningRate: rate });
          }

          const count = action === 'step' ? 1 : Math.max(1, Math.min(engine.preferredSteps(), batches - step));
          const first = step === 0;
          const pending = engine.run(step, count, rate);
          if (pending) await pending; // TF.js steps are queued synchronously: no await in the hot loop
          step += count;
          lastStep = step - 1;
          windowSteps += count;
          const after = hooks.afterSteps?.({ epoch, batch: step, batches }, count);
          if (after) await after;

          const now = performance.now();
          if (action === 'step') {
            const loss = await readWindow(step);
            if (typeof loss !== 'number') return loss;
            hooks.onStepped?.(loss, { epoch, batch: step, batches });
          } else if (first || step === batches || now - windowStart >= READBACK_MS) {
            const outcome = await readWindow(step);
            if (typeof outcome !== 'number') return outcome;
          }
          if (now - lastYield >= YIELD_MS) {
            await hooks.yieldToHost();
            lastYield = performance.now();
          }
        }
        epochTotal = await engine.readEpochLoss();
      } finally {
        lastStep = null;
        engine.endEpoch();
      }
      await hooks.onEpoch({ epoch, loss: epochTotal / batches, numTensors: tf.memory().numTensors, seconds: trainingMs() / 1000 });
      await hooks.yieldToHost();
      if (control.stopRequested && epoch < settings.epochs - 1) return { kind: 'stopped', epoch: epoch + 1, batch: 0 };
    }
    return { kind: 'finished' };
  } finally {
    rollback.release();
  }
}
