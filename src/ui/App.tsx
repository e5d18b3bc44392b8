import { useAppStore, selectAnnouncement } from '../store/appStore';
import { Notices } from './Notices';
import { PAD_COLUMN_ID } from './PadJump';
import { PredictionPanel } from './PredictionPanel';
import { RunBar } from './RunBar';
import { Staged } from './Staged';
import { UpdateBanner } from './UpdateBanner';
import { ViewArea } from './ViewArea';
import { useShortcuts } from './useShortcuts';
import { ViewNav } from './ViewNav';
import './views.css';

/** Each epoch's loss and test accuracy and the end of a run, said politely to screen readers. */
function Announcer() {
  const text = useAppStore(selectAnnouncement);
  return (
    <p className="visually-hidden" role="status" aria-live="polite" data-testid="announcer">
      {text}
    </p>
  );
}

/**
 * The page: the views' navigation, the run bar (status, progress and run buttons, in every view),
 * the current view, and beside it the drawing pad, in every view.
 */
export function App() {
  useShortcuts();
  return (
    <>
      <header>
        <div className="masthead">
          <h1>MNIST, trained in the tab</h1>
          <ViewNav />
        </div>
        <p className="intro">
          The training loop of a small neural network (784 → 100 → 50 → 10, sigmoid, softmax), written out by hand as in the PyTorch chapter
          and run with TensorFlow.js in a Web Worker: forward pass, cross-entropy, gradients, plain SGD. Click <strong>Train</strong>, watch
          the loss fall, look inside the network, then draw a digit.
        </p>
      </header>
      <UpdateBanner />
      <Notices />
      <Announcer />
      <main>
        <RunBar />
        <div className="layout">
          <ViewArea />
          <div className="side" id={PAD_COLUMN_ID} tabIndex={-1}>
            <Staged stage={2} minHeight={420}>
              <PredictionPanel />
            </Staged>
          </div>
        </div>
      </main>
    </>
  );
}
