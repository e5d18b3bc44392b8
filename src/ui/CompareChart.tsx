import { useDeferredValue, useId, useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore, selectCompareAxis, selectHistory, selectShownRunIds, selectSmoothing, type AppState } from '../store/appStore';
import { RUN_COLORS, smoothCurve } from '../store/curves';
import { useProgressiveMount } from './useProgressiveMount';
import { runDate, runName } from '../store/historySlice';
import { rateLabel } from '../store/runSlice';

const selectCompare = (s: AppState) => ({
  history: selectHistory(s),
  shown: selectShownRunIds(s),
  axis: selectCompareAxis(s),
  smoothing: selectSmoothing(s),
});

const compact = (v: number) => (v >= 1e6 ? `${(v / 1e6).toFixed(1)}M` : v >= 1e3 ? `${Math.round(v / 1e3)}k` : String(v));

/** Stored runs' loss curves on one chart: epochs or examples seen on x, optional smoothing over the faint raw curve. */
export default function CompareChart() {
  // The controls show the store as it is; the chart follows in React's background slices.
  const live = useAppStore(useShallow(selectCompare));
  const { history, shown, axis, smoothing } = useDeferredValue(live);
  const setAxis = useAppStore((s) => s.setCompareAxis);
  const setSmoothing = useAppStore((s) => s.setSmoothing);
  const smoothingId = useId();
  const parts = useProgressiveMount(3);

  const series = useMemo(() => {
    const runs = shown.map((id) => history.runs.find((r) => r.id === id)).filter((r) => r !== undefined);
    const names = runs.map(runName);
    return runs.map((run, i) => {
      const key = axis === 'epochs' ? 'x' : 'examples';
      const at = (p: { x: number; examples: number }) => p[key];
      const raw = run.curve.map((p) => ({ at: at(p), loss: p.loss }));
      const smooth = smoothCurve(run.curve, smoothing).map((p) => ({ at: at(p), loss: p.loss }));
      // Two runs with the same differences are told apart by their time.
      const duplicate = names.filter((n) => n === names[i]).length > 1;
      return {
        id: run.id,
        name: duplicate ? `${names[i]} (${runDate(run.startedAt)})` : names[i],
        color: RUN_COLORS[i % RUN_COLORS.length],
        raw,
        smooth,
        rates: run.rateChanges.map((r) => ({ at: at(r), label: rateLabel(r.learningRate) })),
      };
    });
  }, [history.runs, shown, axis, smoothing]);

  return (
    <div className="compare">
      <h3>Runs compared</h3>
      <div className="compare-controls">
        <fieldset>
          <legend>x axis</legend>
          <label>
            <input type="radio" name="compare-axis" checked={live.axis === 'epochs'} onChange={() => setAxis('epochs')} /> Epochs
          </label>
          <label>
            <input type="radio" name="compare-axis" checked={live.axis === 'examples'} onChange={() => setAxis('examples')} /> Examples seen
            (fair across batch sizes)
          </label>
        </fieldset>
        <div className="field">
          <label htmlFor={smoothingId}>Smoothing</label>
          <input
            id={smoothingId}
            type="range"
            min={0}
            max={0.99}
            step={0.01}
            value={live.smoothing}
            aria-valuetext={live.smoothing === 0 ? 'off' : live.smoothing.toFixed(2)}
            onChange={(e) => setSmoothing(Number(e.target.value))}
          />
          <span className="field-value">{live.smoothing === 0 ? 'off' : live.smoothing.toFixed(2)}</span>
        </div>
      </div>
      {series.length === 0 ? (
        <p className="hint">Tick “Show on chart” on runs to draw their loss curves here, each in its own colour.</p>
      ) : (
        <figure className="chart" aria-label="Runs compared">
          <ResponsiveContainer width="100%" height={300}>
            <LineChart margin={{ top: 16, right: 12, bottom: 4, left: 4 }}>
              <CartesianGrid stroke="#e3e6ea" />
              <XAxis
                type="number"
                dataKey="at"
                domain={[0, 'dataMax']}
                allowDecimals={axis !== 'epochs'}
                tickFormatter={axis === 'epochs' ? (v: number) => String(Math.round(v * 10) / 10) : compact}
                tick={{ fontSize: 12 }}
                label={{
                  value: axis === 'epochs' ? 'Epoch' : 'Training examples seen',
                  position: 'insideBottom',
                  offset: -2,
                  fontSize: 13,
                }}
                height={40}
              />
              <YAxis
                type="number"
                width={56}
                domain={[0, 'auto']}
                tickFormatter={(v: number) => v.toFixed(3)}
                tick={{ fontSize: 12 }}
                label={{
                  value: 'Loss (running mean)',
                  angle: -90,
                  position: 'insideLeft',
                  offset: 4,
                  fontSize: 13,
                  style: { textAnchor: 'middle' },
                }}
              />
              {parts >= 2 && (
                <Tooltip
                  formatter={(v) => Number(v).toFixed(4)}
                  labelFormatter={(x) => (axis === 'epochs' ? `epoch ${Number(x).toFixed(2)}` : `${compact(Number(x))} examples`)}
                />
              )}
              {parts >= 1 && <Legend verticalAlign="bottom" wrapperStyle={{ fontSize: 13, paddingTop: 6 }} />}
              {parts >= 3 &&
                series.map((s) => [
                  smoothing > 0 && (
                    <Line
                      key={`${s.id}-raw`}
                      data={s.raw}
                      dataKey="loss"
                      stroke={s.color}
                      strokeOpacity={0.25}
                      dot={false}
                      legendType="none"
                      name={`${s.name} (raw)`}
                      isAnimationActive={false}
                    />
                  ),
                  <Line
                    key={s.id}
                    data={s.smooth}
                    dataKey="loss"
                    name={s.name}
                    stroke={s.color}
                    strokeWidth={2}
                    dot={false}
                    isAnimationActive={false}
                  />,
                  ...s.rates.map((r) => (
                    <ReferenceLine
                      key={`${s.id}-${r.at}`}
                      x={r.at}
                      stroke={s.color}
                      strokeDasharray="4 2"
                      label={{ value: r.label, position: 'insideTopLeft', fill: s.color, fontSize: 12 }}
                    />
                  )),
                ])}
            </LineChart>
          </ResponsiveContainer>
          <figcaption>
            Loss of each run shown, against {axis === 'epochs' ? 'epochs' : 'training examples seen'}
            {smoothing > 0 ? `, smoothed (debiased moving average, ${smoothing.toFixed(2)}) over the faint raw curve` : ''}. Dashed lines:
            learning-rate changes during a run.
          </figcaption>
        </figure>
      )}
    </div>
  );
}
