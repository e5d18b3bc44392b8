import { describe, expect, it } from 'vitest';
import { decadeRange, epochTicks, linearTicks, linePath, powerOfTen, ratioRange, scientific, shares, signed } from './healthAxes';

describe('the layer-health axes', () => {
  it('puts round linear ticks around the range, negative ranges included', () => {
    expect(linearTicks(0, 100, 4)).toEqual([0, 25, 50, 75, 100]);
    expect(linearTicks(0, 37, 4)).toEqual([0, 10, 20, 30, 40]);
    expect(linearTicks(-5, -1, 4)).toEqual([-5, -4, -3, -2, -1]);
    expect(linearTicks(-4.7, -1.4, 4)).toEqual([-5, -4, -3, -2, -1]);
    expect(linearTicks(0, 1, 4)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(linearTicks(3, 3)).toEqual([3, 3.2, 3.4, 3.6, 3.8, 4]); // an empty range becomes one unit wide
    expect(linearTicks(Number.NaN, 1)).toEqual([0, 1]);
    expect(Object.is(linearTicks(-1, 0, 2).at(-1), -0)).toBe(false); // no "-0" label
  });

  it('labels epochs in quarters for a one-epoch run, whole epochs (at most about ten) for longer ones', () => {
    expect(epochTicks(1)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(epochTicks(0)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(epochTicks(3)).toEqual([0, 1, 2, 3]);
    expect(epochTicks(10)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(epochTicks(50)).toEqual([0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50]);
  });

  it('spans the gradient RMS in whole decades, ignoring zeros and NaN, at least two wide', () => {
    // The chapter's first record (PyTorch, seed 0): W_1 2.4e-5 ... b_3 4.9e-3.
    expect(decadeRange([2.4e-5, 6.7e-5, 2.3e-4, 4.0e-4, 2.5e-3, 4.9e-3])).toEqual([-5, -2]);
    expect(decadeRange([2e-4, 3e-4])).toEqual([-4, -2]);
    expect(decadeRange([1e-3])).toEqual([-3, -1]);
    expect(decadeRange([0, Number.NaN, -1, 5e-7, 2e-2])).toEqual([-7, -1]);
    expect(decadeRange([Number.NaN])).toEqual([-5, -3]);
  });

  it('keeps −3 on the update-ratio axis with a decade below it, and at least three decades', () => {
    expect(ratioRange([-4.6, -3.65, -2.6])).toEqual([-5, -2]);
    expect(ratioRange([-1.59, -1.38, -1.01])).toEqual([-4, -1]);
    expect(ratioRange([-1.91, -0.95, 0.08])).toEqual([-4, 1]); // lr 50's first step: W_3's ratio +0.08
    expect(ratioRange([-2.5, -2.2])).toEqual([-4, -1]);
    expect(ratioRange([Number.NaN, -Infinity])).toEqual([-5, -1]);
    expect(ratioRange([-3])).toEqual([-4, -1]);
  });

  it('prints powers of ten, signed numbers with a true minus, and small quantities', () => {
    expect(powerOfTen(-5)).toBe('10⁻⁵');
    expect(powerOfTen(-12)).toBe('10⁻¹²');
    expect(powerOfTen(0)).toBe('10⁰');
    expect(signed(-4.6, 2)).toBe('−4.60');
    expect(signed(0.08, 2)).toBe('0.08');
    expect(signed(Number.NaN, 2)).toBe('NaN');
    expect(signed(-Infinity, 2)).toBe('−∞');
    expect(scientific(2.4e-5)).toBe('2.4e-5');
    expect(scientific(0.0049)).toBe('4.9e-3');
    expect(scientific(0)).toBe('0');
    expect(scientific(Number.NaN)).toBe('NaN');
  });

  it('draws a path that breaks at NaN and clamps values to the axis', () => {
    const sx = (x: number) => x * 100;
    const sy = (y: number) => -y * 10;
    const points = [
      { x: 0, y: -4 },
      { x: 0.5, y: -4.5 },
      { x: 1, y: Number.NaN },
      { x: 1.5, y: -9 },
      { x: 2, y: -Infinity },
      { x: 2.5, y: 0 },
    ];
    expect(linePath(points, sx, sy, [-5, -1])).toBe('M0.0,40.0L50.0,45.0M150.0,50.0M250.0,10.0');
    expect(linePath([], sx, sy, [0, 1])).toBe('');
  });

  it('turns histogram counts into percentages', () => {
    expect(shares([1, 3, 0, 4])).toEqual([12.5, 37.5, 0, 50]);
    expect(shares([0, 0])).toEqual([0, 0]);
  });
});
