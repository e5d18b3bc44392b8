import {
  useAppStore,
  selectAccuracy,
  selectBackend,
  selectError,
  selectPhase,
  selectTensorsPerEpoch,
  selectWeightsOrigin,
  selectPrep,
} from '../store/appStore';
import { BACKEND_LABELS, type PrepStatus } from '../worker/protocol';
import { adapterKind, BackendInfo } from './BackendInfo';
import { ProgressLine } from './ProgressLine';

const percent = (x: number) => `${(x * 100).toFixed(2)}%`;

/** The background preparation, said discreetly: what is being got ready, then what is ready. */
function prepText(prep: PrepStatus): string | null {
  const report = prep.backend === 'ready' ? prep.report : null;
  const speed = prep.msPerStep !== null ? `, ${prep.msPerStep.toFixed(1)} ms/step` : '';
  const chosen = report ? `${BACKEND_LABELS[report.name]}${report.path === 'fused' ? ' (fused kernel)' : ''}${speed}` : null;
  if (prep.data === 'error') {
    const why = prep.dataFailure ? `: ${prep.dataFailure.file} ${prep.dataFailure.problem}` : ' yet';
    return `Getting ready: the data could not be loaded${why} (Train retries).`;
  }
  if (prep.data !== 'ready') {
    const data = prep.data === 'loading' ? `data ${Math.floor(prep.dataFraction * 100)}%` : 'data';
    const backend = chosen ? `; ${chosen} chosen` : prep.backend === 'choosing' ? '; choosing the backend' : '';
    return `Getting ready: ${data}${backend}…`;
  }
  if (!report) return prep.backend === 'choosing' ? 'Getting ready: choosing the backend…' : null;
  const shape = prep.config ? ` for 784-${prep.config.hidden1}-${prep.config.hidden2}-10, batch ${prep.config.batchSize}` : '';
  const how = {
    timed: 'timed just now',
    remembered: 'remembered from an earlier timing',
    forced: 'chosen in the settings',
    fallback: 'the first that started',
  }[report.chosenBy];
  return `Ready: ${chosen}${shape} (${how}).`;
}

/** Phase, progress, speed, accuracy, errors with what to do, and a memory diagnostic. */
export function StatusPanel() {
  const phase = useAppStore(selectPhase);
  const prep = useAppStore(selectPrep);
  const backend = useAppStore(selectBackend);
  const accuracy = useAppStore(selectAccuracy);
  const error = useAppStore(selectError);
  const tensors = useAppStore(selectTensorsPerEpoch);
  const origin = useAppStore(selectWeightsOrigin);
  const train = useAppStore((s) => s.train);
  const ready = prepText(prep);

  return (
    <section className="panel status" aria-labelledby="status-title">
      <h2 id="status-title">Training</h2>
      <ProgressLine />
      {(phase === 'idle' || phase === 'loading') && ready && (
        <p className="prep" data-choice={prep.report?.id} data-adapter={adapterKind(prep.report)}>
          {ready}
        </p>
      )}
      {accuracy && (
        <div className="accuracy">
          {accuracy.train !== null && <p>Train accuracy: {percent(accuracy.train)}</p>}
          {accuracy.test !== null && <p>Test accuracy: {percent(accuracy.test)}</p>}
        </div>
      )}
      {origin && <p className="origin">{origin.text}</p>}
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
