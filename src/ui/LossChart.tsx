import { memo, useMemo } from 'react';
import type { EpochRow } from '../store/appStore';
import type { CurvePoint, RateMark } from '../store/runRecord';
import { rateLabel } from '../store/runSlice';
import { useWidth } from './useWidth';
import { AxisTitles } from './chartAxes';

interface Props {
  running: CurvePoint[];
  epochs: EpochRow[];
  /** The chapter's printed epoch losses, drawn when our settings are its settings. */
  chapter: number[] | null;
  totalEpochs: number;
  /** Learning rates changed during the run: a labelled vertical line each. */
  rateChanges: RateMark[];
}

const HEIGHT = 300;
const MARGIN = { top: 14, right: 58, bottom: 44, left: 66 };
const COLORS = {
  running: '#8aa4c8',
  epoch: '#1f5fbf',
  chapter: '#b35806',
  test: '#1b7837',
  rate: '#6a3d9a',
  grid: '#e3e6ea',
  axis: '#5a6779',
};

/** Round tick steps (1, 2, 2.5, 5 × 10^k) giving about `count` ticks from 0 to at least `max`. */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let v = 0; v < max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(6)));
  if (ticks[ticks.length - 1] < max) ticks.push(Number((ticks[ticks.length - 1] + step).toPrecision(6)));
  return ticks;
}

const finite = (p: { x: number; y: number }) => Number.isFinite(p.x) && Number.isFinite(p.y);

/**
 * Live loss: the running batch loss, our epoch losses and the chapter's, the test accuracy after
 * each epoch on the right-hand axis, and a marker where the learning rate was changed. Plain SVG:
 * recharts redrew its whole store on every update (40-70 ms a frame on the 2-core test machine,
 * 300 ms for its first mount); this draws the same in a few milliseconds. Runs are compared with
 * recharts in CompareChart, where nothing updates ten times a second.
 */
export const LossChart = memo(function LossChart({ running, epochs, chapter, totalEpochs, rateChanges }: Props) {
  const [ref, width] = useWidth<HTMLDivElement>(560);
  const plotWidth = Math.max(120, width - MARGIN.left - MARGIN.right);
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;

  const { lossTicks, lines } = useMemo(() => {
    const runningXY = running.map((p) => ({ x: p.x, y: p.loss })).filter(finite);
    const epochXY = epochs.map((e) => ({ x: e.epoch, y: e.loss })).filter(finite);
    const chapterXY = (chapter ?? []).slice(0, totalEpochs).map((loss, i) => ({ x: i + 1, y: loss }));
    const testXY = epochs.filter((e) => e.testAccuracy !== null).map((e) => ({ x: e.epoch, y: e.testAccuracy! * 100 }));
    const maxLoss = Math.max(0.05, ...runningXY.map((p) => p.y), ...epochXY.map((p) => p.y), ...chapterXY.map((p) => p.y));
    return { lossTicks: niceTicks(maxLoss), lines: { runningXY, epochXY, chapterXY, testXY } };
  }, [running, epochs, chapter, totalEpochs]);

  const maxLoss = lossTicks[lossTicks.length - 1];
  const sx = (x: number) => MARGIN.left + (x / Math.max(1, totalEpochs)) * plotWidth;
  const sy = (loss: number) => MARGIN.top + plotHeight - (Math.min(loss, maxLoss) / maxLoss) * plotHeight;
  const sa = (accuracy: number) => MARGIN.top + plotHeight - (accuracy / 100) * plotHeight;
  const path = (points: { x: number; y: number }[], scale: (v: number) => number) =>
    points.map((p, i) => `${i ? 'L' : 'M'}${sx(p.x).toFixed(1)},${scale(p.y).toFixed(1)}`).join('');
  const step = Math.max(1, Math.ceil(totalEpochs / 10));
  const epochTicks = Array.from({ length: Math.floor(totalEpochs / step) + 1 }, (_, i) => i * step);
  const last = lines.epochXY.at(-1);
  const lastTest = lines.testXY.at(-1);
  const summary =
    last === undefined
      ? 'No epoch has finished yet.'
      : `After epoch ${last.x}: loss ${last.y.toFixed(4)}${lastTest ? `, test accuracy ${lastTest.y.toFixed(2)}%` : ''}.`;

  return (
    <figure className="chart" aria-label="Loss chart">
      <div ref={ref} className="chart-box">
        <svg width={width} height={HEIGHT} role="img" aria-label={`Loss and test accuracy against epochs. ${summary}`}>
          <g stroke={COLORS.grid}>
            {lossTicks.map((t) => (
              <line key={`h${t}`} x1={MARGIN.left} x2={MARGIN.left + plotWidth} y1={sy(t)} y2={sy(t)} />
            ))}
            {epochTicks.map((t) => (
              <line key={`v${t}`} x1={sx(t)} x2={sx(t)} y1={MARGIN.top} y2={MARGIN.top + plotHeight} />
            ))}
          </g>
          <g fontSize={12} fill={COLORS.axis}>
            {lossTicks.map((t) => (
              <text key={`l${t}`} x={MARGIN.left - 6} y={sy(t) + 4} textAnchor="end">
                {t.toFixed(3)}
              </text>
            ))}
            {[0, 25, 50, 75, 100].map((t) => (
              <text key={`a${t}`} x={MARGIN.left + plotWidth + 6} y={sa(t) + 4}>
                {t}%
              </text>
            ))}
            {epochTicks.map((t) => (
              <text key={`x${t}`} x={sx(t)} y={MARGIN.top + plotHeight + 16} textAnchor="middle">
                {t}
              </text>
            ))}
          </g>
          <AxisTitles
            x="Epoch (passes over the training samples)"
            y="Loss (chapter’s cross-entropy)"
            left={MARGIN.left}
            top={MARGIN.top}
            plotWidth={plotWidth}
            plotHeight={plotHeight}
            bottom={HEIGHT - 6}
          >
            <text transform={`translate(${width - 14} ${MARGIN.top + plotHeight / 2}) rotate(90)`} textAnchor="middle">
              Test accuracy (%)
            </text>
          </AxisTitles>
          <rect x={MARGIN.left} y={MARGIN.top} width={plotWidth} height={plotHeight} fill="none" stroke="#c5ccd6" />
          {rateChanges.map((r) => (
            <g key={`${r.x}-${r.learningRate}`} stroke={COLORS.rate} fill={COLORS.rate}>
              <line x1={sx(r.x)} x2={sx(r.x)} y1={MARGIN.top} y2={MARGIN.top + plotHeight} strokeDasharray="4 2" />
              <text x={sx(r.x) + 4} y={MARGIN.top + 12} fontSize={12} stroke="none">
                {rateLabel(r.learningRate)}
              </text>
            </g>
          ))}
          <path d={path(lines.runningXY, sy)} fill="none" stroke={COLORS.running} strokeWidth={1.5} />
          {lines.chapterXY.length > 0 && (
            <path d={path(lines.chapterXY, sy)} fill="none" stroke={COLORS.chapter} strokeWidth={2} strokeDasharray="6 4" />
          )}
          <path d={path(lines.testXY, sa)} fill="none" stroke={COLORS.test} strokeWidth={2} strokeDasharray="2 3" />
          <path d={path(lines.epochXY, sy)} fill="none" stroke={COLORS.epoch} strokeWidth={2.5} />
          {lines.epochXY.map((p) => (
            <circle key={`e${p.x}`} cx={sx(p.x)} cy={sy(p.y)} r={4} fill="#fff" stroke={COLORS.epoch} strokeWidth={2}>
              <title>{`Epoch ${p.x}: loss ${p.y.toFixed(4)}`}</title>
            </circle>
          ))}
          {lines.testXY.map((p) => (
            <circle key={`t${p.x}`} cx={sx(p.x)} cy={sa(p.y)} r={3} fill="#fff" stroke={COLORS.test} strokeWidth={2}>
              <title>{`Epoch ${p.x}: test accuracy ${p.y.toFixed(2)}%`}</title>
            </circle>
          ))}
        </svg>
      </div>
      <ul className="chart-legend">
        <li>
          <span className="swatch line" style={{ borderColor: COLORS.running }} aria-hidden="true" />
          Batch loss (running mean)
        </li>
        <li>
          <span className="swatch line" style={{ borderColor: COLORS.epoch }} aria-hidden="true" />
          Epoch loss (ours)
        </li>
        {lines.chapterXY.length > 0 && (
          <li>
            <span className="swatch line dashed" style={{ borderColor: COLORS.chapter }} aria-hidden="true" />
            Epoch loss (chapter, PyTorch)
          </li>
        )}
        <li>
          <span className="swatch line dotted" style={{ borderColor: COLORS.test }} aria-hidden="true" />
          Test accuracy (%)
        </li>
      </ul>
      <figcaption>
        Loss (left axis) and test accuracy (right axis, %) against epochs. The loss is the chapter’s: cross-entropy averaged over the batch
        and the ten classes, so ln 10 / 10 ≈ 0.23 means guessing. Each point of the running curve averages the batches since the previous
        one{rateChanges.length > 0 && '; dashed vertical lines mark learning-rate changes'}.
      </figcaption>
    </figure>
  );
});
