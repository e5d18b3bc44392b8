/** The run's keyboard shortcuts (src/ui/useShortcuts.ts), which work in every view. */
export function KeyboardHelp() {
  return (
    <p className="keys" id="keyboard-help">
      <strong>Keyboard:</strong> <kbd>Space</kbd> Train, or Pause/Resume while running · <kbd>S</kbd> or <kbd>→</kbd> Step when paused ·{' '}
      <kbd>Esc</kbd> Stop (during a race, Space and Esc act on the race)
    </p>
  );
}
