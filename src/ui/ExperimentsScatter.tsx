import { memo, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { RUN_COLORS } from '../store/curves';
import {
  categories,
  colourGroups,
  linearTicks,
  logTicks,
  raceLines,
  valueText,
  xDomain,
  type Column,
  type ScatterPoint,
} from '../store/experiments';
import { useWidth } from './useWidth';
import { AxisTitles } from './chartAxes';

interface Props {
  points: ScatterPoint[];
  x: Column;
  colour: Column | null;
  /** Each run's name for its point's label ("lr 3, race lr, 3 of 4"). */
  names: Map<string, string>;
  /** The id of the heading that names the chart. */
  labelledBy: string;
  selectedRunId: string | null;
  onSelect(runId: string): void;
}

const MARGIN = { top: 14, right: 18, bottom: 46, left: 58 };
const ONE_COLOUR = RUN_COLORS[0];
/** How far apart points at the same place are drawn. */
const SPREAD_PX = 14;

/**
 * Test accuracy against one setting, one point per stored run, coloured by a second setting, a
 * race's points joined in the race's order. The points are one stop for Tab (arrow keys move among
 * them, left to right); Enter, Space or a click selects the run.
 */
export const ExperimentsScatter = memo(function ExperimentsScatter({
  points,
  x,
  colour,
  names,
  labelledBy,
  selectedRunId,
  onSelect,
}: Props) {
  const [ref, width] = useWidth<HTMLDivElement>(560);
  const height = width < 480 ? 260 : 300;
  const plotWidth = Math.max(120, width - MARGIN.left - MARGIN.right);
  const plotHeight = height - MARGIN.top - MARGIN.bottom;
  const circles = useRef(new Map<string, SVGCircleElement>());
  const [focusId, setFocusId] = useState<string | null>(null);

  const layout = useMemo(() => {
    const domain = xDomain(points, x.log);
    const cats = x.numeric ? [] : categories(points);
    const toUnit = (v: number | string) => {
      if (!x.numeric) return (cats.indexOf(String(v)) + 0.5) / cats.length;
      const [lo, hi] = x.log ? domain.map(Math.log10) : domain;
      return ((x.log ? Math.log10(v as number) : (v as number)) - lo) / (hi - lo);
    };
    const xTicks = x.numeric ? (x.log ? logTicks(domain) : linearTicks(domain, x.integer)) : cats;
    const minY = Math.min(100, ...points.map((p) => p.y));
    const yStep = minY < 55 ? 20 : 10;
    const yLo = Math.max(0, Math.floor((minY - 5) / yStep) * yStep);
    const yTicks = Array.from({ length: Math.floor((100 - yLo) / yStep) + 1 }, (_, i) => yLo + i * yStep);
    const groups = colourGroups(points);
    // Left to right, then bottom to top: the order the arrow keys walk.
    const order = [...points].sort((a, b) => toUnit(a.x) - toUnit(b.x) || a.y - b.y);
    // Runs with the same value and accuracy (a race variant and the same run alone) sit side by side, not on top of each other.
    const spread = new Map<string, number>();
    const same = new Map<string, ScatterPoint[]>();
    for (const p of order) same.set(`${p.x}|${p.y.toFixed(2)}`, [...(same.get(`${p.x}|${p.y.toFixed(2)}`) ?? []), p]);
    for (const group of same.values()) group.forEach((p, k) => spread.set(p.runId, (k - (group.length - 1) / 2) * SPREAD_PX));
    return { toUnit, xTicks, yLo, yTicks, groups, order, spread, lines: raceLines(points) };
  }, [points, x]);

  const sx = (v: number | string) => MARGIN.left + layout.toUnit(v) * plotWidth;
  /** A point's x on screen, spread from others at the same place. */
  const px = (p: ScatterPoint) => sx(p.x) + (layout.spread.get(p.runId) ?? 0);
  const sy = (y: number) => MARGIN.top + plotHeight - ((y - layout.yLo) / (100 - layout.yLo)) * plotHeight;
  const colourOf = (p: ScatterPoint) => (p.group === null ? ONE_COLOUR : RUN_COLORS[layout.groups.indexOf(p.group) % RUN_COLORS.length]);
  const active = layout.order.find((p) => p.runId === focusId) ?? layout.order.find((p) => p.runId === selectedRunId) ?? layout.order[0];

  const onKey = (event: KeyboardEvent<SVGCircleElement>, point: ScatterPoint) => {
    const i = layout.order.indexOf(point);
    const moves: Record<string, number> = {
      ArrowRight: i + 1,
      ArrowDown: i + 1,
      ArrowLeft: i - 1,
      ArrowUp: i - 1,
      Home: 0,
      End: layout.order.length - 1,
    };
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(point.runId);
    } else if (event.key in moves) {
      event.preventDefault();
      const next = layout.order[Math.max(0, Math.min(layout.order.length - 1, moves[event.key]))];
      setFocusId(next.runId);
      circles.current.get(next.runId)?.focus();
    }
  };

  return (
    <figure className="chart scatter" aria-labelledby={labelledBy}>
      <div ref={ref} className="chart-box">
        <svg width={width} height={height} role="group" aria-labelledby={labelledBy} data-points={points.length}>
          <g stroke="#e3e6ea">
            {layout.yTicks.map((t) => (
              <line key={`h${t}`} x1={MARGIN.left} x2={MARGIN.left + plotWidth} y1={sy(t)} y2={sy(t)} />
            ))}
            {layout.xTicks.map((t) => (
              <line key={`v${t}`} x1={sx(t)} x2={sx(t)} y1={MARGIN.top} y2={MARGIN.top + plotHeight} />
            ))}
          </g>
          <g fontSize={12} fill="#5a6779" aria-hidden="true">
            {layout.yTicks.map((t) => (
              <text key={`y${t}`} x={MARGIN.left - 6} y={sy(t) + 4} textAnchor="end">
                {t}%
              </text>
            ))}
            {layout.xTicks.map((t) => (
              <text key={`x${t}`} x={sx(t)} y={MARGIN.top + plotHeight + 16} textAnchor="middle">
                {valueText(t)}
              </text>
            ))}
          </g>
          <AxisTitles
            x={
              <>
                {x.label}
                {x.log ? ' (log scale)' : ''}
              </>
            }
            y="Test accuracy (%)"
            left={MARGIN.left}
            top={MARGIN.top}
            plotWidth={plotWidth}
            plotHeight={plotHeight}
            bottom={height - 6}
            yInset={15}
          />
          <rect x={MARGIN.left} y={MARGIN.top} width={plotWidth} height={plotHeight} fill="none" stroke="#c5ccd6" />
          {layout.lines.map((line) => (
            <path
              key={line.raceId}
              className="race-line"
              d={line.points.map((p, i) => `${i ? 'L' : 'M'}${px(p).toFixed(1)},${sy(p.y).toFixed(1)}`).join('')}
              fill="none"
              stroke="#6b7686"
              strokeWidth={1.5}
              data-race={line.raceId}
              data-order={line.points.map((p) => valueText(p.x)).join(',')}
              aria-hidden="true"
            />
          ))}
          {layout.order.map((p) => {
            const selected = p.runId === selectedRunId;
            return (
              <g key={p.runId}>
                {selected && <circle cx={px(p)} cy={sy(p.y)} r={11} fill="none" stroke="#1b2430" strokeWidth={2} aria-hidden="true" />}
                <circle
                  ref={(el) => void (el ? circles.current.set(p.runId, el) : circles.current.delete(p.runId))}
                  className="point"
                  cx={px(p)}
                  cy={sy(p.y)}
                  r={selected ? 7 : 6}
                  fill={colourOf(p)}
                  stroke="#fff"
                  strokeWidth={1.5}
                  tabIndex={p === active ? 0 : -1}
                  role="button"
                  aria-pressed={selected}
                  aria-label={`${names.get(p.runId) ?? p.runId}: test accuracy ${p.y.toFixed(2)}%`}
                  data-run-id={p.runId}
                  data-x={p.x}
                  data-race-index={p.race?.index}
                  onClick={() => onSelect(p.runId)}
                  onFocus={() => setFocusId(p.runId)}
                  onKeyDown={(e) => onKey(e, p)}
                >
                  <title>{`${names.get(p.runId) ?? ''}: ${p.y.toFixed(2)}%`}</title>
                </circle>
              </g>
            );
          })}
        </svg>
      </div>
      <ul className="chart-legend">
        {colour &&
          layout.groups.map((g, i) => (
            <li key={String(g)}>
              <span className="swatch dot" style={{ background: RUN_COLORS[i % RUN_COLORS.length] }} aria-hidden="true" />
              {colour.short} {valueText(g)}
            </li>
          ))}
        {layout.lines.length > 0 && (
          <li>
            <span className="swatch line" style={{ borderColor: '#6b7686' }} aria-hidden="true" />a race’s runs, joined in the race’s order
          </li>
        )}
      </ul>
    </figure>
  );
});
