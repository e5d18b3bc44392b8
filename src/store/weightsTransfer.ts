import type { StateCreator } from 'zustand';
import type { ExportLayout } from '../model/weightsLayouts';
import type { Activation, FromWorker, WeightsPayload } from '../worker/protocol';
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
import { importedLayoutText } from './layoutMessages';
import { recordOfImport, runDate, runName } from './runRecordFrom';
import type { RunRecord } from './runRecord';
import { parseQuery } from './settings';
import { dataUrl, isActive, nextRequestId } from './phase';
import { exportFileName, exportMetadata } from './weightsExport';
import { errorText } from '../errorText';

/** Where the current weights come from, in words for the page; their sizes and the activation they are used with. */
export interface WeightsOrigin {
  runId: string | null;
  text: string;
  arch: { hidden1: number; hidden2: number };
  activation: Activation;
}

type WeightsMessage = Extract<FromWorker, { type: 'weights-ready' | 'weights-file' }>;

/** Weights moving between the page, the worker, storage and files: Use weights, Import, Export. */
export interface WeightsTransferSlice {
  weightsOrigin: WeightsOrigin | null;
  weightsRequest: {
    id: number;
    kind: 'restore' | 'use' | 'import' | 'export';
    run?: RunRecord;
    name?: string;
    layout?: ExportLayout;
  } | null;
  /** The outcome of the last weights action: a refused file, a storage fault, a saved download, the layout imported. */
  weightsMessage: { tone: 'error' | 'ok'; text: string } | null;
  /** The layout "Export weights" writes: the chapter's names (default) or nn.Sequential's. */
  exportLayout: ExportLayout;

  setExportLayout(layout: ExportLayout): void;
  useRunWeights(id: string, kind?: 'restore' | 'use'): Promise<void>;
  exportWeights(): void;
  importWeights(file: File): Promise<void>;
  receiveWeights(message: WeightsMessage): void;
}

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
  exportLayout: 'chapter',

  setExportLayout: (layout) => set({ exportLayout: layout }),

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
          : storedWeightsUnreadableText(when, errorText(error));
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
    const origin = get().weightsOrigin;
    if (!origin) return;
    const requestId = nextRequestId();
    const layout = get().exportLayout;
    const run = get().history.runs.find((r) => r.id === origin.runId);
    const metadata = exportMetadata({ layout, arch: origin.arch, activation: origin.activation, run, accuracy: get().accuracy });
    set({ weightsRequest: { id: requestId, kind: 'export', run, layout }, weightsMessage: null });
    get().send({ type: 'export-weights', requestId, layout, metadata, dataUrl: dataUrl() });
  },

  importWeights: async (file) => {
    const requestId = nextRequestId();
    set({ weightsRequest: { id: requestId, kind: 'import', name: file.name }, weightsMessage: null });
    let bytes: ArrayBuffer;
    try {
      bytes = await file.arrayBuffer();
    } catch (error) {
      set({ weightsRequest: null, weightsMessage: { tone: 'error', text: fileUnreadableText(file.name, errorText(error)) } });
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
      const arch = get().weightsOrigin?.arch ?? request.run?.arch ?? { hidden1: 0, hidden2: 0 };
      const name = exportFileName(arch, request.layout ?? 'chapter');
      download(name, message.bytes);
      set({ weightsMessage: { tone: 'ok', text: savedFileText(name, message.bytes.byteLength) } });
      return;
    }
    const test = message.test?.accuracy ?? null;
    if (message.test)
      get().showConfusion(message.test.confusion, message.test.accuracy, request.kind === 'import' ? 'imported weights' : 'loaded weights');
    if (request.kind === 'import' && message.imported) {
      const name = request.name ?? 'a file';
      const { activation } = message;
      const run = recordOfImport({ name, arch: message.arch, metadata: message.metadata, activation, test: message.test });
      set({
        accuracy: { train: null, test },
        weightsOrigin: {
          runId: run.id,
          arch: message.arch,
          activation,
          text: `Weights: imported from ${name} (${message.arch.hidden1}-${message.arch.hidden2}).`,
        },
        weightsMessage: message.layout
          ? { tone: 'ok', text: importedLayoutText(message.layout, activation, message.activationFrom) }
          : null,
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
    set({
      accuracy: { train: run.trainAccuracy, test },
      weightsOrigin: { runId: run.id, arch: message.arch, activation: message.activation, text },
    });
  },
});
