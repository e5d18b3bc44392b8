import { useAppStore, selectAnnouncement } from '../store/appStore';
import { ConfusionPanel } from './ConfusionPanel';
import { Controls } from './Controls';
import { LossPanel } from './LossPanel';
import { Notices } from './Notices';
import { PredictionPanel } from './PredictionPanel';
import { RunsPanel } from './RunsPanel';
import { Staged } from './Staged';
import { StatusPanel } from './StatusPanel';
import { UpdateBanner } from './UpdateBanner';
import { useShortcuts } from './useShortcuts';
import { WeightsPanel } from './WeightsPanel';
import { WeightTiles } from './WeightTiles';

/** Each epoch's loss and test accuracy and the end of a run, said politely to screen readers. */
function Announcer() {
  const text = useAppStore(selectAnnouncement);
  return (
    <p className="visually-hidden" role="status" aria-live="polite" data-testid="announcer">
      {text}
    </p>
  );
}

/** The page: settings, the live training view, inside the network, the drawing pad, and the runs kept. */
export function App() {
  useShortcuts();
  return (
    <>
      <header>
        <h1>MNIST, trained in the tab</h1>
        <p>
          The training loop of a small neural network (784 → 100 → 50 → 10, sigmoid, softmax), written out by hand as in the PyTorch chapter
          and run with TensorFlow.js in a Web Worker: forward pass, cross-entropy, gradients, plain SGD. Click <strong>Train</strong>, watch
          the loss fall, look inside the network, then draw a digit.
        </p>
      </header>
      <UpdateBanner />
      <Notices />
      <Announcer />
      <main>
        <Controls />
        <div className="center">
          <StatusPanel />
          <Staged stage={1} minHeight={420}>
            <LossPanel />
          </Staged>
          <Staged stage={3} minHeight={120}>
            <ConfusionPanel />
          </Staged>
          <Staged stage={4} minHeight={160}>
            <WeightTiles />
          </Staged>
        </div>
        <div className="side">
          <Staged stage={2} minHeight={420}>
            <PredictionPanel />
          </Staged>
          <Staged stage={4}>
            <WeightsPanel />
          </Staged>
        </div>
        <Staged stage={5}>
          <RunsPanel />
        </Staged>
      </main>
    </>
  );
}
