import { useAppStore, isActive, selectPhase } from '../store/appStore';

/** Train, Pause/Resume, Step and Stop; the keyboard shortcuts are listed under them. */
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
      <div className="buttons">
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
      <p className="keys" id="keyboard-help">
        <strong>Keyboard:</strong> <kbd>Space</kbd> Train, or Pause/Resume while running · <kbd>S</kbd> or <kbd>→</kbd> Step when paused ·{' '}
        <kbd>Esc</kbd> Stop
      </p>
    </div>
  );
}
