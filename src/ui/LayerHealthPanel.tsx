import { useDeferredValue, useId, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore, type AppState } from '../store/appStore';
import { runDate, runName } from '../store/historySlice';
import type { RunRecord } from '../store/runRecord';
import { describeDifferences, parseQuery } from '../store/settings';
import { HEALTH_EVERY_BATCHES } from './healthWords';
import { LayerHealthCharts } from './LayerHealthCharts';
import { useThrottledValue } from './useThrottledValue';
import './health.css';

/** Samples arrive up to every animation frame on a fast backend: the charts redraw at most this often. */
const REDRAW_MS = 500;
const CURRENT = 'current';

const selectLive = (s: AppState) => ({ health: s.health, histograms: s.histograms, runConfig: s.runConfig });
const selectStoredRuns = (s: AppState) => s.history.runs;

/** Stored runs that have health to show (runs stored before it was measured, and imports, have none). */
const withHealth = (runs: RunRecord[]) => runs.filter((r) => r.health.length > 0);

/**
 * Layer health over training: the live run's measurements, or a stored run's, chosen in a select.
 * By default the run in progress (or the last one of this page); after a reload, the newest stored
 * run with health.
 */
export function LayerHealthPanel() {
  const live = useAppStore(useShallow(selectLive));
  const runs = useAppStore(selectStoredRuns);
  const stored = useMemo(() => withHealth(runs), [runs]);
  const [choice, setChoice] = useState<string | null>(null);
  const selectId = useId();
  // Deferred and throttled: the charts redraw in React's background work, twice a second at most.
  const liveHealth = useThrottledValue(useDeferredValue(live.health), REDRAW_MS);
  const liveHistograms = useThrottledValue(useDeferredValue(live.histograms), REDRAW_MS);

  const hasLive = live.runConfig !== null; // a run of this page, even before its first measurement
  const chosenRun = choice !== null && choice !== CURRENT ? stored.find((r) => r.id === choice) : undefined;
  const storedRun = chosenRun ?? (choice === null && !hasLive ? stored[0] : undefined);
  const selected = storedRun?.id ?? CURRENT;
  const storedConfig = useMemo(() => (storedRun ? parseQuery(storedRun.query).config : null), [storedRun]);
  const config = storedConfig ?? live.runConfig;
  const samples = storedRun ? storedRun.health : liveHealth;
  const histograms = storedRun ? storedRun.histograms : liveHistograms;

  return (
    <section className="panel health-panel" aria-labelledby="health-title" data-shown={selected} data-samples={samples.length}>
      <h2 id="health-title">Layer health</h2>
      <p className="hint">
        Measured every {HEALTH_EVERY_BATCHES} batches of a run on the batch just trained (one more forward and backward pass, no step
        taken), stored with the run. The saturation, each parameter’s gradient root-mean-square (RMS) and how far a step moves each weight
        matrix tell which layers learn, and how fast.
      </p>
      <p className="health-choice">
        <label htmlFor={selectId}>Show the health of</label>{' '}
        <select id={selectId} value={selected} onChange={(e) => setChoice(e.target.value)}>
          <option value={CURRENT}>
            {live.runConfig ? `this run (${describeDifferences(live.runConfig)})` : 'this run (none yet in this page)'}
          </option>
          {stored.map((run) => (
            <option key={run.id} value={run.id}>
              {`stored: ${runName(run)}, ${runDate(run.startedAt)}`}
            </option>
          ))}
        </select>
      </p>
      {samples.length === 0 || !config ? (
        <p className="hint">
          {storedRun
            ? 'This stored run has no health measurements.'
            : 'No measurements yet: they appear while a run trains. Runs stored before this version have none.'}
        </p>
      ) : (
        <LayerHealthCharts
          samples={samples}
          histograms={histograms}
          activation={config.activation}
          optimizer={config.optimizer}
          totalEpochs={config.epochs}
        />
      )}
    </section>
  );
}
