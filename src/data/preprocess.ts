/**
 * MNIST's own preprocessing, applied to a drawing: the authors fitted each digit's bounding box
 * into 20×20 pixels (keeping the aspect ratio, anti-aliased), then placed it in a 28×28 field so
 * that its centre of mass sits at the centre. A big, off-centre drawing then looks like MNIST.
 */

export const FIELD = 28;
export const BOX = 20;
/** Where MNIST puts the centre of mass, with pixel centres at i + 0.5. */
export const CENTRE = FIELD / 2 + 0.5;
const INK_THRESHOLD = 0.02; // ignore faint anti-aliasing fringes when finding the bounding box

/** A grey image: `width × height` values in [0, 1], 1 = full ink (MNIST's polarity). */
export interface GreyImage {
  width: number;
  height: number;
  data: Float32Array;
}

/** The smallest rectangle holding all ink, or null when nothing is drawn. */
export function inkBounds(image: GreyImage): { x0: number; y0: number; x1: number; y1: number } | null {
  let x0 = image.width;
  let y0 = image.height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      if (image.data[y * image.width + x] > INK_THRESHOLD) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  return x1 < 0 ? null : { x0, y0, x1: x1 + 1, y1: y1 + 1 };
}

/** Overlap of [a0, a1) and [b0, b1). */
const overlap = (a0: number, a1: number, b0: number, b1: number) => Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));

/**
 * Area-averaging resample of a source rectangle to `outW × outH`: each output pixel is the mean of
 * the source area it covers (exact box filter), the anti-aliasing a downscale by ~10 needs.
 */
function resampleArea(image: GreyImage, sx: number, sy: number, sw: number, sh: number, outW: number, outH: number): GreyImage {
  const out = new Float32Array(outW * outH);
  const fx = sw / outW;
  const fy = sh / outH;
  for (let oy = 0; oy < outH; oy++) {
    const top = sy + oy * fy;
    const bottom = top + fy;
    for (let ox = 0; ox < outW; ox++) {
      const left = sx + ox * fx;
      const right = left + fx;
      let sum = 0;
      for (let y = Math.floor(top); y < Math.ceil(bottom); y++) {
        const wy = overlap(top, bottom, y, y + 1);
        const row = y * image.width;
        for (let x = Math.floor(left); x < Math.ceil(right); x++) sum += wy * overlap(left, right, x, x + 1) * image.data[row + x];
      }
      out[oy * outW + ox] = sum / (fx * fy);
    }
  }
  return { width: outW, height: outH, data: out };
}

/** Centre of mass of the ink, in pixel units with pixel centres at i + 0.5. */
export function centreOfMass(image: GreyImage): { x: number; y: number } {
  let total = 0;
  let sx = 0;
  let sy = 0;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const v = image.data[y * image.width + x];
      total += v;
      sx += v * (x + 0.5);
      sy += v * (y + 0.5);
    }
  }
  return total > 0 ? { x: sx / total, y: sy / total } : { x: image.width / 2, y: image.height / 2 };
}

/** The 28×28 image MNIST would have made of this drawing, or null when the pad is empty. */
export function toMnistField(image: GreyImage): Float32Array | null {
  const box = inkBounds(image);
  if (!box) return null;
  const w = box.x1 - box.x0;
  const h = box.y1 - box.y0;
  const scale = BOX / Math.max(w, h);
  const digit = resampleArea(image, box.x0, box.y0, w, h, Math.max(1, Math.round(w * scale)), Math.max(1, Math.round(h * scale)));
  const com = centreOfMass(digit);
  // MNIST's digits have their centre of mass at pixel index 14 (measured on the test set: 13.8-14.4),
  // i.e. 14.5 with pixel centres at i + 0.5. Whole-pixel shift, clamped to stay inside the field.
  const dx = Math.min(FIELD - digit.width, Math.max(0, Math.round(CENTRE - com.x)));
  const dy = Math.min(FIELD - digit.height, Math.max(0, Math.round(CENTRE - com.y)));
  const field = new Float32Array(FIELD * FIELD);
  for (let y = 0; y < digit.height; y++) {
    for (let x = 0; x < digit.width; x++) field[(y + dy) * FIELD + x + dx] = Math.min(1, digit.data[y * digit.width + x]);
  }
  return field;
}

/** The pad's ink bytes (0-255, one per pixel) as a grey image. */
export function inkToGrey(ink: Uint8Array, side: number): GreyImage {
  const data = new Float32Array(ink.length);
  for (let i = 0; i < ink.length; i++) data[i] = ink[i] / 255;
  return { width: side, height: side, data };
}
