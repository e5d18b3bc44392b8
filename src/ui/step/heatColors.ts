/**
 * The explainer's heatmaps on the app's one diverging colour map (model/tiles.ts: blue below zero,
 * white at zero, red above): a signed tensor on ±its largest |value|, an activation on its own
 * range (sigmoid's 0.5 white, tanh's 0 white, ReLU from white at 0).
 */
import type { Activation } from '../../model/stepRule';
import { divergingColor } from '../../model/tiles';
import { figure } from './readout';

export type HeatScale = { kind: 'diverging'; max: number } | { kind: 'activation'; activation: Activation; max: number };

const LEVELS = 255;
const LUT = new Uint8Array((2 * LEVELS + 1) * 3);
for (let level = -LEVELS; level <= LEVELS; level++) LUT.set(divergingColor(level, LEVELS), (level + LEVELS) * 3);

/** Where a value falls on the map, −1 (darkest blue) to +1 (darkest red). */
export function heatPosition(value: number, scale: HeatScale): number {
  if (!Number.isFinite(value)) return 0;
  let t: number;
  if (scale.kind === 'diverging') t = scale.max > 0 ? value / scale.max : 0;
  else if (scale.activation === 'sigmoid') t = 2 * value - 1;
  else if (scale.activation === 'tanh') t = value;
  else t = scale.max > 0 ? value / scale.max : 0;
  return Math.max(-1, Math.min(1, t));
}

/** The colour of a value, as three bytes at `out[offset]`; returns whether the colour is dark (a mark on it is drawn white). */
export function writeHeatColor(out: Uint8ClampedArray, offset: number, value: number, scale: HeatScale): boolean {
  const level = Math.round(heatPosition(value, scale) * LEVELS);
  const c = (level + LEVELS) * 3;
  out[offset] = LUT[c];
  out[offset + 1] = LUT[c + 1];
  out[offset + 2] = LUT[c + 2];
  out[offset + 3] = 255;
  return Math.abs(level) > LEVELS * 0.55;
}

/** The legend's two ends and what white means. */
export function legendOf(scale: HeatScale): { low: string; high: string; middle: string; half: boolean } {
  if (scale.kind === 'diverging') return { low: figure(-scale.max, 2), high: `+${figure(scale.max, 2)}`, middle: 'white 0', half: false };
  switch (scale.activation) {
    case 'sigmoid':
      return { low: '0', high: '1', middle: 'white 0.5', half: false };
    case 'tanh':
      return { low: '\u22121', high: '+1', middle: 'white 0', half: false };
    case 'relu':
      return { low: '0', high: figure(scale.max, 2), middle: 'white 0', half: true };
  }
}
