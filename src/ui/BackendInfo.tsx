import { describeSkip, describeStepNote } from '../store/messages';
import { BACKEND_LABELS, type BackendReport } from '../worker/protocol';

const HOW: Record<BackendReport['chosenBy'], string> = {
  forced: 'chosen in the settings',
  timed: 'the fastest of the backends timed just now',
  remembered: 'the fastest when this browser timed them earlier (remembered)',
  fallback: 'the first that started',
};

/** What a report says of the GPU adapter, as the page marks it for tests that depend on it (README: "What the tests assume"). */
export const adapterKind = (report: BackendReport | null) =>
  report?.adapter === undefined ? 'unknown' : report.softwareAdapter ? 'software' : 'hardware';

/** Which backend trains, why, and why each other one was not used. */
export function BackendInfo({ report }: { report: BackendReport | null }) {
  if (!report) return <p className="backend">Backend: not chosen yet (WebGPU first, then WebGL, Wasm, CPU).</p>;
  return (
    <div className="backend" data-choice={report.id} data-adapter={adapterKind(report)}>
      <p>
        Backend: <strong data-testid="backend-name">{BACKEND_LABELS[report.name]}</strong>
        {report.path === 'fused' && <> (fused WGSL kernel)</>} — {HOW[report.chosenBy]}
        {report.timings.length > 0 && (
          <>
            {' '}
            (
            {report.timings
              .map((t) => `${BACKEND_LABELS[t.name]}${t.path === 'fused' ? ' fused' : ''} ${t.msPerStep.toFixed(1)} ms/step`)
              .join(', ')}
            )
          </>
        )}
        .
      </p>
      {report.skipped.length > 0 && (
        <ul className="skipped">
          {report.skipped.map((s) => (
            <li key={s.name}>
              {BACKEND_LABELS[s.name]} not used: {describeSkip(s.reason)}
            </li>
          ))}
        </ul>
      )}
      {report.stepNote && <p className="adapter">{describeStepNote(report.stepNote)}</p>}
      {report.adapter && <p className="adapter">GPU adapter: {report.adapter}</p>}
    </div>
  );
}
