import { useAppStore, selectEpochs, selectPhase, selectProgress, selectRunConfig } from '../store/appStore';

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '–';
  if (s < 60) return `${Math.ceil(s)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** Samples a second, time a step, the time left, and what the test-set check after each epoch costs. */
export function SpeedLine() {
  const phase = useAppStore(selectPhase);
  const progress = useAppStore(selectProgress);
  const runConfig = useAppStore(selectRunConfig);
  const epochs = useAppStore(selectEpochs);
  if (!progress) return null;
  const total = runConfig?.epochs ?? 1;
  const done = progress.epoch + progress.batch / progress.batches;
  const eta = ((total - done) * progress.batches * progress.msPerStep) / 1000;
  const lastEval = epochs.findLast((e) => e.evalSeconds !== null);
  return (
    <p className="speed">
      {Math.round(progress.samplesPerSecond).toLocaleString('en-US')} samples/s · {progress.msPerStep.toFixed(2)} ms/step
      {phase === 'training' && <> · about {formatSeconds(eta)} left</>}
      {lastEval && (
        <>
          {' '}
          · test-set check after each epoch: {lastEval.evalSeconds!.toFixed(2)} s (
          {((100 * lastEval.evalSeconds!) / lastEval.seconds).toFixed(1)}% of the epoch)
        </>
      )}
    </p>
  );
}
