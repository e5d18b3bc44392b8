import type { StateCreator } from 'zustand';
import {
  INITIAL_PREP_STATUS,
  type BackendName,
  type BackendReport,
  type LoopPosition,
  type ActivationHistograms,
  type HealthSample,
  type LoopProgress,
  type PrepStatus,
  type RunConfig,
  type RunFailure,
} from '../worker/protocol';
import type { AppState } from './appStore';
import { RACE_GOING, STOP_UNANSWERED } from './messages';
import { dataUrl, isActive, raceActive, type Phase } from './phase';
import { reduceRunMessage, type RunMessage } from './runMessages';
import { type CurvePoint, type RateMark } from './runRecord';
import { fitBatchToSamples, formatSetting } from './settings';
import { cancelScheduledPrepare } from './settingsSlice';
import { loadTimings, saveTimings } from './timings';

export { dataUrl, isActive, type Phase } from './phase';

/** One row of the epoch table. */
export interface EpochRow {
  epoch: number;
  loss: number;
  /** Training time of the epoch (evaluation excluded). */
  seconds: number;
  /** Test accuracy after the epoch (0..1) and what computing it took. */
  testAccuracy: number | null;
  evalSeconds: number | null;
  /** Of `seconds`, the time spent measuring layer health. */
  healthSeconds: number;
}

export type RunErrorKind = RunFailure['kind'] | 'diverged';

export interface RunSlice {
  /** The configuration of the current or last run (settings may change during a run). */
  runConfig: RunConfig | null;
  runId: number;
  /** When the current or last run began (ISO 8601). */
  startedAt: string | null;
  phase: Phase;
  /** Stop was acknowledged by the worker; the run is ending. */
  stopping: boolean;
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
  /** The layers' health every ~50 batches, and the latest activation histograms. */
  health: HealthSample[];
  histograms: ActivationHistograms | null;
  /** Accuracies (0..1) of the current weights, when known. */
  accuracy: { train: number | null; test: number | null } | null;
  error: { kind: RunErrorKind; message: string; hint: string } | null;
  /** Backends that failed in this session; automatic choice avoids them. */
  failedBackends: BackendName[];
  /** The latest sentence for screen readers (epoch results, the end of a run). */
  announcement: string;

  train(): void;
  stop(): void;
  pause(): void;
  resume(): void;
  step(): void;
  clearStopWatchdog(): void;
  receiveRun(message: RunMessage): void;
}

/** How long Stop may wait for the worker's acknowledgement before the worker is replaced. */
export const STOP_ACK_TIMEOUT_MS = 4000;
const DOUBLE_CLICK_MS = 500;

let lastTrainAt = -Infinity;

/** Failures after which the worker may be in a bad state: a fresh one takes over. */
const REPLACE_AFTER: readonly RunFailure['kind'][] = ['device-lost', 'no-backend', 'internal'];
let stopWatchdog: ReturnType<typeof setTimeout> | undefined;

/** What a run shows before its first message: the page's start, every Train, and every race variant. */
export const FRESH_RUN = {
  stopping: false,
  backend: null,
  batchesPerEpoch: 0,
  progress: null,
  pausedAt: null,
  lastStep: null,
  lossPoints: [],
  epochs: [],
  rateChanges: [],
  tensorsPerEpoch: [],
  health: [],
  histograms: null,
  accuracy: null,
  error: null,
  announcement: '',
} satisfies Partial<RunSlice>;

export const createRunSlice: StateCreator<AppState, [], [], RunSlice> = (set, get) => ({
  runConfig: null,
  runId: 0,
  startedAt: null,
  phase: 'idle',
  prep: INITIAL_PREP_STATUS,
  ...FRESH_RUN,
  failedBackends: [],

  train: () => {
    get().startWorker(); // an early click joins the preparation it starts
    const { transport, runId, failedBackends, phase } = get();
    const now = performance.now();
    // The second click of a double-click must not restart the run it just started.
    if (!transport || (isActive(phase) && now - lastTrainAt < DOUBLE_CLICK_MS)) return;
    if (raceActive(get().race)) {
      get().addNotice(RACE_GOING); // the race owns the workers until it ends
      return;
    }
    lastTrainAt = now;
    get().clearStopWatchdog();
    cancelScheduledPrepare();
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
    get().explainRunMoved('started');
    // Ask the browser to keep stored runs through storage pressure (granted or not, it decides).
    void navigator.storage?.persist?.().catch((error: unknown) => console.warn('Asking for persistent storage failed:', error));
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
    get().clearStopWatchdog();
    // The worker acknowledges Stop at once unless it is stuck (e.g. in a long GPU submission,
    // where it cannot read messages): only then is it replaced (squoosh's pattern).
    stopWatchdog = setTimeout(() => {
      if (!isActive(get().phase) || get().stopping) return;
      transport.replace();
      set({ phase: 'stopped', pausedAt: null });
      get().predictionReset();
      get().addNotice(STOP_UNANSWERED);
    }, STOP_ACK_TIMEOUT_MS);
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

  clearStopWatchdog: () => clearTimeout(stopWatchdog),

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
    if (message.type === 'stopping' || message.type === 'done' || message.type === 'error') get().clearStopWatchdog();
    set(reduceRunMessage(get(), message));
    if (message.type === 'resumed') get().tilesResumed();
    if (message.type === 'resumed' || message.type === 'stepped' || message.type === 'paused') get().explainRunMoved(message.type);
    // A failed backend or a bug may have left the worker in a bad state: start a fresh one.
    if (message.type === 'error' && REPLACE_AFTER.includes(message.failure.kind)) get().transport?.replace();
  },
});

/** A learning rate as the chart labels it. */
export const rateLabel = (rate: number) => `lr ${formatSetting(rate)}`;
