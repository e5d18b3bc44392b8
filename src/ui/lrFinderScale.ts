/** The learning-rate finder chart's axes: decades on the log rate axis, round ticks on the loss axis. */

const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};

/** A decade as the axis writes it: 10⁻⁴ … 10², with 1 and 10 plain. */
export const decadeLabel = (k: number) => (k === 0 ? '1' : k === 1 ? '10' : `10${[...String(k)].map((c) => SUPERSCRIPT[c]).join('')}`);

/**
 * Round ticks (steps of 1, 2, 2.5 or 5 × 10^k) spanning [low, high] with about `count` intervals:
 * the loss axis starts near the curve, not at 0, or the chapter's plateau (0.23 ± 0.01) would be flat.
 */
export function rangeTicks(low: number, high: number, count = 4): number[] {
  if (!Number.isFinite(low) || !Number.isFinite(high)) return [0, 1];
  const span = high - low || Math.abs(high) * 0.1 || 1;
  const raw = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!;
  const first = Math.floor(low / step + 1e-9) * step;
  const ticks: number[] = [];
  for (let v = first; v < high + step * (1 - 1e-9) || ticks.length < 2; v += step) ticks.push(Number(v.toPrecision(8)));
  return ticks;
}

/** Decimals for the loss ticks: one more than their step needs (a step of 0.01 writes 0.230), as the loss chart does. */
export const tickDecimals = (ticks: number[]) => Math.max(0, Math.min(6, -Math.floor(Math.log10(ticks[1] - ticks[0]) + 1e-9) + 1));
