import { describe, expect, it } from 'vitest';
import { initialValues, paramShapes, PARAM_NAMES, type ParamValues } from './network';
import { checkWeights, copyWeights, expectedSizes, MAX_HIDDEN, readArchitecture, readWeights } from './weightsCheck';

const arch = { hidden1: 4, hidden2: 3 };
const good = () => ({ arch: { ...arch }, values: initialValues(arch, 1) });
const withValues = (patch: Partial<Record<keyof ParamValues, unknown>>) => {
  const w = good();
  return { arch: w.arch, values: { ...w.values, ...patch } };
};

describe('the one set of rules for weights', () => {
  it('accepts the weights the network makes, for the smallest and the largest sizes', () => {
    expect(checkWeights(good())).toBeNull();
    expect(checkWeights({ arch: { hidden1: 1, hidden2: 1 }, values: initialValues({ hidden1: 1, hidden2: 1 }, 2) })).toBeNull();
    const big = { hidden1: MAX_HIDDEN, hidden2: MAX_HIDDEN };
    expect(checkWeights({ arch: big, values: initialValues(big, 3) })).toBeNull();
  });

  it('implies the same sizes as the network (784 inputs, 10 outputs; its own constants are not imported)', () => {
    for (const a of [arch, { hidden1: 100, hidden2: 50 }, { hidden1: 512, hidden2: 1 }]) {
      const shapes = paramShapes(a);
      const sizes = expectedSizes(a);
      for (const name of PARAM_NAMES) expect(sizes[name], name).toBe(shapes[name].reduce((x, y) => x * y, 1));
    }
  });

  it('hidden sizes: whole numbers from 1 to 512, checked before anything else', () => {
    expect(MAX_HIDDEN).toBe(512);
    expect(checkWeights({ ...good(), arch: { hidden1: 600, hidden2: 3 } })).toEqual({
      rule: 'hidden-size',
      layer: 'H1',
      size: 600,
      max: 512,
    });
    expect(checkWeights({ ...good(), arch: { hidden1: 4, hidden2: 0 } })).toEqual({ rule: 'hidden-size', layer: 'H2', size: 0, max: 512 });
    expect(checkWeights({ ...good(), arch: { hidden1: 2.5, hidden2: 3 } })).toEqual({
      rule: 'hidden-size',
      layer: 'H1',
      size: 2.5,
      max: 512,
    });
    expect(checkWeights({ ...good(), arch: { hidden1: Number.NaN, hidden2: 3 } })).toMatchObject({ rule: 'hidden-size', layer: 'H1' });
    expect(checkWeights({ ...good(), arch: { hidden1: '4', hidden2: 3 } })).toEqual({
      rule: 'malformed',
      part: 'H1',
      expected: 'a whole number',
      found: 'a string',
    });
    expect(checkWeights({ ...good(), arch: null })).toMatchObject({ rule: 'malformed', part: 'architecture', found: 'null' });
    expect(readArchitecture({ hidden1: 7, hidden2: 9, extra: 'dropped' })).toEqual({ arch: { hidden1: 7, hidden2: 9 } });
  });

  it('each tensor present, a Float32Array, of exactly the size the hidden sizes imply', () => {
    expect(checkWeights(withValues({ b2: undefined }))).toEqual({ rule: 'missing', tensor: 'b_2' });
    expect(checkWeights(withValues({ w1: [1, 2, 3] }))).toEqual({
      rule: 'malformed',
      part: 'W_1',
      expected: 'a Float32Array',
      found: 'an Array',
    });
    expect(checkWeights(withValues({ w3: new Float64Array(30) }))).toMatchObject({
      rule: 'malformed',
      part: 'W_3',
      found: 'a Float64Array',
    });
    expect(checkWeights(withValues({ w2: new Float32Array(11) }))).toEqual({ rule: 'size', tensor: 'W_2', expected: 12, actual: 11 });
    expect(checkWeights(withValues({ b1: new Float32Array(5) }))).toEqual({ rule: 'size', tensor: 'b_1', expected: 4, actual: 5 });
    expect(checkWeights({ arch, values: 'weights' })).toMatchObject({ rule: 'malformed', part: 'values', found: 'a string' });
  });

  it('every value finite: NaN and infinities are counted per tensor', () => {
    const w = good();
    w.values.w2[0] = Number.NaN;
    w.values.w2[5] = Number.NEGATIVE_INFINITY;
    w.values.b3[1] = Number.POSITIVE_INFINITY;
    expect(checkWeights(w)).toEqual({ rule: 'not-finite', tensor: 'W_2', count: 2 }); // the first tensor in the chapter's order
  });

  it('returns a new object of the checked parts: extra fields do not travel', () => {
    const w = { ...good(), runId: 'x', extra: 1 };
    const read = readWeights(w);
    expect('weights' in read && Object.keys(read.weights)).toEqual(['arch', 'values']);
  });
});

describe('copyWeights', () => {
  it('copies into buffers of its own, tightly sized: detaching the copy leaves the original whole', () => {
    const original = good();
    const big = new Float32Array(1000);
    original.values.b1 = big.subarray(10, 14); // a view into a larger buffer
    const copy = copyWeights(original);
    expect(copy.values.b1.buffer.byteLength).toBe(4 * 4);
    expect(Array.from(copy.values.w1)).toEqual(Array.from(original.values.w1));
    structuredClone(copy, { transfer: Object.values(copy.values).map((v) => v.buffer) });
    expect(copy.values.w1.length).toBe(0); // detached
    expect(original.values.w1.length).toBe(784 * 4);
    expect(checkWeights(original)).toBeNull();
    copy.arch.hidden1 = 99;
    expect(original.arch.hidden1).toBe(4);
  });
});
