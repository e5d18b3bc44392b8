import * as tf from '@tensorflow/tfjs';
import { epochOrder, subsetIndices, toUnitFloats } from '../data/batches';
import type { LoopPosition } from '../model/driver';
import { NUM_FEATURES, NUM_LABELS, PARAM_NAMES, readAndDispose, type Params } from '../model/network';
import { createOptimizerState, disposeOptimizerState, type OptimizerState } from '../model/optimizer';
import { disposeTrace, traceStep, type StepTrace } from '../model/stepTrace';
import type { StepRule } from '../model/stepRule';
import { CHAPTER_NAME } from '../model/weightsCheck';
import { transpose } from '../model/weightsFile';
import type { WorkerContext } from './context';
import type { MnistSplit } from '../data/sprites';
import type { ExplainSource, RequestFailure, RunConfig, StepExplanation, TensorName, TracedName, TracedTensor } from './protocol';

/** A batch as explained: its labels and where it comes from. */
interface ExplainBatch {
  labels: number[];
  position: LoopPosition | null;
  imageIndex: number | null;
}

/** What a step is traced with: the weights, the rule, the optimiser's state and the rate. */
interface ExplainModel {
  params: Params;
  rule: StepRule;
  state: OptimizerState | null;
  rate: number;
  /** The paused run's next batch, when it is the one explained. */
  runBatch: ((step: number) => { x: tf.Tensor2D; oneHot: tf.Tensor2D } | null) | null;
  position: LoopPosition | null;
}

/** A parameter of the app's (in, out) layout in the chapter's convention: W (out, in), b (1, out). */
function chapterTensor(name: keyof Params, values: Float32Array, shape: number[]): TracedTensor {
  if (name.startsWith('b')) return { shape: [1, values.length], values: Float32Array.from(values) };
  const [rows, cols] = shape;
  return { shape: [cols, rows], values: transpose(values, rows, cols) as Float32Array<ArrayBuffer> };
}

const read = async (t: tf.Tensor): Promise<TracedTensor> => ({ shape: t.shape, values: Float32Array.from(await t.data()) });

/** Reads a trace back and turns it into the page's explanation. */
async function explanationOf(
  trace: StepTrace,
  traced: Record<keyof Params, tf.Tensor>,
  model: ExplainModel,
  batch: ExplainBatch,
  source: ExplainSource,
): Promise<StepExplanation> {
  const activations: [TracedName, tf.Tensor][] = [
    ['features', trace.x],
    ['hidden_1_pre', trace.z1],
    ['hidden_1', trace.a1],
    ['hidden_2_pre', trace.z2],
    ['hidden_2', trace.a2],
    ['logits', trace.logits],
    ['softmax', trace.probs],
    ['one_hot', trace.oneHot],
    ['dlogits', trace.dLogits],
    ['dhidden_2_pre', trace.dz2],
    ['dhidden_1_pre', trace.dz1],
  ];
  const tensors = Object.fromEntries(await Promise.all(activations.map(async ([name, t]) => [name, await read(t)] as const))) as Record<
    TracedName,
    TracedTensor
  >;
  const weights = {} as Record<TensorName, TracedTensor>;
  const grads = {} as Record<TensorName, TracedTensor>;
  const updates = {} as Record<TensorName, TracedTensor>;
  const autodiff = {} as StepExplanation['autodiff'];
  const norms: Partial<Record<keyof Params, { update: number; weight: number }>> = {};
  for (const name of PARAM_NAMES) {
    const shape = traced[name].shape;
    const [w, g, u, a] = await Promise.all([
      traced[name].data() as Promise<Float32Array>,
      trace.grads[name].data() as Promise<Float32Array>,
      trace.updates[name].data() as Promise<Float32Array>,
      trace.autodiff![name].data() as Promise<Float32Array>,
    ]);
    const chapter = CHAPTER_NAME[name];
    weights[chapter] = chapterTensor(name, w, shape);
    grads[chapter] = chapterTensor(name, g, shape);
    updates[chapter] = chapterTensor(name, u, shape);
    let maxAbsDiff = 0;
    let maxAbs = 0;
    for (let i = 0; i < g.length; i++) {
      maxAbsDiff = Math.max(maxAbsDiff, Math.abs(g[i] - a[i]));
      maxAbs = Math.max(maxAbs, Math.abs(a[i]));
    }
    autodiff[chapter] = { maxAbsDiff, maxAbs };
    const norm = (v: Float32Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    norms[name] = { update: norm(u), weight: norm(w) };
  }
  const ratio = (name: 'w1' | 'w2' | 'w3') => norms[name]!.update / norms[name]!.weight;
  const [loss] = await trace.loss.data();
  const [lossAfter] = await trace.lossAfter!.data();
  return {
    source,
    position: batch.position,
    imageIndex: batch.imageIndex,
    batchSize: batch.labels.length,
    labels: batch.labels,
    learningRate: model.rate,
    rule: model.rule,
    tensors,
    weights,
    grads,
    updates,
    loss,
    lossAfter,
    autodiff,
    updateRatio: { W_1: ratio('w1'), W_2: ratio('w2'), W_3: ratio('w3') },
    canApply: source.kind === 'next-batch' && model.runBatch !== null,
  };
}

/** Every buffer of an explanation, for postMessage's transfer list. */
function buffersOf(e: StepExplanation): ArrayBuffer[] {
  const all = [...Object.values(e.tensors), ...Object.values(e.weights), ...Object.values(e.grads), ...Object.values(e.updates)];
  return all.map((t) => t.values.buffer);
}

/** The batch an explanation traces, as tensors made when asked (so that a failure frees them). */
interface PickedBatch {
  labels: number[] | null;
  position: LoopPosition | null;
  imageIndex: number | null;
  tensors(): { x: tf.Tensor2D; oneHot: tf.Tensor2D };
}

function pickBatch(
  source: ExplainSource,
  model: ExplainModel,
  config: RunConfig,
  train: MnistSplit,
  test: MnistSplit,
  drawing: Float32Array | null,
): PickedBatch {
  if (source.kind === 'next-batch' && model.runBatch && model.position) {
    const { runBatch, position } = model;
    return {
      labels: null,
      position,
      imageIndex: null,
      tensors: () => {
        const taken = runBatch(position.batch);
        if (!taken) throw new Error('the run has no batch at its paused position');
        return taken;
      },
    };
  }
  let pixels: Float32Array;
  let labels: number[];
  let imageIndex: number | null = null;
  if (source.kind === 'next-batch') {
    // No run: batch 1 of epoch 1 of the current settings, as Train would start.
    const rows = subsetIndices(train.count, config.samples, config.seed);
    const order = epochOrder(rows.length, config.seed, 0).subarray(0, Math.min(config.batchSize, rows.length));
    const picked = Int32Array.from(order, (i) => rows[i]);
    pixels = toUnitFloats(train.pixels, picked);
    labels = Array.from(picked, (r) => train.labels[r]);
  } else if (source.kind === 'drawing') {
    pixels = drawing!;
    labels = [source.label];
  } else {
    imageIndex = source.kind === 'test-image' ? source.index : Math.floor(Math.random() * test.count);
    pixels = toUnitFloats(test.pixels, [imageIndex]);
    labels = [test.labels[imageIndex]];
  }
  return {
    labels,
    position: null,
    imageIndex,
    tensors: () =>
      tf.tidy(() => ({
        x: tf.tensor2d(pixels, [labels.length, NUM_FEATURES]),
        oneHot: tf.oneHot(tf.tensor1d(labels, 'int32'), NUM_LABELS).toFloat() as tf.Tensor2D,
      })),
  };
}

/**
 * Explains one step without taking it: the paused run's (its weights, rule, optimiser state, rate
 * and next batch), or outside a run the current weights with the settings' optimiser (a fresh state)
 * and rate. The weights, the optimiser's state and the run's position are left as they were.
 */
export async function explainStep(
  ctx: WorkerContext,
  requestId: number,
  source: ExplainSource,
  config: RunConfig,
  dataUrl: string,
): Promise<void> {
  const { post, prep, weights, views, predictions } = ctx;
  const fail = (failure: RequestFailure) => post({ type: 'request-failed', requestId, request: 'explain', failure });
  if (!weights.exists) return fail({ kind: 'no-weights' });
  if (source.kind === 'drawing' && !predictions.field) return fail({ kind: 'no-drawing' });
  const { train, test } = await prep.loadData(dataUrl);
  await ctx.ensureBackend();
  await prep.exclusive(async () => {
    // Decided here, alone on the backend: a run that started, stepped or resumed meanwhile is seen as it is now.
    const loop = ctx.runActive() ? views.loop : null;
    const waiting = loop?.waitingAt() ?? null;
    if (ctx.runActive() && !waiting) return fail({ kind: 'run-not-paused' });
    const model: ExplainModel =
      loop && waiting
        ? {
            params: loop.params,
            rule: loop.engine.rule,
            state: loop.engine.optimizerState(),
            rate: loop.rate(),
            runBatch: (step) => loop.engine.batchAt(step),
            position: waiting,
          }
        : {
            params: weights.params()!,
            rule: { activation: weights.activation, optimizer: config.optimizer, weightDecay: config.weightDecay },
            state: null,
            rate: config.learningRate,
            runBatch: null,
            position: null,
          };
    const batch = pickBatch(source, model, config, train, test, predictions.field);
    const tensors: tf.Tensor[] = [];
    let ownState: OptimizerState | null = null;
    let trace: StepTrace | null = null;
    try {
      const { x, oneHot } = batch.tensors();
      tensors.push(x, oneHot);
      // Outside a run the settings' optimiser starts fresh (zeros), as a new run's would.
      if (!loop) model.state = ownState = createOptimizerState(model.params, model.rule);
      trace = traceStep(model.params, x, oneHot, model.rate, model.rule, model.state, { autodiff: true, lossAfter: true });
      // The weights the step was traced on, taken before the first await: a Step or Resume that
      // arrives while the trace is read back moves the run's variables, never these copies.
      const traced = Object.fromEntries(PARAM_NAMES.map((name) => [name, tf.clone(model.params[name] as tf.Tensor)])) as Record<
        keyof Params,
        tf.Tensor
      >;
      tensors.push(...Object.values(traced));
      if (!batch.labels) batch.labels = Array.from(await readAndDispose(tf.argMax(oneHot, 1)));
      const explanation = await explanationOf(trace, traced, model, { ...batch, labels: batch.labels }, source);
      post({ type: 'explanation', requestId, explanation }, buffersOf(explanation));
    } finally {
      if (trace) disposeTrace(trace);
      tf.dispose(tensors);
      disposeOptimizerState(ownState);
    }
  });
}
