import type { StateCreator } from 'zustand';
import { BACKEND_LABELS, type FromWorker, type WeightsPayload } from '../worker/protocol';
import type { AppState } from './appStore';
import { HistoryError, openHistory, type HistoryStore } from './history';
import { dataUrl, isActive, nextRequestId } from './phase';
import { decimateCurve, RECORD_SCHEMA, type RecordEnding, type RunRecord } from './runRecord';
import { describeDifferences, parseQuery, toQuery } from './settings';

/** Where the current weights come from, in words for the page. */
export interface WeightsOrigin {
  runId: string | null;
  text: string;
  arch: { hidden1: number; hidden2: number };
}

type WeightsMessage = Extract<FromWorker, { type: 'weights-ready' | 'weights-file' }>;
type DoneMessage = Extract<FromWorker, { type: 'done' }>;

export interface HistorySlice {
  history: { status: 'loading' | 'ready' | 'memory'; runs: RunRecord[]; problem: string | null; pruned: number };
  historyStore: HistoryStore | null;
  /** Runs drawn on the comparison chart. */
  shownRunIds: string[];
  compareAxis: 'epochs' | 'examples';
  /** Debiased exponential moving average weight, 0 = off. */
  smoothing: number;
  weightsOrigin: WeightsOrigin | null;
  weightsRequest: { id: number; kind: 'restore' | 'use' | 'import' | 'export'; run?: RunRecord; name?: string } | null;
  /** The outcome of the last weights action: a refused file, a storage fault, a saved download. */
  weightsMessage: { tone: 'error' | 'ok'; text: string } | null;

  initHistory(): Promise<void>;
  /** Puts the most recent stored run's weights into the worker (on load, after a worker restart). */
  restoreLatest(): Promise<void>;
  refreshHistory(): Promise<void>;
  recordRun(message: DoneMessage): Promise<void>;
  deleteRun(id: string): Promise<void>;
  deleteAllRuns(): Promise<void>;
  toggleShown(id: string): void;
  setCompareAxis(axis: 'epochs' | 'examples'): void;
  setSmoothing(value: number): void;
  loadRunSettings(id: string): void;
  useRunWeights(id: string, kind?: 'restore' | 'use'): Promise<void>;
  exportWeights(): void;
  importWeights(file: File): Promise<void>;
  receiveWeights(message: WeightsMessage): void;
}

/** A run's date as the list shows it. */
export const runDate = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });

/** A run's name by what differs from the chapter's settings (e.g. "lr 3, h1 32"). */
export const runName = (run: RunRecord) =>
  run.ending === 'imported' ? `imported ${run.source ?? ''}`.trim() : describeDifferences(parseQuery(run.query).config);

const newId = (startedAt: string) => `${startedAt}-${Math.random().toString(36).slice(2, 8)}`;

export const createHistorySlice: StateCreator<AppState, [], [], HistorySlice> = (set, get) => {
  /** Saves a record; a storage fault is said, and the page goes on. */
  const save = async (run: RunRecord, weights: WeightsPayload) => {
    const store = get().historyStore;
    if (!store) return;
    try {
      const pruned = await store.save(run, weights);
      set((s) => ({ history: { ...s.history, pruned: s.history.pruned + pruned } }));
      await get().refreshHistory();
    } catch (error) {
      set({
        weightsMessage: { tone: 'error', text: error instanceof HistoryError ? error.message : `This run was not saved: ${String(error)}` },
      });
      set((s) => ({ history: { ...s.history, runs: [run, ...s.history.runs.filter((r) => r.id !== run.id)] } }));
    }
  };

  return {
    history: { status: 'loading', runs: [], problem: null, pruned: 0 },
    historyStore: null,
    shownRunIds: [],
    compareAxis: 'epochs',
    smoothing: 0,
    weightsOrigin: null,
    weightsRequest: null,
    weightsMessage: null,

    initHistory: async () => {
      const { store, problem } = await openHistory((reason) => {
        set((s) => ({ history: { ...s.history, problem: `Runs are no longer saved: ${reason}.` } }));
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
        const problem = skipped
          ? `${skipped} stored run${skipped > 1 ? 's' : ''} could not be read (damaged or from another version) and ${skipped > 1 ? 'were' : 'was'} skipped.`
          : get().history.problem;
        set((s) => ({
          history: { ...s.history, runs, problem },
          shownRunIds: s.shownRunIds.filter((id) => runs.some((r) => r.id === id)),
        }));
      } catch (error) {
        set((s) => ({
          history: { ...s.history, problem: `Stored runs could not be listed: ${error instanceof Error ? error.message : String(error)}.` },
        }));
      }
    },

    recordRun: async (message) => {
      if (!message.weights) return; // stopped before any step: nothing to keep
      const s = get();
      const config = s.runConfig;
      if (!config || !s.startedAt) return;
      const run: RunRecord = {
        id: newId(s.startedAt),
        schema: RECORD_SCHEMA,
        startedAt: s.startedAt,
        query: toQuery(config),
        backend: s.backend ? BACKEND_LABELS[s.backend.name] : null,
        ending: message.ending satisfies RecordEnding,
        epochs: s.epochs.map(({ epoch, loss, seconds, testAccuracy }) => ({ epoch, loss, seconds, testAccuracy })),
        curve: decimateCurve(s.lossPoints),
        rateChanges: s.rateChanges,
        trainAccuracy: message.trainAccuracy,
        testAccuracy: message.test?.accuracy ?? null,
        confusion: message.test?.confusion ?? null,
        timings: {
          seconds: (Date.now() - Date.parse(s.startedAt)) / 1000,
          samplesPerSecond: s.progress?.samplesPerSecond ?? null,
          msPerStep: s.progress?.msPerStep ?? null,
        },
        arch: message.weights.arch,
      };
      set({
        weightsOrigin: { runId: run.id, arch: run.arch, text: `Weights: from this run (${runName(run)}, ${runDate(run.startedAt)}).` },
      });
      await save(run, message.weights);
    },

    deleteRun: async (id) => {
      try {
        await get().historyStore?.remove(id);
      } catch (error) {
        set({ weightsMessage: { tone: 'error', text: `The run could not be deleted: ${String(error)}` } });
      }
      await get().refreshHistory();
    },

    deleteAllRuns: async () => {
      try {
        await get().historyStore?.clear();
      } catch (error) {
        set({ weightsMessage: { tone: 'error', text: `The runs could not be deleted: ${String(error)}` } });
      }
      set((s) => ({ shownRunIds: [], history: { ...s.history, pruned: 0 } }));
      await get().refreshHistory();
    },

    toggleShown: (id) =>
      set((s) => ({ shownRunIds: s.shownRunIds.includes(id) ? s.shownRunIds.filter((x) => x !== id) : [...s.shownRunIds, id] })),

    setCompareAxis: (compareAxis) => set({ compareAxis }),

    setSmoothing: (value) => set({ smoothing: Math.max(0, Math.min(0.99, value)) }),

    loadRunSettings: (id) => {
      const run = get().history.runs.find((r) => r.id === id);
      if (!run) return;
      const { config, problems } = parseQuery(run.query);
      // Settings for the next run: a run in progress keeps its own learning rate.
      set({ config });
      problems.forEach((p) => get().addNotice(p));
      get().prepare();
    },

    useRunWeights: async (id, kind = 'use') => {
      const run = get().history.runs.find((r) => r.id === id);
      const store = get().historyStore;
      if (!run || !store) return;
      let weights: WeightsPayload | null = null;
      try {
        weights = await store.weights(id);
      } catch {
        weights = null;
      }
      if (!weights) {
        set({
          weightsMessage: {
            tone: 'error',
            text: `The weights of the run of ${runDate(run.startedAt)} could not be read; the current weights stay.`,
          },
        });
        return;
      }
      // Reading took a moment: a run started meanwhile owns the weights, and a restore gives way to it.
      if (isActive(get().phase)) {
        if (kind === 'use') set({ weightsMessage: { tone: 'error', text: 'A run is going: stop it first, then use other weights.' } });
        return;
      }
      const requestId = nextRequestId();
      set({ weightsRequest: { id: requestId, kind, run }, weightsMessage: null });
      const buffers = Object.values(weights.values).map((v) => v.buffer as ArrayBuffer);
      get().send({ type: 'use-weights', requestId, weights, evaluate: true, dataUrl: dataUrl() }, buffers);
    },

    exportWeights: () => {
      const requestId = nextRequestId();
      const origin = get().weightsOrigin;
      const run = get().history.runs.find((r) => r.id === origin?.runId);
      const accuracy = get().accuracy;
      const metadata: Record<string, string> = {
        app: 'mnist-in-the-tab',
        layout:
          "the chapter's: W_1 (H1, 784), b_1 (1, H1), W_2 (H2, H1), b_2 (1, H2), W_3 (10, H2), b_3 (1, 10); logits = sigmoid(sigmoid(x @ W_1.T + b_1) @ W_2.T + b_2) @ W_3.T + b_3",
        created: new Date().toISOString(),
      };
      if (run) metadata.settings = run.query;
      if (accuracy?.train != null) metadata.train_accuracy = (accuracy.train * 100).toFixed(2);
      if (accuracy?.test != null) metadata.test_accuracy = (accuracy.test * 100).toFixed(2);
      set({ weightsRequest: { id: requestId, kind: 'export', run }, weightsMessage: null });
      get().send({ type: 'export-weights', requestId, metadata, dataUrl: dataUrl() });
    },

    importWeights: async (file) => {
      const requestId = nextRequestId();
      set({ weightsRequest: { id: requestId, kind: 'import', name: file.name }, weightsMessage: null });
      let bytes: ArrayBuffer;
      try {
        bytes = await file.arrayBuffer();
      } catch (error) {
        set({ weightsRequest: null, weightsMessage: { tone: 'error', text: `${file.name} could not be read: ${String(error)}` } });
        return;
      }
      get().send({ type: 'import-weights', requestId, bytes, dataUrl: dataUrl() }, [bytes]);
    },

    receiveWeights: (message) => {
      const request = get().weightsRequest;
      if (!request || request.id !== message.requestId) return;
      set({ weightsRequest: null });
      if (message.type === 'weights-file') {
        const { hidden1, hidden2 } = get().weightsOrigin?.arch ?? request.run?.arch ?? { hidden1: 0, hidden2: 0 };
        const name = `mnist-mlp-${hidden1}-${hidden2}-${new Date().toISOString().slice(0, 10)}.safetensors`;
        const url = URL.createObjectURL(new Blob([message.bytes], { type: 'application/octet-stream' }));
        const link = Object.assign(document.createElement('a'), { href: url, download: name });
        link.click();
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
        set({ weightsMessage: { tone: 'ok', text: `Saved ${name} (${(message.bytes.byteLength / 1024).toFixed(0)} kB).` } });
        return;
      }
      const test = message.test?.accuracy ?? null;
      if (message.test)
        get().showConfusion(
          message.test.confusion,
          message.test.accuracy,
          request.kind === 'import' ? 'imported weights' : 'loaded weights',
        );
      if (request.kind === 'import' && message.imported) {
        const startedAt = new Date().toISOString();
        const settings = message.metadata.settings;
        const query = settings ? toQuery(parseQuery(settings).config) : toQuery({ ...parseQuery('').config, ...message.arch });
        const run: RunRecord = {
          id: newId(startedAt),
          schema: RECORD_SCHEMA,
          startedAt,
          query,
          backend: null,
          ending: 'imported',
          epochs: [],
          curve: [],
          rateChanges: [],
          trainAccuracy: null,
          testAccuracy: test,
          confusion: message.test?.confusion ?? null,
          timings: { seconds: 0, samplesPerSecond: null, msPerStep: null },
          arch: message.arch,
          source: request.name,
        };
        set({
          accuracy: { train: null, test },
          weightsOrigin: {
            runId: run.id,
            arch: message.arch,
            text: `Weights: imported from ${request.name} (${message.arch.hidden1}-${message.arch.hidden2}).`,
          },
        });
        void save(run, message.imported);
        return;
      }
      const run = request.run;
      if (!run) return;
      const when = runDate(run.startedAt);
      const text =
        request.kind === 'restore'
          ? `Weights: restored from the last run (${runName(run)}, ${when}).`
          : `Weights: from the run of ${when} (${runName(run)}).`;
      set({ accuracy: { train: run.trainAccuracy, test }, weightsOrigin: { runId: run.id, arch: message.arch, text } });
    },
  };
};
