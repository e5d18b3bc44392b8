import * as tf from '@tensorflow/tfjs';
import { allRows, fusedData, placeSplit, subsetIndices, type PlacedSplit } from '../data/batches';
import { DataFileError } from '../data/idx';
import { inkToGrey, toMnistField } from '../data/preprocess';
import { clearDataCache, loadManifest, loadSplit, type Manifest, type MnistSplit, type SplitName } from '../data/sprites';
import { accuracy } from '../model/evaluate';
import { disposeParams, initParams, NUM_FEATURES, predict, type Params } from '../model/network';
import { runFusedWebGpuLoop } from '../model/fused/fusedLoop';
import { runTrainingLoop, type LoopHooks } from '../model/trainer';
import { chooseBackend, deviceLost } from './backends';
import { BACKEND_LABELS, type BackendName, type FromWorker, type ToWorker } from './protocol';

type StartMessage = Extract<ToWorker, { type: 'start' }>;
type Post = (message: FromWorker, transfer?: Transferable[]) => void;

const PREDICTION_REFRESH_MS = 250;

/** A macrotask yield without setTimeout's 4 ms clamp, so that queued messages (Stop) are handled. */
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

/**
 * The worker's state between messages: the MNIST bytes (kept across runs), the current weights
 * (kept after a run for the drawing pad) and the run in progress. Drives model/ and data/.
 */
export class TrainingSession {
  private params: Params | null = null;
  private runId = 0;
  private stopRequested = false;
  private running: Promise<void> = Promise.resolve();
  private splits = new Map<SplitName, Promise<MnistSplit>>();
  private drawing: Float32Array | null = null;
  /** The request that sent the current drawing: refreshes answer it, so the page can drop stale ones. */
  private drawingRequest = 0;
  private lastRefresh = 0;

  constructor(private readonly post: Post) {}

  /** Starts a fresh run once the current one has ended (which it does within a batch). */
  start(message: StartMessage): void {
    this.stopRequested = true;
    this.running = this.running.then(() => {
      this.stopRequested = false;
      this.runId = message.runId;
      return this.run(message);
    });
  }

  stop(): void {
    this.stopRequested = true;
  }

  async predict(requestId: number, ink: Uint8Array, side: number): Promise<void> {
    this.drawing = toMnistField(inkToGrey(ink, side));
    this.drawingRequest = requestId;
    await this.postPrediction();
  }

  clearDrawing(): void {
    this.drawing = null;
  }

  private async postPrediction(): Promise<void> {
    const input = this.drawing;
    const requestId = this.drawingRequest;
    if (!input || !this.params) {
      this.post({ type: 'prediction', requestId, result: { probabilities: null, input: input?.slice() ?? null } });
      return;
    }
    const params = this.params;
    const probs = tf.tidy(() => predict(params, tf.tensor2d(input, [1, NUM_FEATURES])));
    try {
      const values = Array.from(await probs.data());
      this.post({ type: 'prediction', requestId, result: { probabilities: values, input: input.slice() } });
    } finally {
      probs.dispose();
    }
  }

  private loadSplitOnce(baseUrl: string, manifest: Manifest, split: SplitName, runId: number): Promise<MnistSplit> {
    let pending = this.splits.get(split);
    if (!pending) {
      pending = loadSplit(baseUrl, manifest, split, (p) => this.post({ type: 'loading', runId, ...p }));
      // A failed load is forgotten, so that Retry fetches again without a reload.
      pending.catch(() => this.splits.delete(split));
      this.splits.set(split, pending);
    }
    return pending;
  }

  private checkCancelled(runId: number): void {
    if (this.stopRequested || runId !== this.runId) throw new RunCancelled();
  }

  private async run({ runId, config, dataUrl, remembered, avoid }: StartMessage): Promise<void> {
    let backend: BackendName | undefined;
    let lostReason: string | null = null;
    let lost: Promise<string> | null = null;
    let train: PlacedSplit | null = null;
    let test: PlacedSplit | null = null;
    try {
      const manifest = await loadManifest(dataUrl);
      const trainBytes = this.loadSplitOnce(dataUrl, manifest, 'train', runId);
      const testBytes = this.loadSplitOnce(dataUrl, manifest, 'test', runId);
      trainBytes.catch(() => undefined); // handled when awaited below
      testBytes.catch(() => undefined);

      if (this.params) disposeParams(this.params); // weights live on one backend: drop them before switching
      this.params = null;
      const arch = { hidden1: config.hidden1, hidden2: config.hidden2 };
      const report = await chooseBackend(
        config.backend,
        { arch, batchSize: config.batchSize, gradients: config.gradients },
        remembered,
        avoid,
      );
      backend = report.name;
      if (config.gradients === 'fused' && report.name !== 'webgpu') {
        report.note = `The fused WGSL kernel needs WebGPU: this run uses hand-derived gradients on ${BACKEND_LABELS[report.name]}.`;
      }
      this.post({ type: 'backend', runId, report });
      this.checkCancelled(runId);

      const [trainSplit, testSplit] = await Promise.all([trainBytes, testBytes]);
      this.checkCancelled(runId);
      const rows = subsetIndices(trainSplit.count, config.samples, config.seed);
      this.post({ type: 'warming-up', runId, batches: Math.floor(rows.length / config.batchSize) });
      train = placeSplit(trainSplit, rows, report.name);
      test = placeSplit(testSplit, allRows(testSplit), report.name);
      this.params = initParams(arch, config.seed);

      lost = deviceLost()?.then((reason) => (lostReason = reason)) ?? null;
      const hooks: LoopHooks = {
        onProgress: (progress) => {
          this.post({ type: 'progress', runId, progress });
          if (this.drawing && performance.now() - this.lastRefresh > PREDICTION_REFRESH_MS) {
            this.lastRefresh = performance.now();
            void this.postPrediction();
          }
        },
        onEpoch: (result) => this.post({ type: 'epoch', runId, result }),
        shouldStop: () => this.stopRequested || lostReason !== null,
        yieldToHost: yieldToEventLoop,
      };
      const loop = { learningRate: config.learningRate, epochs: config.epochs, batchSize: config.batchSize };
      const outcome =
        config.gradients === 'fused' && report.name === 'webgpu'
          ? await runFusedWebGpuLoop(this.params, fusedData(trainSplit, rows, config.seed), loop, hooks)
          : await runTrainingLoop(
              this.params,
              train.batches(config.batchSize, config.seed),
              { ...loop, gradients: config.gradients === 'autodiff' ? 'autodiff' : 'manual' },
              hooks,
            );
      if (lostReason !== null) {
        throw new BackendLost(`The GPU device was lost during training (${lostReason}).`);
      }
      if (outcome.kind === 'diverged') {
        await this.postPrediction();
        this.post({
          type: 'error',
          runId,
          kind: 'diverged',
          backend,
          message: `The loss became ${outcome.loss} in epoch ${outcome.epoch + 1}, by batch ${outcome.batch}: with learning rate ${config.learningRate} the updates overflow the chapter's naive softmax (exp of huge logits). Training stopped; the last weights with a finite loss are kept for the drawing pad.`,
          hint: `Lower the learning rate (the chapter uses 0.1; up to about 10 learns fast) and click Train.`,
        });
        return;
      }
      this.post({ type: 'evaluating', runId });
      const trainAccuracy = await accuracy(this.params, train);
      const testAccuracy = await accuracy(this.params, test);
      await this.postPrediction();
      this.post({
        type: 'done',
        runId,
        stopped: outcome.kind === 'stopped',
        trainAccuracy,
        testAccuracy,
        numTensors: tf.memory().numTensors,
      });
    } catch (error) {
      if (error instanceof RunCancelled) {
        if (runId === this.runId)
          this.post({ type: 'done', runId, stopped: true, trainAccuracy: null, testAccuracy: null, numTensors: tf.memory().numTensors });
        return;
      }
      // A lost GPU device can surface first as any error (a failed read-back, a destroyed buffer),
      // before device.lost resolves: give it a moment, then name the cause.
      if (lost && lostReason === null) await Promise.race([lost, new Promise((resolve) => setTimeout(resolve, 1000))]);
      const cause = lostReason !== null ? new BackendLost(`The GPU device was lost during training (${lostReason}).`) : error;
      this.post(describeFailure(runId, cause, backend));
      // Whatever was wrong with the data, the next try starts from the server, not from a cached copy.
      if (error instanceof DataFileError) await clearDataCache();
    } finally {
      train?.dispose();
      test?.dispose();
    }
  }
}

class BackendLost extends Error {}

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
