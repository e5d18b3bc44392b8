import { useId } from 'react';
import { useAppStore, isActive, selectConfig, selectPhase, type AppState } from '../store/appStore';
import { suggestedRate, type LrFinderState } from '../store/lrFinderSlice';
import { raceActive } from '../store/raceSlice';
import { CHOICE_SETTINGS_BY_KEY, NUM_SETTINGS_BY_KEY, type ChoiceKey, type NumericKey } from '../store/settings';
import {
  LR_FINDER_DURING_RUN,
  lrFinderProgressText,
  lrFinderStaleText,
  lrFinderStopText,
  lrFinderSuggestionText,
} from '../store/whatIfMessages';
import type { RunConfig } from '../worker/protocol';
import { LrFinderChart } from './LrFinderChart';
import './lrfinder.css';

const selectLrFinder = (s: AppState) => s.lrFinder;

/** The settings a range test depends on: another value of one makes its suggestion another's. */
const FINDER_NUMBERS: readonly NumericKey[] = ['hidden1', 'hidden2', 'batchSize', 'samples', 'seed', 'weightDecay'];
const FINDER_CHOICES: readonly ChoiceKey[] = ['activation', 'init', 'optimizer'];

function changedSince(found: RunConfig, now: RunConfig): string[] {
  return [
    ...FINDER_CHOICES.filter((k) => found[k] !== now[k]).map((k) => CHOICE_SETTINGS_BY_KEY[k].label),
    ...FINDER_NUMBERS.filter((k) => found[k] !== now[k]).map((k) => NUM_SETTINGS_BY_KEY[k].label),
  ];
}

/** What the finished test found: how it stopped, the suggestion and its rule, and the button that uses it. */
function FinderResult({ finder }: { finder: LrFinderState }) {
  const config = useAppStore(selectConfig);
  const useSuggestedRate = useAppStore((s) => s.useSuggestedRate);
  const result = finder.result!;
  const rounded = suggestedRate(result.suggestion);
  const stale = changedSince(finder.config, config);
  return (
    <div className="lr-finder-result">
      <p className="lr-finder-suggestion" data-suggestion={rounded ?? ''}>
        {lrFinderSuggestionText(result.suggestion, rounded)}
      </p>
      <p className="field-help">
        {lrFinderStopText(result, finder.total || result.points.length)} Took {result.seconds.toFixed(1)} s, on a copy of these settings’
        starting weights: the current weights are untouched.
      </p>
      {stale.length > 0 && <p className="field-note">{lrFinderStaleText(stale)}</p>}
      {rounded !== null && (
        <button type="button" onClick={useSuggestedRate}>
          Use this learning rate
        </button>
      )}
    </div>
  );
}

/**
 * "Find a learning rate": fastai's range test for the current settings, between runs. Shows its
 * progress with a way to stop it, then the curve, how it stopped and the suggestion.
 */
export function LrFinder() {
  const id = useId();
  const finder = useAppStore(selectLrFinder);
  const racing = useAppStore((s) => raceActive(s.race));
  const running = isActive(useAppStore(selectPhase)) || racing;
  const findLearningRate = useAppStore((s) => s.findLearningRate);
  const cancelLrFinder = useAppStore((s) => s.cancelLrFinder);
  const busy = finder?.status === 'running';

  return (
    <div className="lr-finder">
      <div className="lr-finder-bar">
        <button type="button" onClick={findLearningRate} disabled={running || busy} aria-describedby={busy ? undefined : `${id}-what`}>
          Find a learning rate
        </button>
        {busy ? (
          <button type="button" onClick={cancelLrFinder}>
            Stop the test
          </button>
        ) : (
          <span className="field-help" id={`${id}-what`}>
            fastai’s range test
          </span>
        )}
      </div>
      {running && !busy && <p className="field-note">{LR_FINDER_DURING_RUN}</p>}
      {busy && (
        <div className="lr-finder-progress">
          <p>{lrFinderProgressText(finder.points.length, finder.total)}</p>
          <progress aria-label="Range test progress" max={finder.total || 1} value={finder.points.length} />
        </div>
      )}
      {finder && finder.points.length > 0 && <LrFinderChart points={finder.points} suggestion={finder.result?.suggestion ?? null} />}
      {finder?.status === 'done' && finder.result && <FinderResult finder={finder} />}
      {finder?.status === 'failed' && (
        <p className="warning" role="alert">
          {finder.error}
        </p>
      )}
    </div>
  );
}
