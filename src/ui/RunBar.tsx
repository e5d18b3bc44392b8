import { useAppStore, isActive, selectPhase, type AppState } from '../store/appStore';
import { raceActive } from '../store/raceSlice';
import { AccuracyLine } from './AccuracyLine';
import { KeyboardHelp } from './KeyboardHelp';
import { PadJump } from './PadJump';
import { ProgressLine } from './ProgressLine';
import { RaceProgressLine } from './RaceProgressLine';
import { RunButtons } from './RunButtons';
import { RunError } from './RunError';

const selectRacing = (s: AppState) => raceActive(s.race);
/** The race is what the bar reports while it goes, and after it until the next run starts. */
const selectRaceShown = (s: AppState) => s.race !== null && (raceActive(s.race) || !s.startedAt || s.race.startedAt > s.startedAt);

/**
 * The run as every view shows it: the status line, the progress bar, the accuracy of the weights
 * in use, the page's one set of run buttons (their accessible names stay unique), the shortcuts,
 * and what ended a run in an error; during a race, the race's progress in place of the run's. While a run goes it sticks to the top of the window: sticky,
 * not fixed, so it keeps its own room and covers only what has scrolled under it.
 */
export function RunBar() {
  const phase = useAppStore(selectPhase);
  const racing = useAppStore(selectRacing);
  const raceShown = useAppStore(selectRaceShown);
  return (
    <section className="run-bar" aria-label="Run controls" data-active={isActive(phase) || racing}>
      <div className="run-state">
        {raceShown ? <RaceProgressLine /> : <ProgressLine />}
        <PadJump />
      </div>
      <AccuracyLine />
      <RunButtons />
      <KeyboardHelp />
      <RunError />
    </section>
  );
}
