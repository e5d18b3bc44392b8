import * as tf from '@tensorflow/tfjs';
import { fusedData, placeSplit, subsetIndices, type PlacedSplit } from '../data/batches';
import { DataFileError } from '../data/idx';
import { accuracy } from '../model/evaluate';
import { fusedKernelFor, runFusedWebGpuLoop } from '../model/fused/fusedLoop';
import { createParams, initialValues } from '../model/network';
import { RunControl } from '../model/runControl';
import { runTrainingLoop, type LoopHooks, type LoopView } from '../model/trainer';
import { deviceLost } from './backends';
import { Inspector } from './inspection';
import { Preparation } from './preparation';
import { Predictions } from './predictions';
import { BACKEND_LABELS, DEFAULT_CONFIG, type BackendName, type FromWorker, type TestSummary, type ToWorker } from './protocol';
import { copyWeights, CurrentWeights, weightBuffers } from './weights';
import { WeightsRequests } from './weightsRequests';

type StartMessage = Extract<ToWorker, { type: 'start' }>;
type PrepareMessage = Extract<ToWorker, { type: 'prepare' }>;
type Post = (message: FromWorker, transfer?: Transferable[]) => void;

/** How often the weight tiles are redrawn during a run: at most twice a second. */
const TILES_MS = 500;

/** A macrotask yield without setTimeout's 4 ms clamp, so that queued messages (Stop, Pause) are handled. */
const yieldChannel = new MessageChannel();
const yieldWaiters: (() => void)[] = [];
yieldChannel.port1.onmessage = () => yieldWaiters.shift()?.();
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    yieldWaiters.push(resolve);
    yieldChannel.port2.postMessage(null);
  });
}

class RunCancelled extends Error {}
class BackendLost extends Error {}

/**
 * The worker's state between messages: the data and the backend (prepared before the click), the
 * current weights, what is inspected of them, and the run in progress. Drives model/ and data/.
 */
export class TrainingSession {
  readonly prep: Preparation;
  readonly weights = new CurrentWeights();
  readonly inspector = new Inspector();
  readonly predictions: Predictions;
  readonly requests: WeightsRequests;
  private runId = 0;
  private control: RunControl | null = null;
  private running: Promise<void> = Promise.resolve();
  private loopView: LoopView | null = null;
  private paused = false;
  private lastTiles = 0;
  private tilesBusy = false;
  private inFlight = new Set<Promise<void>>();
  /** The settings last prepared: what a backend is chosen for when weights arrive before any run. */
  private launch: Omit<PrepareMessage, 'type'> | null = null;

  constructor(private readonly post: Post) {
    this.prep = new Preparation(post);
    this.predictions = new Predictions(post, this.weights, this.prep);
    this.requests = new WeightsRequests(this, post);
  }

  get runActive(): boolean {
    return this.control !== null;
  }

  /** Starts loading the data and choosing the backend for these settings, unless a run is going. */
  prepare(message: PrepareMessage): void {
    this.launch = message;
    this.prep.loadData(message.dataUrl).catch(() => undefined); // reported through the prep status
    if (!this.control) this.prep.prepare(message.config, message.remembered, message.avoid).catch(() => undefined);
  }

  /**
   * A backend is active, for work on the weights (gallery, loaded weights, export): the one chosen
   * last, or else one chosen now for the prepared settings. Never a new choice while a backend
   * exists: a timing switches TF.js's backend, which must not happen under a run.
   */
  async ensureBackend(): Promise<void> {
    const current = this.prep.current();
    if (current && (await current.then(() => true).catch(() => false))) return;
    const launch = this.launch ?? { config: DEFAULT_CONFIG, remembered: null, avoid: [], dataUrl: '' };
    await this.prep.prepare(launch.config, launch.remembered, launch.avoid);
  }

  /** Starts a fresh run once the current one has ended (which it does within a batch). */
  start(message: StartMessage): void {
    this.control?.stop();
    const control = new RunControl(message.config.learningRate);
    this.control = control;
    this.running = this.running.then(() => this.run(message, control));
  }

  stop(): void {
    this.control?.stop();
  }

  pause(): void {
    this.control?.pause();
  }

  resume(): void {
    if (!this.control?.isPaused) return;
    this.control.resume();
    this.paused = false;
    this.post({ type: 'resumed', runId: this.runId });
  }

  step(): void {
    this.control?.step();
  }

  setLearningRate(rate: number): void {
    this.control?.setLearningRate(rate);
  }

  /** Posts a fresh picture of the first layer (skipped while one is being made). */
  async postTiles(): Promise<void> {
    const params = this.weights.params();
    if (!params || this.tilesBusy) return;
    this.tilesBusy = true;
    try {
      this.lastTiles = performance.now();
      const frame = await this.prep.exclusive(() => this.inspector.tiles(params, this.loopView, this.paused));
      this.post({ type: 'tiles', frame }, [frame.rgba.buffer, frame.tileMax.buffer]);
    } finally {
      this.tilesBusy = false;
    }
  }

  private liveTiles(): void {
    if (this.inspector.settings.live && performance.now() - this.lastTiles >= TILES_MS) this.refreshTiles();
  }

  /**
   * Fire-and-forget work during a run (tile frames, predictions): tracked, so that the tensor count
   * after an epoch is taken once their temporaries are freed; a failure (a lost GPU device
   * mid-read) is the run's to report and must not become an unhandled rejection.
   */
  private background(task: Promise<void>): void {
    const tracked = task.catch(() => undefined);
    this.inFlight.add(tracked);
    void tracked.then(() => this.inFlight.delete(tracked));
  }

  private refreshTiles(): void {
    this.background(this.postTiles());
  }

  private refreshPrediction(): void {
    this.background(this.predictions.refresh());
  }

  /** The tensor count once background work has settled: what a leak would grow. */
  private async settledTensorCount(): Promise<number> {
    await Promise.all([...this.inFlight]);
    return tf.memory().numTensors;
  }

  private checkCancelled(control: RunControl): void {
    if (control.stopRequested) throw new RunCancelled();
  }

  private async run({ runId, config, dataUrl, remembered, avoid }: StartMessage, control: RunControl): Promise<void> {
    this.runId = runId;
    let backend: BackendName | undefined;
    let lostReason: string | null = null;
    let lost: Promise<string> | null = null;
    let train: PlacedSplit | null = null;
    try {
      const data = this.prep.loadData(dataUrl);
      data.catch(() => undefined); // handled when awaited below
      const report = await this.prep.exclusive(() => this.prep.backendFor(config, remembered, avoid));
      backend = report.name;
      if (config.gradients === 'fused' && report.path !== 'fused') {
        report.note = `The fused WGSL kernel needs WebGPU: this run uses hand-derived gradients on ${BACKEND_LABELS[report.name]}.`;
      } else if (report.path === 'fused') {
        const spread =
          fusedKernelFor(config.batchSize, config.hidden1) === 'multi'
            ? 'five dispatches per step spread over all compute units (batch × H1 ≥ 16,384)'
            : 'one workgroup running many steps per dispatch';
        report.note = `${config.gradients === 'fused' ? 'The' : 'Timed faster here than TF.js kernels: the'} whole SGD step runs as fused WGSL, ${spread}.`;
      }
      this.post({ type: 'backend', runId, report });
      this.checkCancelled(control);

      const { train: trainSplit, test: testSplit } = await data;
      this.checkCancelled(control);
      const rows = subsetIndices(trainSplit.count, config.samples, config.seed);
      const batches = Math.floor(rows.length / config.batchSize);
      if (batches === 0) throw new Error(`${rows.length} samples make no full batch of ${config.batchSize}`);
      this.post({ type: 'warming-up', runId, batches });
      train = placeSplit(trainSplit, rows, report.name);
      const arch = { hidden1: config.hidden1, hidden2: config.hidden2 };
      const initial = initialValues(arch, config.seed);
      const params = createParams(arch, initial);
      this.weights.setLive(params);
      this.inspector.resetFor(initial.w1);
      this.inspector.prepareTest(testSplit); // before the first epoch, so that the tensor count stays flat

      lost =
        deviceLost()?.then((reason) => {
          lostReason = reason;
          control.stop();
          return reason;
        }) ?? null;
      const hooks: LoopHooks = {
        onStart: (view) => (this.loopView = view),
        onProgress: (progress) => {
          this.weights.touch();
          this.post({ type: 'progress', runId, progress });
          if (this.predictions.dueWhileTraining()) this.refreshPrediction();
          this.liveTiles();
        },
        onEpoch: async (result) => {
          const test = await this.inspector.evaluateTest(params, testSplit, this.weights.version);
          const numTensors = await this.settledTensorCount();
          this.post({ type: 'epoch', runId, report: { ...result, numTensors, test } });
        },
        onPaused: (position) => {
          this.paused = true;
          this.post({ type: 'paused', runId, position });
          this.refreshTiles();
          this.refreshPrediction();
        },
        onStepped: (loss, position) => {
          this.weights.touch();
          this.post({ type: 'stepped', runId, loss, position });
          this.refreshTiles();
          this.refreshPrediction();
        },
        onRateChange: (change) => this.post({ type: 'rate-changed', runId, change }),
        yieldToHost: yieldToEventLoop,
      };
      const loop = { epochs: config.epochs, batchSize: config.batchSize };
      const outcome =
        report.path === 'fused'
          ? await runFusedWebGpuLoop(params, fusedData(trainSplit, rows, config.seed), loop, control, hooks)
          : await runTrainingLoop(
              params,
              train.batches(config.batchSize, config.seed),
              { ...loop, gradients: config.gradients === 'autodiff' ? 'autodiff' : 'manual' },
              control,
              hooks,
            );
      this.loopView = null;
      this.paused = false;
      if (lostReason !== null) throw new BackendLost(`The GPU device was lost during training (${lostReason}).`);
      if (outcome.kind !== 'diverged') this.post({ type: 'evaluating', runId });
      const trainAccuracy = await accuracy(params, train);
      const test: TestSummary =
        this.inspector.summary(this.weights.version) ?? (await this.inspector.evaluateTest(params, testSplit, this.weights.version));
      const weights = await this.weights.settleLive();
      const problem =
        outcome.kind === 'diverged'
          ? {
              message: `The loss became ${outcome.loss} in epoch ${outcome.epoch + 1}, by batch ${outcome.batch}: with learning rate ${control.learningRate} the updates overflow the chapter's naive softmax (exp of huge logits). Training stopped; the last weights with a finite loss are kept for the drawing pad.`,
              hint: `Lower the learning rate (the chapter uses 0.1; up to about 10 learns fast) and click Train.`,
            }
          : undefined;
      const sent = weights && copyWeights(weights);
      this.post(
        {
          type: 'done',
          runId,
          ending: outcome.kind,
          trainAccuracy,
          test,
          numTensors: await this.settledTensorCount(),
          weights: sent,
          problem,
        },
        sent ? weightBuffers(sent) : [],
      );
      this.refreshPrediction();
      this.refreshTiles();
    } catch (error) {
      this.loopView = null;
      this.paused = false;
      this.weights.abandonLive();
      if (error instanceof RunCancelled) {
        if (runId === this.runId) {
          this.post({
            type: 'done',
            runId,
            ending: 'stopped',
            trainAccuracy: null,
            test: null,
            numTensors: tf.memory().numTensors,
            weights: null,
          });
        }
        return;
      }
      // A lost GPU device can surface first as any error (a failed read-back, a destroyed buffer),
      // before device.lost resolves: give it a moment, then name the cause.
      if (lost && lostReason === null) await Promise.race([lost, new Promise((resolve) => setTimeout(resolve, 1000))]);
      const cause = lostReason !== null ? new BackendLost(`The GPU device was lost during training (${lostReason}).`) : error;
      if (!(error instanceof DataFileError)) this.prep.forgetBackend();
      this.post(describeFailure(runId, cause, backend));
    } finally {
      train?.dispose();
      if (this.control === control) this.control = null;
    }
  }
}

/** Turns a failure into a message that says what happened and what the user can do. */
function describeFailure(runId: number, error: unknown, backend: BackendName | undefined): FromWorker {
  const text = error instanceof Error ? error.message : String(error);
  if (error instanceof DataFileError) {
    return {
      type: 'error',
      runId,
      kind: 'data',
      message: `Could not load the MNIST data: ${error.file} ${error.problem}.`,
      hint: 'Check the connection to this site, then click Retry.',
    };
  }
  if (error instanceof BackendLost || /device.*lost|lost.*device|GPUDevice/i.test(text)) {
    return {
      type: 'error',
      runId,
      kind: 'backend',
      backend,
      message: error instanceof BackendLost ? text : `The ${backend ? BACKEND_LABELS[backend] : ''} backend failed: ${text}`,
      hint: 'Click Train again: the next run uses another backend.',
    };
  }
  if (!backend) {
    return {
      type: 'error',
      runId,
      kind: 'backend',
      message: `No TF.js backend could start: ${text}`,
      hint: 'Try another browser, or force a backend with ?backend=wasm.',
    };
  }
  return {
    type: 'error',
    runId,
    kind: 'internal',
    backend,
    message: `Training failed on ${BACKEND_LABELS[backend]}: ${text}`,
    hint: 'Click Train to try again; if it fails again, choose another backend.',
  };
}
