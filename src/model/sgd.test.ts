import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomBatch, testParams as largeParams, TEST_ARCH as ARCH } from './testNetwork.test-helper';
import { createParams, disposeParams, PARAM_NAMES, readParams, type Params } from './network';
import { autodiffGradients, batchLoss, manualGradients, sgdStep } from './sgd';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const testParams = (seed: number): Params => largeParams(seed, 10, 1);

describe('gradients', () => {
  it('autodiff matches central finite differences', async () => {
    await tf.setBackend('cpu');
    const params = testParams(3);
    const { x, oneHot } = randomBatch(4, 11);
    const { loss, grads } = autodiffGradients(params, x, oneHot, 'sigmoid');
    const eps = 1e-2;
    const probe = async (name: keyof Params, index: number) => {
      const values = await readParams(params);
      const original = values[name][index];
      const lossAt = async (v: number) => {
        values[name][index] = v;
        const shifted = createParams(ARCH, values);
        const l = tf.tidy(() => batchLoss(shifted, x, oneHot, 'sigmoid'));
        const [out] = await l.data();
        l.dispose();
        disposeParams(shifted);
        return out;
      };
      // float32 forward pass: difference in float64 of two float32 losses
      return ((await lossAt(original + eps)) - (await lossAt(original - eps))) / (2 * eps);
    };
    for (const [name, index] of [
      ['w1', 300 * 6 + 2],
      ['b1', 1],
      ['w2', 7],
      ['b2', 3],
      ['w3', 12],
      ['b3', 4],
    ] as const) {
      const analytic = (await grads[name].data())[index];
      const numeric = await probe(name, index);
      expect(Math.abs(analytic - numeric), `${name}[${index}] ${analytic} vs ${numeric}`).toBeLessThan(
        2e-3 * Math.max(1, Math.abs(numeric)) + 2e-4,
      );
    }
    tf.dispose([loss, x, oneHot, ...Object.values(grads)]);
    disposeParams(params);
  });

  it('hand-derived gradients equal autodiff within float tolerance', async () => {
    const params = testParams(5);
    const { x, oneHot } = randomBatch(8, 12);
    const auto = autodiffGradients(params, x, oneHot, 'sigmoid');
    const manual = manualGradients(params, x, oneHot, 'sigmoid');
    expect((await manual.loss.data())[0]).toBeCloseTo((await auto.loss.data())[0], 5);
    for (const name of PARAM_NAMES) {
      const a = await auto.grads[name].data();
      const m = await manual.grads[name].data();
      const scale = Math.max(...a.map(Math.abs));
      expect(scale, name).toBeGreaterThan(0);
      for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - m[i]), `${name}[${i}]`).toBeLessThan(1e-4 * scale + 1e-7);
    }
    tf.dispose([auto.loss, manual.loss, x, oneHot, ...Object.values(auto.grads), ...Object.values(manual.grads)]);
    disposeParams(params);
  });
});

describe('sgdStep', () => {
  for (const mode of ['autodiff', 'manual'] as const) {
    it(`(${mode}) updates every parameter to W - lr * grad, frees every intermediate tensor`, async () => {
      const params = testParams(9);
      const { x, oneHot } = randomBatch(8, 13);
      const lr = tf.scalar(0.5);
      const before = await readParams(params);
      const { loss: expectedLoss, grads } = autodiffGradients(params, x, oneHot, 'sigmoid');
      const g = Object.fromEntries(await Promise.all(PARAM_NAMES.map(async (n) => [n, await grads[n].data()] as const)));
      const tensorsBefore = tf.memory().numTensors;
      const loss = sgdStep(params, x, oneHot, lr, mode);
      expect(tf.memory().numTensors).toBe(tensorsBefore + 1); // only the returned loss survives
      expect((await loss.data())[0]).toBeCloseTo((await expectedLoss.data())[0], 5);
      const after = await readParams(params);
      for (const name of PARAM_NAMES) {
        let moved = 0;
        for (let i = 0; i < before[name].length; i++) {
          const expected = before[name][i] - 0.5 * g[name][i];
          expect(Math.abs(after[name][i] - expected), `${name}[${i}]`).toBeLessThan(1e-5 + 1e-4 * Math.abs(g[name][i]));
          moved = Math.max(moved, Math.abs(after[name][i] - before[name][i]));
        }
        expect(moved, `${name} moved`).toBeGreaterThan(0);
      }
      tf.dispose([loss, expectedLoss, lr, x, oneHot, ...Object.values(grads)]);
      disposeParams(params);
    });
  }

  it('autodiff and hand-derived runs stay together over 20 steps from the same start', async () => {
    const a = testParams(21);
    const b = testParams(21);
    const lr = tf.scalar(0.3);
    for (let s = 0; s < 20; s++) {
      const { x, oneHot } = randomBatch(16, 100 + s);
      const la = sgdStep(a, x, oneHot, lr, 'autodiff');
      const lb = sgdStep(b, x, oneHot, lr, 'manual');
      expect((await lb.data())[0]).toBeCloseTo((await la.data())[0], 4);
      tf.dispose([la, lb, x, oneHot]);
    }
    const va = await readParams(a);
    const vb = await readParams(b);
    for (const name of PARAM_NAMES)
      for (let i = 0; i < va[name].length; i++) expect(Math.abs(va[name][i] - vb[name][i])).toBeLessThan(1e-3);
    lr.dispose();
    disposeParams(a);
    disposeParams(b);
  });
});
