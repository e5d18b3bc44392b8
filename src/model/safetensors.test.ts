import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { initialValues, NUM_FEATURES } from './network';
import { float32Values, MAX_HEADER_BYTES, readSafetensors, SafetensorsError, writeSafetensors } from './safetensors';
import type { WeightsProblem } from './weightsCheck';
import { readWeightsFile, transpose, WeightsLayoutError, WeightsRuleError, writeWeightsFile } from './weightsFile';
import type { LayoutProblem } from './weightsLayouts';

const fixture = (name: string) => new Uint8Array(readFileSync(join(import.meta.dirname, 'fixtures', name)));

/** A file built by hand: a header object (as JSON text) followed by `data`. */
function file(header: unknown, data: Uint8Array = new Uint8Array(0), headerText = JSON.stringify(header)): Uint8Array {
  const json = new TextEncoder().encode(headerText);
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

const f32 = (...values: number[]) => new Uint8Array(Float32Array.from(values).buffer);

describe('safetensors: the format', () => {
  it('round-trips: what we write, we read back exactly, with metadata and 8-byte aligned data', () => {
    const a = Float32Array.from([1.5, -2, 3.25, 0, 1e-3, -7]);
    const b = Float32Array.from([42]);
    const bytes = writeSafetensors(
      [
        { name: 'b', shape: [], data: b },
        { name: 'a', shape: [2, 3], data: a },
      ],
      { note: 'hello' },
    );
    const headerLength = new DataView(bytes.buffer).getUint32(0, true);
    expect(headerLength % 8).toBe(0);
    const text = new TextDecoder().decode(bytes.subarray(8, 8 + headerLength));
    expect(text.startsWith('{"__metadata__":{"note":"hello"},"a":')).toBe(true); // metadata first, then by name
    expect(text.trimEnd().endsWith('}')).toBe(true);
    const read = readSafetensors(bytes);
    expect(read.metadata.get('note')).toBe('hello');
    expect(read.tensors.get('a')!.shape).toEqual([2, 3]);
    expect(Array.from(float32Values(read.tensors.get('a')!))).toEqual(Array.from(a));
    expect(Array.from(float32Values(read.tensors.get('b')!))).toEqual([42]);
  });

  it('reads files written by the Python safetensors package (mixed dtypes, no metadata)', () => {
    const read = readSafetensors(fixture('python-mixed.safetensors'));
    expect([...read.tensors.keys()].sort()).toEqual(['a_f32', 'b_f16', 'c_i64', 'd_scalar']);
    expect(read.metadata.size).toBe(0);
    const a = read.tensors.get('a_f32')!;
    expect(a.dtype).toBe('F32');
    expect(a.shape).toEqual([2, 3]);
    expect(Array.from(float32Values(a))).toEqual(Array.from(Float32Array.from([1.5, -2.0, 3.25, 0.0, 1e-3, -7.0])));
    expect(read.tensors.get('b_f16')!.bytes.byteLength).toBe(6);
    expect(Array.from(float32Values(read.tensors.get('d_scalar')!))).toEqual([42]);
  });

  it('writes the same bytes as the Python safetensors package for the same tensors', () => {
    const python = fixture('python-chapter-tiny.safetensors');
    const read = readWeightsFile(python);
    const ours = writeWeightsFile(read.values, read.arch, { written_by: 'python safetensors' });
    expect(Buffer.from(ours).equals(Buffer.from(python))).toBe(true);
  });
});

describe('the chapter’s tensors: names, shapes and transposes', () => {
  it('puts PyTorch’s W[r, c] (out, in) at the app’s w[c, r] (in, out)', () => {
    const { values, arch, metadata } = readWeightsFile(fixture('python-chapter-tiny.safetensors'));
    expect(arch).toEqual({ hidden1: 3, hidden2: 2 });
    expect(metadata.get('written_by')).toBe('python safetensors');
    // W_2 = [[1, 2, 3], [4, 5, 6]] is (H2 = 2, H1 = 3); the app's w2 is (3, 2): [[1, 4], [2, 5], [3, 6]].
    expect(Array.from(values.w2)).toEqual([1, 4, 2, 5, 3, 6]);
    // W_1[r, c] = (r · 784 + c) / 1000 → app w1[c · 3 + r]
    expect(values.w1[200 * 3 + 2]).toBeCloseTo((2 * 784 + 200) / 1000, 5);
    expect(values.w3[1 * 10 + 4]).toBe(4 * 2 + 1 - 7.5); // W_3[4, 1] → w3[1, 4]
    expect(Array.from(values.b1)).toEqual([0.5, -0.25, 0.125]);
  });

  it('a known 2×3 transposes to 3×2 and back', () => {
    const m = Float32Array.from([1, 2, 3, 4, 5, 6]);
    expect(Array.from(transpose(m, 2, 3))).toEqual([1, 4, 2, 5, 3, 6]);
    expect(Array.from(transpose(transpose(m, 2, 3), 3, 2))).toEqual(Array.from(m));
  });

  it('exports the chapter’s shapes and imports them back to the same values', () => {
    const values = initialValues({ hidden1: 7, hidden2: 5 }, 3);
    const bytes = writeWeightsFile(values, { hidden1: 7, hidden2: 5 }, { settings: 'lr=3' });
    const { tensors } = readSafetensors(bytes);
    expect(Object.fromEntries([...tensors].map(([k, t]) => [k, t.shape]))).toEqual({
      W_1: [7, NUM_FEATURES],
      b_1: [1, 7],
      W_2: [5, 7],
      b_2: [1, 5],
      W_3: [10, 5],
      b_3: [1, 10],
    });
    const back = readWeightsFile(bytes);
    for (const name of ['w1', 'b1', 'w2', 'b2', 'w3', 'b3'] as const) expect(back.values[name]).toEqual(values[name]);
  });

  it('reads the file real PyTorch saved after one epoch of the chapter’s loop', () => {
    const { arch, values } = readWeightsFile(fixture('pytorch-chapter-lr3-60k-1epoch-seed5.safetensors'));
    expect(arch).toEqual({ hidden1: 100, hidden2: 50 });
    expect(values.w1.length).toBe(784 * 100);
    expect(values.b3.length).toBe(10);
  });
});

describe('bad files: one clear message, never a crash, never a big allocation', () => {
  const good = () => fixture('python-chapter-tiny.safetensors');
  /**
   * A file-specific problem is named in the reader's words; tensors that fit no layout, and a rule
   * every source shares, come as facts (worded by the page: src/store/layoutMessages.test.ts).
   */
  const expectRefused = (bytes: Uint8Array, expected: RegExp | WeightsProblem | LayoutProblem) => {
    let error: unknown;
    try {
      readWeightsFile(bytes);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SafetensorsError);
    if (expected instanceof RegExp) expect((error as Error).message).toMatch(expected);
    else if ('expected' in expected && typeof expected.expected === 'object') {
      expect(error).toBeInstanceOf(WeightsLayoutError);
      expect((error as WeightsLayoutError).problem).toEqual(expected);
    } else {
      expect(error).toBeInstanceOf(WeightsRuleError);
      expect((error as WeightsRuleError).problem).toEqual(expected);
    }
  };
  const withHeader = (mutate: (h: Record<string, unknown>) => void) => {
    const bytes = good();
    const n = new DataView(bytes.buffer).getUint32(0, true);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    mutate(header);
    return file(header, bytes.subarray(8 + n));
  };

  it('not safetensors at all', () => {
    expectRefused(new TextEncoder().encode('hello'), /too short to be a safetensors file/);
    expectRefused(new TextEncoder().encode('PK\u0003\u0004 this is a zip file, not weights'), /header claims .* more than the file holds/);
    expectRefused(file(null, new Uint8Array(0), 'not json at all'), /not a JSON object/);
    expectRefused(file(null, new Uint8Array(0), '{"W_1": '), /not valid JSON/);
    expectRefused(file(null, new Uint8Array(0), '[1, 2, 3]'), /not a JSON object/);
    expectRefused(Uint8Array.from([2, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xfe]), /not UTF-8/);
  });

  it('cut short', () => {
    const bytes = good();
    expectRefused(bytes.subarray(0, bytes.length - 100), /outside the data|cut short/);
    expectRefused(bytes.subarray(0, 20), /more than the file holds/);
  });

  it('a header longer than the file, or longer than 1 MB, is refused before it is read', () => {
    const claims = (n: number, size: number) => {
      const bytes = new Uint8Array(size);
      const view = new DataView(bytes.buffer);
      view.setUint32(0, n % 2 ** 32, true);
      view.setUint32(4, Math.floor(n / 2 ** 32), true);
      return bytes;
    };
    expectRefused(claims(2 ** 40, 64), /more than the file holds/);
    expectRefused(claims(MAX_HEADER_BYTES + 1, MAX_HEADER_BYTES + 100), /over the 1 MB/);
  });

  it('offsets outside the data, overlapping tensors, gaps', () => {
    expectRefused(
      withHeader((h) => ((h.b_3 as { data_offsets: number[] }).data_offsets = [9999990, 10000030])),
      /outside the data/,
    );
    const overlap = file(
      { a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] } },
      f32(1, 2, 3),
    );
    expect(() => readSafetensors(overlap)).toThrow(/overlaps/);
    const gap = file({ a: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, f32(1, 2));
    expect(() => readSafetensors(gap)).toThrow(/gap of 4 bytes/);
    const lying = file({ a: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, f32(1, 2));
    expect(() => readSafetensors(lying)).toThrow(/shape \[3\] of F32 \(12 bytes\) but 8 bytes/);
  });

  it('a dtype other than F32', () => {
    expectRefused(fixture('python-chapter-f16.safetensors'), /W_2 is F16; this app reads F32 only/);
  });

  it('missing or extra tensors', () => {
    expectRefused(
      withHeader((h) => delete h.b_2),
      /lacks the tensor b_2|gap/,
    );
    const values = initialValues({ hidden1: 2, hidden2: 2 }, 1);
    const withExtra = writeSafetensors([
      { name: 'W_1', shape: [2, 784], data: values.w1 },
      { name: 'b_1', shape: [1, 2], data: values.b1 },
      { name: 'W_2', shape: [2, 2], data: values.w2 },
      { name: 'b_2', shape: [1, 2], data: values.b2 },
      { name: 'W_3', shape: [10, 2], data: values.w3 },
      { name: 'b_3', shape: [1, 10], data: values.b3 },
      { name: 'W_4', shape: [1], data: Float32Array.from([1]) },
    ]);
    expectRefused(withExtra, { rule: 'tensors', expected: { kind: 'chapter' }, missing: [], extra: ['W_4'] });
  });

  it('shapes that do not chain, and sizes past 512', () => {
    const make = (h1: number, h2: number, w2Shape: number[], w3Shape: number[]) => {
      const v = initialValues({ hidden1: h1, hidden2: h2 }, 1);
      return writeSafetensors([
        { name: 'W_1', shape: [h1, 784], data: v.w1 },
        { name: 'b_1', shape: [1, h1], data: v.b1 },
        { name: 'W_2', shape: w2Shape, data: v.w2 },
        { name: 'b_2', shape: [1, h2], data: v.b2 },
        { name: 'W_3', shape: w3Shape, data: v.w3 },
        { name: 'b_3', shape: [1, 10], data: v.b3 },
      ]);
    };
    const chapter = { kind: 'chapter' } as const;
    expectRefused(make(4, 6, [4, 6], [10, 6]), {
      rule: 'shape',
      expected: chapter,
      tensor: 'W_2',
      shape: [4, 6],
      want: [['H2', 4]],
      after: { tensor: 'W_1', shape: [4, 784] },
    });
    expectRefused(make(4, 6, [6, 4], [6, 10]), {
      rule: 'shape',
      expected: chapter,
      tensor: 'W_3',
      shape: [6, 10],
      want: [[10, 6]],
      after: { tensor: 'W_2', shape: [6, 4] },
    });
    expectRefused(make(513, 2, [2, 513], [10, 2]), { rule: 'hidden-size', layer: 'H1', size: 513, max: 512 });
  });

  it('NaN or infinite values', () => {
    const v = initialValues({ hidden1: 3, hidden2: 2 }, 1);
    v.w2[1] = Number.NaN;
    v.b3[0] = Number.POSITIVE_INFINITY;
    expectRefused(writeWeightsFile(v, { hidden1: 3, hidden2: 2 }, {}), { rule: 'not-finite', tensor: 'W_2', count: 1 });
  });

  it('"__proto__" and similar keys in the header are plain names that do nothing', () => {
    const header =
      '{"__proto__":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"constructor":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}';
    const read = readSafetensors(file(null, f32(1, 2), header));
    expect([...read.tensors.keys()].sort()).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).dtype).toBeUndefined(); // no prototype was touched
    expectRefused(file(null, f32(1, 2), header), { rule: 'count', expected: { kind: 'shapes' }, found: 2 });
    const meta = '{"__metadata__":{"__proto__":"x"}}';
    expect(readSafetensors(file(null, new Uint8Array(0), meta)).metadata.get('__proto__')).toBe('x');
  });
});
