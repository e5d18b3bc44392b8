import type { StateCreator } from 'zustand';
import type { FromWorker, WeightsPayload } from '../worker/protocol';
import type { AppState } from './appStore';
import { DamagedRecordError } from './historyStore';
import {
  fileUnreadableText,
  RUN_GOING_TEXT,
  savedFileText,
  storedWeightsMissingText,
  storedWeightsRefusedText,
  storedWeightsUnreadableText,
} from './messages';
import { recordOfImport, runDate, runName } from './runRecordFrom';
import type { RunRecord } from './runRecord';
import { parseQuery } from './settings';
import { dataUrl, isActive, nextRequestId } from './phase';

/** Where the current weights come from, in words for the page. */
export interface WeightsOrigin {
  runId: string | null;
  text: string;
  arch: { hidden1: number; hidden2: number };
}

type WeightsMessage = Extract<FromWorker, { type: 'weights-ready' | 'weights-file' }>;

/** Weights moving between the page, the worker, storage and files: Use weights, Import, Export. */
export interface WeightsTransferSlice {
  weightsOrigin: WeightsOrigin | null;
  weightsRequest: { id: number; kind: 'restore' | 'use' | 'import' | 'export'; run?: RunRecord; name?: string } | null;
  /** The outcome of the last weights action: a refused file, a storage fault, a saved download. */
  weightsMessage: { tone: 'error' | 'ok'; text: string } | null;

  useRunWeights(id: string, kind?: 'restore' | 'use'): Promise<void>;
  exportWeights(): void;
  importWeights(file: File): Promise<void>;
  receiveWeights(message: WeightsMessage): void;
}

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Hands the file to the browser as a download. */
function download(name: string, bytes: ArrayBuffer): void {
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const createWeightsTransferSlice: StateCreator<AppState, [], [], WeightsTransferSlice> = (set, get) => ({
  weightsOrigin: null,
  weightsRequest: null,
  weightsMessage: null,

  useRunWeights: async (id, kind = 'use') => {
    const run = get().history.runs.find((r) => r.id === id);
    const store = get().historyStore;
    if (!run || !store) return;
    const when = runDate(run.startedAt);
    let weights: WeightsPayload | null;
    try {
      weights = await store.weights(id);
    } catch (error) {
      const text =
        error instanceof DamagedRecordError
          ? storedWeightsRefusedText(when, error.problem)
          : storedWeightsUnreadableText(when, reasonOf(error));
      set({ weightsMessage: { tone: 'error', text } });
      return;
    }
    if (!weights) {
      set({ weightsMessage: { tone: 'error', text: storedWeightsMissingText(when) } });
      return;
    }
    // Reading took a moment: a run started meanwhile owns the weights, and a restore gives way to it.
    if (isActive(get().phase)) {
      if (kind === 'use') set({ weightsMessage: { tone: 'error', text: RUN_GOING_TEXT } });
      return;
    }
    const requestId = nextRequestId();
    set({ weightsRequest: { id: requestId, kind, run }, weightsMessage: null });
    // The history hands out buffers the page owns (copies, or a fresh read): transferring them
    // detaches nothing the history keeps.
    const buffers = Object.values(weights.values).map((v) => v.buffer as ArrayBuffer);
    const { activation } = parseQuery(run.query).config;
    get().send({ type: 'use-weights', requestId, weights, activation, evaluate: true, dataUrl: dataUrl() }, buffers);
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
    if (run) {
      const config = parseQuery(run.query).config;
      metadata.settings = run.query;
      metadata.activation = config.activation;
      metadata.init = config.init;
      metadata.optimizer = config.optimizer;
      metadata.weight_decay = String(config.weightDecay);
    }
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
      set({ weightsRequest: null, weightsMessage: { tone: 'error', text: fileUnreadableText(file.name, reasonOf(error)) } });
      return;
    }
    // The setting's activation, for a file that does not say its own.
    get().send({ type: 'import-weights', requestId, bytes, activation: get().config.activation, dataUrl: dataUrl() }, [bytes]);
  },

  receiveWeights: (message) => {
    const request = get().weightsRequest;
    if (!request || request.id !== message.requestId) return;
    set({ weightsRequest: null });
    if (message.type === 'weights-file') {
      const { hidden1, hidden2 } = get().weightsOrigin?.arch ?? request.run?.arch ?? { hidden1: 0, hidden2: 0 };
      const name = `mnist-mlp-${hidden1}-${hidden2}-${new Date().toISOString().slice(0, 10)}.safetensors`;
      download(name, message.bytes);
      set({ weightsMessage: { tone: 'ok', text: savedFileText(name, message.bytes.byteLength) } });
      return;
    }
    const test = message.test?.accuracy ?? null;
    if (message.test)
      get().showConfusion(message.test.confusion, message.test.accuracy, request.kind === 'import' ? 'imported weights' : 'loaded weights');
    if (request.kind === 'import' && message.imported) {
      const name = request.name ?? 'a file';
      const run = recordOfImport({ name, arch: message.arch, metadata: message.metadata, test: message.test });
      set({
        accuracy: { train: null, test },
        weightsOrigin: {
          runId: run.id,
          arch: message.arch,
          text: `Weights: imported from ${name} (${message.arch.hidden1}-${message.arch.hidden2}).`,
        },
      });
      void get().saveRun(run, message.imported);
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
});
