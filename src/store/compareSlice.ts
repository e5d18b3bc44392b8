import type { StateCreator } from 'zustand';
import type { AppState } from './appStore';

/** The comparison chart: which stored runs it draws, and how. */
export interface CompareSlice {
  /** Runs drawn on the comparison chart. */
  shownRunIds: string[];
  compareAxis: 'epochs' | 'examples';
  /** Debiased exponential moving average weight, 0 = off. */
  smoothing: number;

  toggleShown(id: string): void;
  setCompareAxis(axis: 'epochs' | 'examples'): void;
  setSmoothing(value: number): void;
}

export const createCompareSlice: StateCreator<AppState, [], [], CompareSlice> = (set) => ({
  shownRunIds: [],
  compareAxis: 'epochs',
  smoothing: 0,

  toggleShown: (id) =>
    set((s) => ({ shownRunIds: s.shownRunIds.includes(id) ? s.shownRunIds.filter((x) => x !== id) : [...s.shownRunIds, id] })),

  setCompareAxis: (compareAxis) => set({ compareAxis }),

  setSmoothing: (value) => set({ smoothing: Math.max(0, Math.min(0.99, value)) }),
});
