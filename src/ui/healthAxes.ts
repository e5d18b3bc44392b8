/**
 * Axes of the layer-health charts, as pure functions: round ticks for a linear axis (negative
 * values too: the update ratio's log10), whole decades for a log axis, and an SVG path that
 * leaves a gap where a value is not finite (a diverging run measures NaN).
 */

/** A point in the chart's own units: x in epochs, y already on the axis' scale (log10 for a log axis). */
export interface PlotPoint {
  x: number;
  y: number;
}

/** Round ticks (1, 2, 2.5, 5 × 10^k apart) from at most `lo` to at least `hi`, about `count` of them. */
export function linearTicks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (hi <= lo) hi = lo + 1;
  const raw = (hi - lo) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw * (1 - 1e-9))!;
  const first = Math.floor(lo / step + 1e-9);
  const last = Math.ceil(hi / step - 1e-9);
  return Array.from({ length: last - first + 1 }, (_, i) => Number(((first + i) * step).toPrecision(12)) + 0);
}

/** Epochs along the x axis: 0 to the run's epochs, whole epochs when there are more than one. */
export function epochTicks(totalEpochs: number): number[] {
  const total = Math.max(1, totalEpochs);
  if (total === 1) return linearTicks(0, 1, 4);
  const step = Math.max(1, Math.ceil(total / 10));
  return Array.from({ length: Math.floor(total / step) + 1 }, (_, i) => i * step);
}

/**
 * Whole decades (as exponents) spanning the positive, finite values: at least `minDecades` wide,
 * grown evenly, so that a gradient RMS of 2.4e-5 and one of 4.9e-3 lie on [1e-6, 1e-2].
 */
export function decadeRange(values: number[], minDecades = 2): [number, number] {
  const logs = values.filter((v) => v > 0 && Number.isFinite(v)).map(Math.log10);
  if (logs.length === 0) return [-5, -5 + minDecades];
  let lo = Math.floor(Math.min(...logs));
  let hi = Math.ceil(Math.max(...logs));
  if (hi === lo) hi++;
  while (hi - lo < minDecades) {
    if ((hi - lo) % 2) hi++;
    else lo--;
  }
  return [lo, hi];
}

/**
 * The update ratio's axis (log10 units): whole numbers around the finite values, always showing
 * the −3 reference with a decade below it, and at least three decades.
 */
export function ratioRange(values: number[], reference = -3): [number, number] {
  const finite = values.filter(Number.isFinite);
  let lo = Math.floor(Math.min(reference - 1, ...finite));
  let hi = Math.ceil(Math.max(reference, ...finite));
  if (finite.length === 0) [lo, hi] = [-5, -1];
  hi = Math.max(hi, lo + 3); // room above: the lines sit above the decade kept below −3
  return [lo, hi];
}

/** 10 to a whole power, as a tick label: "10⁻⁵". */
export function powerOfTen(exponent: number): string {
  const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';
  const digits = String(Math.abs(exponent))
    .split('')
    .map((d) => SUPERSCRIPT[Number(d)])
    .join('');
  return `10${exponent < 0 ? '⁻' : ''}${digits}`;
}

/** A signed number with a true minus sign, as the axes and legends print it: "−4.60". */
export function signed(value: number, digits: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? '∞' : '−∞';
  const text = value.toFixed(digits);
  return text.startsWith('-') ? `−${text.slice(1)}` : text;
}

/** A small positive quantity in scientific notation: "2.4e-5" (NaN stays "NaN"). */
export function scientific(value: number): string {
  if (!Number.isFinite(value)) return signed(value, 0);
  if (value === 0) return '0';
  const [mantissa, exponent] = value.toExponential(1).split('e');
  return `${mantissa}e${Number(exponent)}`;
}

/**
 * The SVG path through the points, scaled to pixels, values clamped to [lo, hi]: a non-finite y
 * ends the line, and the next finite point starts a new one.
 */
export function linePath(points: PlotPoint[], sx: (x: number) => number, sy: (y: number) => number, [lo, hi]: [number, number]): string {
  let path = '';
  let drawing = false;
  for (const p of points) {
    if (!Number.isFinite(p.y) || !Number.isFinite(p.x)) {
      drawing = false;
      continue;
    }
    const y = Math.min(hi, Math.max(lo, p.y));
    path += `${drawing ? 'L' : 'M'}${sx(p.x).toFixed(1)},${sy(y).toFixed(1)}`;
    drawing = true;
  }
  return path;
}

/** Each bin's share of all values, in percent. */
export function shares(counts: number[]): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((c) => (total > 0 ? (100 * c) / total : 0));
}
