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
import { LossChart } from './LossChart';

const selectChart = (s: AppState) => ({
  running: selectLossPoints(s),
  epochs: selectEpochs(s),
  rateChanges: selectRateChanges(s),
  run: selectRunConfig(s),
  config: selectConfig(s),
});

/** The live loss chart and the epoch table: the only part of the page a progress tick redraws besides the status line. */
export function LossPanel() {
  const { running, epochs, rateChanges, run, config } = useAppStore(useShallow(selectChart));
  const shown = run ?? config;
  return (
    <section className="panel" aria-labelledby="loss-title">
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
