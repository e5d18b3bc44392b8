import { memo, useId, useMemo } from 'react';
import { RANGE_TEST } from '../model/lrFinder';
import { formatSetting } from '../store/settings';
import type { LrFinderPoint } from '../worker/protocol';
import { decadeLabel, rangeTicks, tickDecimals } from './lrFinderScale';
import { useWidth } from './useWidth';
import { AxisTitles } from './chartAxes';

interface Props {
  points: LrFinderPoint[];
  /** The suggested rate (marked), or null. */
  suggestion: number | null;
}

const HEIGHT = 250;
const MARGIN = { top: 20, right: 12, bottom: 38, left: 54 };
const COLORS = { smoothed: '#1f5fbf', raw: '#aebdd3', suggestion: '#b35806', grid: '#e3e6ea', axis: '#5a6779' };
const DECADES = { from: Math.log10(RANGE_TEST.start), to: Math.log10(RANGE_TEST.end) };
/**
 * The range test's curve: the smoothed loss against the learning rate on a log axis over the whole
 * schedule (10⁻⁴ to 100), each batch's raw loss faint behind it, and the suggestion marked. Plain
 * SVG like LossChart: it redraws as points arrive, ten times a second.
 */
export const LrFinderChart = memo(function LrFinderChart({ points, suggestion }: Props) {
  const clipId = `lr-clip${useId().replace(/[^\w-]/g, '')}`;
  const [ref, width] = useWidth<HTMLDivElement>(300);
  const plotWidth = Math.max(100, width - MARGIN.left - MARGIN.right);
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;

  const { finite, ticks } = useMemo(() => {
    const finite = points.filter((p) => Number.isFinite(p.smoothed) && Number.isFinite(p.loss));
    const smoothed = finite.map((p) => p.smoothed);
    return { finite, ticks: rangeTicks(Math.min(...smoothed), Math.max(...smoothed)) };
  }, [points]);

  const [low, high] = [ticks[0], ticks[ticks.length - 1]];
  const sx = (lr: number) => MARGIN.left + ((Math.log10(lr) - DECADES.from) / (DECADES.to - DECADES.from)) * plotWidth;
  const sy = (loss: number) => MARGIN.top + plotHeight - ((loss - low) / (high - low)) * plotHeight;
  const path = (key: 'loss' | 'smoothed') =>
    finite.map((p, i) => `${i ? 'L' : 'M'}${sx(p.lr).toFixed(1)},${sy(p[key]).toFixed(1)}`).join('');
  const decades = Array.from({ length: DECADES.to - DECADES.from + 1 }, (_, i) => DECADES.from + i);
  const marked = suggestion === null ? null : finite.find((p) => p.lr === suggestion);
  const digits = tickDecimals(ticks);
  const last = finite.at(-1);
  const summary = last
    ? `${finite.length} batches, rate ${formatSetting(RANGE_TEST.start)} to ${formatSetting(Number(last.lr.toPrecision(3)))}; smoothed loss from ${finite[0].smoothed.toFixed(4)} to ${last.smoothed.toFixed(4)}${suggestion !== null ? `; suggestion ${formatSetting(Number(suggestion.toPrecision(2)))}` : ''}.`
    : 'No batch yet.';

  return (
    <figure className="chart lr-finder-chart" aria-label="Learning-rate finder">
      <div ref={ref} className="chart-box">
        <svg width={width} height={HEIGHT} role="img" aria-label={`Smoothed loss against learning rate, log scale: ${summary}`}>
          <g stroke={COLORS.grid}>
            {ticks.map((t) => (
              <line key={`h${t}`} x1={MARGIN.left} x2={MARGIN.left + plotWidth} y1={sy(t)} y2={sy(t)} />
            ))}
            {decades.map((k) => (
              <line key={`v${k}`} x1={sx(10 ** k)} x2={sx(10 ** k)} y1={MARGIN.top} y2={MARGIN.top + plotHeight} />
            ))}
          </g>
          <g fontSize={11} fill={COLORS.axis}>
            {ticks.map((t) => (
              <text key={`l${t}`} x={MARGIN.left - 5} y={sy(t) + 4} textAnchor="end">
                {t.toFixed(digits)}
              </text>
            ))}
            {decades.map((k) => (
              <text key={`x${k}`} x={sx(10 ** k)} y={MARGIN.top + plotHeight + 14} textAnchor="middle">
                {decadeLabel(k)}
              </text>
            ))}
          </g>
          <AxisTitles
            x="Learning rate (log scale)"
            y="Smoothed loss (the chapter’s)"
            left={MARGIN.left}
            top={MARGIN.top}
            plotWidth={plotWidth}
            plotHeight={plotHeight}
            bottom={HEIGHT - 4}
            yInset={12}
          />
          <rect x={MARGIN.left} y={MARGIN.top} width={plotWidth} height={plotHeight} fill="none" stroke="#c5ccd6" />
          <clipPath id={clipId}>
            <rect x={MARGIN.left} y={MARGIN.top} width={plotWidth} height={plotHeight} />
          </clipPath>
          {/* The raw losses leave the smoothed curve's range (a batch at a huge rate): cut at the frame, not flattened onto it. */}
          <g clipPath={`url(#${clipId})`} fill="none">
            <path d={path('loss')} stroke={COLORS.raw} strokeWidth={1} />
            <path d={path('smoothed')} stroke={COLORS.smoothed} strokeWidth={2} />
          </g>
          {suggestion !== null && (
            <g stroke={COLORS.suggestion} fill={COLORS.suggestion}>
              <line x1={sx(suggestion)} x2={sx(suggestion)} y1={MARGIN.top} y2={MARGIN.top + plotHeight} strokeDasharray="4 2" />
              {marked && <circle cx={sx(marked.lr)} cy={sy(marked.smoothed)} r={4} fill="#fff" strokeWidth={2} />}
              <text
                x={sx(suggestion)}
                y={MARGIN.top - 6}
                fontSize={12}
                stroke="none"
                textAnchor={sx(suggestion) > MARGIN.left + plotWidth * 0.7 ? 'end' : 'start'}
              >
                {`steep: ${formatSetting(Number(suggestion.toPrecision(2)))}`}
              </text>
            </g>
          )}
        </svg>
      </div>
      <ul className="chart-legend">
        <li>
          <span className="swatch line" style={{ borderColor: COLORS.smoothed }} aria-hidden="true" />
          Smoothed loss
        </li>
        <li>
          <span className="swatch line thin" style={{ borderColor: COLORS.raw }} aria-hidden="true" />
          Batch loss
        </li>
        {suggestion !== null && (
          <li>
            <span className="swatch line dashed" style={{ borderColor: COLORS.suggestion }} aria-hidden="true" />
            Suggestion
          </li>
        )}
      </ul>
    </figure>
  );
});
