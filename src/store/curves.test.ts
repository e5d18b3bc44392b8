import { describe, expect, it } from 'vitest';
import { smoothCurve } from './curves';

const curve = (losses: number[]) => losses.map((loss, i) => ({ x: i, examples: i * 32, loss }));

describe('smoothing', () => {
  it('is off at 0 and keeps x', () => {
    const points = curve([3, 1, 2]);
    expect(smoothCurve(points, 0)).toBe(points);
    expect(smoothCurve(points, 0.9).map((p) => [p.x, p.examples])).toEqual(points.map((p) => [p.x, p.examples]));
  });

  it('is debiased: a constant curve stays constant from the first point', () => {
    for (const p of smoothCurve(curve([0.2, 0.2, 0.2, 0.2]), 0.95)) expect(p.loss).toBeCloseTo(0.2, 12);
  });

  it('follows the recurrence s_t = w s_(t-1) + (1 - w) v_t over 1 - w^t', () => {
    const [a, b] = smoothCurve(curve([1, 3]), 0.5);
    expect(a.loss).toBeCloseTo(1, 12);
    // s1 = 0.5, s2 = 0.25 + 1.5 = 1.75; debiased by 1 - 0.25
    expect(b.loss).toBeCloseTo(1.75 / 0.75, 12);
  });
});
