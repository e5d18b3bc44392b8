import type { StateCreator } from 'zustand';
import type { MnistData } from '../data/sprites';
import { batchable, type FromWorker, type RunConfig, type VariantMessage } from '../worker/protocol';
import type { AppState } from './appStore';
import { describeRaceStopUnanswered } from './messages';
import { dataUrl, isActive, nextRequestId, raceActive } from './phase';
import { mergeResults, raceText, splitIntoJobs, variantConfigs, type RaceSpec } from './raceSpec';
import { crashMessage, freshVariant, raceTag, variantLabel, type VariantRun } from './raceVariants';
import { recordOfRun } from './runRecordFrom';
import { reduceRunMessage } from './runMessages';
import { STOP_ACK_TIMEOUT_MS } from './runSlice';
import type { TrainingTransport, WorkerEvents } from './workerSlice';

export type { VariantRun };

export interface RaceState {
  id: number;
  spec: RaceSpec;
  /** The settings every variant shares. */
  base: RunConfig;
  startedAt: string;
  variants: VariantRun[];
  /** How it runs: in parallel workers (CPU backends), or all in the one GPU device. */
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

/** Extra workers of the race in progress (index 1…), made for it and ended with it. */
let extraWorkers: TrainingTransport[] = [];
let workerFactory: ((events: WorkerEvents) => TrainingTransport) | null = null;
let pendingData: { requestId: number; jobs: { variant: number; config: RunConfig }[][] } | null = null;
let stopWatchdog: ReturnType<typeof setTimeout> | undefined;
/**
 * Variants changed by the messages of one delivery, written to the store together a microtask
 * later: the client hands on a frame's messages in one go, so a race of 8 makes one store update
 * per delivery, not one per message.
 */
let changed = new Map<number, VariantRun>();
let commitQueued = false;

export const createRaceSlice: StateCreator<AppState, [], [], RaceSlice> = (set, get) => {
  /** Sends a race message to the worker that trains these variants. */
  const toWorker = (worker: number) => (worker === 0 ? get().transport : extraWorkers[worker - 1]);

  const endWorkers = () => {
    extraWorkers.forEach((w) => w.terminate());
    extraWorkers = [];
  };

  /** Writes the variants changed since the last commit into the store. */
  const commit = () => {
    commitQueued = false;
    if (changed.size === 0) return;
    const batch = changed;
    changed = new Map();
    set((s) => (s.race ? { race: { ...s.race, variants: s.race.variants.map((v) => batch.get(v.variant) ?? v) } } : {}));
  };

  /** A variant as it is now, with the changes not yet committed. */
  const variantNow = (variant: number) => changed.get(variant) ?? get().race?.variants.find((v) => v.variant === variant);

  const patchVariant = (variant: number, patch: Partial<VariantRun>) => {
    const now = variantNow(variant);
    if (!now) return;
    changed.set(variant, { ...now, ...patch });
    if (!commitQueued) {
      commitQueued = true;
      queueMicrotask(commit);
    }
  };

  /** Ends the race when every variant has ended; frees its workers. */
  const settle = () => {
    commit();
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
      changed = new Map();
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
        jobs.map((job, worker) => job.map(({ variant, config: c }) => freshVariant(variant, c, variantLabel(spec, c), worker))),
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
      commit();
      const race = get().race;
      if (!race || race.status !== 'running') return;
      for (let w = 0; w < race.workers; w++) toWorker(w)?.send({ type: 'race-control', raceId: race.id, action: 'pause' });
      set({ race: { ...race, status: 'paused' } });
    },

    resumeRace: () => {
      commit();
      const race = get().race;
      if (!race || race.status !== 'paused') return;
      for (let w = 0; w < race.workers; w++) toWorker(w)?.send({ type: 'race-control', raceId: race.id, action: 'resume' });
      set({ race: { ...race, status: 'running' } });
    },

    stopRace: () => {
      commit();
      const race = get().race;
      if (!raceActive(race)) return;
      if (race!.status === 'preparing') {
        // No variant has started (the data is still on its way to the workers): the race ends here, with nothing to keep.
        pendingData = null;
        set({ race: { ...race!, variants: race!.variants.map((v) => ({ ...v, phase: 'stopped' as const })) } });
        settle();
        return;
      }
      for (let w = 0; w < race!.workers; w++) toWorker(w)?.send({ type: 'race-control', raceId: race!.id, action: 'stop' });
      clearTimeout(stopWatchdog);
      // A worker that does not even acknowledge Stop is stuck: end it; its variants lose their weights.
      stopWatchdog = setTimeout(() => {
        commit();
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
      }, STOP_ACK_TIMEOUT_MS); // the same patience as a run's Stop
    },

    raceWorkerCrashed: (worker, text) => {
      commit();
      const race = get().race;
      if (!raceActive(race)) return;
      for (const v of race!.variants)
        if (v.worker === worker && isActive(v.phase)) get().receiveRace(crashMessage(race!.id, v.variant, text));
    },

    raceFailed: (text) => {
      commit();
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
      const variant = variantNow(message.variant);
      if (!variant) return;
      const inner: VariantMessage = message.message;
      patchVariant(message.variant, reduceRunMessage(variant, inner) as Partial<VariantRun>);
      if (inner.type === 'done') {
        const ended = variantNow(message.variant)!;
        const record = recordOfRun({ ...ended, runConfig: ended.config }, inner);
        if (record) {
          record.race = raceTag({ ...race, size: race.variants.length }, message.variant);
          void get().saveRun(record, inner.weights!);
        }
      }
      if (inner.type === 'done' || inner.type === 'error') settle();
    },
  };
};

export { raceActive, raceText };
