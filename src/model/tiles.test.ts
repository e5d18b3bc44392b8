import { describe, expect, it } from 'vitest';
import { divergingColor, NEGATIVE_RGB, POSITIVE_RGB, renderTiles } from './tiles';

const distanceFromWhite = (c: number[]) => Math.hypot(255 - c[0], 255 - c[1], 255 - c[2]);

describe('diverging colour map', () => {
  it('is white at zero, blue below, red above, saturating at the scale', () => {
    expect(divergingColor(0, 1)).toEqual([255, 255, 255]);
    expect(divergingColor(-1, 1)).toEqual([...NEGATIVE_RGB]);
    expect(divergingColor(1, 1)).toEqual([...POSITIVE_RGB]);
    expect(divergingColor(-7, 1)).toEqual([...NEGATIVE_RGB]);
    expect(divergingColor(Number.NaN, 1)).toEqual([255, 255, 255]);
  });

  it('is symmetric: v and -v lie equally far from white, in proportion to |v|', () => {
    const endRatio = distanceFromWhite([...POSITIVE_RGB]) / distanceFromWhite([...NEGATIVE_RGB]);
    for (const v of [0.1, 0.25, 0.5, 0.9]) {
      const pos = distanceFromWhite(divergingColor(v, 1)) / distanceFromWhite([...POSITIVE_RGB]);
      const neg = distanceFromWhite(divergingColor(-v, 1)) / distanceFromWhite([...NEGATIVE_RGB]);
      expect(pos).toBeCloseTo(v, 1);
      expect(neg).toBeCloseTo(v, 1);
    }
    expect(endRatio).toBeGreaterThan(0.8); // both ends about as strong
  });
});

describe('weight tiles', () => {
  it('draws column j of a (784, units) matrix as tile j, on a shared or a per-tile scale', () => {
    const units = 3;
    const w = new Float32Array(784 * units);
    w[0 * units + 0] = 0.5; // unit 0, pixel 0: positive
    w[10 * units + 1] = -0.25; // unit 1, pixel 10: negative
    w[783 * units + 2] = 0.125; // unit 2, last pixel
    const shared = renderTiles(w, units, 'shared');
    expect(shared.max).toBe(0.5);
    expect(Array.from(shared.tileMax)).toEqual([0.5, 0.25, 0.125]);
    const pixel = (t: ReturnType<typeof renderTiles>, unit: number, k: number) =>
      Array.from(t.rgba.subarray((unit * 784 + k) * 4, (unit * 784 + k) * 4 + 4));
    expect(pixel(shared, 0, 0)).toEqual([...POSITIVE_RGB, 255]);
    expect(pixel(shared, 0, 1)).toEqual([255, 255, 255, 255]);
    expect(pixel(shared, 1, 10)).toEqual([...divergingColor(-0.5, 1), 255]);
    const perTile = renderTiles(w, units, 'per-tile');
    expect(pixel(perTile, 1, 10)).toEqual([...NEGATIVE_RGB, 255]);
    expect(pixel(perTile, 2, 783)).toEqual([...POSITIVE_RGB, 255]);
  });
});
