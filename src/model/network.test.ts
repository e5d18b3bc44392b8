import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  chapterLoss,
  chapterSoftmax,
  disposeParams,
  fusedLogits,
  initialValues,
  initParams,
  logits,
  paramShapes,
  readParams,
} from './network';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('network', () => {
  it('has the chapter shapes, stored (in, out), with rank-1 biases', () => {
    const params = initParams({ hidden1: 100, hidden2: 50 }, 0);
    expect(params.w1.shape).toEqual([784, 100]);
    expect(params.b1.shape).toEqual([100]);
    expect(params.w2.shape).toEqual([100, 50]);
    expect(params.w3.shape).toEqual([50, 10]);
    expect(params.b3.shape).toEqual([10]);
    const out = tf.tidy(() => logits(params, tf.zeros([32, 784]), 'sigmoid'));
    expect(out.shape).toEqual([32, 10]);
    out.dispose();
    disposeParams(params);
  });

  it('draws weights from Normal(0, 0.1) and zero biases, the same for the same seed', () => {
    const a = initialValues({ hidden1: 100, hidden2: 50 }, 7);
    const b = initialValues({ hidden1: 100, hidden2: 50 }, 7);
    const c = initialValues({ hidden1: 100, hidden2: 50 }, 8);
    expect(a.w1).toEqual(b.w1);
    expect(a.w1).not.toEqual(c.w1);
    const w = a.w1;
    const mean = w.reduce((s, v) => s + v, 0) / w.length;
    const std = Math.sqrt(w.reduce((s, v) => s + (v - mean) ** 2, 0) / w.length);
    expect(Math.abs(mean)).toBeLessThan(0.002);
    expect(std).toBeGreaterThan(0.098);
    expect(std).toBeLessThan(0.102);
    expect(a.b1.every((v) => v === 0)).toBe(true);
    expect(a.w3.length).toBe(paramShapes({ hidden1: 100, hidden2: 50 }).w3.reduce((x, y) => x * y));
  });

  it('round-trips parameters through readParams', async () => {
    const values = initialValues({ hidden1: 3, hidden2: 2 }, 1);
    const params = initParams({ hidden1: 3, hidden2: 2 }, 1);
    expect(await readParams(params)).toEqual(values);
    disposeParams(params);
  });

  it('computes the loss as the chapter does: mean over batch and classes', async () => {
    // Two samples, three "classes" to keep the hand computation short.
    const z = tf.tensor2d([
      [1, 2, 3],
      [0, 0, Math.log(2)],
    ]);
    const y = tf.tensor2d([
      [0, 0, 1],
      [1, 0, 0],
    ]);
    const p = chapterSoftmax(z);
    const loss = await chapterLoss(p, y).data();
    const e = Math.E;
    const p0 = e ** 3 / (e + e ** 2 + e ** 3); // sample 0, true class 2
    const p1 = 1 / (1 + 1 + 2); // sample 1, true class 0
    const hand = -(Math.log(p0) + Math.log(p1)) / (2 * 3);
    expect(loss[0]).toBeCloseTo(hand, 6);
    tf.dispose([z, y, p]);
  });

  it("overflows to NaN like the chapter's naive softmax", async () => {
    const loss = tf.tidy(() => chapterLoss(chapterSoftmax(tf.tensor2d([[1000, 0]])), tf.tensor2d([[1, 0]])));
    expect(Number.isNaN((await loss.data())[0])).toBe(true);
    loss.dispose();
  });
});

describe('fused forward pass', () => {
  it("equals the chapter's literal formulas", async () => {
    const params = initParams({ hidden1: 20, hidden2: 10 }, 4);
    const x = tf.randomUniform([16, 784], 0, 1, 'float32', 3) as tf.Tensor2D;
    const literal = await logits(params, x, 'sigmoid').data();
    const fused = await fusedLogits(params, x, 'sigmoid').data();
    for (let i = 0; i < literal.length; i++) expect(fused[i]).toBeCloseTo(literal[i], 5);
    disposeParams(params);
  });
});
