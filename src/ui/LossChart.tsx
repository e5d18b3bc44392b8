import { memo, useMemo } from 'react';
import { useProgressiveMount } from './useProgressiveMount';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { EpochRow } from '../store/appStore';
import type { CurvePoint, RateMark } from '../store/runRecord';
import { rateLabel } from '../store/runSlice';

interface Props {
  running: CurvePoint[];
  epochs: EpochRow[];
  /** The chapter's printed epoch losses, drawn when our settings are its settings. */
  chapter: number[] | null;
  totalEpochs: number;
  /** Learning rates changed during the run: a labelled vertical line each. */
  rateChanges: RateMark[];
}

const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '');
const COLORS = { running: '#8aa4c8', epoch: '#1f5fbf', chapter: '#b35806', test: '#1b7837', rate: '#6a3d9a' };

/**
 * Live loss: the running batch loss, our epoch losses and the chapter's, with the test accuracy
 * after each epoch on a right-hand axis and a marker where the learning rate was changed.
 */
export const LossChart = memo(function LossChart({ running, epochs, chapter, totalEpochs, rateChanges }: Props) {
  const parts = useProgressiveMount(3);
  const epochPoints = useMemo(() => epochs.map((e) => ({ x: e.epoch, loss: e.loss })), [epochs]);
  const testPoints = useMemo(
    () => epochs.filter((e) => e.testAccuracy !== null).map((e) => ({ x: e.epoch, accuracy: e.testAccuracy! * 100 })),
    [epochs],
  );
  const chapterPoints = useMemo(() => chapter?.slice(0, totalEpochs).map((loss, i) => ({ x: i + 1, loss })), [chapter, totalEpochs]);
  return (
    <figure className="chart" aria-label="Loss chart">
      <ResponsiveContainer width="100%" height={320}>
        <LineChart margin={{ top: 16, right: 4, bottom: 4, left: 4 }}>
          <CartesianGrid stroke="#e3e6ea" />
          <XAxis
            type="number"
            dataKey="x"
            domain={[0, totalEpochs]}
            allowDecimals={false}
            tickCount={Math.min(totalEpochs, 10) + 1}
            tick={{ fontSize: 12 }}
            label={{ value: 'Epoch (passes over the training samples)', position: 'insideBottom', offset: -2, fontSize: 13 }}
            height={40}
          />
          <YAxis
            yAxisId="loss"
            type="number"
            width={56}
            domain={[0, 'auto']}
            tickFormatter={fmt}
            tick={{ fontSize: 12 }}
            label={{
              value: 'Loss (chapter’s cross-entropy)',
              angle: -90,
              position: 'insideLeft',
              offset: 4,
              fontSize: 13,
              style: { textAnchor: 'middle' },
            }}
          />
          <YAxis
            yAxisId="accuracy"
            orientation="right"
            type="number"
            width={52}
            domain={[0, 100]}
            ticks={[0, 25, 50, 75, 100]}
            tickFormatter={(v: number) => `${v}%`}
            tick={{ fontSize: 12 }}
            label={{
              value: 'Test accuracy (%)',
              angle: 90,
              position: 'insideRight',
              offset: 4,
              fontSize: 13,
              style: { textAnchor: 'middle' },
            }}
          />
          {parts >= 2 && (
            <Tooltip
              formatter={(v, name) => (String(name).startsWith('Test') ? `${Number(v).toFixed(2)}%` : fmt(Number(v)))}
              labelFormatter={(x) => `epoch ${Number(x).toFixed(2)}`}
            />
          )}
          {parts >= 1 && <Legend verticalAlign="bottom" wrapperStyle={{ fontSize: 13, paddingTop: 6 }} />}
          {parts >= 3 && (
            <>
              <Line
                yAxisId="loss"
                data={running}
                dataKey="loss"
                name="Batch loss (running mean)"
                stroke={COLORS.running}
                dot={false}
                isAnimationActive={false}
                strokeWidth={1.5}
              />
              <Line
                yAxisId="loss"
                data={epochPoints}
                dataKey="loss"
                name="Epoch loss (ours)"
                stroke={COLORS.epoch}
                strokeWidth={2.5}
                isAnimationActive={false}
              />
              {chapterPoints && (
                <Line
                  yAxisId="loss"
                  data={chapterPoints}
                  dataKey="loss"
                  name="Epoch loss (chapter, PyTorch)"
                  stroke={COLORS.chapter}
                  strokeDasharray="6 4"
                  strokeWidth={2}
                  isAnimationActive={false}
                />
              )}
              <Line
                yAxisId="accuracy"
                data={testPoints}
                dataKey="accuracy"
                name="Test accuracy (%)"
                stroke={COLORS.test}
                strokeWidth={2}
                strokeDasharray="2 3"
                isAnimationActive={false}
              />
              {rateChanges.map((r) => (
                <ReferenceLine
                  key={`${r.x}-${r.learningRate}`}
                  yAxisId="loss"
                  x={r.x}
                  stroke={COLORS.rate}
                  strokeDasharray="4 2"
                  label={{ value: rateLabel(r.learningRate), position: 'insideTopLeft', fill: COLORS.rate, fontSize: 12 }}
                />
              ))}
            </>
          )}
        </LineChart>
      </ResponsiveContainer>
      <figcaption>
        Loss (left axis) and test accuracy (right axis, %) against epochs. The loss is the chapter’s: cross-entropy averaged over the batch
        and the ten classes, so ln 10 / 10 ≈ 0.23 means guessing. Each point of the running curve averages the batches since the previous
        one{rateChanges.length > 0 && '; dashed vertical lines mark learning-rate changes'}.
      </figcaption>
    </figure>
  );
});

export default LossChart;
