import { useDeferredValue, useState } from 'react';
import { useAppStore, isActive, selectPhase, type AppState } from '../store/appStore';
import { parseRace, raceText } from '../store/raceSpec';
import { raceActive } from '../store/raceSlice';
import { RaceLive } from './RaceLive';
import './race.css';

const selectRaceStatus = (s: AppState) => s.race?.status ?? null;
const selectHasRace = (s: AppState) => s.race !== null;
const selectRacing = (s: AppState) => raceActive(s.race);
const selectRaceSpec = (s: AppState) => s.raceSpec;

/** Race: one setting varied over a few values, every variant trained at once and watched on one chart. */
export function RacePanel() {
  const status = useAppStore(selectRaceStatus);
  // The chart and table mount in a background render, not in the click's own task.
  const hasRace = useDeferredValue(useAppStore(selectHasRace));
  const racing = useAppStore(selectRacing);
  const spec = useAppStore(selectRaceSpec);
  const phase = useAppStore(selectPhase);
  const setRaceSpec = useAppStore((s) => s.setRaceSpec);
  const startRace = useAppStore((s) => s.startRace);
  const stopRace = useAppStore((s) => s.stopRace);
  const pauseRace = useAppStore((s) => s.pauseRace);
  const resumeRace = useAppStore((s) => s.resumeRace);
  const [draft, setDraft] = useState(spec ? raceText(spec) : '');
  const [problem, setProblem] = useState<string | null>(null);

  const apply = (text: string) => {
    if (text.trim() === '') {
      setRaceSpec(null);
      setProblem(null);
      return;
    }
    const parsed = parseRace(text);
    if ('spec' in parsed) {
      setRaceSpec(parsed.spec);
      setProblem(null);
    } else setProblem(parsed.problem);
  };

  return (
    <section className="panel race" aria-labelledby="race-title">
      <h2 id="race-title">Race</h2>
      <div className="field">
        <label htmlFor="race-spec">Race setting and values</label>
        <input
          id="race-spec"
          type="text"
          value={draft}
          placeholder="lr:0.1,1,3,10"
          spellCheck={false}
          autoCapitalize="off"
          onChange={(e) => setDraft(e.target.value)}
          onBlur={() => apply(draft)}
          onKeyDown={(e) => e.key === 'Enter' && apply(draft)}
          aria-describedby="race-help"
          aria-invalid={problem !== null}
        />
        <p className="hint" id="race-help">
          One setting and its values (lr, seed, h1, h2, batch, act, init, opt, wd), e.g. lr:0.1,1,3,10, act:sigmoid,relu, or a log grid
          lr:0.01-10x7; at most 16 variants. Every variant trains at once with the other settings as they are, and is kept as a run.
        </p>
        {problem && (
          <p className="error-inline" role="alert">
            {problem}
          </p>
        )}
      </div>
      <div className="race-buttons">
        <button type="button" className="primary" onClick={startRace} disabled={!spec || racing || isActive(phase)}>
          Race
        </button>
        <button type="button" onClick={status === 'paused' ? resumeRace : pauseRace} disabled={status !== 'running' && status !== 'paused'}>
          {status === 'paused' ? 'Resume race' : 'Pause race'}
        </button>
        <button type="button" onClick={stopRace} disabled={!racing}>
          Stop race
        </button>
      </div>
      <p className="hint" id="race-controls-note">
        {isActive(phase)
          ? 'A run is going: Race waits until it ends.'
          : 'While a race goes, the run bar’s Pause, Resume and Stop and the keys Space and Esc act on the whole race.'}
      </p>
      {hasRace && <RaceLive />}
    </section>
  );
}
