import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { NUM_FEATURES, NUM_LABELS, PARAM_NAMES, type Params } from './network';
import { createOptimizerState, disposeOptimizerState, type OptimizerState } from './optimizer';
import { disposeTrace, traceStep, traceTensors } from './stepTrace';
import { MOMENTUM, type StepRule } from './stepRule';

/**
 * The explainer's numbers, checked by hand: a network with two units in each hidden layer, a batch
 * of two images and weights chosen by formula, every tensor of the chapter's step recomputed here in
 * plain float64 JavaScript (the app's (in, out) layout: z = x·W + b, the chapter's x @ W.T + b).
 */

const H1 = 2;
const H2 = 2;
const B = 2;
const LR = 0.5;
const LABELS = [3, 7];

type Matrix = number[][];
const matMul = (a: Matrix, b: Matrix): Matrix => a.map((row) => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));
const transpose = (a: Matrix): Matrix => a[0].map((_, j) => a.map((row) => row[j]));
const addRow = (a: Matrix, b: number[]): Matrix => a.map((row) => row.map((v, j) => v + b[j]));
const map = (a: Matrix, f: (v: number, i: number, j: number) => number): Matrix => a.map((row, i) => row.map((v, j) => f(v, i, j)));
const colSums = (a: Matrix): number[] => a[0].map((_, j) => a.reduce((s, row) => s + row[j], 0));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Chosen weights (not random: the test reads the same every time), large enough that every gradient is well above float noise. */
const START = {
  w1: Array.from({ length: NUM_FEATURES }, (_, k) => [0.05 * Math.sin(k * 0.7 + 1), 0.05 * Math.cos(k * 0.3)]),
  b1: [0.1, -0.2],
  w2: [
    [1.5, -0.8],
    [-1.2, 2.0],
  ],
  b2: [0.3, -0.1],
  w3: Array.from({ length: H2 }, (_, i) => Array.from({ length: NUM_LABELS }, (_, j) => Math.sin(3 * i + j) * 1.5)),
  b3: Array.from({ length: NUM_LABELS }, (_, j) => 0.1 * (j - 4.5)),
};
/** Two "images": a diagonal stroke and a block, pixel values in [0, 1]. */
const X: Matrix = [
  Array.from({ length: NUM_FEATURES }, (_, k) => (Math.floor(k / 28) === k % 28 ? 1 : 0)),
  Array.from({ length: NUM_FEATURES }, (_, k) =>
    Math.floor(k / 28) > 8 && Math.floor(k / 28) < 20 && k % 28 > 10 && k % 28 < 16 ? 0.75 : 0,
  ),
];
const Y: Matrix = LABELS.map((label) => Array.from({ length: NUM_LABELS }, (_, j) => (j === label ? 1 : 0)));

/** The chapter's step in float64, tensor by tensor. */
function byHand(w: typeof START) {
  const forward = (p: typeof START) => {
    const z1 = addRow(matMul(X, p.w1), p.b1);
    const a1 = map(z1, sigmoid);
    const z2 = addRow(matMul(a1, p.w2), p.b2);
    const a2 = map(z2, sigmoid);
    const logits = addRow(matMul(a2, p.w3), p.b3);
    const softmax = logits.map((row) => {
      const e = row.map(Math.exp);
      const sum = e.reduce((s, v) => s + v, 0);
      return e.map((v) => v / sum);
    });
    // −(one_hot * log(softmax)).mean() over B·10 entries
    const loss = -softmax.reduce((s, row, i) => s + row.reduce((t, p, j) => t + Y[i][j] * Math.log(p), 0), 0) / (B * NUM_LABELS);
    return { z1, a1, z2, a2, logits, softmax, loss };
  };
  const f = forward(w);
  const dLogits = map(f.softmax, (p, i, j) => (p - Y[i][j]) / (B * NUM_LABELS));
  const dz2 = map(matMul(dLogits, transpose(w.w3)), (v, i, j) => v * f.a2[i][j] * (1 - f.a2[i][j]));
  const dz1 = map(matMul(dz2, transpose(w.w2)), (v, i, j) => v * f.a1[i][j] * (1 - f.a1[i][j]));
  const grads = {
    w1: matMul(transpose(X), dz1),
    b1: colSums(dz1),
    w2: matMul(transpose(f.a1), dz2),
    b2: colSums(dz2),
    w3: matMul(transpose(f.a2), dLogits),
    b3: colSums(dLogits),
  };
  return { ...f, dLogits, dz2, dz1, grads };
}

const flat = (v: Matrix | number[]): number[] => (Array.isArray(v[0]) ? (v as Matrix).flat() : (v as number[]));

function makeParams(values: typeof START): Params {
  const variable = (v: Matrix | number[], shape: number[]) => tf.variable(tf.tensor(flat(v), shape), true, undefined, 'float32');
  return {
    w1: variable(values.w1, [NUM_FEATURES, H1]) as tf.Variable<tf.Rank.R2>,
    b1: variable(values.b1, [H1]) as tf.Variable<tf.Rank.R1>,
    w2: variable(values.w2, [H1, H2]) as tf.Variable<tf.Rank.R2>,
    b2: variable(values.b2, [H2]) as tf.Variable<tf.Rank.R1>,
    w3: variable(values.w3, [H2, NUM_LABELS]) as tf.Variable<tf.Rank.R2>,
    b3: variable(values.b3, [NUM_LABELS]) as tf.Variable<tf.Rank.R1>,
  };
}

/** A float32 tensor against float64 values: within a few float32 roundings of the tensor's own scale. */
async function expectClose(name: string, actual: tf.Tensor, expected: Matrix | number[] | number) {
  const want = typeof expected === 'number' ? [expected] : flat(expected);
  const got = Array.from(await actual.data());
  expect(got.length, `${name}: size`).toBe(want.length);
  const scale = Math.max(...want.map(Math.abs));
  expect(scale, `${name}: a tensor worth checking`).toBeGreaterThan(1e-6);
  for (let i = 0; i < want.length; i++)
    expect(Math.abs(got[i] - want[i]), `${name}[${i}]: ${got[i]} vs ${want[i]}`).toBeLessThan(2e-6 * scale + 1e-9);
}

async function values(params: Params): Promise<Float32Array[]> {
  return Promise.all(PARAM_NAMES.map((n) => params[n].data() as Promise<Float32Array>));
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('traceStep on a tiny known network (H1 2, H2 2, a batch of 2)', () => {
  const x = () => tf.tensor2d(X.flat(), [B, NUM_FEATURES]);
  const oneHot = () => tf.tensor2d(Y.flat(), [B, NUM_LABELS]);
  const SGD: StepRule = { activation: 'sigmoid', optimizer: 'sgd', weightDecay: 0 };

  it('returns every tensor of the chapter’s step as computed by hand, and the SGD update and the loss after it', async () => {
    const hand = byHand(START);
    const params = makeParams(START);
    const [xs, ys] = [x(), oneHot()];
    const trace = traceStep(params, xs, ys, LR, SGD, null, { autodiff: true, lossAfter: true });

    await expectClose('x', trace.x, X);
    await expectClose('z1', trace.z1, hand.z1);
    await expectClose('a1', trace.a1, hand.a1);
    await expectClose('z2', trace.z2, hand.z2);
    await expectClose('a2', trace.a2, hand.a2);
    await expectClose('logits', trace.logits, hand.logits);
    await expectClose('softmax', trace.probs, hand.softmax);
    await expectClose('one_hot', trace.oneHot, Y);
    await expectClose('loss', trace.loss, hand.loss);
    await expectClose('dlogits', trace.dLogits, hand.dLogits);
    await expectClose('dz2', trace.dz2, hand.dz2);
    await expectClose('dz1', trace.dz1, hand.dz1);
    for (const name of PARAM_NAMES) {
      await expectClose(`${name}.grad`, trace.grads[name], hand.grads[name]);
      await expectClose(`${name}.grad by autodiff`, trace.autodiff![name], hand.grads[name]);
      // plain SGD: the update is lr · grad
      await expectClose(
        `${name} update`,
        trace.updates[name],
        flat(hand.grads[name]).map((g) => LR * g),
      );
    }
    // the loss after W ← W − lr·grad, on the same batch, by hand
    const moved = Object.fromEntries(
      PARAM_NAMES.map((n) => {
        const g = hand.grads[n];
        const w = START[n];
        return [
          n,
          Array.isArray(w[0])
            ? map(w as Matrix, (v, i, j) => v - LR * (g as Matrix)[i][j])
            : (w as number[]).map((v, j) => v - LR * (g as number[])[j]),
        ];
      }),
    ) as typeof START;
    const after = byHand(moved).loss;
    expect(after, 'a step on its own batch lowers the loss').toBeLessThan(hand.loss);
    await expectClose('loss after', trace.lossAfter!, after);

    disposeTrace(trace);
    tf.dispose([xs, ys]);
    for (const n of PARAM_NAMES) params[n].dispose();
  });

  it('leaves the weights and the optimiser’s state as they were, and frees what it does not return', async () => {
    const params = makeParams(START);
    const [xs, ys] = [x(), oneHot()];
    const rule: StepRule = { activation: 'sigmoid', optimizer: 'momentum', weightDecay: 0 };
    // a state with a velocity in it, as after some steps of a run
    const state = createOptimizerState(params, rule) as OptimizerState;
    for (const n of PARAM_NAMES) {
      const old = state.slots[n][0];
      state.slots[n][0] = tf.fill(old.shape, 0.01);
      old.dispose();
    }
    state.t = 5;
    const weightsBefore = await values(params);
    const slotsBefore = await Promise.all(PARAM_NAMES.map((n) => state.slots[n][0].data()));
    const tensorsBefore = tf.memory().numTensors;

    const trace = traceStep(params, xs, ys, LR, rule, state, { autodiff: true, lossAfter: true });
    expect(tf.memory().numTensors - tensorsBefore, 'only the trace’s own tensors survive').toBe(traceTensors(trace).length);
    // momentum's update is lr·(μv + g): the state is read, not moved
    const hand = byHand(START);
    for (const n of PARAM_NAMES)
      await expectClose(
        `${n} update`,
        trace.updates[n],
        flat(hand.grads[n]).map((g) => LR * (MOMENTUM * 0.01 + g)),
      );

    expect(await values(params), 'weights untouched').toEqual(weightsBefore);
    expect(await Promise.all(PARAM_NAMES.map((n) => state.slots[n][0].data())), 'velocity untouched').toEqual(slotsBefore);
    expect(state.t, 'step count untouched').toBe(5);

    disposeTrace(trace);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    disposeOptimizerState(state);
    tf.dispose([xs, ys]);
    for (const n of PARAM_NAMES) params[n].dispose();
  });
});
