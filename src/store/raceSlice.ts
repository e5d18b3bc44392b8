import type { StateCreator } from 'zustand';
import type { MnistData } from '../data/sprites';
import { batchable, type FromWorker, type RunConfig, type VariantMessage } from '../worker/protocol';
import type { AppState } from './appStore';
import { describeRaceStopUnanswered } from './messages';
import { dataUrl, isActive, nextRequestId, raceActive } from './phase';
import { mergeResults, RACE_KEYS, raceText, splitIntoJobs, variantConfigs, type RaceSpec } from './raceSpec';
import { recordOfRun } from './runRecordFrom';
import { reduceRunMessage } from './runMessages';
import { FRESH_RUN, type RunSlice } from './runSlice';
import { formatSetting } from './settings';
import type { TrainingTransport, WorkerEvents } from './workerSlice';

/** One variant of a race, followed like a run of its own (the same reducer as the page's run). */
export type VariantRun = Pick<
  RunSlice,
  | 'runConfig'
  | 'phase'
  | 'stopping'
  | 'backend'
  | 'batchesPerEpoch'
  | 'progress'
  | 'pausedAt'
  | 'lastStep'
  | 'lossPoints'
  | 'epochs'
  | 'rateChanges'
  | 'tensorsPerEpoch'
  | 'health'
  | 'histograms'
  | 'accuracy'
  | 'error'
  | 'failedBackends'
  | 'announcement'
> & {
  variant: number;
  config: RunConfig;
  /** The raced setting's value, as the legend names the variant ("lr 3"). */
  label: string;
  startedAt: string;
  /** Which worker trains it (0 is the page's own worker). */
  worker: number;
};

export interface RaceState {
  id: number;
  spec: RaceSpec;
  /** The settings every variant shares. */
  base: RunConfig;
  startedAt: string;
  variants: VariantRun[];
  /** How it runs: in parallel workers (CPU backends), or in the one GPU device, batched into the same kernels or interleaved. */
  path: 'workers' | 'batched' | 'interleaved';
  workers: number;
  /** How the data reached the extra workers: one shared copy, or a copy each. */
  data: 'shared-memory' | 'copied' | null;
  status: 'preparing' | 'running' | 'paused' | 'ended';
  /** Wall-clock seconds from Race to the last variant's end. */
  seconds: number | null;
  /** What the worker reports of a batched race once it ends: batched calls, and the variant steps they carried. */
  batched: { calls: number; variantSteps: number } | null;
}

export interface RaceSlice {
  race: RaceState | null;
  /** The race the URL asks for (`race=`), valid, or null. */
  raceSpec: RaceSpec | null;
  setRaceSpec(spec: RaceSpec | null): void;
  /** Trains every variant at once: in as many workers as the CPU has cores, or in the one GPU device. */
  startRace(): void;
  pauseRace(): void;
  resumeRace(): void;
  stopRace(): void;
  receiveRace(message: Extract<FromWorker, { type: 'race-run' | 'data-shared' | 'race-engine' }>): void;
  /** A race worker crashed: its variants end with the crash's words. */
  raceWorkerCrashed(worker: number, text: string): void;
  /** The race could not start (the data could not be handed on): every variant ends with this. */
  raceFailed(text: string): void;
  setRaceWorkerFactory(factory: (events: WorkerEvents) => TrainingTransport): void;
}

const RACE_STOP_TIMEOUT_MS = 4000;

/** Extra workers of the race in progress (index 1…), made for it and ended with it. */
let extraWorkers: TrainingTransport[] = [];
let workerFactory: ((events: WorkerEvents) => TrainingTransport) | null = null;
let pendingData: { requestId: number; jobs: { variant: number; config: RunConfig }[][] } | null = null;
let stopWatchdog: ReturnType<typeof setTimeout> | undefined;

function freshVariant(variant: number, config: RunConfig, label: string, worker: number): VariantRun {
  return {
    ...FRESH_RUN,
    variant,
    config,
    label,
    worker,
    startedAt: new Date().toISOString(),
    runConfig: config,
    phase: 'loading',
    failedBackends: [],
  };
}

export const createRaceSlice: StateCreator<AppState, [], [], RaceSlice> = (set, get) => {
  /** Sends a race message to the worker that trains these variants. */
  const toWorker = (worker: number) => (worker === 0 ? get().transport : extraWorkers[worker - 1]);

  const endWorkers = () => {
    extraWorkers.forEach((w) => w.terminate());
    extraWorkers = [];
  };

  const patchVariant = (variant: number, patch: Partial<VariantRun>) =>
    set((s) =>
      s.race ? { race: { ...s.race, variants: s.race.variants.map((v) => (v.variant === variant ? { ...v, ...patch } : v)) } } : {},
    );

  /** Ends the race when every variant has ended; frees its workers. */
  const settle = () => {
    const race = get().race;
    if (!race || !race.variants.every((v) => !isActive(v.phase))) return;
    clearTimeout(stopWatchdog);
    endWorkers();
    set({ race: { ...race, status: 'ended', seconds: (Date.now() - Date.parse(race.startedAt)) / 1000 } });
  };

  const launch = (race: RaceState, jobs: { variant: number; config: RunConfig }[][], data: MnistData | null) => {
    jobs.forEach((variants, worker) =>
      toWorker(worker)?.send({ type: 'race-start', raceId: race.id, variants, dataUrl: dataUrl(), data: worker === 0 ? null : data }),
    );
    set({ race: { ...race, status: 'running' } });
  };

  return {
    race: null,
    raceSpec: null,

    setRaceSpec: (raceSpec) => set({ raceSpec }),

    setRaceWorkerFactory: (factory) => {
      workerFactory = factory;
    },

    startRace: () => {
      const { raceSpec: spec, phase, config, prep, race } = get();
      if (!spec || isActive(phase) || raceActive(race)) return;
      get().startWorker();
      // The backend the page prepared decides the path: a GPU runs every variant in its one device.
      const backend = prep.report?.name ?? (config.backend === 'auto' ? 'wasm' : config.backend);
      const onDevice = backend === 'webgpu' || backend === 'webgl';
      const base = { ...config, backend };
      const configs = variantConfigs(base, spec);
      const cores = Math.max(1, navigator.hardwareConcurrency || 2);
      const workers = onDevice || !workerFactory ? 1 : Math.min(cores, configs.length);
      const indexed = configs.map((c, variant) => ({ variant, config: c }));
      const jobs = splitIntoJobs(indexed, workers);
      const id = nextRequestId();
      const variants = mergeResults(
        jobs.map((job, worker) => job.map(({ variant, config: c }) => freshVariant(variant, c, valueText(spec, c), worker))),
      );
      const state: RaceState = {
        id,
        spec,
        base,
        startedAt: new Date().toISOString(),
        variants,
        path: onDevice ? (batchable(configs) ? 'batched' : 'interleaved') : 'workers',
        workers,
        data: null,
        status: 'preparing',
        seconds: null,
        batched: null,
      };
      set({ race: state });
      if (workers === 1) {
        launch(state, jobs, null);
        return;
      }
      // One verified copy of the data, from the page's worker, for every extra worker.
      extraWorkers = Array.from({ length: workers - 1 }, (_, i) =>
        workerFactory!({
          crashed: (text) => get().raceWorkerCrashed(i + 1, text),
          replaced: () => undefined,
        }),
      );
      const requestId = nextRequestId();
      pendingData = { requestId, jobs };
      get().send({ type: 'share-data', requestId, dataUrl: dataUrl() });
    },

    pauseRace: () => {
      const race = get().race;
      if (!race || race.status !== 'running') return;
      for (let w = 0; w < race.workers; w++) toWorker(w)?.send({ type: 'race-control', raceId: race.id, action: 'pause' });
      set({ race: { ...race, status: 'paused' } });
    },

    resumeRace: () => {
      const race = get().race;
      if (!race || race.status !== 'paused') return;
      for (let w = 0; w < race.workers; w++) toWorker(w)?.send({ type: 'race-control', raceId: race.id, action: 'resume' });
      set({ race: { ...race, status: 'running' } });
    },

    stopRace: () => {
      const race = get().race;
      if (!raceActive(race)) return;
      if (race!.status === 'preparing') {
        // Nothing trains yet (the data is on its way to the workers): end here; a late answer is ignored.
        pendingData = null;
        set({ race: { ...race!, variants: race!.variants.map((v) => ({ ...v, phase: 'stopped' })) } });
        settle();
        return;
      }
      for (let w = 0; w < race!.workers; w++) toWorker(w)?.send({ type: 'race-control', raceId: race!.id, action: 'stop' });
      clearTimeout(stopWatchdog);
      // A worker that does not even acknowledge Stop is stuck: end it; its variants lose their weights.
      stopWatchdog = setTimeout(() => {
        const now = get().race;
        if (!now || now.id !== race!.id) return;
        let stuckMain = false;
        for (const v of now.variants) {
          if (isActive(v.phase) && !v.stopping) {
            patchVariant(v.variant, { phase: 'stopped', error: { kind: 'internal', message: describeRaceStopUnanswered(), hint: '' } });
            if (v.worker === 0) stuckMain = true;
          }
        }
        // The page's own worker is replaced (a fresh one prepares again); extra workers end with the race.
        if (stuckMain) get().transport?.replace();
        settle();
      }, RACE_STOP_TIMEOUT_MS);
    },

    raceWorkerCrashed: (worker, text) => {
      const race = get().race;
      if (!raceActive(race)) return;
      for (const v of race!.variants)
        if (v.worker === worker && isActive(v.phase)) get().receiveRace(crashMessage(race!.id, v.variant, text));
    },

    raceFailed: (text) => {
      const race = get().race;
      if (!race) return;
      pendingData = null;
      const error = { kind: 'internal' as const, message: text, hint: 'Click Race to try again.' };
      set({ race: { ...race, variants: race.variants.map((v) => (isActive(v.phase) ? { ...v, phase: 'error', error } : v)) } });
      settle();
    },

    receiveRace: (message) => {
      const race = get().race;
      if (message.type === 'data-shared') {
        if (!race || race.status !== 'preparing' || !pendingData || pendingData.requestId !== message.requestId) return;
        const { jobs } = pendingData;
        pendingData = null;
        set({ race: { ...race, data: message.shared ? 'shared-memory' : 'copied' } });
        launch({ ...race, data: message.shared ? 'shared-memory' : 'copied' }, jobs, message.data);
        return;
      }
      if (!race || race.id !== message.raceId) return;
      if (message.type === 'race-engine') {
        set({ race: { ...race, batched: message.batched } });
        return;
      }
      const variant = race.variants.find((v) => v.variant === message.variant);
      if (!variant) return;
      const inner: VariantMessage = message.message;
      patchVariant(message.variant, reduceRunMessage(variant, inner) as Partial<VariantRun>);
      if (inner.type === 'done') {
        const ended = get().race!.variants.find((v) => v.variant === message.variant)!;
        const record = recordOfRun({ ...ended, runConfig: ended.config }, inner);
        if (record) {
          const value = race.spec.values[message.variant];
          record.race = {
            id: `race-${race.startedAt}`,
            param: race.spec.param,
            value: typeof value === 'number' ? formatSetting(value) : value,
            index: message.variant,
            size: race.variants.length,
          };
          void get().saveRun(record, inner.weights!);
        }
      }
      if (inner.type === 'done' || inner.type === 'error') settle();
    },
  };
};

/** A variant's name: the raced setting and its value ("lr 3", "act relu"); within a race nothing else differs. */
const valueText = (spec: RaceSpec, c: RunConfig) => {
  const value = c[RACE_KEYS[spec.param]];
  return `${spec.param} ${typeof value === 'number' ? formatSetting(value) : value}`;
};

/** A worker that crashed ends its variants with the crash's words. */
const crashMessage = (raceId: number, variant: number, text: string): Extract<FromWorker, { type: 'race-run' }> => ({
  type: 'race-run',
  raceId,
  variant,
  message: { type: 'error', runId: variant, failure: { kind: 'internal', detail: `the race worker crashed: ${text}` } },
});

export { raceActive, raceText };
