import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { DataFileError, parseIdxLabels } from './idx';
import { readIdxSplit } from './mnistFiles.test-helper';
import type { Manifest } from './sprites';

const DATA_DIR = join(import.meta.dirname, '../../public/data');
const manifest = JSON.parse(readFileSync(join(DATA_DIR, 'manifest.json'), 'utf8')) as Manifest;

describe('sprites made by scripts/make-sprites.mjs', () => {
  for (const split of ['train', 'test'] as const) {
    it(`${split}: the decoded PNG equals the IDX bytes exactly, and the manifest hashes them`, () => {
      const idx = readIdxSplit(split);
      const info = manifest.splits[split];
      const png = decode(readFileSync(join(DATA_DIR, info.images.file)));
      expect([png.width, png.height, png.channels, png.depth]).toEqual([784, idx.count, 1, 8]);
      const decoded = png.data as Uint8Array;
      expect(decoded.length).toBe(idx.pixels.length);
      expect(Buffer.from(decoded).equals(Buffer.from(idx.pixels))).toBe(true);
      expect(createHash('sha256').update(decoded).digest('hex')).toBe(info.images.pixelsSha256);
      const labelFile = readFileSync(join(DATA_DIR, info.labels.file));
      expect(createHash('sha256').update(labelFile).digest('hex')).toBe(info.labels.sha256);
      expect(parseIdxLabels(info.labels.file, new Uint8Array(labelFile), idx.count)).toEqual(idx.labels);
    });
  }

  it("has MNIST's published label counts", () => {
    const count = (labels: Uint8Array, digit: number) => labels.filter((l) => l === digit).length;
    const train = readIdxSplit('train').labels;
    const test = readIdxSplit('test').labels;
    expect([count(train, 0), count(train, 9)]).toEqual([5923, 5949]);
    expect([count(test, 0), count(test, 9)]).toEqual([980, 1009]);
  });
});

describe('parseIdxLabels', () => {
  const good = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 3, 4, 2, 9]);
  it('reads a valid file', () => expect(Array.from(parseIdxLabels('l', good, 3))).toEqual([4, 2, 9]));
  it('names the file and the problem when it is cut short, mislabelled or of another kind', () => {
    expect(() => parseIdxLabels('labels.idx1', good.subarray(0, 10), 3)).toThrow(/labels\.idx1: 10 bytes for 3 labels/);
    expect(() => parseIdxLabels('labels.idx1', good.subarray(0, 5), 3)).toThrow(/cut short/);
    expect(() => parseIdxLabels('labels.idx1', good, 4)).toThrow(/header says 3 labels, expected 4/);
    const wrongMagic = good.slice();
    wrongMagic[3] = 3;
    expect(() => parseIdxLabels('x', wrongMagic, 3)).toThrow(DataFileError);
    const notDigit = good.slice();
    notDigit[10] = 10;
    expect(() => parseIdxLabels('x', notDigit, 3)).toThrow(/not a digit/);
  });
});
