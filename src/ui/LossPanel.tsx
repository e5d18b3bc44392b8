import { useDeferredValue } from 'react';
import { useShallow } from 'zustand/react/shallow';
import {
  useAppStore,
  selectConfig,
  selectEpochs,
  selectLossPoints,
  selectRateChanges,
  selectRunConfig,
  type AppState,
} from '../store/appStore';
import { CHAPTER_EPOCH_LOSSES, isChapterSetup } from '../store/settings';
import { EpochTable } from './EpochTable';
import { useThrottledValue } from './useThrottledValue';
import { LossChart } from './LossChart';

/** The running curve is redrawn at most this often (its points arrive ten times a second). */
const CHART_REDRAW_MS = 250;

const selectChart = (s: AppState) => ({
  running: selectLossPoints(s),
  epochs: selectEpochs(s),
  rateChanges: selectRateChanges(s),
  run: selectRunConfig(s),
  config: selectConfig(s),
});

/** The live loss chart and the epoch table: the only part of the page a progress tick redraws besides the status line. */
export function LossPanel() {
  // Deferred: the chart re-renders in React's background slices (a few ms each) after the urgent
  // updates, so that drawing the SVG never holds the main thread for a whole frame.
  const { running: live, epochs, rateChanges, run, config } = useDeferredValue(useAppStore(useShallow(selectChart)));
  const running = useThrottledValue(live, CHART_REDRAW_MS);
  const shown = run ?? config;
  return (
    <section className="panel loss-panel" aria-labelledby="loss-title">
      <h2 id="loss-title">Loss and test accuracy</h2>
      <div className="loss-row">
        <LossChart
          running={running}
          epochs={epochs}
          chapter={isChapterSetup(shown) ? CHAPTER_EPOCH_LOSSES : null}
          totalEpochs={shown.epochs}
          rateChanges={rateChanges}
        />
        <EpochTable rows={epochs} />
      </div>
    </section>
  );
}
