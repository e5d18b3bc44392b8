import { lazy, Suspense, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import {
  useAppStore,
  isActive,
  selectHistory,
  selectPhase,
  selectShownRunIds,
  selectWeightsOrigin,
  type AppState,
} from '../store/appStore';
import { HISTORY_LIMIT } from '../store/history';
import { runDate } from '../store/historySlice';
import { skippedRunsText } from '../store/messages';
import { RUN_COLORS } from '../store/curves';
import { raceTagText } from '../store/experiments';
import { describeDifferences, parseQuery } from '../store/settings';
const CompareChart = lazy(() => import('./CompareChart'));

const selectRunActions = (s: AppState) => ({
  toggle: s.toggleShown,
  load: s.loadRunSettings,
  use: s.useRunWeights,
  remove: s.deleteRun,
  clear: s.deleteAllRuns,
});

const ENDINGS = { finished: 'finished', stopped: 'stopped', diverged: 'diverged', imported: 'imported' } as const;

/**
 * Every finished, stopped or diverged run, newest first: compare, reload settings, reuse weights.
 * A race's runs say which race and which variant; the run chosen in the experiments is marked.
 */
export function RunsPanel({ selectedRunId = null }: { selectedRunId?: string | null }) {
  const history = useAppStore(selectHistory);
  const shown = useAppStore(selectShownRunIds);
  const origin = useAppStore(selectWeightsOrigin);
  const phase = useAppStore(selectPhase);
  const actions = useAppStore(useShallow(selectRunActions));
  const dialog = useRef<HTMLDialogElement>(null);
  const running = isActive(phase);

  return (
    <section className="panel runs" aria-labelledby="runs-title">
      <h2 id="runs-title">Runs</h2>
      <p className="hint">
        Every run that finishes, is stopped or diverges is kept in this browser with its weights; at most the last {HISTORY_LIMIT}, the
        oldest deleted first.
        {history.pruned > 0 && ` ${history.pruned} older run${history.pruned > 1 ? 's were' : ' was'} deleted to stay at ${HISTORY_LIMIT}.`}
      </p>
      {history.problem && (
        <p className="warning" role="alert">
          {history.problem}
        </p>
      )}
      {history.skipped > 0 && (
        <p className="warning" role="alert">
          {skippedRunsText(history.skipped)}
        </p>
      )}
      {history.runs.length === 0 ? (
        <p className="hint">{history.status === 'loading' ? 'Reading stored runs…' : 'No runs yet.'}</p>
      ) : (
        <>
          <ol className="run-list">
            {history.runs.map((run) => {
              const id = `run-${run.id.replace(/[^a-z0-9]/gi, '')}`;
              const index = shown.indexOf(run.id);
              const config = parseQuery(run.query).config;
              const race = raceTagText(run);
              const classes = [origin?.runId === run.id && 'current', selectedRunId === run.id && 'selected'].filter(Boolean).join(' ');
              return (
                <li key={run.id} className={classes || undefined} aria-current={selectedRunId === run.id ? 'true' : undefined}>
                  <p id={id} className="run-line">
                    <span className="run-date">{runDate(run.startedAt)}</span>{' '}
                    <span className="run-settings">
                      {run.ending === 'imported'
                        ? `imported ${run.source ?? ''}, ${run.arch.hidden1}-${run.arch.hidden2}`
                        : describeDifferences(config, { backend: true })}
                    </span>{' '}
                    <span className="run-acc">test {run.testAccuracy === null ? '–' : `${(run.testAccuracy * 100).toFixed(2)}%`}</span>{' '}
                    <span className={`run-end ${run.ending}`}>{ENDINGS[run.ending]}</span>
                    {race && (
                      <>
                        {' '}
                        <span className="run-race">{race}</span>
                      </>
                    )}
                    {selectedRunId === run.id && <span className="run-current"> · selected</span>}
                    {origin?.runId === run.id && <span className="run-current"> · in use</span>}
                  </p>
                  <div className="run-actions">
                    <label className="show-on-chart">
                      <input
                        type="checkbox"
                        checked={index >= 0}
                        disabled={run.curve.length === 0}
                        onChange={() => actions.toggle(run.id)}
                        aria-describedby={id}
                      />
                      {index >= 0 && (
                        <span className="swatch" style={{ background: RUN_COLORS[index % RUN_COLORS.length] }} aria-hidden="true" />
                      )}
                      Show on chart
                    </label>
                    <button type="button" onClick={() => actions.load(run.id)} aria-describedby={id} disabled={run.ending === 'imported'}>
                      Load settings
                    </button>
                    <button type="button" onClick={() => void actions.use(run.id)} aria-describedby={id} disabled={running}>
                      Use weights
                    </button>
                    <button type="button" onClick={() => void actions.remove(run.id)} aria-describedby={id}>
                      Delete
                    </button>
                  </div>
                </li>
              );
            })}
          </ol>
          <button type="button" className="danger" onClick={() => dialog.current?.showModal()}>
            Delete all runs
          </button>
        </>
      )}
      <dialog ref={dialog} aria-labelledby="delete-all-title">
        <h3 id="delete-all-title">Delete all {history.runs.length} stored runs?</h3>
        <p>Their curves and weights are removed from this browser, with no way to bring them back.</p>
        <div className="buttons">
          <button
            type="button"
            className="danger"
            onClick={() => {
              dialog.current?.close();
              void actions.clear();
            }}
          >
            Delete every run
          </button>
          <button type="button" onClick={() => dialog.current?.close()} autoFocus>
            Keep them
          </button>
        </div>
      </dialog>
      <Suspense fallback={<p className="hint">Loading the chart…</p>}>
        <CompareChart />
      </Suspense>
    </section>
  );
}
