import type { StateCreator } from 'zustand';
import type { FromWorker, WeightsPayload } from '../worker/protocol';
import type { AppState } from './appStore';
import { HistoryError, openHistory, type HistoryStore } from './history';
import { historyClosedText, runNotSavedText, runsNotDeletedText, runsNotListedText } from './messages';
import type { RunRecord } from './runRecord';
import { recordOfRun, runDate, runName } from './runRecordFrom';
import { isActive } from './phase';
import { parseQuery } from './settings';
import { errorText } from '../errorText';

// The Runs list and the chart name runs this way; kept importable from here for the components.
export { runDate, runName };
export type { WeightsOrigin } from './weightsTransfer';

type DoneMessage = Extract<FromWorker, { type: 'done' }>;

/** Stored runs: opening the history, listing, saving, deleting, and loading a run's settings. */
export interface HistorySlice {
  history: {
    status: 'loading' | 'ready' | 'memory';
    runs: RunRecord[];
    problem: string | null;
    /** Stored runs that could not be read at the last listing (reported, never shown as runs). */
    skipped: number;
    pruned: number;
  };
  historyStore: HistoryStore | null;

  initHistory(): Promise<void>;
  /** Puts the most recent stored run's weights into the worker (on load, after a worker restart). */
  restoreLatest(): Promise<void>;
  refreshHistory(): Promise<void>;
  recordRun(message: DoneMessage): Promise<void>;
  /** Stores a run with its weights; a storage fault is said, and the run stays listed for this page. */
  saveRun(run: RunRecord, weights: WeightsPayload): Promise<void>;
  deleteRun(id: string): Promise<void>;
  deleteAllRuns(): Promise<void>;
  loadRunSettings(id: string): void;
}

export const createHistorySlice: StateCreator<AppState, [], [], HistorySlice> = (set, get) => ({
  history: { status: 'loading', runs: [], problem: null, skipped: 0, pruned: 0 },
  historyStore: null,

  initHistory: async () => {
    const { store, problem } = await openHistory((reason) => {
      set((s) => ({ history: { ...s.history, problem: historyClosedText(reason) } }));
    });
    store.onExternalChange(() => void get().refreshHistory());
    set((s) => ({ historyStore: store, history: { ...s.history, status: store.persistent ? 'ready' : 'memory', problem } }));
    await get().refreshHistory();
    await get().restoreLatest();
  },

  restoreLatest: async () => {
    // The last model comes back: the pad works at once, without training.
    set({ weightsOrigin: null });
    const latest = get().history.runs[0];
    if (latest && !isActive(get().phase)) await get().useRunWeights(latest.id, 'restore');
  },

  refreshHistory: async () => {
    const store = get().historyStore;
    if (!store) return;
    try {
      const { runs, skipped } = await store.list();
      set((s) => ({
        history: { ...s.history, runs, skipped },
        shownRunIds: s.shownRunIds.filter((id) => runs.some((r) => r.id === id)),
      }));
    } catch (error) {
      set((s) => ({ history: { ...s.history, problem: runsNotListedText(errorText(error)) } }));
    }
  },

  recordRun: async (message) => {
    // Stopped before any step, or no run of this page: nothing to keep.
    const run = recordOfRun(get(), message);
    if (!run || !message.weights) return;
    set({
      weightsOrigin: {
        runId: run.id,
        arch: run.arch,
        activation: parseQuery(run.query).config.activation,
        text: `Weights: from this run (${runName(run)}, ${runDate(run.startedAt)}).`,
      },
    });
    await get().saveRun(run, message.weights);
  },

  saveRun: async (run, weights) => {
    const store = get().historyStore;
    if (!store) return;
    try {
      const pruned = await store.save(run, weights);
      set((s) => ({ history: { ...s.history, pruned: s.history.pruned + pruned } }));
      await get().refreshHistory();
    } catch (error) {
      set({ weightsMessage: { tone: 'error', text: error instanceof HistoryError ? error.message : runNotSavedText(errorText(error)) } });
      set((s) => ({ history: { ...s.history, runs: [run, ...s.history.runs.filter((r) => r.id !== run.id)] } }));
    }
  },

  deleteRun: async (id) => {
    try {
      await get().historyStore?.remove(id);
    } catch (error) {
      set({ weightsMessage: { tone: 'error', text: runsNotDeletedText(false, errorText(error)) } });
    }
    await get().refreshHistory();
  },

  deleteAllRuns: async () => {
    try {
      await get().historyStore?.clear();
    } catch (error) {
      set({ weightsMessage: { tone: 'error', text: runsNotDeletedText(true, errorText(error)) } });
    }
    set((s) => ({ shownRunIds: [], history: { ...s.history, pruned: 0 } }));
    await get().refreshHistory();
  },

  loadRunSettings: (id) => {
    const run = get().history.runs.find((r) => r.id === id);
    if (!run) return;
    const { config, problems } = parseQuery(run.query);
    // Settings for the next run: a run in progress keeps its own learning rate.
    set({ config });
    problems.forEach((p) => get().addNotice(p));
    get().prepare();
  },
});
