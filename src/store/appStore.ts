import { create } from 'zustand';
import {
  DEFAULT_CONFIG,
  type BackendName,
  type BackendReport,
  type BackendTiming,
  type ErrorKind,
  type FromWorker,
  type LoopProgress,
  type PredictionResult,
  type RunConfig,
  type ToWorker,
} from '../worker/protocol';

/** What the page is doing. */
export type Phase = 'idle' | 'loading' | 'warming-up' | 'training' | 'evaluating' | 'done' | 'stopped' | 'error';

/** A message shown above the page until dismissed (e.g. an invalid URL setting). */
export interface Notice {
  id: number;
  text: string;
}

/** A point of the live loss curve: x in epochs (1.5 = half-way through epoch 2). */
export interface LossPoint {
  x: number;
  loss: number;
}

/** The page's side of the worker: implemented by src/worker/client.ts. */
export interface TrainingTransport {
  send(message: ToWorker, transfer?: Transferable[]): void;
  /** Ends the worker and starts a fresh one (after a crash or an unanswered Stop). */
  replace(): void;
}

export interface AppState {
  config: RunConfig;
  /** The configuration of the current or last run (settings may change during a run). */
  runConfig: RunConfig | null;
  runId: number;
  phase: Phase;
  notices: Notice[];
  files: Record<string, { loaded: number; total: number; cached: boolean }>;
  backend: BackendReport | null;
  batchesPerEpoch: number;
  progress: LoopProgress | null;
  lossPoints: LossPoint[];
  epochLosses: { epoch: number; loss: number; seconds: number }[];
  tensorsPerEpoch: number[];
  accuracy: { train: number | null; test: number | null } | null;
  error: { kind: ErrorKind; message: string; hint: string } | null;
  /** Backends that failed in this session; automatic choice avoids them. */
  failedBackends: BackendName[];
  prediction: PredictionResult | null;
  /** Numbers each drawing sent and each Clear: a prediction for an older drawing is dropped. */
  drawingId: number;
  /** A drawing was sent and its prediction has not arrived yet. */
  predictionPending: boolean;
  transport: TrainingTransport | null;

  connect(transport: TrainingTransport): void;
  setConfig(patch: Partial<RunConfig>): void;
  addNotice(text: string): void;
  dismissNotice(id: number): void;
  train(): void;
  stop(): void;
  predict(ink: Uint8Array, side: number): void;
  clearDrawing(): void;
  receive(message: FromWorker): void;
  workerCrashed(message: string): void;
}

const MAX_LOSS_POINTS = 600;
const STOP_TIMEOUT_MS = 4000;
const DOUBLE_CLICK_MS = 500;
const TIMINGS_KEY = 'mnist-in-the-tab:backend-timings:v1';

/** Timings are remembered per browser and per step shape (they depend on sizes and batch). */
function timingsKey(c: RunConfig): string {
  return `${TIMINGS_KEY}:${c.hidden1}-${c.hidden2}-${c.batchSize}-${c.gradients}`;
}

function loadTimings(config: RunConfig): BackendTiming[] | null {
  try {
    const raw = localStorage.getItem(timingsKey(config));
    const parsed = raw ? (JSON.parse(raw) as BackendTiming[]) : null;
    return Array.isArray(parsed) && parsed.length ? parsed : null;
  } catch {
    return null;
  }
}

function saveTimings(config: RunConfig, timings: BackendTiming[]): void {
  try {
    localStorage.setItem(timingsKey(config), JSON.stringify(timings));
  } catch {
    // storage full or disabled: the next visit times again
  }
}

/** Halves a long curve by averaging neighbours, so that the chart stays cheap to draw. */
function decimate(points: LossPoint[]): LossPoint[] {
  if (points.length <= MAX_LOSS_POINTS) return points;
  const out: LossPoint[] = [];
  for (let i = 0; i + 1 < points.length; i += 2) out.push({ x: points[i + 1].x, loss: (points[i].loss + points[i + 1].loss) / 2 });
  if (points.length % 2) out.push(points[points.length - 1]);
  return out;
}

const ACTIVE: readonly Phase[] = ['loading', 'warming-up', 'training', 'evaluating'];
export const isActive = (phase: Phase) => ACTIVE.includes(phase);

let noticeId = 0;
let lastTrainAt = -Infinity;
let stopWatchdog: ReturnType<typeof setTimeout> | undefined;

export const useAppStore = create<AppState>()((set, get) => ({
  config: DEFAULT_CONFIG,
  runConfig: null,
  runId: 0,
  phase: 'idle',
  notices: [],
  files: {},
  backend: null,
  batchesPerEpoch: 0,
  progress: null,
  lossPoints: [],
  epochLosses: [],
  tensorsPerEpoch: [],
  accuracy: null,
  error: null,
  failedBackends: [],
  prediction: null,
  drawingId: 0,
  predictionPending: false,
  transport: null,

  connect: (transport) => set({ transport }),

  setConfig: (patch) => set((s) => ({ config: { ...s.config, ...patch } })),

  addNotice: (text) => set((s) => ({ notices: [...s.notices, { id: ++noticeId, text }] })),

  dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),

  train: () => {
    const { transport, config, runId, failedBackends, phase } = get();
    const now = performance.now();
    // The second click of a double-click must not restart the run it just started.
    if (!transport || (isActive(phase) && now - lastTrainAt < DOUBLE_CLICK_MS)) return;
    lastTrainAt = now;
    clearTimeout(stopWatchdog);
    const next = runId + 1;
    set({
      runId: next,
      runConfig: { ...config },
      phase: 'loading',
      files: {},
      backend: null,
      progress: null,
      batchesPerEpoch: 0,
      lossPoints: [],
      epochLosses: [],
      tensorsPerEpoch: [],
      accuracy: null,
      error: null,
    });
    transport.send({
      type: 'start',
      runId: next,
      config: { ...config },
      dataUrl: new URL(`${import.meta.env.BASE_URL}data/`, location.href).href,
      remembered: config.backend === 'auto' ? loadTimings(config) : null,
      avoid: failedBackends,
    });
  },

  stop: () => {
    const { transport, phase } = get();
    if (!transport || !isActive(phase)) return;
    transport.send({ type: 'stop' });
    clearTimeout(stopWatchdog);
    // A worker stuck in a long kernel cannot read the message: replace it (squoosh's pattern).
    stopWatchdog = setTimeout(() => {
      if (!isActive(get().phase)) return;
      transport.replace();
      set({ phase: 'stopped', prediction: null });
      get().addNotice('The worker did not answer Stop in time and was restarted; its weights are gone. Click Train to start again.');
    }, STOP_TIMEOUT_MS);
  },

  predict: (ink, side) => {
    const drawingId = get().drawingId + 1;
    set({ drawingId, predictionPending: true });
    get().transport?.send({ type: 'predict', requestId: drawingId, ink, side }, [ink.buffer]);
  },

  clearDrawing: () => {
    get().transport?.send({ type: 'clear-drawing' });
    set((s) => ({ prediction: null, predictionPending: false, drawingId: s.drawingId + 1 }));
  },

  receive: (message) => {
    if (message.type === 'prediction') {
      if (message.requestId === get().drawingId) set({ prediction: message.result, predictionPending: false });
      return;
    }
    if (message.runId !== get().runId) return; // a late message from a run that was replaced
    switch (message.type) {
      case 'backend': {
        const { runConfig } = get();
        if (message.report.chosenBy === 'timed' && runConfig) saveTimings(runConfig, message.report.timings);
        set({ backend: message.report });
        break;
      }
      case 'loading':
        set((s) => ({ files: { ...s.files, [message.file]: { loaded: message.loaded, total: message.total, cached: message.cached } } }));
        break;
      case 'warming-up':
        set({ phase: 'warming-up', batchesPerEpoch: message.batches });
        break;
      case 'progress': {
        const p = message.progress;
        set((s) => ({
          phase: 'training',
          progress: p,
          batchesPerEpoch: p.batches,
          lossPoints: decimate([...s.lossPoints, { x: p.epoch + p.batch / p.batches, loss: p.runningLoss }]),
        }));
        break;
      }
      case 'epoch':
        set((s) => ({
          epochLosses: [...s.epochLosses, { epoch: message.result.epoch + 1, loss: message.result.loss, seconds: message.result.seconds }],
          tensorsPerEpoch: [...s.tensorsPerEpoch, message.result.numTensors],
        }));
        break;
      case 'evaluating':
        clearTimeout(stopWatchdog); // the loop has ended: the worker is alive and answering
        set({ phase: 'evaluating' });
        break;
      case 'done':
        clearTimeout(stopWatchdog);
        set({
          phase: message.stopped ? 'stopped' : 'done',
          accuracy: message.trainAccuracy === null ? null : { train: message.trainAccuracy, test: message.testAccuracy },
        });
        break;
      case 'error': {
        clearTimeout(stopWatchdog);
        const failed = message.kind === 'backend' && message.backend ? [message.backend] : [];
        set((s) => ({
          phase: 'error',
          error: { kind: message.kind, message: message.message, hint: message.hint },
          failedBackends: [...new Set([...s.failedBackends, ...failed])],
        }));
        if (message.kind === 'backend' || message.kind === 'internal') get().transport?.replace();
        break;
      }
      default: {
        const unhandled: never = message;
        throw new Error(`unhandled message ${JSON.stringify(unhandled)}`);
      }
    }
  },

  workerCrashed: (text) => {
    clearTimeout(stopWatchdog);
    get().transport?.replace();
    set({
      phase: 'error',
      prediction: null,
      predictionPending: false,
      error: {
        kind: 'internal',
        message: `The training worker crashed: ${text}`,
        hint: 'A fresh worker has been started: click Train to run again.',
      },
    });
  },
}));

/** Module-level selectors (zustand's advice: stable references, no re-render on unrelated changes). */
export const selectConfig = (s: AppState) => s.config;
export const selectRunConfig = (s: AppState) => s.runConfig;
export const selectPhase = (s: AppState) => s.phase;
export const selectNotices = (s: AppState) => s.notices;
export const selectFiles = (s: AppState) => s.files;
export const selectBackend = (s: AppState) => s.backend;
export const selectProgress = (s: AppState) => s.progress;
export const selectLossPoints = (s: AppState) => s.lossPoints;
export const selectEpochLosses = (s: AppState) => s.epochLosses;
export const selectTensorsPerEpoch = (s: AppState) => s.tensorsPerEpoch;
export const selectAccuracy = (s: AppState) => s.accuracy;
export const selectError = (s: AppState) => s.error;
export const selectPrediction = (s: AppState) => s.prediction;
export const selectPredictionPending = (s: AppState) => s.predictionPending;
