import { useAppStore, selectBackend, selectPhase, selectTensorsPerEpoch, selectWeightsOrigin, selectPrep } from '../store/appStore';
import { BACKEND_LABELS, type PrepStatus } from '../worker/protocol';
import { adapterKind, BackendInfo } from './BackendInfo';
import { EngineFields } from './EngineFields';
import { SpeedLine } from './SpeedLine';

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

/**
 * How the run computes (the Train view): the backend and gradients chosen, getting ready,
 * speed, which backend trains and why, where the weights come from, and a memory diagnostic. The status line, the progress, the accuracy and errors
 * are in the run bar, which every view shows.
 */
export function StatusPanel() {
  const phase = useAppStore(selectPhase);
  const prep = useAppStore(selectPrep);
  const backend = useAppStore(selectBackend);
  const tensors = useAppStore(selectTensorsPerEpoch);
  const origin = useAppStore(selectWeightsOrigin);
  const ready = prepText(prep);

  return (
    <section className="panel status" aria-labelledby="status-title">
      <h2 id="status-title">Backend and speed</h2>
      <EngineFields />
      <SpeedLine />
      {(phase === 'idle' || phase === 'loading') && ready && (
        <p className="prep" data-choice={prep.report?.id} data-adapter={adapterKind(prep.report)}>
          {ready}
        </p>
      )}
      {origin && <p className="origin">{origin.text}</p>}
      <BackendInfo report={backend} />
      <p className="diagnostics">Tensors in memory after each epoch: {tensors.length ? tensors.join(', ') : '–'}</p>
    </section>
  );
}
