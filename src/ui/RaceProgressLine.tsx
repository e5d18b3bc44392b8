import { useShallow } from 'zustand/react/shallow';
import { useAppStore, type AppState } from '../store/appStore';
import { raceActive, type RaceState } from '../store/raceSlice';
import { variantFraction } from '../store/raceVariants';

/** How far the race got (the mean of its variants' progress) and what the status line says of it. */
function raceLine(race: RaceState): { text: string; fraction: number } {
  const n = race.variants.length;
  const fraction = race.variants.reduce((sum, v) => sum + variantFraction(v), 0) / n;
  const of = `${n} variants of ${race.spec.param}`;
  const pct = `${Math.floor(fraction * 100)}%`;
  const count = (phase: string) => race.variants.filter((v) => v.phase === phase).length;
  const stopping = race.variants.some((v) => v.stopping);
  switch (race.status) {
    case 'preparing':
      return { text: `Race: handing the data to ${race.workers} workers…`, fraction };
    case 'running':
      return { text: stopping ? 'Stopping the race…' : `Racing ${of}: ${pct}`, fraction };
    case 'paused':
      return { text: stopping ? 'Stopping the race…' : `Race paused at ${pct}: ${of}`, fraction };
    case 'ended': {
      const parts = [
        [count('done'), 'finished'],
        [count('stopped'), 'stopped'],
        [count('error'), 'ended early'],
      ]
        .filter(([k]) => k)
        .map(([k, what]) => `${k} ${what}`);
      return { text: `Race ended after ${(race.seconds ?? 0).toFixed(1)} s: ${parts.join(', ')}.`, fraction };
    }
  }
}

/** The note that says what the run buttons act on during a race (they point to it). */
export const RACE_BAR_NOTE_ID = 'race-bar-note';

/** The bar moves in steps of half a percent: a frame's progress of eight variants need not redraw it. */
const STEPS = 200;

const selectLine = (s: AppState) => {
  const { text, fraction } = s.race ? raceLine(s.race) : { text: '', fraction: 0 };
  return { text, fraction: Math.floor(fraction * STEPS) / STEPS, racing: raceActive(s.race) };
};

/**
 * The run bar's status line and progress bar while a race goes, and after it until the next run:
 * in place of the single run's, with the same id and name, so the bar says what its buttons act on.
 */
export function RaceProgressLine() {
  const { text, fraction, racing } = useAppStore(useShallow(selectLine));
  return (
    <>
      <p className="phase" id="phase">
        {text}
      </p>
      <progress max={1} value={fraction} aria-label="Training progress" />
      {racing && (
        <p className="step-loss" id={RACE_BAR_NOTE_ID}>
          Pause, Resume and Stop act on the whole race.
        </p>
      )}
    </>
  );
}
