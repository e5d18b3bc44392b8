import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { initialValues, type ParamValues } from './network';
import { readSafetensors, writeSafetensors } from './safetensors';
import { readWeightsFile, WeightsLayoutError, WeightsRuleError, writeWeightsFile } from './weightsFile';
import { recogniseLayout, type LayoutProblem } from './weightsLayouts';

const fixture = (name: string) => new Uint8Array(readFileSync(join(import.meta.dirname, 'fixtures', name)));

/** A file of F32 tensors of these shapes (values distinct and finite), under these names. */
function fileOf(shapes: Record<string, number[]>): Uint8Array {
  let start = 0;
  const tensors = Object.entries(shapes).map(([name, shape]) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const data = Float32Array.from({ length: size }, (_, i) => ((start + i) % 97) / 97 - 0.5);
    start += size;
    return { name, shape, data };
  });
  return writeSafetensors(tensors);
}

/** The chapter's six shapes for H1, H2, under six names, with (n) biases (nn.Linear's). */
function shapesOf(names: string[], h1: number, h2: number): Record<string, number[]> {
  const shapes = [[h1, 784], [h1], [h2, h1], [h2], [10, h2], [10]];
  return Object.fromEntries(names.map((n, i) => [n, shapes[i]]));
}

const layoutOf = (shapes: Record<string, number[]>) => recogniseLayout(new Map(Object.entries(shapes)));
const problemOf = (shapes: Record<string, number[]>): LayoutProblem => {
  const read = layoutOf(shapes);
  if (!('problem' in read)) throw new Error(`expected a refusal, got ${JSON.stringify(read.layout)}`);
  return read.problem;
};

const SEQUENTIAL = ['0.weight', '0.bias', '2.weight', '2.bias', '4.weight', '4.bias'];
const FC = ['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias', 'fc3.weight', 'fc3.bias'];
const ODD = ['encoder', 'encoder_shift', 'middle', 'middle_shift', 'readout', 'readout_shift'];

const expectSameValues = (a: ParamValues, b: ParamValues) => {
  for (const name of ['w1', 'b1', 'w2', 'b2', 'w3', 'b3'] as const) expect(Array.from(a[name]), name).toEqual(Array.from(b[name]));
};

describe('recognising a layout', () => {
  it('the chapter’s names', () => {
    const read = readWeightsFile(fixture('python-chapter-tiny.safetensors'));
    expect(read.layout).toEqual({ kind: 'chapter' });
    expect(read.arch).toEqual({ hidden1: 3, hidden2: 2 });
  });

  it('nn.Sequential 0, 2, 4 with (H) biases, as Python’s safetensors saves it: the same network as the chapter’s names', () => {
    const sequential = readWeightsFile(fixture('python-sequential-tiny.safetensors'));
    expect(sequential.layout).toEqual({ kind: 'sequential', prefix: '', indices: [0, 2, 4] });
    expect(sequential.arch).toEqual({ hidden1: 3, hidden2: 2 });
    expectSameValues(sequential.values, readWeightsFile(fixture('python-chapter-tiny.safetensors')).values);
  });

  it('fc1/fc2/fc3 stored out of order: names pair each weight with its bias, shapes give the order', () => {
    const fc = readWeightsFile(fixture('python-fc-tiny.safetensors'));
    expect(fc.layout).toEqual({ kind: 'modules', modules: ['fc1', 'fc2', 'fc3'] });
    expectSameValues(fc.values, readWeightsFile(fixture('python-chapter-tiny.safetensors')).values);
    // Names that say nothing of the order: the shapes decide it.
    const named = layoutOf(shapesOf(['out.weight', 'out.bias', 'in.weight', 'in.bias', 'mid.weight', 'mid.bias'].slice(), 8, 5));
    expect('layout' in named && named.layout).toEqual({ kind: 'modules', modules: ['out', 'in', 'mid'] });
    const reordered = layoutOf({
      'in.weight': [8, 784],
      'in.bias': [8],
      'mid.weight': [5, 8],
      'mid.bias': [5],
      'out.weight': [10, 5],
      'out.bias': [10],
    });
    expect('layout' in reordered && reordered.layout).toEqual({ kind: 'modules', modules: ['in', 'mid', 'out'] });
  });

  it('nn.Sequential under a prefix, with other numbers, ordered by number (10 after 2)', () => {
    const prefixed = layoutOf(shapesOf(['net.0.weight', 'net.0.bias', 'net.1.weight', 'net.1.bias', 'net.2.weight', 'net.2.bias'], 6, 4));
    expect('layout' in prefixed && prefixed.layout).toEqual({ kind: 'sequential', prefix: 'net.', indices: [0, 1, 2] });
    const ten = layoutOf(shapesOf(['0.weight', '0.bias', '2.weight', '2.bias', '10.weight', '10.bias'], 6, 4));
    expect('layout' in ten && ten.layout).toEqual({ kind: 'sequential', prefix: '', indices: [0, 2, 10] });
    expect('names' in ten && ten.names.W_3).toBe('10.weight');
  });

  it('any names whose shapes chain one way only, with (n) or (1, n) biases', () => {
    const shapes = shapesOf(ODD, 7, 5);
    shapes.middle_shift = [1, 5];
    // Stored in another order than the layers': the shapes still say which is which.
    const file = fileOf(Object.fromEntries(Object.entries(shapes).reverse()));
    const read = readWeightsFile(file);
    expect(read.layout).toEqual({ kind: 'shapes', names: ODD });
    expect(read.arch).toEqual({ hidden1: 7, hidden2: 5 });
    const { tensors } = readSafetensors(file);
    expect(read.values.b2.length).toBe(5);
    expect(tensors.get('middle_shift')!.shape).toEqual([1, 5]);
  });

  it('names that fit no layout, six tensors that chain: read by shape', () => {
    const mixed = layoutOf(shapesOf(['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias', 'out_w', 'out_b'], 9, 4));
    expect('layout' in mixed && mixed.layout).toEqual({
      kind: 'shapes',
      names: ['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias', 'out_w', 'out_b'],
    });
  });

  it('names settle what shapes cannot: H1 = H2 is fine for nn.Sequential and for named modules', () => {
    expect(layoutOf(shapesOf(SEQUENTIAL, 32, 32))).toMatchObject({ layout: { kind: 'sequential' }, arch: { hidden1: 32, hidden2: 32 } });
    expect(layoutOf(shapesOf(FC, 32, 32))).toMatchObject({ layout: { kind: 'modules', modules: ['fc1', 'fc2', 'fc3'] } });
    expect(layoutOf(shapesOf(FC, 10, 10))).toMatchObject({ problem: { rule: 'ambiguous' } }); // (10, 10) twice: which comes first?
    expect(layoutOf(shapesOf(SEQUENTIAL, 10, 10))).toMatchObject({ layout: { kind: 'sequential' } }); // the numbers say
  });
});

describe('refusing what does not chain, or chains more than one way', () => {
  it('nn.Sequential whose second layer is transposed: the tensor, its shape, what it had to be, after which', () => {
    const shapes = shapesOf(SEQUENTIAL, 64, 30);
    shapes['2.weight'] = [64, 30];
    expect(problemOf(shapes)).toEqual({
      rule: 'shape',
      expected: { kind: 'sequential', prefix: '', indices: [0, 2, 4] },
      tensor: '2.weight',
      shape: [64, 30],
      want: [['H2', 64]],
      after: { tensor: '0.weight', shape: [64, 784] },
    });
    const first = shapesOf(SEQUENTIAL, 64, 30);
    first['0.weight'] = [784, 64]; // saved (in, out), as TF.js or Keras would
    expect(problemOf(first)).toMatchObject({ rule: 'shape', tensor: '0.weight', want: [['H1', 784]], after: null });
    const bias = shapesOf(SEQUENTIAL, 64, 30);
    bias['0.bias'] = [64, 1];
    expect(problemOf(bias)).toMatchObject({ rule: 'shape', tensor: '0.bias', want: [[64], [1, 64]] });
  });

  it('named modules whose weights chain in no order', () => {
    const shapes = shapesOf(FC, 100, 50);
    shapes['fc2.weight'] = [50, 64];
    expect(problemOf(shapes)).toEqual({
      rule: 'no-chain',
      expected: { kind: 'modules', modules: ['fc1', 'fc2', 'fc3'] },
      tensors: [
        { tensor: 'fc1.weight', shape: [100, 784] },
        { tensor: 'fc2.weight', shape: [50, 64] },
        { tensor: 'fc3.weight', shape: [10, 50] },
      ],
    });
  });

  it('any names: shapes that do not chain', () => {
    const shapes = shapesOf(ODD, 100, 50);
    shapes.readout = [10, 49];
    expect(problemOf(shapes)).toMatchObject({ rule: 'no-chain', expected: { kind: 'shapes' } });
    expect((problemOf(shapes) as Extract<LayoutProblem, { rule: 'no-chain' }>).tensors.map((t) => t.tensor)).toEqual(ODD);
  });

  it('any names with H1 = H2: the two hidden biases have one length, nothing says which is which', () => {
    expect(problemOf(shapesOf(ODD, 50, 50))).toEqual({
      rule: 'ambiguous',
      expected: { kind: 'shapes' },
      roles: [
        { role: 'b_1', candidates: ['encoder_shift', 'middle_shift'] },
        { role: 'b_2', candidates: ['encoder_shift', 'middle_shift'] },
      ],
    });
  });

  it('any names with H2 = 10 or H1 = 10: a hidden bias and the output bias have one length', () => {
    expect(problemOf(shapesOf(ODD, 64, 10))).toMatchObject({
      rule: 'ambiguous',
      roles: [
        { role: 'b_2', candidates: ['middle_shift', 'readout_shift'] },
        { role: 'b_3', candidates: ['middle_shift', 'readout_shift'] },
      ],
    });
    expect(problemOf(shapesOf(ODD, 10, 64))).toMatchObject({ rule: 'ambiguous', roles: [{ role: 'b_1' }, { role: 'b_3' }] });
  });

  it('named modules with H1 = H2 = 10: two (10, 10) weights, either could come first', () => {
    expect(problemOf(shapesOf(FC, 10, 10))).toEqual({
      rule: 'ambiguous',
      expected: { kind: 'modules', modules: ['fc1', 'fc2', 'fc3'] },
      roles: [
        { role: 'W_2', candidates: ['fc2.weight', 'fc3.weight'] },
        { role: 'b_2', candidates: ['fc2.bias', 'fc3.bias'] },
        { role: 'W_3', candidates: ['fc2.weight', 'fc3.weight'] },
        { role: 'b_3', candidates: ['fc2.bias', 'fc3.bias'] },
      ],
    });
  });

  it('the wrong number of layers or tensors, missing biases, buffers of other modules', () => {
    const four = { ...shapesOf(SEQUENTIAL, 64, 30), '6.weight': [10, 10], '6.bias': [10] };
    expect(problemOf(four)).toEqual({
      rule: 'layers',
      expected: { kind: 'sequential', prefix: '', indices: [0, 2, 4, 6] },
      found: ['0', '2', '4', '6'],
    });
    const noBias = { '0.weight': [64, 784], '2.weight': [30, 64], '4.weight': [10, 30] };
    expect(problemOf(noBias)).toEqual({
      rule: 'tensors',
      expected: { kind: 'sequential', prefix: '', indices: [0, 2, 4] },
      missing: ['0.bias', '2.bias', '4.bias'],
      extra: [],
    });
    const batchNorm = { ...shapesOf(SEQUENTIAL, 64, 30), '1.running_mean': [64] };
    expect(problemOf(batchNorm)).toMatchObject({ rule: 'tensors', missing: [], extra: ['1.running_mean'] });
    expect(problemOf({ a: [3], b: [4] })).toEqual({ rule: 'count', expected: { kind: 'shapes' }, found: 2 });
    expect(problemOf({ W_1: [3, 784], b_1: [3], W_2: [2, 3] })).toMatchObject({ rule: 'tensors', missing: ['b_2', 'W_3', 'b_3'] });
  });

  it('readWeightsFile throws the facts as WeightsLayoutError; shared rules name the file’s own tensor', () => {
    const shapes = shapesOf(SEQUENTIAL, 64, 30);
    shapes['2.weight'] = [64, 30];
    expect(() => readWeightsFile(fileOf(shapes))).toThrow(WeightsLayoutError);
    // A bias of the wrong length where names fix the roles: the shared size rule, with the file's name.
    let error: unknown;
    try {
      readWeightsFile(fileOf({ ...shapesOf(SEQUENTIAL, 64, 30), '2.bias': [29] }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WeightsRuleError);
    expect((error as WeightsRuleError).problem).toEqual({ rule: 'size', tensor: 'b_2', expected: 30, actual: 29 });
    expect((error as WeightsRuleError).fileNames).toMatchObject({ b_2: '2.bias', W_1: '0.weight' });
  });
});

describe('writing nn.Sequential', () => {
  it('writes 0.weight (H1, 784), 0.bias (H1), … and reads back exactly', () => {
    const arch = { hidden1: 7, hidden2: 5 };
    const values = initialValues(arch, 3);
    const bytes = writeWeightsFile(values, arch, { activation: 'relu' }, 'sequential');
    const { tensors, metadata } = readSafetensors(bytes);
    expect(Object.fromEntries([...tensors].map(([k, t]) => [k, t.shape]))).toEqual({
      '0.weight': [7, 784],
      '0.bias': [7],
      '2.weight': [5, 7],
      '2.bias': [5],
      '4.weight': [10, 5],
      '4.bias': [10],
    });
    expect(metadata.get('activation')).toBe('relu');
    const back = readWeightsFile(bytes);
    expect(back.layout).toEqual({ kind: 'sequential', prefix: '', indices: [0, 2, 4] });
    expectSameValues(back.values, values);
  });

  it('writes the same bytes as the Python safetensors package for the same nn.Sequential', () => {
    const python = fixture('python-sequential-tiny.safetensors');
    const read = readWeightsFile(python);
    const ours = writeWeightsFile(read.values, read.arch, { written_by: 'python safetensors' }, 'sequential');
    expect(Buffer.from(ours).equals(Buffer.from(python))).toBe(true);
  });
});
