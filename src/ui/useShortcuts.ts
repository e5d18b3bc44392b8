import { useEffect } from 'react';
import { useAppStore, isActive } from '../store/appStore';
import { raceActive } from '../store/raceSlice';

/** Text fields keep their keys; buttons, checkboxes and selects keep Space (it activates them). */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true;
  return target instanceof HTMLInputElement && !['range', 'checkbox', 'radio', 'button', 'submit', 'file'].includes(target.type);
}

function activatesOnSpace(target: EventTarget | null): boolean {
  if (target instanceof HTMLElement && target.tagName === 'SUMMARY') return true; // Space opens a <details>
  return target instanceof HTMLButtonElement || target instanceof HTMLSelectElement || target instanceof HTMLInputElement;
}

/**
 * Space: Train when idle, Pause/Resume while running. S or →: Step when paused. Escape: Stop.
 * During a race, Space pauses or resumes it and Escape stops it. Not while typing in a text field; → is left to sliders, Space to focused buttons.
 */
export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
      if (document.querySelector('dialog[open]')) return;
      const store = useAppStore.getState();
      const running = isActive(store.phase);
      // While a race goes the keys act on the whole race, as the run bar's buttons do.
      if (raceActive(store.race)) {
        if (event.key === ' ' && !activatesOnSpace(event.target)) {
          event.preventDefault();
          if (store.race!.status === 'paused') store.resumeRace();
          else store.pauseRace();
        } else if (event.key === 'Escape') {
          event.preventDefault();
          store.stopRace();
        }
        return;
      }
      if (event.key === ' ' && !activatesOnSpace(event.target)) {
        event.preventDefault();
        if (store.phase === 'paused') store.resume();
        else if (running) store.pause();
        else store.train();
      } else if (
        (event.key === 's' || event.key === 'S' || (event.key === 'ArrowRight' && !(event.target instanceof HTMLInputElement))) &&
        store.phase === 'paused'
      ) {
        event.preventDefault();
        store.step();
      } else if (event.key === 'Escape' && running) {
        event.preventDefault();
        store.stop();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
