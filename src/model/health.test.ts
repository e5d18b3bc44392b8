import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { HISTOGRAM_BINS, measureHealth } from './health';
import { createParams, initialValues, PARAM_NAMES, type Params } from './network';
import { createOptimizerState, type OptimizerState } from './optimizer';
import { createRng } from './random';
import { traceStep } from './stepTrace';
import type { Activation, StepRule } from './stepRule';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const ARCH = { hidden1: 6, hidden2: 4 };
const BATCH = 5;

/** A small batch of images: half the pixels blank, as in MNIST, the others in (0, 1]. */
function batch(seed: number) {
  const rng = createRng(seed);
  const pixels = Float32Array.from({ length: BATCH * 784 }, () => (rng.next() < 0.5 ? 0 : rng.next()));
  const labels = Array.from({ length: BATCH }, (_, i) => (i * 3) % 10);
  return {
    x: tf.tensor2d(pixels, [BATCH, 784]),
    oneHot: tf.oneHot(tf.tensor1d(labels, 'int32'), 10).toFloat() as tf.Tensor2D,
  };
}

/** Optimiser state with non-zero slots, as after a few steps. */
function usedState(params: Params, rule: StepRule): OptimizerState | null {
  const fresh = createOptimizerState(params, rule);
  if (!fresh) return null;
  const slots = Object.fromEntries(
    PARAM_NAMES.map((n) => [n, fresh.slots[n].map((s, k) => tf.abs(tf.randomNormal(s.shape, k ? 1e-6 : 0, 1e-3, 'float32', 7)))]),
  ) as OptimizerState['slots'];
  return { t: 3, slots };
}

const sumSquares = (v: Float32Array) => v.reduce((a, b) => a + b * b, 0);

/** The same figures from the step trace (the literal forward pass), computed here in plain JS. */
async function reference(params: Params, x: tf.Tensor2D, oneHot: tf.Tensor2D, lr: number, rule: StepRule, state: OptimizerState | null) {
  const trace = traceStep(params, x, oneHot, lr, rule, state, { autodiff: false, lossAfter: false });
  const read = (t: tf.Tensor) => t.dataSync() as Float32Array;
  const saturated = (a: number) =>
    rule.activation === 'sigmoid' ? a < 0.015 || a > 0.985 : rule.activation === 'tanh' ? Math.abs(a) > 0.97 : a <= 0;
  const share = (a: Float32Array) => a.filter(saturated).length / a.length;
  return {
    saturation: [share(read(trace.a1)), share(read(trace.a2))],
    gradRms: PARAM_NAMES.map((n) => Math.sqrt(sumSquares(read(trace.grads[n])) / params[n].size)),
    updateRatio: (['w1', 'w2', 'w3'] as const).map((n) =>
      Math.log10(Math.sqrt(sumSquares(read(trace.updates[n]))) / Math.sqrt(sumSquares(read(params[n])))),
    ),
    values: read(trace.a1).length + read(trace.a2).length,
  };
}

describe('layer health', () => {
  const cases: [Activation, StepRule['optimizer'], number, number][] = [
    ['sigmoid', 'sgd', 0, 0.1],
    ['sigmoid', 'sgd', 0, 50],
    ['sigmoid', 'sgd', 1e-3, 3],
    ['tanh', 'momentum', 0, 0.3],
    ['relu', 'adam', 1e-4, 0.001],
  ];
  it.each(cases)(
    '%s, %s (decay %s), lr %s: the same saturation, gradient RMS and update ratio as the step trace',
    async (activation, optimizer, weightDecay, lr) => {
      const rule: StepRule = { activation, optimizer, weightDecay };
      const init = activation === 'relu' ? 'he' : activation === 'tanh' ? 'xavier' : 'normal';
      // Large weights for lr 50, so that some sigmoid units saturate as in such a run.
      const values = initialValues(ARCH, 3, init);
      if (lr === 50) for (const n of PARAM_NAMES) values[n] = values[n].map((v) => v * 30);
      const params = createParams(ARCH, values);
      const { x, oneHot } = batch(5);
      const state = usedState(params, rule);
      const before = tf.memory().numTensors;
      const { measure, histograms } = await measureHealth(params, x, oneHot, lr, rule, state);
      expect(tf.memory().numTensors).toBe(before); // nothing left behind
      const expected = await reference(params, x, oneHot, lr, rule, state);
      measure.saturation.forEach((share, i) => expect(share).toBeCloseTo(expected.saturation[i], 6)); // a float32 mean
      measure.gradRms.forEach((rms, i) => expect(rms).toBeCloseTo(expected.gradRms[i], 6 - Math.floor(Math.log10(expected.gradRms[i]))));
      measure.updateRatio.forEach((ratio, i) => expect(ratio).toBeCloseTo(expected.updateRatio[i], 5));
      expect(histograms.layer1).toHaveLength(HISTOGRAM_BINS);
      expect([...histograms.layer1, ...histograms.layer2].reduce((a, b) => a + b, 0)).toBe(expected.values);
      if (lr === 50) expect(measure.saturation[0]).toBeGreaterThan(0);
      if (lr === 0.1) expect(measure.gradRms[0]).toBe(Math.min(...measure.gradRms)); // W_1 the slowest, blank pixels and all
    },
  );
});
