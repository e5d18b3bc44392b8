import { describe, expect, it } from 'vitest';
import { decadeLabel, rangeTicks } from './lrFinderScale';

describe('the range test chart’s axes', () => {
  it('spans the smoothed loss with round ticks, not from 0', () => {
    expect(rangeTicks(0.2296, 0.2541)).toEqual([0.22, 0.23, 0.24, 0.25, 0.26]);
    expect(rangeTicks(0.1086, 0.2431)).toEqual([0.1, 0.15, 0.2, 0.25]);
  });

  it('still has two ticks for one point or a flat curve', () => {
    const ticks = rangeTicks(0.23, 0.23);
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    expect(ticks[0]).toBeLessThanOrEqual(0.23);
    expect(ticks.at(-1)).toBeGreaterThanOrEqual(0.23);
    expect(rangeTicks(Infinity, -Infinity)).toEqual([0, 1]);
  });

  it('writes the decades as powers of ten', () => {
    expect([-4, -1, 0, 1, 2].map(decadeLabel)).toEqual(['10⁻⁴', '10⁻¹', '1', '10', '10²']);
  });
});
