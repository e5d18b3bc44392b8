/// <reference lib="webworker" />
import * as tf from '@tensorflow/tfjs';
import { allRows, fusedData, placeSplit, type PlacedSplit } from '../data/batches';
import { inkToGrey, toMnistField } from '../data/preprocess';
import { loadManifest, loadSplit, type MnistSplit } from '../data/sprites';
import { runLoop, type LoopHooks, type LoopOutcome } from '../model/driver';
import type { StepEngine } from '../model/engine';
import { FusedEngine } from '../model/fused/fusedEngine';
import { disposeParams, initParams, NUM_FEATURES, predict, type Params } from '../model/network';
import type { GradientMode } from '../model/sgd';
import { RunControl } from '../model/runControl';
import { TfjsEngine } from '../model/tfjsEngine';
import { startExactly } from '../worker/backends';
import type { BackendName } from '../worker/protocol';
import type { BackendFigures, BenchMessage, BenchRequest, StepFigures } from './protocol';
import { errorText } from '../errorText';

declare const self: DedicatedWorkerGlobalScope;
const post = (m: BenchMessage) => self.postMessage(m);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs one epoch of at most `limit` steps with the app's own loop for the gradient mode; it stops past `deadline`. */
type Runner = (limit: number, deadline: number, onBatch?: (batch: number) => void) => Promise<LoopOutcome>;

/** The app's own loop over the engine for the gradient mode; returns the runner and what frees the engine. */
async function runnerFor(
  params: Params,
  train: PlacedSplit,
  split: MnistSplit,
  batchSize: number,
  gradients: GradientMode,
): Promise<{ run: Runner; dispose: () => void }> {
  const engine: StepEngine =
    gradients === 'fused'
      ? await FusedEngine.create(params, fusedData(split, allRows(split), 0), batchSize)
      : new TfjsEngine(params, train.batches(batchSize, 0), gradients);
  const hooks = (control: RunControl, deadline: number, onBatch?: (batch: number) => void): LoopHooks => ({
    onProgress: (p) => {
      onBatch?.(p.batch);
      if (performance.now() > deadline) control.stop();
    },
    onEpoch: () => undefined,
    yieldToHost: () => Promise.resolve(),
  });
  return {
    run: (limit, deadline, onBatch) => {
      const control = new RunControl(0.1);
      return runLoop(engine, { epochs: 1, batchSize, maxStepsPerEpoch: limit }, control, hooks(control, deadline, onBatch));
    },
    dispose: () => engine.dispose(),
  };
}

async function timeSteps(
  request: BenchRequest,
  train: PlacedSplit,
  split: MnistSplit,
  backend: BackendName,
  batchSize: number,
  gradients: GradientMode,
): Promise<StepFigures> {
  const params = initParams({ hidden1: 100, hidden2: 50 }, 0);
  const { run, dispose } = await runnerFor(params, train, split, batchSize, gradients);
  try {
    // First step: shader compilation and first allocations.
    let t0 = performance.now();
    await run(1, Infinity);
    const firstStepMs = performance.now() - t0;
    await run(10, Infinity); // settle

    const steps: number[] = [];
    const ms: number[] = [];
    for (let r = 0; r < request.repeats; r++) {
      let done = 0;
      t0 = performance.now();
      const outcome = await run(request.steps, t0 + request.maxRepeatSeconds * 1000, (batch) => (done = batch));
      const elapsed = performance.now() - t0;
      const count = outcome.kind === 'finished' ? request.steps : done;
      steps.push(count);
      ms.push(elapsed / Math.max(1, count));
    }
    const m = median(ms);
    return {
      backend,
      batchSize,
      gradients,
      firstStepMs,
      stepsPerRepeat: steps,
      msPerStepPerRepeat: ms,
      medianMsPerStep: m,
      samplesPerSecond: (batchSize * 1000) / m,
    };
  } finally {
    dispose();
    disposeParams(params);
  }
}

async function predictionLatency(): Promise<number> {
  const params = initParams({ hidden1: 100, hidden2: 50 }, 0);
  const side = 560; // a 280-pixel pad on a 2× screen
  const ink = new Uint8Array(side * side);
  for (let y = 100; y < 460; y++) for (let x = 260; x < 300; x++) ink[y * side + x] = 255;
  const times: number[] = [];
  for (let i = 0; i < 21; i++) {
    const t0 = performance.now();
    const field = toMnistField(inkToGrey(ink, side))!;
    const probs = tf.tidy(() => predict(params, tf.tensor2d(field, [1, NUM_FEATURES]), 'sigmoid'));
    await probs.data();
    probs.dispose();
    if (i > 0) times.push(performance.now() - t0);
  }
  disposeParams(params);
  return median(times);
}

async function run(request: BenchRequest) {
  const manifest = await loadManifest(request.dataUrl);
  const split: MnistSplit = await loadSplit(request.dataUrl, manifest, 'train', () => undefined);
  for (const backend of request.backends) {
    const figures: BackendFigures = { backend, available: false, steps: [] };
    try {
      let t0 = performance.now();
      const { adapter } = await startExactly(backend);
      figures.available = true;
      figures.adapter = adapter;
      figures.startMs = performance.now() - t0;
      post({ type: 'log', text: `${backend}: started in ${figures.startMs.toFixed(0)} ms${adapter ? ` on ${adapter}` : ''}` });
      t0 = performance.now();
      const train = placeSplit(split, allRows(split), backend);
      const probe = tf.tidy(() => train.chunk(59990, 60000).images.sum());
      await probe.data();
      probe.dispose();
      figures.uploadMs = performance.now() - t0;
      for (const gradients of request.gradients) {
        for (const batchSize of request.batchSizes) {
          if (gradients === 'fused' && backend !== 'webgpu') continue; // the fused kernel is WebGPU's
          if (gradients === 'autodiff' && batchSize !== 32) continue; // the chapter's way, for comparison at its batch size
          const f = await timeSteps(request, train, split, backend, batchSize, gradients);
          post({
            type: 'log',
            text: `${backend} ${gradients} batch ${batchSize}: ${f.medianMsPerStep.toFixed(2)} ms/step, ${Math.round(f.samplesPerSecond)} samples/s`,
          });
          figures.steps.push(f);
        }
      }
      figures.predictionMs = await predictionLatency();
      train.dispose();
    } catch (error) {
      figures.reason = errorText(error);
    }
    post({ type: 'backend', figures });
  }
  post({ type: 'done' });
}

self.onmessage = (event: MessageEvent<BenchRequest>) => {
  run(event.data).catch((error: unknown) => post({ type: 'error', message: String(error) }));
};
