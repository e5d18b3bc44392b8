import { useAppStore, isActive, selectPhase } from '../store/appStore';

/** Train, Pause/Resume, Step and Stop: one set on the page, in the run bar that every view shows. */
export function RunButtons() {
  const phase = useAppStore(selectPhase);
  const train = useAppStore((s) => s.train);
  const pause = useAppStore((s) => s.pause);
  const resume = useAppStore((s) => s.resume);
  const step = useAppStore((s) => s.step);
  const stop = useAppStore((s) => s.stop);
  const running = isActive(phase);
  const paused = phase === 'paused';

  return (
    <div className="run-buttons">
      <button type="button" className="primary" onClick={train} aria-keyshortcuts={running ? undefined : 'Space'}>
        Train
      </button>
      {paused ? (
        <button type="button" onClick={resume} aria-keyshortcuts="Space">
          Resume
        </button>
      ) : (
        <button type="button" onClick={pause} disabled={!running || phase === 'evaluating'} aria-keyshortcuts="Space">
          Pause
        </button>
      )}
      <button type="button" onClick={step} disabled={!paused} aria-keyshortcuts="S ArrowRight">
        Step
      </button>
      <button type="button" onClick={stop} disabled={!running} aria-keyshortcuts="Escape">
        Stop
      </button>
    </div>
  );
}
