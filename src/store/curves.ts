import type { CurvePoint } from './runRecord';

/**
 * A debiased exponential moving average, as TensorBoard smooths: s_t = w·s_{t-1} + (1-w)·v_t,
 * divided by 1 - w^t so that the start is not dragged towards zero. w = 0 returns the points as they are.
 */
export function smoothCurve(points: CurvePoint[], weight: number): CurvePoint[] {
  if (weight <= 0) return points;
  let average = 0;
  return points.map((p, i) => {
    average = weight * average + (1 - weight) * p.loss;
    return { ...p, loss: average / (1 - weight ** (i + 1)) };
  });
}

/** Okabe & Ito's colour-blind-safe palette (yellow left out: too light on white). */
export const RUN_COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];
