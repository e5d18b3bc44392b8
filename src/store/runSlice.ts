import type { StateCreator } from 'zustand';
import {
  DEFAULT_CONFIG,
  INITIAL_PREP_STATUS,
  type BackendName,
  type BackendReport,
  type FromWorker,
  type LoopPosition,
  type LoopProgress,
  type PrepStatus,
  type RunConfig,
  type ToWorker,
} from '../worker/protocol';
import type { AppState } from './appStore';
import { decimateCurve, type CurvePoint, type RateMark } from './runRecord';
import { fitBatchToSamples, formatSetting } from './settings';
import { loadTimings, saveTimings } from './timings';

/** What the page is doing. */
export type Phase = 'idle' | 'loading' | 'warming-up' | 'training' | 'paused' | 'evaluating' | 'done' | 'stopped' | 'error';

/** A message shown above the page until dismissed (e.g. an invalid URL setting). */
export interface Notice {
  id: number;
  text: string;
}

/** The page's side of the worker: implemented by src/worker/client.ts. */
export interface TrainingTransport {
  send(message: ToWorker, transfer?: Transferable[]): void;
  /** Ends the worker and starts a fresh one (after a crash or an unanswered Stop). */
  replace(): void;
}

/** One row of the epoch table. */
export interface EpochRow {
  epoch: number;
  loss: number;
  /** Training time of the epoch (evaluation excluded). */
  seconds: number;
  /** Test accuracy after the epoch (0..1) and what computing it took. */
  testAccuracy: number | null;
  evalSeconds: number | null;
}

export type RunErrorKind = 'data' | 'backend' | 'internal' | 'diverged';

export interface RunSlice {
  config: RunConfig;
  /** The configuration of the current or last run (settings may change during a run). */
  runConfig: RunConfig | null;
  runId: number;
  /** When the current or last run began (ISO 8601). */
  startedAt: string | null;
  phase: Phase;
  notices: Notice[];
  prep: PrepStatus;
  backend: BackendReport | null;
  batchesPerEpoch: number;
  progress: LoopProgress | null;
  /** Where a paused run waits, and the loss of the last batch run with Step. */
  pausedAt: LoopPosition | null;
  lastStep: { loss: number; position: LoopPosition } | null;
  lossPoints: CurvePoint[];
  epochs: EpochRow[];
  rateChanges: RateMark[];
  tensorsPerEpoch: number[];
  /** Accuracies (0..1) of the current weights, when known. */
  accuracy: { train: number | null; test: number | null } | null;
  error: { kind: RunErrorKind; message: string; hint: string } | null;
  /** Backends that failed in this session; automatic choice avoids them. */
  failedBackends: BackendName[];
  /** The latest sentence for screen readers (epoch results, the end of a run). */
  announcement: string;
  transport: TrainingTransport | null;
  /** Makes the worker on first need (the page starts it when idle; an early click starts it at once). */
  transportFactory: (() => TrainingTransport) | null;

  setTransportFactory(factory: () => TrainingTransport): void;
  /** Starts the worker and its background preparation, once. */
  startWorker(): void;
  /** Sends a message to the worker, starting it if needed. */
  send(message: ToWorker, transfer?: Transferable[]): void;
  /** Changes settings for the next run; a learning rate changed during a run also applies to it from the next batch. */
  setConfig(patch: Partial<RunConfig>): void;
  addNotice(text: string): void;
  dismissNotice(id: number): void;
  /** Loads data and chooses the backend for the current settings in the background. */
  prepare(): void;
  train(): void;
  stop(): void;
  pause(): void;
  resume(): void;
  step(): void;
  receiveRun(message: RunMessage): void;
  workerCrashed(message: string): void;
  /** A fresh worker replaced the old one: prepare again and bring back the last stored weights. */
  workerReplaced(): void;
}

/** The messages this slice owns. */
export type RunMessage = Extract<
  FromWorker,
  {
    type:
      | 'prep'
      | 'backend'
      | 'warming-up'
      | 'progress'
      | 'epoch'
      | 'paused'
      | 'resumed'
      | 'stepped'
      | 'rate-changed'
      | 'evaluating'
      | 'done'
      | 'error';
  }
>;

/** The live curve keeps at most this many points (neighbours are averaged when it grows past them). */
const MAX_LOSS_POINTS = 400;
const STOP_TIMEOUT_MS = 4000;
const DOUBLE_CLICK_MS = 500;
const PREPARE_DEBOUNCE_MS = 600;

const ACTIVE: readonly Phase[] = ['loading', 'warming-up', 'training', 'paused', 'evaluating'];
export const isActive = (phase: Phase) => ACTIVE.includes(phase);
const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

export const dataUrl = () => new URL(`${import.meta.env.BASE_URL}data/`, location.href).href;

let noticeId = 0;
let lastTrainAt = -Infinity;
let stopWatchdog: ReturnType<typeof setTimeout> | undefined;
let prepareTimer: ReturnType<typeof setTimeout> | undefined;

const INITIAL_PREP = INITIAL_PREP_STATUS;

/** What a run shows before its first message: the page's start, and every Train. */
const FRESH_RUN = {
  backend: null,
  batchesPerEpoch: 0,
  progress: null,
  pausedAt: null,
  lastStep: null,
  lossPoints: [],
  epochs: [],
  rateChanges: [],
  tensorsPerEpoch: [],
  accuracy: null,
  error: null,
  announcement: '',
} satisfies Partial<RunSlice>;

export const createRunSlice: StateCreator<AppState, [], [], RunSlice> = (set, get) => ({
  config: DEFAULT_CONFIG,
  runConfig: null,
  runId: 0,
  startedAt: null,
  phase: 'idle',
  notices: [],
  prep: INITIAL_PREP,
  ...FRESH_RUN,
  failedBackends: [],
  transport: null,
  transportFactory: null,

  setTransportFactory: (factory) => set({ transportFactory: factory }),

  startWorker: () => {
    const { transport, transportFactory } = get();
    if (transport || !transportFactory) return;
    set({ transport: transportFactory() });
    get().prepare();
    get().send({ type: 'tile-settings', settings: get().tileSettings });
    void get().initHistory();
  },

  send: (message, transfer) => {
    get().startWorker();
    get().transport?.send(message, transfer);
  },

  setConfig: (patch) => {
    const { phase, config } = get();
    set({ config: { ...config, ...patch } });
    if (isActive(phase) && patch.learningRate !== undefined && patch.learningRate !== config.learningRate) {
      get().send({ type: 'set-learning-rate', learningRate: patch.learningRate });
    }
    // Sizes, batch or backend decide which backend is fastest: look again once the learner stops sliding.
    const shape: (keyof RunConfig)[] = ['hidden1', 'hidden2', 'batchSize', 'backend', 'gradients'];
    if (!isActive(phase) && shape.some((k) => k in patch && patch[k] !== config[k])) {
      clearTimeout(prepareTimer);
      prepareTimer = setTimeout(() => get().prepare(), PREPARE_DEBOUNCE_MS);
    }
  },

  addNotice: (text) => set((s) => ({ notices: [...s.notices, { id: ++noticeId, text }] })),

  dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),

  prepare: () => {
    const { failedBackends, phase } = get();
    if (isActive(phase)) return;
    const config = fitBatchToSamples(get().config).config;
    get().send({ type: 'prepare', config, dataUrl: dataUrl(), remembered: loadTimings(config), avoid: failedBackends });
  },

  train: () => {
    get().startWorker(); // an early click joins the preparation it starts
    const { transport, runId, failedBackends, phase } = get();
    const now = performance.now();
    // The second click of a double-click must not restart the run it just started.
    if (!transport || (isActive(phase) && now - lastTrainAt < DOUBLE_CLICK_MS)) return;
    lastTrainAt = now;
    clearTimeout(stopWatchdog);
    clearTimeout(prepareTimer);
    const fitted = fitBatchToSamples(get().config);
    if (fitted.problem) {
      get().addNotice(fitted.problem);
      set({ config: fitted.config });
    }
    const config = fitted.config;
    const next = runId + 1;
    set({
      runId: next,
      runConfig: { ...config },
      startedAt: new Date().toISOString(),
      phase: 'loading',
      ...FRESH_RUN,
      weightsRequest: null, // a restore or use still on its way no longer describes the weights
      weightsMessage: null,
    });
    get().runStarted();
    // Ask the browser to keep stored runs through storage pressure (granted or not, it decides).
    void navigator.storage?.persist?.().catch(() => false);
    transport.send({
      type: 'start',
      runId: next,
      config: { ...config },
      dataUrl: dataUrl(),
      remembered: loadTimings(config),
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
      set({ phase: 'stopped', pausedAt: null });
      get().predictionReset();
      get().addNotice(
        'The worker did not answer Stop in time and was restarted; the weights of this run are lost. Click Train to start again.',
      );
    }, STOP_TIMEOUT_MS);
  },

  pause: () => {
    const { transport, phase } = get();
    if (transport && isActive(phase) && phase !== 'paused' && phase !== 'evaluating') transport.send({ type: 'pause' });
  },

  resume: () => {
    const { transport, phase } = get();
    if (transport && phase === 'paused') transport.send({ type: 'resume' });
  },

  step: () => {
    const { transport, phase } = get();
    if (transport && phase === 'paused') transport.send({ type: 'step' });
  },

  receiveRun: (message) => {
    if (message.type === 'prep') {
      const { report, config } = message.status;
      // Every timing reaches the page here (in the background, or for a run): remembered for its
      // step shape, so that the next visit needs none.
      if (report?.chosenBy === 'timed' && config) saveTimings(config, report.timings);
      set({ prep: message.status });
      return;
    }
    if (message.runId !== get().runId) return; // a late message from a run that was replaced
    switch (message.type) {
      case 'backend':
        set({ backend: message.report });
        break;
      case 'warming-up':
        set((s) => ({ phase: s.phase === 'paused' ? 'paused' : 'warming-up', batchesPerEpoch: message.batches }));
        break;
      case 'progress': {
        const p = message.progress;
        const batch = get().runConfig?.batchSize ?? 0;
        set((s) => ({
          phase: s.phase === 'paused' ? 'paused' : 'training',
          progress: p,
          batchesPerEpoch: p.batches,
          lossPoints: decimateCurve(
            [...s.lossPoints, { x: p.epoch + p.batch / p.batches, examples: (p.epoch * p.batches + p.batch) * batch, loss: p.runningLoss }],
            MAX_LOSS_POINTS,
          ),
        }));
        break;
      }
      case 'paused':
        set({ phase: 'paused', pausedAt: message.position });
        break;
      case 'resumed':
        set({ phase: 'training', pausedAt: null, lastStep: null });
        get().tilesResumed();
        break;
      case 'stepped':
        set({ pausedAt: message.position, lastStep: { loss: message.loss, position: message.position } });
        break;
      case 'rate-changed': {
        const c = message.change;
        const batch = get().runConfig?.batchSize ?? 0;
        const mark = { x: c.epoch + c.batch / c.batches, examples: (c.epoch * c.batches + c.batch) * batch, learningRate: c.learningRate };
        set((s) => ({ rateChanges: [...s.rateChanges, mark] }));
        break;
      }
      case 'epoch': {
        const r = message.report;
        const row: EpochRow = {
          epoch: r.epoch + 1,
          loss: r.loss,
          seconds: r.seconds,
          testAccuracy: r.test?.accuracy ?? null,
          evalSeconds: r.test?.seconds ?? null,
        };
        set((s) => ({
          epochs: [...s.epochs, row],
          tensorsPerEpoch: [...s.tensorsPerEpoch, r.numTensors],
          announcement: `Epoch ${row.epoch}: loss ${row.loss.toFixed(4)}${row.testAccuracy !== null ? `, test accuracy ${pct(row.testAccuracy)}` : ''}.`,
        }));
        break;
      }
      case 'evaluating':
        clearTimeout(stopWatchdog); // the loop has ended: the worker is alive and answering
        set({ phase: 'evaluating', pausedAt: null });
        break;
      case 'done': {
        clearTimeout(stopWatchdog);
        const test = message.test?.accuracy ?? null;
        const accuracy = message.trainAccuracy === null && test === null ? null : { train: message.trainAccuracy, test };
        const ending = { finished: 'finished', stopped: 'was stopped', diverged: 'diverged' }[message.ending];
        set({
          phase: message.problem ? 'error' : message.ending === 'stopped' ? 'stopped' : 'done',
          pausedAt: null,
          accuracy,
          error: message.problem ? { kind: 'diverged', ...message.problem } : null,
          announcement: `The run ${ending}${test !== null ? `: test accuracy ${pct(test)}` : ''}.`,
        });
        break;
      }
      case 'error': {
        clearTimeout(stopWatchdog);
        const failed = message.kind === 'backend' && message.backend ? [message.backend] : [];
        set((s) => ({
          phase: 'error',
          pausedAt: null,
          error: { kind: message.kind, message: message.message, hint: message.hint },
          failedBackends: [...new Set([...s.failedBackends, ...failed])],
          announcement: `The run ended with an error: ${message.message}`,
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

  workerReplaced: () => {
    set({ prep: INITIAL_PREP });
    get().prepare();
    get().send({ type: 'tile-settings', settings: get().tileSettings });
    void get().restoreLatest();
  },

  workerCrashed: (text) => {
    clearTimeout(stopWatchdog);
    get().transport?.replace();
    get().predictionReset();
    set({
      phase: 'error',
      pausedAt: null,
      prep: INITIAL_PREP,
      error: {
        kind: 'internal',
        message: `The training worker crashed: ${text}`,
        hint: 'A fresh worker has been started: click Train to run again.',
      },
    });
  },
});

/** A learning rate as the chart labels it. */
export const rateLabel = (rate: number) => `lr ${formatSetting(rate)}`;
