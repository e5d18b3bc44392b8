import { useAppStore, isActive, selectPhase } from '../store/appStore';
import { AccuracyLine } from './AccuracyLine';
import { KeyboardHelp } from './KeyboardHelp';
import { PadJump } from './PadJump';
import { ProgressLine } from './ProgressLine';
import { RunButtons } from './RunButtons';
import { RunError } from './RunError';

/**
 * The run as every view shows it: the status line, the progress bar, the accuracy of the weights
 * in use, the page's one set of run buttons (their accessible names stay unique), the shortcuts,
 * and what ended a run in an error. While a run goes it sticks to the top of the window: sticky,
 * not fixed, so it keeps its own room and covers only what has scrolled under it.
 */
export function RunBar() {
  const phase = useAppStore(selectPhase);
  return (
    <section className="run-bar" aria-label="Run controls" data-active={isActive(phase)}>
      <div className="run-state">
        <ProgressLine />
        <PadJump />
      </div>
      <AccuracyLine />
      <RunButtons />
      <KeyboardHelp />
      <RunError />
    </section>
  );
}
