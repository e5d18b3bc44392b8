/**
 * First-layer weight tiles: each hidden unit's 784 incoming weights as a 28×28 picture on a
 * diverging colour map (negative blue, zero white, positive red) with a symmetric scale.
 * Plain arrays in, RGBA bytes out: computed in the worker, drawn by the page with putImageData.
 */
/** 28×28 pixels (network.ts's NUM_FEATURES, repeated here so that the page can draw tiles without importing TF.js). */
const NUM_FEATURES = 784;

/** The ends of the map (ColorBrewer RdBu's darkest blue and red): readable for the common colour-vision deficiencies. */
export const NEGATIVE_RGB: readonly [number, number, number] = [33, 102, 172];
export const POSITIVE_RGB: readonly [number, number, number] = [178, 24, 43];
const WHITE = 255;

/** One colour for a value on a symmetric scale [-scale, +scale]: white at zero, blue below, red above. */
export function divergingColor(value: number, scale: number): [number, number, number] {
  const t = scale > 0 && Number.isFinite(value) ? Math.max(-1, Math.min(1, value / scale)) : 0;
  const end = t < 0 ? NEGATIVE_RGB : POSITIVE_RGB;
  const a = Math.abs(t);
  return [Math.round(WHITE + (end[0] - WHITE) * a), Math.round(WHITE + (end[1] - WHITE) * a), Math.round(WHITE + (end[2] - WHITE) * a)];
}

const LEVELS = 255;
const LUT = new Uint8Array((2 * LEVELS + 1) * 3);
for (let level = -LEVELS; level <= LEVELS; level++) LUT.set(divergingColor(level, LEVELS), (level + LEVELS) * 3);

/** One scale for every tile (compare units), or one per tile (see each unit's pattern). */
export type TileScale = 'shared' | 'per-tile';

export interface RenderedTiles {
  /** `units` tiles of 28×28 RGBA, one after another (tile j starts at byte j·784·4). */
  rgba: Uint8ClampedArray<ArrayBuffer>;
  /** The largest |value| of each tile: its scale in per-tile mode. */
  tileMax: Float32Array<ArrayBuffer>;
  /** The largest |value| of all tiles: the shared scale. */
  max: number;
}

/**
 * Renders the columns of a (784, units) matrix stored row-major, as the app stores W1 (in, out):
 * unit j's weight from pixel k is values[k·units + j].
 */
export function renderTiles(values: Float32Array, units: number, scale: TileScale): RenderedTiles {
  const tileMax = new Float32Array(units);
  for (let k = 0; k < NUM_FEATURES; k++) {
    const row = k * units;
    for (let j = 0; j < units; j++) {
      const v = Math.abs(values[row + j]);
      if (v > tileMax[j]) tileMax[j] = v;
    }
  }
  const max = tileMax.reduce((m, v) => Math.max(m, v), 0);
  const rgba = new Uint8ClampedArray(units * NUM_FEATURES * 4);
  for (let j = 0; j < units; j++) {
    const s = scale === 'shared' ? max : tileMax[j];
    const toLevel = s > 0 ? LEVELS / s : 0;
    const tile = j * NUM_FEATURES * 4;
    for (let k = 0; k < NUM_FEATURES; k++) {
      const v = values[k * units + j];
      // A lookup of 2·LEVELS+1 colours: 400,000 weights (H1 = 512) map in a few milliseconds.
      const level = Number.isFinite(v) ? Math.max(-LEVELS, Math.min(LEVELS, Math.round(v * toLevel))) : 0;
      const c = (level + LEVELS) * 3;
      const o = tile + k * 4;
      rgba[o] = LUT[c];
      rgba[o + 1] = LUT[c + 1];
      rgba[o + 2] = LUT[c + 2];
      rgba[o + 3] = 255;
    }
  }
  return { rgba, tileMax, max };
}
