import { useShallow } from 'zustand/react/shallow';
import {
  useAppStore,
  selectAccuracy,
  selectBackend,
  selectError,
  selectFiles,
  selectPhase,
  selectProgress,
  selectRunConfig,
  selectTensorsPerEpoch,
  type AppState,
} from '../store/appStore';
import { BACKEND_LABELS } from '../worker/protocol';
import { BackendInfo } from './BackendInfo';

const percent = (x: number) => `${(x * 100).toFixed(2)}%`;

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '–';
  if (s < 60) return `${Math.ceil(s)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

const selectLoadTotals = (s: AppState) => {
  const files = Object.values(s.files);
  return {
    loaded: files.reduce((a, f) => a + f.loaded, 0),
    total: files.reduce((a, f) => a + f.total, 0),
    cached: files.length > 0 && files.every((f) => f.cached),
  };
};

/** Phase, progress, speed, accuracy, errors with what to do, and a memory diagnostic. */
export function StatusPanel() {
  const phase = useAppStore(selectPhase);
  const progress = useAppStore(selectProgress);
  const runConfig = useAppStore(selectRunConfig);
  const backend = useAppStore(selectBackend);
  const accuracy = useAppStore(selectAccuracy);
  const error = useAppStore(selectError);
  const tensors = useAppStore(selectTensorsPerEpoch);
  const load = useAppStore(useShallow(selectLoadTotals));
  const fileCount = useAppStore((s) => Object.keys(selectFiles(s)).length);
  const train = useAppStore((s) => s.train);

  const epochs = runConfig?.epochs ?? 1;
  const done = progress ? progress.epoch + progress.batch / progress.batches : 0;
  const fraction = phase === 'done' ? 1 : phase === 'loading' ? 0 : done / epochs;
  const remainingSteps = progress ? (epochs - done) * progress.batches : NaN;
  const eta = progress ? (remainingSteps * progress.msPerStep) / 1000 : NaN;

  let text: string;
  switch (phase) {
    case 'idle':
      text = 'Ready. Click Train to start.';
      break;
    case 'loading':
      text = load.cached
        ? 'Loading data: from this browser’s cache…'
        : `Loading data: ${load.total ? Math.floor((100 * load.loaded) / load.total) : 0}% (${(load.loaded / 1e6).toFixed(1)} of ${(load.total / 1e6).toFixed(1)} MB, ${fileCount} files)`;
      break;
    case 'warming-up':
      text = `Warming up ${backend ? BACKEND_LABELS[backend.name] : ''}: uploading the data, compiling the first step…`;
      break;
    case 'training':
      text = progress ? `Training: epoch ${progress.epoch + 1}/${epochs}, batch ${progress.batch}/${progress.batches}` : 'Training…';
      break;
    case 'evaluating':
      text = 'Computing accuracy on the training samples and the 10,000 test images…';
      break;
    case 'done':
      text = 'Done.';
      break;
    case 'stopped':
      text = progress
        ? `Stopped in epoch ${progress.epoch + 1}, after batch ${progress.batch}. The weights are kept.`
        : 'Stopped before training began.';
      break;
    case 'error':
      text = 'The run ended with an error.';
      break;
  }

  return (
    <section className="panel status" aria-labelledby="status-title">
      <h2 id="status-title">Training</h2>
      <p className="phase" role="status" aria-live="polite">
        {text}
      </p>
      <progress max={1} value={fraction} aria-label="Training progress" />
      {progress && (
        <p className="speed">
          {Math.round(progress.samplesPerSecond).toLocaleString('en-US')} samples/s · {progress.msPerStep.toFixed(2)} ms/step
          {phase === 'training' && <> · about {formatSeconds(eta)} left</>}
        </p>
      )}
      {accuracy && (
        <div className="accuracy">
          {accuracy.train !== null && <p>Train accuracy: {percent(accuracy.train)}</p>}
          {accuracy.test !== null && <p>Test accuracy: {percent(accuracy.test)}</p>}
        </div>
      )}
      {error && (
        <div className="error" role="alert">
          <p>{error.message}</p>
          <p>{error.hint}</p>
          {error.kind === 'data' && (
            <button type="button" onClick={train}>
              Retry
            </button>
          )}
        </div>
      )}
      <BackendInfo report={backend} />
      <p className="diagnostics">Tensors in memory after each epoch: {tensors.length ? tensors.join(', ') : '–'}</p>
    </section>
  );
}
