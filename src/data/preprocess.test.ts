import { describe, expect, it } from 'vitest';
import { readIdxSplit } from './mnistFiles.test-helper';
import { CENTRE, centreOfMass, inkBounds, toMnistField, type GreyImage } from './preprocess';

const PAD = 280;

function pad(paint: (x: number, y: number) => number): GreyImage {
  const data = new Float32Array(PAD * PAD);
  for (let y = 0; y < PAD; y++) for (let x = 0; x < PAD; x++) data[y * PAD + x] = paint(x, y);
  return { width: PAD, height: PAD, data };
}

function field(data: Float32Array): GreyImage {
  return { width: 28, height: 28, data };
}

function correlation(a: Float32Array, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

describe('MNIST preprocessing of a drawing', () => {
  it('says "nothing drawn" for an empty pad instead of returning NaN', () => {
    expect(toMnistField(pad(() => 0))).toBeNull();
  });

  it('fits a square in a corner into a 20-pixel box centred by mass', () => {
    const out = toMnistField(pad((x, y) => (x >= 10 && x < 70 && y >= 200 && y < 260 ? 1 : 0)))!;
    const box = inkBounds(field(out))!;
    expect([box.x1 - box.x0, box.y1 - box.y0]).toEqual([20, 20]);
    const com = centreOfMass(field(out));
    expect(Math.abs(com.x - CENTRE)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(com.y - CENTRE)).toBeLessThanOrEqual(0.5);
    expect(Math.max(...out)).toBeLessThanOrEqual(1);
    expect(out.every(Number.isFinite)).toBe(true);
  });

  it('keeps the aspect ratio of a thin vertical stroke', () => {
    const out = toMnistField(pad((x, y) => (x >= 130 && x < 150 && y >= 20 && y < 260 ? 1 : 0)))!;
    const box = inkBounds(field(out))!;
    expect(box.y1 - box.y0).toBe(20);
    expect(box.x1 - box.x0).toBeLessThanOrEqual(3); // 20 × 20/240 ≈ 1.7 pixels wide
    expect(Math.abs(centreOfMass(field(out)).x - CENTRE)).toBeLessThanOrEqual(0.5);
  });

  it('gives back real MNIST test digits enlarged ×10 onto the pad, nearly unchanged', () => {
    const test = readIdxSplit('test');
    const correlations: number[] = [];
    for (let i = 0; i < 200; i++) {
      const original = test.pixels.subarray(i * 784, (i + 1) * 784);
      const enlarged = pad((x, y) => original[Math.floor(y / 10) * 28 + Math.floor(x / 10)] / 255);
      const out = toMnistField(enlarged)!;
      correlations.push(
        correlation(
          out,
          Float32Array.from(original, (v) => v / 255),
        ),
      );
    }
    correlations.sort((a, b) => a - b);
    const median = correlations[100];
    expect(median).toBeGreaterThan(0.9);
    expect(correlations[10]).toBeGreaterThan(0.75); // even the 5th percentile stays close
  });
});
