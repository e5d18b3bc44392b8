import {
  useAppStore,
  selectBackend,
  selectLastStep,
  selectPausedAt,
  selectPhase,
  selectPrep,
  selectProgress,
  selectRunConfig,
  selectStopping,
} from '../store/appStore';
import { BACKEND_LABELS } from '../worker/protocol';

/**
 * The status line that changes ten times a second while training, with its progress bar and the
 * loss of the last Step: kept in a component of its own so that a progress tick re-renders only
 * this (and the speed line in the Train view).
 */
export function ProgressLine() {
  const phase = useAppStore(selectPhase);
  const progress = useAppStore(selectProgress);
  const runConfig = useAppStore(selectRunConfig);
  const prep = useAppStore(selectPrep);
  const backend = useAppStore(selectBackend);
  const pausedAt = useAppStore(selectPausedAt);
  const lastStep = useAppStore(selectLastStep);
  const stopping = useAppStore(selectStopping);

  const total = runConfig?.epochs ?? 1;
  const position = pausedAt ?? progress;
  const done = position ? position.epoch + position.batch / position.batches : 0;
  const fraction = phase === 'done' ? 1 : phase === 'loading' ? 0 : done / total;

  let text: string;
  switch (phase) {
    case 'idle':
      text = 'Ready. Click Train to start.';
      break;
    case 'loading':
      text =
        prep.data === 'ready'
          ? 'Starting: choosing the backend…'
          : prep.dataStage === 'decoding'
            ? 'Loading data: decoding the images…'
            : prep.dataStage === 'verifying'
              ? 'Loading data: checking the images against the MNIST files…'
              : prep.cached
                ? 'Loading data: from this browser’s cache…'
                : `Loading data: ${Math.floor(prep.dataFraction * 100)}%`;
      break;
    case 'warming-up':
      text = `Warming up ${backend ? BACKEND_LABELS[backend.name] : ''}: placing the data, compiling the first step…`;
      break;
    case 'training':
      text = progress ? `Training: epoch ${progress.epoch + 1}/${total}, batch ${progress.batch}/${progress.batches}` : 'Training…';
      break;
    case 'paused':
      text = pausedAt ? `Paused in epoch ${pausedAt.epoch + 1}, batch ${pausedAt.batch}/${pausedAt.batches}` : 'Pausing…';
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

  if (stopping && ['loading', 'warming-up', 'training', 'paused', 'evaluating'].includes(phase)) text = 'Stopping…';

  return (
    <>
      <p className="phase" id="phase">
        {text}
      </p>
      <progress max={1} value={fraction} aria-label="Training progress" />
      {phase === 'paused' && lastStep && (
        <p className="step-loss">
          Step: batch {lastStep.position.batch} of epoch {lastStep.position.epoch + 1} had loss {lastStep.loss.toFixed(4)}.
        </p>
      )}
    </>
  );
}
