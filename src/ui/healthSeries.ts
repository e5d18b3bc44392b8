/**
 * A run's health samples as the panel's three charts plot them: lines in the axes' own units,
 * the y range and ticks of each, and the latest values in words.
 */
import type { HealthSample } from '../worker/protocol';
import { decadeRange, linearTicks, powerOfTen, ratioRange, scientific, signed, type PlotPoint } from './healthAxes';

/** One line of a health chart, with its latest value as the legend prints it. */
export interface HealthSeries {
  key: string;
  name: string;
  color: string;
  dashed?: boolean;
  points: PlotPoint[];
  latest: string;
  /** The latest value in full, for tests and anyone reading the DOM. */
  latestValue: number | null;
}

/** One colour per layer; a layer's bias is its weights' colour, dashed. */
export const LAYER_COLORS = ['#1f5fbf', '#b35806', '#1b7837'] as const;
const PARAMS = ['W_1', 'b_1', 'W_2', 'b_2', 'W_3', 'b_3'] as const;

export interface ChartData {
  series: HealthSeries[];
  yRange: [number, number];
  yTicks: { value: number; label: string }[];
}

/**
 * A sample's saturation, or NaN where the run had gone NaN: the worker's count (a < 0.015 ||
 * a > 0.985) reads NaN activations as unsaturated, which would show a diverged layer at 0%.
 */
export function saturationOf(sample: HealthSample, layer: 0 | 1): number {
  return sample.gradRms.some(Number.isNaN) ? Number.NaN : sample.saturation[layer];
}

const latestOf = (values: number[]) => (values.length ? values[values.length - 1] : null);

/** A line: `measure` reads the raw value (kept as the legend's latest), `plot` puts it on the axis. */
function series(
  key: string,
  name: string,
  color: string,
  samples: HealthSample[],
  measure: (s: HealthSample) => number,
  plot: (v: number) => number,
  words: (v: number) => string,
  dashed = false,
): HealthSeries {
  const values = samples.map(measure);
  const latestValue = latestOf(values);
  return {
    key,
    name,
    color,
    dashed,
    points: samples.map((s, i) => ({ x: s.x, y: plot(values[i]) })),
    latest: latestValue === null ? '–' : words(latestValue),
    latestValue,
  };
}

const percent = (v: number) => (Number.isNaN(v) ? 'not measured (NaN)' : `${(100 * v).toFixed(1)}%`);
const identity = (v: number) => v;

/** Saturated share of each hidden layer, 0-100%. */
export function saturationChart(samples: HealthSample[]): ChartData {
  return {
    series: [0, 1].map((layer) =>
      series(
        `saturation-${layer + 1}`,
        `Layer ${layer + 1}`,
        LAYER_COLORS[layer],
        samples,
        (s) => saturationOf(s, layer as 0 | 1),
        (v) => 100 * v,
        percent,
      ),
    ),
    yRange: [0, 100],
    yTicks: [0, 25, 50, 75, 100].map((value) => ({ value, label: String(value) })),
  };
}

/** Gradient RMS of the six parameters on a log axis (plotted as log10), whole decades. */
export function gradientChart(samples: HealthSample[]): ChartData {
  const [lo, hi] = decadeRange(samples.flatMap((s) => s.gradRms));
  const every = hi - lo > 6 ? 2 : 1;
  return {
    series: PARAMS.map((name, i) =>
      series(`rms-${name}`, name, LAYER_COLORS[Math.floor(i / 2)], samples, (s) => s.gradRms[i], Math.log10, scientific, i % 2 === 1),
    ),
    yRange: [lo, hi],
    yTicks: Array.from({ length: hi - lo + 1 }, (_, k) => lo + k)
      .filter((e) => (e - lo) % every === 0)
      .map((value) => ({ value, label: powerOfTen(value) })),
  };
}

/** log10(‖update‖ / ‖W‖) of the three weight matrices. */
export function ratioChart(samples: HealthSample[]): ChartData {
  const [lo, hi] = ratioRange(samples.flatMap((s) => s.updateRatio));
  return {
    series: [0, 1, 2].map((i) =>
      series(
        `ratio-W_${i + 1}`,
        `W_${i + 1}`,
        LAYER_COLORS[i],
        samples,
        (s) => s.updateRatio[i],
        identity,
        (v) => signed(v, 2),
      ),
    ),
    yRange: [lo, hi],
    yTicks: linearTicks(lo, hi, Math.min(8, hi - lo)).map((value) => ({ value, label: signed(value, 0) })),
  };
}

/** What a chart shows in one line for a screen reader: its lines' latest values. */
export function chartSummary(what: string, samples: HealthSample[], data: ChartData): string {
  const last = samples.at(-1);
  if (!last) return `${what} against epochs: no measurement yet.`;
  const values = data.series.map((s) => `${s.name} ${s.latest}`).join(', ');
  return `${what} against epochs, ${samples.length} measurements up to epoch ${last.x.toFixed(2)}. Latest: ${values}.`;
}
