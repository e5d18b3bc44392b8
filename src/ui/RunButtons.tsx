import { useAppStore, isActive, selectPhase, type AppState } from '../store/appStore';
import { raceActive } from '../store/raceSlice';
import { RACE_BAR_NOTE_ID } from './RaceProgressLine';

const selectRaceStatus = (s: AppState) => (raceActive(s.race) ? s.race!.status : null);

/**
 * Train, Pause/Resume, Step and Stop: one set on the page, in the run bar that every view shows.
 * While a race goes, Pause, Resume and Stop act on the whole race (the bar says so) and Train and
 * Step wait: the race owns the workers.
 */
export function RunButtons() {
  const phase = useAppStore(selectPhase);
  const race = useAppStore(selectRaceStatus);
  const train = useAppStore((s) => s.train);
  const pause = useAppStore((s) => s.pause);
  const resume = useAppStore((s) => s.resume);
  const step = useAppStore((s) => s.step);
  const stop = useAppStore((s) => s.stop);
  const pauseRace = useAppStore((s) => s.pauseRace);
  const resumeRace = useAppStore((s) => s.resumeRace);
  const stopRace = useAppStore((s) => s.stopRace);
  const running = isActive(phase);
  const racing = race !== null;
  const paused = racing ? race === 'paused' : phase === 'paused';
  const onRace = racing ? RACE_BAR_NOTE_ID : undefined;

  return (
    <div className="run-buttons">
      <button
        type="button"
        className="primary"
        onClick={train}
        disabled={racing}
        aria-keyshortcuts={running || racing ? undefined : 'Space'}
      >
        Train
      </button>
      {paused ? (
        <button type="button" onClick={racing ? resumeRace : resume} aria-keyshortcuts="Space" aria-describedby={onRace}>
          Resume
        </button>
      ) : (
        <button
          type="button"
          onClick={racing ? pauseRace : pause}
          disabled={racing ? race !== 'running' : !running || phase === 'evaluating'}
          aria-keyshortcuts="Space"
          aria-describedby={onRace}
        >
          Pause
        </button>
      )}
      <button type="button" onClick={step} disabled={racing || !paused} aria-keyshortcuts="S ArrowRight">
        Step
      </button>
      <button
        type="button"
        onClick={racing ? stopRace : stop}
        disabled={!running && !racing}
        aria-keyshortcuts="Escape"
        aria-describedby={onRace}
      >
        Stop
      </button>
    </div>
  );
}
