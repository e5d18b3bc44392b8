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
      <ResponsiveContainer width="100%" height={300}>
        <LineChart margin={{ top: 8, right: 12, bottom: 4, left: 10 }}>
          <CartesianGrid stroke="#e3e6ea" />
          <XAxis
            type="number"
            dataKey="x"
            domain={[0, totalEpochs]}
            allowDecimals={false}
            tickCount={Math.min(totalEpochs, 10) + 1}
            tick={{ fontSize: 12 }}
            label={{ value: 'Epoch', position: 'insideBottom', offset: -2, fontSize: 13 }}
            height={40}
          />
          <YAxis
            type="number"
            width={56}
            domain={[0, 'auto']}
            tickFormatter={fmt}
            tick={{ fontSize: 12 }}
            label={{ value: 'Loss', angle: -90, position: 'insideLeft', offset: -2, fontSize: 13, style: { textAnchor: 'middle' } }}
          />
          <Tooltip formatter={(v) => fmt(Number(v))} labelFormatter={(x) => `epoch ${Number(x).toFixed(2)}`} />
          <Legend verticalAlign="bottom" wrapperStyle={{ fontSize: 13, paddingTop: 6 }} />
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
        Loss (y) against epochs, i.e. passes over the training samples (x). The loss is the chapter’s: cross-entropy averaged over the batch
        and the ten classes, so ln 10 / 10 ≈ 0.23 means guessing. Each point of the running curve averages the batches since the previous
        one.
      </figcaption>
    </figure>
  );
});
