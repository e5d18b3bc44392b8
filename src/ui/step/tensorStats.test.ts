import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { saturatedMask } from '../../model/activations';
import { ACTIVATIONS } from '../../model/stepRule';
import { isSaturated, labelsOf, lossTerms, maxUpdateMismatch, norm, saturatedShare, tensorStats } from './tensorStats';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('the page’s sums of an explained step', () => {
  it('min / mean / max and the largest |value|', () => {
    expect(tensorStats(Float32Array.from([-2, 0.5, 1, 4.5]))).toEqual({ min: -2, mean: 1, max: 4.5, maxAbs: 4.5 });
    expect(tensorStats([-3, -1]).maxAbs).toBe(3);
  });

  it('the saturation test is the model’s one rule (saturatedMask), for every activation, at and around its thresholds', async () => {
    const probes = Float32Array.from([
      -1, -0.98, -0.97, -0.5, 0, 1e-9, 0.0149, 0.015, 0.0151, 0.5, 0.97, 0.971, 0.9849, 0.985, 0.9851, 1, 3,
    ]);
    for (const activation of ACTIVATIONS) {
      const mask = tf.tidy(() => saturatedMask(tf.tensor1d(probes), activation));
      const expected = Array.from(await mask.data(), (v) => v === 1);
      mask.dispose();
      expect(
        Array.from(probes, (a) => isSaturated(a, activation)),
        activation,
      ).toEqual(expected);
    }
    expect(saturatedShare([0.01, 0.5, 0.99, 0.6], 'sigmoid')).toBe(0.5);
  });

  it('the loss written out: −(1/(B·10)) Σ log p[label] is −(one_hot * log(softmax)).mean()', () => {
    const softmax = [0.7, 0.2, 0.1, 0.25, 0.25, 0.5];
    const oneHot = [1, 0, 0, 0, 0, 1];
    const { logs, sum, entries, loss } = lossTerms(softmax, oneHot, 2, 3);
    expect(logs).toEqual([Math.log(0.7), Math.log(0.5)]);
    expect(entries).toBe(6);
    expect(sum).toBeCloseTo(Math.log(0.35), 12);
    const mean = -softmax.reduce((s, p, i) => s + oneHot[i] * Math.log(p), 0) / softmax.length;
    expect(loss).toBeCloseTo(mean, 12);
    expect(labelsOf(oneHot, 2, 3)).toEqual([0, 2]);
  });

  it('an update of exactly lr × grad (as TF.js multiplies in float32) has no mismatch; another one has', async () => {
    const grad = Float32Array.from([1e-3, -0.37, 12.5, 3.3e-7]);
    const lr = 0.1;
    const update = tf.tidy(() => tf.mul(lr, tf.tensor1d(grad)));
    const exact = (await update.data()) as Float32Array;
    update.dispose();
    expect(maxUpdateMismatch(exact, grad, lr)).toBe(0);
    const off = Float32Array.from(exact);
    off[2] += 1e-5;
    expect(maxUpdateMismatch(off, grad, lr)).toBeGreaterThan(0);
    expect(norm([3, 4])).toBe(5);
  });
});
