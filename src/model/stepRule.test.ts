import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomBatch, testParams as largeParams } from './testNetwork.test-helper';
import { disposeParams, initialValues, initStd, PARAM_NAMES, readParams, type ParamValues, type Params } from './network';
import { applyUpdates, createOptimizerState, disposeOptimizerState, optimizerUpdate, type OptimizerState } from './optimizer';
import { autodiffGradients, manualGradients } from './sgd';
import { ACTIVATIONS, ADAM, MOMENTUM, type StepRule } from './stepRule';
import { TfjsEngine, type BatchSource } from './tfjsEngine';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const testParams = (seed: number): Params => largeParams(seed, 4, 0.3);

describe('activations: the hand-derived backward pass equals autodiff', () => {
  for (const activation of ACTIVATIONS) {
    it(`${activation}: each of the six gradients within 1e-6 relative`, async () => {
      const params = testParams(5);
      const { x, oneHot } = randomBatch(8, 12);
      const auto = autodiffGradients(params, x, oneHot, activation);
      const hand = manualGradients(params, x, oneHot, activation);
      expect((await hand.loss.data())[0]).toBeCloseTo((await auto.loss.data())[0], 6);
      for (const name of PARAM_NAMES) {
        const a = await auto.grads[name].data();
        const h = await hand.grads[name].data();
        const scale = Math.max(...a.map(Math.abs));
        expect(scale, name).toBeGreaterThan(1e-6);
        let worst = 0;
        for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - h[i]));
        expect(worst / scale, `${activation} ${name}: max |Δ| ${worst} of ${scale}`).toBeLessThan(1e-6);
      }
      tf.dispose([auto.loss, hand.loss, x, oneHot, ...Object.values(auto.grads), ...Object.values(hand.grads)]);
      disposeParams(params);
    });
  }
});

describe('initialisation', () => {
  const std = (values: Float32Array) => {
    let sum = 0;
    let squares = 0;
    for (const v of values) {
      sum += v;
      squares += v * v;
    }
    const mean = sum / values.length;
    return Math.sqrt(squares / values.length - mean * mean);
  };
  // W_1 of 784 × 128 = 100,352 draws.
  const arch = { hidden1: 128, hidden2: 64 };
  for (const [init, expected] of [
    ['normal', 0.1],
    ['xavier', Math.sqrt(2 / (784 + 128))],
    ['he', Math.sqrt(2 / 784)],
  ] as const) {
    it(`${init}: W_1's standard deviation is ${expected.toFixed(4)} within 2% over 100,352 draws; biases are zero`, () => {
      const values = initialValues(arch, 3, init);
      expect(initStd(init, 784, 128)).toBeCloseTo(expected, 12);
      expect(Math.abs(std(values.w1) / expected - 1)).toBeLessThan(0.02);
      expect(values.b1.every((v) => v === 0)).toBe(true);
    });
  }
});

/** One batch repeated, through the engine with a rule. */
function engineFor(params: Params, x: tf.Tensor2D, oneHot: tf.Tensor2D, rule: StepRule) {
  const source: BatchSource = { startEpoch: () => 2, batch: () => ({ x: x.clone(), oneHot: oneHot.clone() }), endEpoch: () => undefined };
  const engine = new TfjsEngine(params, source, 'autodiff', rule);
  engine.startEpoch(0);
  return engine;
}

/** The optimiser's two steps in float64, from the two gradients the engine's steps saw. */
function twoStepsByHand(p0: number, g: [number, number], rule: StepRule, lr: number): number {
  let p = p0;
  let v = 0;
  let m = 0;
  let s = 0;
  for (let t = 1; t <= 2; t++) {
    const grad = g[t - 1] + rule.weightDecay * p;
    if (rule.optimizer === 'momentum') {
      v = MOMENTUM * v + grad;
      p -= lr * v;
    } else {
      m = ADAM.beta1 * m + (1 - ADAM.beta1) * grad;
      s = ADAM.beta2 * s + (1 - ADAM.beta2) * grad * grad;
      p -= (lr * (m / (1 - ADAM.beta1 ** t))) / (Math.sqrt(s / (1 - ADAM.beta2 ** t)) + ADAM.epsilon);
    }
  }
  return p;
}

describe('optimisers match PyTorch’s rules, step by step', () => {
  for (const rule of [
    { activation: 'sigmoid', optimizer: 'momentum', weightDecay: 0 },
    { activation: 'relu', optimizer: 'adam', weightDecay: 0 },
    { activation: 'tanh', optimizer: 'momentum', weightDecay: 0.01 },
    { activation: 'sigmoid', optimizer: 'adam', weightDecay: 0.01 },
  ] as StepRule[]) {
    it(`${rule.optimizer}${rule.weightDecay ? ` with weight decay ${rule.weightDecay}` : ''} (${rule.activation}): two steps on a tiny network equal the hand-computed sequence`, async () => {
      const lr = 0.05;
      const params = testParams(7);
      const { x, oneHot } = randomBatch(4, 21);
      const engine = engineFor(params, x, oneHot, rule);
      const before = await readParams(params);
      const gradsAt = async () => {
        const { loss, grads } = autodiffGradients(params, x, oneHot, rule.activation);
        const values = Object.fromEntries(await Promise.all(PARAM_NAMES.map(async (n) => [n, await grads[n].data()] as const)));
        tf.dispose([loss, ...Object.values(grads)]);
        return values as unknown as ParamValues;
      };
      const g1 = await gradsAt();
      engine.run(0, 1, lr);
      const g2 = await gradsAt();
      engine.run(1, 1, lr);
      const after = await readParams(params);
      expect(engine.optimizerState()?.t).toBe(2);
      for (const name of PARAM_NAMES) {
        let worst = 0;
        let moved = 0;
        for (let i = 0; i < before[name].length; i++) {
          const expected = twoStepsByHand(before[name][i], [g1[name][i], g2[name][i]], rule, lr);
          worst = Math.max(worst, Math.abs(after[name][i] - expected));
          moved = Math.max(moved, Math.abs(after[name][i] - before[name][i]));
        }
        expect(moved, `${name} moved`).toBeGreaterThan(1e-4);
        expect(worst, `${name}: max |Δ| against the hand-computed sequence`).toBeLessThan(2e-6);
      }
      engine.dispose();
      tf.dispose([x, oneHot]);
      disposeParams(params);
    });
  }

  it('an update can be looked at without taking it: nothing assigned, the state unchanged', async () => {
    const params = testParams(9);
    const rule: StepRule = { activation: 'sigmoid', optimizer: 'adam', weightDecay: 0 };
    let state: OptimizerState | null = createOptimizerState(params, rule);
    const before = await readParams(params);
    const { x, oneHot } = randomBatch(4, 22);
    const tensors = tf.memory().numTensors;
    tf.tidy(() => {
      const { grads } = autodiffGradients(params, x, oneHot, 'sigmoid');
      optimizerUpdate(params, grads, 0.1, rule, state);
    });
    expect(tf.memory().numTensors).toBe(tensors);
    expect(state!.t).toBe(0);
    expect((await readParams(params)).w1).toEqual(before.w1);
    // and taking it does change them
    tf.tidy(() => {
      const { grads } = autodiffGradients(params, x, oneHot, 'sigmoid');
      const { updates, next } = optimizerUpdate(params, grads, 0.1, rule, state);
      applyUpdates(params, updates);
      for (const n of PARAM_NAMES) next!.slots[n].forEach((t) => tf.keep(t));
      disposeOptimizerState(state);
      state = next;
    });
    expect((await readParams(params)).w1).not.toEqual(before.w1);
    expect(state!.t).toBe(1);
    disposeOptimizerState(state);
    tf.dispose([x, oneHot]);
    disposeParams(params);
  });
});
