import { placeSplit, subsetIndices, type PlacedSplit } from '../data/batches';
import * as tf from '@tensorflow/tfjs';
import type { MnistSplit } from '../data/sprites';
import { DataFileError } from '../data/idx';
import { runLoop, type LoopHooks, type LoopOutcome } from '../model/driver';
import type { StepEngine } from '../model/engine';
import { accuracy } from '../model/evaluate';
import { finiteMeasure, measureHealth } from '../model/health';
import { createParams, initialValues, type Params } from '../model/network';
import type { Activation } from '../model/stepRule';
import type { RunControl } from '../model/runControl';
import { abortable, RunCancelled } from './abortable';
import { deviceLost, watchDeviceLoss } from './backends';
import { ownerSeat, type RunSeat } from './runSeat';
import type { WorkerContext } from './context';
import { createEngine, stepPlan, type EngineFactory } from './engines';
import { DeviceLost, NoFullBatch, runFailureOf } from './failures';
import { copyWeights, weightBuffers } from './weights';
import type { BackendName, Divergence, FromWorker, TestSummary, ToWorker } from './protocol';
import { blockOnce, hold } from './testHooks';

export type StartMessage = Extract<ToWorker, { type: 'start' }>;

/** How often a run measures its layers' health, in batches (each measure costs about one step). */
export const HEALTH_EVERY = 50;

/** A macrotask yield without setTimeout's 4 ms clamp, so that queued messages (Stop, Pause) are handled. */
const yieldChannel = new MessageChannel();
const yieldWaiters: (() => void)[] = [];
yieldChannel.port1.onmessage = () => yieldWaiters.shift()?.();
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    yieldWaiters.push(resolve);
    yieldChannel.port2.postMessage(null);
  });
}

/** Whether `promise` settled before Stop; a Stop ends the wait (not the work) and answers false. */
async function beforeStop(promise: Promise<unknown>, signal: AbortSignal): Promise<boolean> {
  try {
    await abortable(promise, signal);
    return true;
  } catch (error) {
    if (error instanceof RunCancelled) return false;
    throw error;
  }
}

/**
 * One run, phase by phase: the data and the backend (prepared before the click when they could
 * be), the engine, the loop, the final evaluation, and the one message that ends it (done or
 * error). Stop is answered in every phase: waits on shared work (the download, a backend's timing)
 * are left at once while that work goes on for the next run; once training has begun, what the
 * run reached is kept.
 */
export async function trainRun(
  ctx: WorkerContext,
  { runId, config, dataUrl, remembered, avoid }: StartMessage,
  control: RunControl,
  seat: RunSeat = ownerSeat(ctx),
  engineFor: EngineFactory = createEngine,
) {
  const { prep, inspector } = ctx;
  const post = seat.emit;
  const signal = control.signal;
  let params: Params | null = null;
  let backend: BackendName | undefined;
  let lostReason: string | null = null;
  let placed: PlacedSplit | null = null;
  let engine: StepEngine | null = null;
  let unwatch: (() => void) | null = null;
  try {
    const data = prep.loadData(dataUrl);
    data.catch(() => undefined); // awaited below, where its failure is reported
    const report = await abortable(
      prep.exclusive(() => prep.backendFor(config, remembered, avoid)),
      signal,
    );
    backend = report.name;
    const plan = stepPlan(report, config);
    post({ type: 'backend', runId, report: { ...report, ...plan } });
    const { train: split, test } = await abortable(data, signal);

    const rows = subsetIndices(split.count, config.samples, config.seed);
    const batches = Math.floor(rows.length / config.batchSize);
    if (batches === 0) throw new NoFullBatch(rows.length, config.batchSize);
    post({ type: 'warming-up', runId, batches });
    placed = placeSplit(split, rows, report.name);
    const arch = { hidden1: config.hidden1, hidden2: config.hidden2 };
    const initial = initialValues(arch, config.seed, config.init);
    const own = createParams(arch, initial);
    params = own;
    seat.begin(own, config.activation, initial.w1);
    inspector.prepareTest(test); // before the first epoch, so that the tensor count stays flat
    unwatch = watchDeviceLoss((reason) => {
      lostReason = reason;
      control.stop();
    });
    engine = await engineFor(plan.path, own, config, { split, rows, placed });
    if (control.stopRequested && lostReason === null) throw new RunCancelled();

    let firstProgress = true;
    let healthDue = 1; // the first step, then every HEALTH_EVERY batches
    let healthMs = 0; // this epoch's time spent measuring health, reported with the epoch (the bench's cost figure)
    // Samples wait for the next progress message and follow it at once: a message of its own wakes
    // the page's thread once more, which on the 2 loaded cores cost 0.3-1% of an epoch by itself.
    let pendingHealth: FromWorker[] = [];
    const postHealth = () => {
      const started = performance.now();
      pendingHealth.forEach((message) => post(message));
      pendingHealth = [];
      healthMs += performance.now() - started;
    };
    const hooks: LoopHooks = {
      afterSteps: async (position) => {
        const done = position.epoch * position.batches + position.batch;
        if (done < healthDue || !engine) return;
        healthDue = done + HEALTH_EVERY;
        const started = performance.now();
        const batch = engine.batchAt(position.batch - 1);
        if (!batch) return;
        try {
          const { measure, histograms } = await measureHealth(
            own,
            batch.x,
            batch.oneHot,
            control.learningRate,
            engine.rule,
            engine.optimizerState(),
          );
          if (!finiteMeasure(measure)) return; // diverging weights: the loop's rollback tells the story
          const x = position.epoch + position.batch / position.batches;
          pendingHealth.push({ type: 'health', runId, sample: { ...measure, x, examples: done * config.batchSize }, histograms });
        } finally {
          tf.dispose([batch.x, batch.oneHot]);
          healthMs += performance.now() - started;
        }
      },
      onStart: (view) => seat.watch({ start: view }),
      onProgress: (progress) => {
        seat.touch();
        post({ type: 'progress', runId, progress });
        postHealth();
        seat.watch('read-back');
        if (firstProgress) blockOnce();
        firstProgress = false;
      },
      onEpoch: async (result) => {
        // A Stop here skips the test-set check: the loop then ends with the weights it reached.
        const summary = (await beforeStop(hold('evaluating'), signal)) ? await seat.evaluateTest(own, config.activation, test) : null;
        const numTensors = await seat.settledTensorCount();
        const healthSeconds = healthMs / 1000;
        healthMs = 0;
        post({ type: 'epoch', runId, report: { ...result, numTensors, test: summary, healthSeconds } });
      },
      onPaused: (position) => {
        post({ type: 'paused', runId, position });
        seat.watch('paused');
      },
      onStepped: (loss, position) => {
        seat.touch();
        post({ type: 'stepped', runId, loss, position });
        seat.watch('stepped');
      },
      onRateChange: (change) => post({ type: 'rate-changed', runId, change }),
      yieldToHost: yieldToEventLoop,
    };
    const outcome = await runLoop(engine, { epochs: config.epochs, batchSize: config.batchSize }, control, hooks);
    postHealth(); // after a divergence, samples measured since the last progress
    seat.end();
    if (lostReason !== null) throw new DeviceLost(lostReason);
    // Until finish has settled the weights, a failure here abandons them (a race variant's are freed).
    await finish(seat, own, config.activation, runId, control, outcome, placed, test, () => (params = null));
  } catch (error) {
    seat.end();
    seat.abandon(params);
    if (error instanceof RunCancelled) {
      post({ type: 'done', runId, ending: 'stopped', trainAccuracy: null, test: null, numTensors: null, weights: null });
      return;
    }
    // A lost GPU device can surface first as any error (a failed read-back, a destroyed buffer),
    // before device.lost resolves: give it a moment, then name the cause.
    const lost = backend === 'webgpu' ? deviceLost() : null;
    if (lost && lostReason === null) await Promise.race([lost, new Promise((resolve) => setTimeout(resolve, 1000))]);
    if (!(error instanceof DataFileError)) prep.forgetBackend();
    post({ type: 'error', runId, failure: runFailureOf(lostReason !== null ? new DeviceLost(lostReason) : error, backend) });
  } finally {
    unwatch?.();
    engine?.dispose();
    placed?.dispose();
  }
}

/**
 * After the loop: train and test accuracy of the weights reached, then the one `done` message with
 * a copy of the weights for the page to keep. A Stop during this evaluation skips the training-set
 * accuracy (the test set's is short and usually known from the last epoch) and ends as stopped.
 */
async function finish(
  seat: RunSeat,
  params: Params,
  activation: Activation,
  runId: number,
  control: RunControl,
  outcome: LoopOutcome,
  placed: PlacedSplit,
  test: MnistSplit,
  settledBy: () => void,
) {
  const post = seat.emit;
  if (outcome.kind !== 'diverged') post({ type: 'evaluating', runId });
  let trainAccuracy: number | null = null;
  if (await beforeStop(hold('evaluating'), control.signal)) {
    try {
      trainAccuracy = await accuracy(params, activation, placed, { signal: control.signal, yieldToHost: yieldToEventLoop });
    } catch (error) {
      if (!control.stopRequested) throw error;
      console.warn('The training-set accuracy was abandoned at Stop:', error);
    }
  }
  const summary: TestSummary = seat.knownSummary() ?? (await seat.evaluateTest(params, activation, test));
  const settled = await seat.settle(params);
  settledBy(); // the seat owns them now
  const divergence: Divergence | undefined =
    outcome.kind === 'diverged'
      ? { loss: outcome.loss, epoch: outcome.epoch, batch: outcome.batch, learningRate: control.learningRate }
      : undefined;
  const ending = outcome.kind === 'finished' && control.stopRequested ? 'stopped' : outcome.kind;
  const sent = settled && copyWeights(settled);
  const message: FromWorker = {
    type: 'done',
    runId,
    ending,
    trainAccuracy,
    test: summary,
    numTensors: await seat.settledTensorCount(),
    weights: sent,
    divergence,
  };
  post(message, sent ? weightBuffers(sent) : []);
  seat.watch('stepped'); // the final weights: refresh the tiles and the prediction
}
