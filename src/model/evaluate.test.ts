import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { argMax10, confusionCounts, evaluate, galleryIndices, saturation } from './evaluate';
import { createParams, disposeParams, NUM_FEATURES, type ParamValues } from './network';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * A tiny network whose answer is known: H1 = H2 = 10. Hidden unit j of layer 1 fires for pixel j;
 * layer 2 copies layer 1; the output logit j is 10 × unit j. An image with only pixel d lit is
 * classified as d; a blank image as 0 (all logits equal: argmax takes the first).
 */
function knownParams() {
  const h = 10;
  const values: ParamValues = {
    w1: new Float32Array(NUM_FEATURES * h),
    b1: new Float32Array(h).fill(-5),
    w2: new Float32Array(h * h),
    b2: new Float32Array(h).fill(-5),
    w3: new Float32Array(h * 10),
    b3: new Float32Array(10),
  };
  for (let j = 0; j < h; j++) {
    values.w1[j * h + j] = 10; // pixel j → unit j (weights stored (in, out))
    values.w2[j * h + j] = 10;
    values.w3[j * 10 + j] = 10;
  }
  return createParams({ hidden1: h, hidden2: h }, values);
}

function images(litPixels: (number | null)[]): tf.Tensor2D {
  const x = new Float32Array(litPixels.length * NUM_FEATURES);
  litPixels.forEach((p, i) => p !== null && (x[i * NUM_FEATURES + p] = 1));
  return tf.tensor2d(x, [litPixels.length, NUM_FEATURES]);
}

describe('evaluation', () => {
  it('counts a known model on a known batch: predictions, confusion, accuracy', async () => {
    const params = knownParams();
    const lit = [3, 3, 5, 7, null, 9];
    const labels = Uint8Array.from([3, 5, 5, 1, 0, 9]);
    const x = images(lit);
    const before = tf.memory().numTensors;
    const result = await evaluate(params, 'sigmoid', x, labels);
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(result.predicted)).toEqual([3, 3, 5, 7, 0, 9]);
    expect(result.accuracy).toBeCloseTo(4 / 6, 12);
    const at = (actual: number, predicted: number) => result.confusion[actual * 10 + predicted];
    expect([at(3, 3), at(5, 3), at(5, 5), at(1, 7), at(0, 0), at(9, 9)]).toEqual([1, 1, 1, 1, 1, 1]);
    expect(result.confusion.reduce((a, b) => a + b, 0)).toBe(6);
    const diagonal = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].reduce((a, d) => a + at(d, d), 0);
    expect(diagonal / 6).toBeCloseTo(result.accuracy, 12);
    for (let i = 0; i < 6; i++) {
      const row = result.probabilities.subarray(i * 10, i * 10 + 10);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
    tf.dispose(x);
    disposeParams(params);
  });

  it('sums to the number of images with rows per true digit', () => {
    const predicted = Uint8Array.from([1, 1, 2, 0, 9, 9, 9]);
    const labels = Uint8Array.from([1, 2, 2, 0, 9, 8, 9]);
    const counts = confusionCounts(predicted, labels);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(7);
    expect(counts[2 * 10 + 1]).toBe(1);
    expect(counts[8 * 10 + 9]).toBe(1);
    expect(argMax10([0, 5, 5, 1, 0, 0, 0, 0, 0, 0], 0)).toBe(1); // ties: the first, as tf.argMax
  });

  it('picks a cell’s images most confident first, at most 100, and the mistakes across all cells', () => {
    const n = 150;
    const labels = new Uint8Array(n).fill(3);
    const predicted = new Uint8Array(n).fill(5);
    const probabilities = new Float32Array(n * 10);
    for (let i = 0; i < n; i++) probabilities[i * 10 + 5] = (i % 50) / 50 + 0.01;
    predicted[0] = 3; // one right answer
    labels[1] = 5; // and one right 5
    const evaluation = { count: n, accuracy: 0, confusion: confusionCounts(predicted, labels), predicted, labels, probabilities };
    const cell = galleryIndices(evaluation, { actual: 3, predicted: 5 });
    expect(cell.total).toBe(148);
    expect(cell.indices).toHaveLength(100);
    const confidence = cell.indices.map((i) => probabilities[i * 10 + 5]);
    expect(confidence).toEqual([...confidence].sort((a, b) => b - a));
    expect(cell.indices).not.toContain(0);
    expect(galleryIndices(evaluation, 'mistakes').total).toBe(148);
    expect(galleryIndices(evaluation, { actual: 5, predicted: 5 }).indices).toEqual([1]);
  });

  it('measures saturation: the share of sigmoid units with an output below 0.015 or above 0.985, per layer', async () => {
    const params = knownParams();
    // A blank image: layer 1 units get z = -5 → a = 0.0067 < 0.015: all saturated.
    // Layer 2 gets z = -5 + 10 × 0.0067 → a = 0.0072: all saturated.
    const blank = images([null]);
    const [s1, s2] = await saturation(params, blank, 'sigmoid').data();
    expect([s1, s2]).toEqual([1, 1]);
    // Pixel 4 lit: unit 4 of layer 1 has z = 5 (saturated), the other nine z = -5 (saturated); layer 2's
    // unit 4 gets z = -5 + 10·0.993 = 4.93, a ≈ 0.9928 > 0.985: saturated too.
    const [t1] = await saturation(params, images([4]), 'sigmoid').data();
    expect(t1).toBe(1);
    // Halve layer 1's weights and bias: z = ±2.5, a = 0.076 or 0.924: none saturated in layer 1.
    const values = await Promise.all([params.w1.data(), params.b1.data()]);
    const softer = createParams(
      { hidden1: 10, hidden2: 10 },
      {
        w1: (values[0] as Float32Array).map((v) => v / 4),
        b1: (values[1] as Float32Array).map((v) => v / 2),
        w2: (await params.w2.data()) as Float32Array,
        b2: (await params.b2.data()) as Float32Array,
        w3: (await params.w3.data()) as Float32Array,
        b3: (await params.b3.data()) as Float32Array,
      },
    );
    const [u1] = await saturation(softer, images([4]), 'sigmoid').data();
    expect(u1).toBe(0);
    tf.dispose(blank);
    disposeParams(params);
    disposeParams(softer);
  });
});
