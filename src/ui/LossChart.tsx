import { memo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { LossPoint } from '../store/appStore';

interface Props {
  running: LossPoint[];
  epochs: { epoch: number; loss: number }[];
  /** The chapter's printed epoch losses, drawn when our settings are its settings. */
  chapter: number[] | null;
  totalEpochs: number;
}

const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '');

/** Live loss: the running batch loss, our epoch losses, and the chapter's for comparison. */
export const LossChart = memo(function LossChart({ running, epochs, chapter, totalEpochs }: Props) {
  const epochPoints = epochs.map((e) => ({ x: e.epoch, loss: e.loss }));
  const chapterPoints = chapter?.slice(0, totalEpochs).map((loss, i) => ({ x: i + 1, loss }));
  return (
    <figure className="chart" aria-label="Loss chart">
      <ResponsiveContainer width="100%" height={280}>
        <LineChart margin={{ top: 8, right: 16, bottom: 28, left: 12 }}>
          <CartesianGrid stroke="#e3e6ea" />
          <XAxis
            type="number"
            dataKey="x"
            domain={[0, totalEpochs]}
            allowDecimals={false}
            tickCount={Math.min(totalEpochs, 10) + 1}
            label={{ value: 'Epoch (passes over the training samples)', position: 'insideBottom', offset: -16 }}
          />
          <YAxis
            type="number"
            domain={[0, 'auto']}
            tickFormatter={fmt}
            label={{ value: 'Loss (cross-entropy / 10)', angle: -90, position: 'insideLeft', offset: 0, style: { textAnchor: 'middle' } }}
          />
          <Tooltip formatter={(v) => fmt(Number(v))} labelFormatter={(x) => `epoch ${Number(x).toFixed(2)}`} />
          <Legend verticalAlign="top" height={28} />
          <Line
            data={running}
            dataKey="loss"
            name="Batch loss (running mean)"
            stroke="#8aa4c8"
            dot={false}
            isAnimationActive={false}
            strokeWidth={1.5}
          />
          <Line data={epochPoints} dataKey="loss" name="Epoch loss (ours)" stroke="#1f5fbf" strokeWidth={2.5} isAnimationActive={false} />
          {chapterPoints && (
            <Line
              data={chapterPoints}
              dataKey="loss"
              name="Epoch loss (chapter, PyTorch)"
              stroke="#d9822b"
              strokeDasharray="6 4"
              strokeWidth={2}
              isAnimationActive={false}
            />
          )}
        </LineChart>
      </ResponsiveContainer>
      <figcaption>
        Loss per epoch as the chapter prints it: cross-entropy averaged over the batch and the ten classes (so ln 10 / 10 ≈ 0.23 means
        guessing).
      </figcaption>
    </figure>
  );
});
