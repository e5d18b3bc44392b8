import { memo } from 'react';
import { epochTicks, linePath } from './healthAxes';
import type { HealthSeries } from './healthSeries';
import { useWidth } from './useWidth';
import { AxisTitles } from './chartAxes';

interface Props {
  /** The figure's accessible name, e.g. "Saturated units per layer". */
  name: string;
  /** What the image says, for a screen reader: what is plotted and the latest values. */
  summary: string;
  yLabel: string;
  /** The y axis in its own units (log10 for a log axis), and where its ticks are, with their labels. */
  yRange: [number, number];
  yTicks: { value: number; label: string }[];
  totalEpochs: number;
  series: HealthSeries[];
  /** A labelled horizontal line, e.g. the update ratio's −3. */
  reference?: { y: number; label: string };
  /** One sentence under the chart: what to read from it. */
  reading: string;
}

const HEIGHT = 230;
const MARGIN = { top: 12, right: 20, bottom: 42, left: 62 };
/** Dots on the lines while there are few samples (a short run has four or five). */
const MAX_DOTS = 30;

/**
 * One layer-health chart: lines against epochs on a labelled y axis, plain SVG like LossChart (it
 * redraws while a run goes), its latest values in an HTML legend that is also its text alternative.
 */
export const HealthChart = memo(function HealthChart({
  name,
  summary,
  yLabel,
  yRange,
  yTicks,
  totalEpochs,
  series,
  reference,
  reading,
}: Props) {
  const [ref, width] = useWidth<HTMLDivElement>(420);
  const chartWidth = Math.max(260, width);
  const plotWidth = chartWidth - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const [lo, hi] = yRange;
  const total = Math.max(1, totalEpochs);
  const sx = (x: number) => MARGIN.left + (Math.min(x, total) / total) * plotWidth;
  const sy = (y: number) => MARGIN.top + plotHeight - ((y - lo) / (hi - lo)) * plotHeight;
  const xTicks = epochTicks(total);
  const xLabel = (t: number) => (Number.isInteger(t) ? String(t) : t.toFixed(2));

  return (
    <figure className="health-chart" aria-label={name}>
      <h3>{name}</h3>
      <div ref={ref} className="chart-box">
        <svg width={chartWidth} height={HEIGHT} role="img" aria-label={summary}>
          <g stroke="#e3e6ea">
            {yTicks.map((t) => (
              <line key={`h${t.value}`} x1={MARGIN.left} x2={MARGIN.left + plotWidth} y1={sy(t.value)} y2={sy(t.value)} />
            ))}
            {xTicks.map((t) => (
              <line key={`v${t}`} x1={sx(t)} x2={sx(t)} y1={MARGIN.top} y2={MARGIN.top + plotHeight} />
            ))}
          </g>
          <g fontSize={12} fill="#5a6779">
            {yTicks.map((t) => (
              <text key={`y${t.value}`} x={MARGIN.left - 6} y={sy(t.value) + 4} textAnchor="end">
                {t.label}
              </text>
            ))}
            {xTicks.map((t) => (
              <text key={`x${t}`} x={sx(t)} y={MARGIN.top + plotHeight + 15} textAnchor="middle">
                {xLabel(t)}
              </text>
            ))}
          </g>
          <AxisTitles
            x="Epoch"
            y={yLabel}
            left={MARGIN.left}
            top={MARGIN.top}
            plotWidth={plotWidth}
            plotHeight={plotHeight}
            bottom={HEIGHT - 6}
            yInset={14}
          />
          <rect x={MARGIN.left} y={MARGIN.top} width={plotWidth} height={plotHeight} fill="none" stroke="#c5ccd6" />
          {reference && reference.y >= lo && reference.y <= hi && (
            <g stroke="#8a2b2b" fill="#8a2b2b">
              <line x1={MARGIN.left} x2={MARGIN.left + plotWidth} y1={sy(reference.y)} y2={sy(reference.y)} strokeDasharray="5 3" />
              <text x={MARGIN.left + plotWidth - 4} y={sy(reference.y) - 4} fontSize={11.5} textAnchor="end" stroke="none">
                {reference.label}
              </text>
            </g>
          )}
          {series.map((s) => (
            <g key={s.key} stroke={s.color} fill={s.color}>
              <path d={linePath(s.points, sx, sy, yRange)} fill="none" strokeWidth={2} strokeDasharray={s.dashed ? '5 3' : undefined} />
              {s.points.length <= MAX_DOTS &&
                s.points
                  .filter((p) => Number.isFinite(p.y))
                  .map((p) => <circle key={p.x} cx={sx(p.x)} cy={sy(Math.min(hi, Math.max(lo, p.y)))} r={2.5} stroke="none" />)}
            </g>
          ))}
        </svg>
      </div>
      <ul className="chart-legend health-legend">
        {series.map((s) => (
          <li key={s.key} data-series={s.key} data-value={s.latestValue ?? undefined}>
            <span className={`swatch line${s.dashed ? ' dashed' : ''}`} style={{ borderColor: s.color }} aria-hidden="true" />
            {s.name}: {s.latest}
          </li>
        ))}
      </ul>
      <figcaption>{reading}</figcaption>
    </figure>
  );
});
