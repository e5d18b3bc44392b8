import { useShallow } from 'zustand/react/shallow';
import { useAppStore, selectEpochLosses, selectLossPoints, selectRunConfig, selectConfig, type AppState } from '../store/appStore';
import { CHAPTER_EPOCH_LOSSES, isChapterSetup } from '../store/settings';
import { Controls } from './Controls';
import { EpochTable } from './EpochTable';
import { LossChart } from './LossChart';
import { Notices } from './Notices';
import { PredictionPanel } from './PredictionPanel';
import { StatusPanel } from './StatusPanel';

const selectChart = (s: AppState) => ({
  running: selectLossPoints(s),
  epochs: selectEpochLosses(s),
  run: selectRunConfig(s),
  config: selectConfig(s),
});

/** The page: settings, the live training view, and the drawing pad. */
export function App() {
  const { running, epochs, run, config } = useAppStore(useShallow(selectChart));
  const shown = run ?? config;
  return (
    <>
      <header>
        <h1>MNIST, trained in the tab</h1>
        <p>
          The training loop of a small neural network (784 → 100 → 50 → 10, sigmoid, softmax), written out by hand as in the PyTorch chapter
          and run with TensorFlow.js in a Web Worker: forward pass, cross-entropy, gradients, plain SGD. Click <strong>Train</strong>, watch
          the loss fall, then draw a digit.
        </p>
      </header>
      <Notices />
      <main>
        <Controls />
        <div className="center">
          <StatusPanel />
          <section className="panel" aria-labelledby="loss-title">
            <h2 id="loss-title">Loss</h2>
            <div className="loss-row">
              <LossChart
                running={running}
                epochs={epochs}
                chapter={isChapterSetup(shown) ? CHAPTER_EPOCH_LOSSES : null}
                totalEpochs={shown.epochs}
              />
              <EpochTable rows={epochs} />
            </div>
          </section>
        </div>
        <PredictionPanel />
      </main>
    </>
  );
}
