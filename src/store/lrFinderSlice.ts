import type { StateCreator } from 'zustand';
import type { FromWorker, LrFinderPoint, LrFinderResult, RunConfig } from '../worker/protocol';
import type { AppState } from './appStore';
import { dataUrl, isActive, nextRequestId, raceActive } from './phase';
import { NUM_SETTINGS_BY_KEY, validateNumber } from './settings';

/** The learning-rate range test as the page follows it. */
export interface LrFinderState {
  requestId: number;
  status: 'running' | 'done' | 'failed';
  /** The settings it was run for (the suggestion belongs to them). */
  config: RunConfig;
  points: LrFinderPoint[];
  /** Batches it will take at most. */
  total: number;
  result: LrFinderResult | null;
  error: string | null;
}

export interface LrFinderSlice {
  lrFinder: LrFinderState | null;
  /** Runs fastai's range test from the current settings' initial weights; not during a run. */
  findLearningRate(): void;
  /** Stops the test: the points so far are its result. */
  cancelLrFinder(): void;
  /** Sets the learning rate setting to the suggestion. */
  useSuggestedRate(): void;
  receiveLrFinder(message: Extract<FromWorker, { type: 'lr-progress' | 'lr-found' }>): void;
  lrFinderFailed(requestId: number, text: string): void;
}

/** The suggestion as the setting takes it: two significant digits (26.9 → 27, 0.00417 → 0.0042). */
export const suggestedRate = (suggestion: number | null): number | null =>
  suggestion !== null && suggestion > 0 && Number.isFinite(suggestion) ? Number(suggestion.toPrecision(2)) : null;

export const createLrFinderSlice: StateCreator<AppState, [], [], LrFinderSlice> = (set, get) => ({
  lrFinder: null,

  findLearningRate: () => {
    // Between runs only: a run or a race owns the worker's backend (the button says so by being disabled).
    if (isActive(get().phase) || raceActive(get().race) || get().lrFinder?.status === 'running') return;
    const requestId = nextRequestId();
    const config = { ...get().config };
    set({ lrFinder: { requestId, status: 'running', config, points: [], total: 0, result: null, error: null } });
    get().send({ type: 'find-lr', requestId, config, dataUrl: dataUrl() });
  },

  cancelLrFinder: () => {
    const finder = get().lrFinder;
    if (finder?.status === 'running') get().send({ type: 'cancel-find-lr', requestId: finder.requestId });
  },

  useSuggestedRate: () => {
    const rate = suggestedRate(get().lrFinder?.result?.suggestion ?? null);
    if (rate === null) return;
    const { value, problem } = validateNumber(NUM_SETTINGS_BY_KEY.learningRate, String(rate));
    if (problem) get().addNotice(problem);
    get().setConfig({ learningRate: value });
  },

  receiveLrFinder: (message) => {
    const finder = get().lrFinder;
    if (!finder || finder.requestId !== message.requestId) return;
    if (message.type === 'lr-progress') {
      set({ lrFinder: { ...finder, points: [...finder.points, ...message.points], total: message.total } });
      return;
    }
    set({ lrFinder: { ...finder, status: 'done', points: message.result.points, result: message.result } });
  },

  lrFinderFailed: (requestId, text) => {
    const finder = get().lrFinder;
    if (finder?.requestId === requestId) set({ lrFinder: { ...finder, status: 'failed', error: text } });
  },
});
