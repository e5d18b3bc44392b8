import { memo } from 'react';
import { linearTicks, shares, signed } from './healthAxes';

interface Props {
  /** "Layer 1" or "Layer 2". */
  layer: string;
  counts: number[];
  range: [number, number];
  /** Outputs beyond these count as saturated (none for ReLU, whose saturation is exactly 0). */
  thresholds: number[];
  color: string;
}

const WIDTH = 224;
const HEIGHT = 170;
const MARGIN = { top: 10, right: 16, bottom: 40, left: 50 };

/**
 * The latest distribution of one hidden layer's outputs (20 bins of the batch's B × H values), in
 * percent of the values, with the saturation thresholds dashed. Small and fixed-size: two sit side
 * by side on a desktop and stack on a phone.
 */
export const ActivationHistogram = memo(function ActivationHistogram({ layer, counts, range, thresholds, color }: Props) {
  const percent = shares(counts);
  const [lo, hi] = range;
  const top = linearTicks(0, Math.max(10, ...percent), 3); // whole percents: 0, 5, 10 or 0, 20, 40, 60
  const yMax = top[top.length - 1];
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const sx = (v: number) => MARGIN.left + ((v - lo) / (hi - lo)) * plotWidth;
  const sy = (p: number) => MARGIN.top + plotHeight - (p / yMax) * plotHeight;
  const bin = plotWidth / Math.max(1, counts.length);
  const xTicks = [lo, (lo + hi) / 2, hi];
  const digits = hi - lo >= 10 ? 0 : hi - lo >= 2 ? 1 : 2;
  const peak = percent.indexOf(Math.max(...percent));
  const from = lo + ((hi - lo) * peak) / counts.length;
  const summary =
    `${layer}: distribution of its outputs on the last measured batch, ${counts.length} bins from ${signed(lo, digits)} to ${signed(hi, digits)}. ` +
    `Most values (${percent[peak].toFixed(0)}%) lie in ${signed(from, 2)} to ${signed(from + (hi - lo) / counts.length, 2)}.`;

  return (
    <figure className="histogram" aria-label={`${layer} activation histogram`}>
      <svg width={WIDTH} height={HEIGHT} role="img" aria-label={summary}>
        <g stroke="#e3e6ea">
          {top.map((t) => (
            <line key={t} x1={MARGIN.left} x2={MARGIN.left + plotWidth} y1={sy(t)} y2={sy(t)} />
          ))}
        </g>
        <g fill={color}>
          {percent.map((p, i) => (
            <rect key={i} x={MARGIN.left + i * bin + 0.5} y={sy(p)} width={Math.max(1, bin - 1)} height={sy(0) - sy(p)}>
              <title>{`${signed(lo + ((hi - lo) * i) / counts.length, 2)} to ${signed(lo + ((hi - lo) * (i + 1)) / counts.length, 2)}: ${p.toFixed(1)}%`}</title>
            </rect>
          ))}
        </g>
        <g stroke="#8a2b2b" strokeDasharray="4 3">
          {thresholds.map((t) => (
            <line key={t} x1={sx(t)} x2={sx(t)} y1={MARGIN.top} y2={MARGIN.top + plotHeight} />
          ))}
        </g>
        <rect x={MARGIN.left} y={MARGIN.top} width={plotWidth} height={plotHeight} fill="none" stroke="#c5ccd6" />
        <g fontSize={11.5} fill="#5a6779">
          {top.map((t) => (
            <text key={t} x={MARGIN.left - 5} y={sy(t) + 4} textAnchor="end">
              {t}%
            </text>
          ))}
          {xTicks.map((t, i) => (
            // The ends anchored inwards: clear of the 0% label at the corner and of the edge.
            <text
              key={t}
              x={sx(t)}
              y={MARGIN.top + plotHeight + 14}
              textAnchor={i === 0 ? 'start' : i === xTicks.length - 1 ? 'end' : 'middle'}
            >
              {signed(t, digits)}
            </text>
          ))}
        </g>
        <text x={MARGIN.left + plotWidth / 2} y={HEIGHT - 5} fontSize={12} fill="#3d4a5c" textAnchor="middle">
          {layer} output a
        </text>
        <text transform={`translate(12 ${MARGIN.top + plotHeight / 2}) rotate(-90)`} fontSize={12} fill="#3d4a5c" textAnchor="middle">
          Share of values
        </text>
      </svg>
    </figure>
  );
});
