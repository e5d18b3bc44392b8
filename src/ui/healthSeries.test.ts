import { describe, expect, it } from 'vitest';
import type { HealthSample } from '../worker/protocol';
import { chartSummary, gradientChart, ratioChart, saturationChart } from './healthSeries';
import { healthWords } from './healthWords';

/** PyTorch's records at batches 0 and 50 of the chapter's settings, lr 0.1, seed 0 (docs/pytorch-calibration.md). */
const CHAPTER: HealthSample[] = [
  {
    x: 0,
    examples: 32,
    saturation: [0.001, 0],
    gradRms: [2.4e-5, 6.7e-5, 2.3e-4, 4.0e-4, 2.5e-3, 4.9e-3],
    updateRatio: [-4.61, -3.65, -2.62],
  },
  {
    x: 50 / 1875,
    examples: 1632,
    saturation: [0, 0],
    gradRms: [2.6e-5, 8.0e-5, 2.9e-4, 5.3e-4, 3.3e-3, 6.6e-3],
    updateRatio: [-4.58, -3.54, -2.49],
  },
];
const NAN_SAMPLE: HealthSample = {
  x: 0.1,
  examples: 6432,
  saturation: [0, 0], // what the worker counts when the activations are NaN
  gradRms: [Number.NaN, Number.NaN, Number.NaN, Number.NaN, Number.NaN, Number.NaN],
  updateRatio: [Number.NaN, Number.NaN, Number.NaN],
};

describe('the layer-health charts’ data', () => {
  it('plots saturation in percent per layer, with the latest values in words', () => {
    const chart = saturationChart(CHAPTER);
    expect(chart.series.map((s) => s.name)).toEqual(['Layer 1', 'Layer 2']);
    expect(chart.series[0].points).toEqual([
      { x: 0, y: 0.1 },
      { x: 50 / 1875, y: 0 },
    ]);
    expect(chart.series[0].latest).toBe('0.0%');
    expect(chart.yRange).toEqual([0, 100]);
  });

  it('does not show a NaN run as unsaturated: its saturation is “not measured”, a gap in the line', () => {
    const chart = saturationChart([...CHAPTER, NAN_SAMPLE]);
    expect(chart.series[0].latest).toBe('not measured (NaN)');
    expect(chart.series[0].latestValue).toBeNaN();
    expect(chart.series[0].points.at(-1)!.y).toBeNaN();
  });

  it('plots the six gradient RMS on whole decades (log10), the biases dashed, W_1 the lowest line', () => {
    const chart = gradientChart(CHAPTER);
    expect(chart.series.map((s) => s.name)).toEqual(['W_1', 'b_1', 'W_2', 'b_2', 'W_3', 'b_3']);
    expect(chart.series.map((s) => Boolean(s.dashed))).toEqual([false, true, false, true, false, true]);
    expect(chart.yRange).toEqual([-5, -2]);
    expect(chart.yTicks.map((t) => t.label)).toEqual(['10⁻⁵', '10⁻⁴', '10⁻³', '10⁻²']);
    expect(chart.series[0].points[0].y).toBeCloseTo(Math.log10(2.4e-5), 12);
    expect(chart.series[0].latest).toBe('2.6e-5');
    expect(chart.series[0].latestValue).toBe(2.6e-5);
    const lowest = chart.series.reduce((a, b) => (b.points[0].y < a.points[0].y ? b : a));
    expect(lowest.name).toBe('W_1');
  });

  it('plots the update ratios on an axis that shows −3, labelled with true minus signs', () => {
    const chart = ratioChart(CHAPTER);
    expect(chart.series.map((s) => [s.name, s.latest])).toEqual([
      ['W_1', '−4.58'],
      ['W_2', '−3.54'],
      ['W_3', '−2.49'],
    ]);
    expect(chart.yRange).toEqual([-5, -2]);
    expect(chart.yTicks.map((t) => t.label)).toEqual(['−5', '−4', '−3', '−2']);
    const collapsed = ratioChart([...CHAPTER, NAN_SAMPLE]);
    expect(collapsed.yRange).toEqual([-5, -2]);
    expect(collapsed.series[0].latest).toBe('NaN');
  });

  it('says what a chart shows and its latest values in one line, or that nothing is measured yet', () => {
    const chart = ratioChart(CHAPTER);
    expect(chartSummary('Update ratio', CHAPTER, chart)).toBe(
      'Update ratio against epochs, 2 measurements up to epoch 0.03. Latest: W_1 −4.58, W_2 −3.54, W_3 −2.49.',
    );
    expect(chartSummary('Update ratio', [], ratioChart([]))).toBe('Update ratio against epochs: no measurement yet.');
  });
});

describe('the layer-health words', () => {
  it('say the one saturation rule for each activation, with its thresholds', () => {
    expect(healthWords('sigmoid', 'sgd').rule).toMatch(/below 0\.015 or above 0\.985/);
    expect(healthWords('sigmoid', 'sgd').thresholds).toEqual([0.015, 0.985]);
    expect(healthWords('tanh', 'sgd').thresholds).toEqual([-0.97, 0.97]);
    expect(healthWords('relu', 'sgd')).toMatchObject({ thresholds: [], saturationTitle: 'Units at zero', rule: 'ReLU output exactly 0' });
  });

  it('quote the calibration: W_1 near −4.6 at lr 0.1 (not −4), and saturation is not failure by itself', () => {
    const words = healthWords('sigmoid', 'sgd');
    expect(words.ratio).toMatch(/near −4\.6 \(−4\.73 to −4\.43/);
    expect(words.saturation).toMatch(/not a failed run by itself/);
    expect(words.gradient).toMatch(/blank in all 32 images/);
    expect(healthWords('sigmoid', 'adam').ratio).toMatch(/what Adam takes, not lr · grad/);
  });
});
