import { memo } from 'react';
import type { RaceState } from '../store/raceSlice';
import { variantFraction, variantStyle, type VariantRun } from '../store/raceVariants';

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '–' : (x * 100).toFixed(2));

/** A variant's state in one word or two. */
function stateText(v: VariantRun): string {
  if (v.stopping && !['done', 'stopped', 'error'].includes(v.phase)) return 'stopping';
  switch (v.phase) {
    case 'loading':
    case 'warming-up':
      return 'starting';
    case 'done':
      return 'finished';
    case 'error':
      return v.error?.kind === 'diverged' ? 'diverged' : 'failed';
    default:
      return v.phase;
  }
}

/**
 * Each variant of the race: how far it got, its running loss, its epoch losses and the test
 * accuracy after each epoch, and how it ended; what ended one early is said below the table.
 */
export const RaceTable = memo(function RaceTable({ race }: { race: RaceState }) {
  const ended = race.variants.filter((v) => v.error);
  return (
    <>
      <p className="race-summary">
        {race.variants.length} variants of {race.spec.param},{' '}
        {race.path === 'workers'
          ? `${race.workers} worker${race.workers > 1 ? 's' : ''}`
          : race.path === 'batched'
            ? 'batched in one GPU device'
            : 'interleaved in one GPU device'}
        {race.data ? ` (data ${race.data === 'shared-memory' ? 'shared' : 'copied'})` : ''}
        {race.seconds !== null ? `, ${race.seconds.toFixed(1)} s` : ''}
      </p>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Race variants (scrolls sideways)">
        <table
          className="race-table"
          aria-label="Race variants"
          data-race={race.id}
          data-status={race.status}
          data-path={race.path}
          data-seconds={race.seconds ?? ''}
          data-batched-calls={race.batched?.calls}
          data-variant-steps={race.batched?.variantSteps}
        >
          <thead>
            <tr>
              <th scope="col">Variant</th>
              <th scope="col">Progress</th>
              <th scope="col">Loss now</th>
              <th scope="col">Epoch losses</th>
              <th scope="col">Test accuracy (%) per epoch</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {race.variants.map((v) => {
              const style = variantStyle(v.variant);
              const fraction = variantFraction(v);
              const running = v.lossPoints.at(-1)?.loss;
              return (
                <tr
                  key={v.variant}
                  data-variant={v.variant}
                  data-losses={JSON.stringify(v.epochs.map((e) => e.loss))}
                  data-phase={v.phase}
                  data-test-accuracy={v.accuracy?.test ?? ''}
                  data-worker={v.worker}
                  data-tensors={JSON.stringify(v.tensorsPerEpoch)}
                >
                  <th scope="row">
                    <span className={`swatch line${style.dash ? ' dashed' : ''}`} style={{ borderColor: style.color }} aria-hidden="true" />{' '}
                    {v.label}
                  </th>
                  <td className="race-progress">
                    <progress max={1} value={fraction} aria-label={`${v.label} progress`} />
                    <span>{v.progress ? `epoch ${v.progress.epoch + 1}/${v.config.epochs}, ${Math.round(fraction * 100)}%` : '–'}</span>
                  </td>
                  <td>{running === undefined ? '–' : Number.isFinite(running) ? running.toFixed(4) : String(running)}</td>
                  <td>{v.epochs.map((e) => e.loss.toFixed(4)).join(', ') || '–'}</td>
                  <td>{v.epochs.map((e) => pct(e.testAccuracy)).join(', ') || '–'}</td>
                  <td className={`race-state ${v.phase}`}>{stateText(v)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {ended.length > 0 && (
        <ul className="race-messages">
          {ended.map((v) => (
            <li key={v.variant} data-variant={v.variant}>
              <strong>{v.label}:</strong> {v.error!.message}
            </li>
          ))}
        </ul>
      )}
    </>
  );
});
