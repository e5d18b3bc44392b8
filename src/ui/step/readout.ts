/**
 * How the explainer writes numbers: a tensor's element exactly as float32 holds it, figures with a
 * few significant digits, shapes in the chapter's convention. Typographic minus signs throughout.
 */

const MINUS = '\u2212';

/** Scientific notation ("3.1e−4") for the very small and very large, plain decimals between. */
function written(value: number, digits: number): string {
  const abs = Math.abs(value);
  const text = abs !== 0 && (abs < 1e-3 || abs >= 1e5) ? value.toExponential(digits - 1) : value.toPrecision(digits);
  return text.replace('e+', 'e').replace(/-/g, MINUS);
}

/** A figure to `digits` significant digits (min / mean / max, norms, ratios). */
export function figure(value: number, digits = 4): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : `${MINUS}∞`;
  if (value === 0) return '0';
  return written(value, digits);
}

/**
 * A tensor's element exactly: the shortest decimal that reads back as the same float32 number
 * (at most 9 significant digits), so that "W_1.grad[17, 406] = −3.1e−4" is the value itself.
 */
export function exactValue(value: number): string {
  if (!Number.isFinite(value) || value === 0) return figure(value);
  const f = Math.fround(value);
  for (let digits = 1; digits < 9; digits++) {
    const text = written(f, digits);
    // toPrecision keeps trailing zeros ("0.2000"): an exact value drops them
    if (Math.fround(Number(text.replaceAll(MINUS, '-'))) === f) return text.replace(/(\.\d*?)0+(?=$|e)/, '$1').replace(/\.(?=$|e)/, '');
  }
  return written(f, 9);
}

/** A shape as the chapter prints it: (32, 100). */
export const shapeText = (shape: readonly number[]) => `(${shape.join(', ')})`;

/** An element's name with its indices, PyTorch's way (0-based): W_1.grad[17, 406]. */
export const elementName = (name: string, indices: readonly number[]) => `${name}[${indices.join(', ')}]`;

/** A loss to the digits the run bar shows for a Step ("had loss 0.2312"), so that the two can be compared. */
export const lossText = (loss: number) => (Number.isFinite(loss) ? loss.toFixed(4) : figure(loss));
