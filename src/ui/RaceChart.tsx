import { memo, useMemo } from 'react';
import type { CurvePoint } from '../store/runRecord';
import { niceTicks } from './LossChart';
import { useWidth } from './useWidth';
import { AxisTitles } from './chartAxes';

/** One variant's line: its name (only what differs: "lr 3"), its colour and dashes, its running loss. */
export interface RaceSeries {
  label: string;
  color: string;
  dash: string | null;
  points: CurvePoint[];
  /** How it ended, when not by finishing ("diverged", "stopped"), for the legend. */
  note: string | null;
}

interface Props {
  series: RaceSeries[];
  totalEpochs: number;
}

const MARGIN = { top: 12, right: 14, bottom: 42, left: 62 };
/** Losses above this are drawn at the top edge: a diverging variant would otherwise flatten every other line. */
const LOSS_CAP = 0.5;

/**
 * Every race variant's running loss on one chart, x in epochs. Plain SVG, as the Train view's live
 * chart: it is redrawn a few times a second while up to 16 variants train, in a few milliseconds.
 */
export const RaceChart = memo(function RaceChart({ series, totalEpochs }: Props) {
  const [ref, width] = useWidth<HTMLDivElement>(560);
  const height = width < 480 ? 240 : 280;
  const plotWidth = Math.max(120, width - MARGIN.left - MARGIN.right);
  const plotHeight = height - MARGIN.top - MARGIN.bottom;

  const { ticks, lines, clipped } = useMemo(() => {
    const lines = series.map((s) => ({ ...s, xy: s.points.filter((p) => Number.isFinite(p.loss)) }));
    const top = Math.max(0.05, ...lines.flatMap((l) => l.xy.map((p) => p.loss)));
    return { ticks: niceTicks(Math.min(top, LOSS_CAP)), lines, clipped: top > LOSS_CAP };
  }, [series]);

  const maxLoss = ticks[ticks.length - 1];
  const epochs = Math.max(1, totalEpochs);
  const sx = (x: number) => MARGIN.left + (x / epochs) * plotWidth;
  const sy = (loss: number) => MARGIN.top + plotHeight - (Math.min(loss, maxLoss) / maxLoss) * plotHeight;
  const path = (points: CurvePoint[]) => points.map((p, i) => `${i ? 'L' : 'M'}${sx(p.x).toFixed(1)},${sy(p.loss).toFixed(1)}`).join('');
  const step = Math.max(1, Math.ceil(epochs / 10));
  const epochTicks = Array.from({ length: Math.floor(epochs / step) + 1 }, (_, i) => i * step);
  const latest = lines
    .map((l) => (l.xy.length ? `${l.label} ${l.xy[l.xy.length - 1].loss.toFixed(4)}` : null))
    .filter((t) => t !== null)
    .join(', ');

  return (
    <figure className="chart race-chart" aria-label="Race: loss of every variant">
      <div ref={ref} className="chart-box">
        <svg
          width={width}
          height={height}
          role="img"
          aria-label={`Running loss of ${series.length} variants against epochs. ${latest ? `Latest: ${latest}.` : 'No batch has finished yet.'}`}
        >
          <g stroke="#e3e6ea">
            {ticks.map((t) => (
              <line key={`h${t}`} x1={MARGIN.left} x2={MARGIN.left + plotWidth} y1={sy(t)} y2={sy(t)} />
            ))}
            {epochTicks.map((t) => (
              <line key={`v${t}`} x1={sx(t)} x2={sx(t)} y1={MARGIN.top} y2={MARGIN.top + plotHeight} />
            ))}
          </g>
          <g fontSize={12} fill="#5a6779">
            {ticks.map((t) => (
              <text key={`l${t}`} x={MARGIN.left - 6} y={sy(t) + 4} textAnchor="end">
                {t.toFixed(2)}
              </text>
            ))}
            {epochTicks.map((t) => (
              <text key={`x${t}`} x={sx(t)} y={MARGIN.top + plotHeight + 16} textAnchor="middle">
                {t}
              </text>
            ))}
          </g>
          <AxisTitles
            x="Epoch"
            y="Loss (running mean)"
            left={MARGIN.left}
            top={MARGIN.top}
            plotWidth={plotWidth}
            plotHeight={plotHeight}
            bottom={height - 6}
          />
          <rect x={MARGIN.left} y={MARGIN.top} width={plotWidth} height={plotHeight} fill="none" stroke="#c5ccd6" />
          {lines.map((l) => (
            <path
              key={l.label}
              d={path(l.xy)}
              fill="none"
              stroke={l.color}
              strokeWidth={2}
              strokeDasharray={l.dash ?? undefined}
              data-variant={l.label}
            />
          ))}
        </svg>
      </div>
      <ul className="chart-legend">
        {lines.map((l) => (
          <li key={l.label}>
            <span className={`swatch line${l.dash ? ' dashed' : ''}`} style={{ borderColor: l.color }} aria-hidden="true" />
            {l.label}
            {l.note && `, ${l.note}`}
          </li>
        ))}
      </ul>
      <figcaption>
        Running loss of each variant (the mean of the batches since the previous point) against epochs; the settings not named are the same
        for all{clipped ? `; losses above ${LOSS_CAP} are drawn at the top edge` : ''}. The table below gives each one’s numbers.
      </figcaption>
    </figure>
  );
});
