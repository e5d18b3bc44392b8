import type { StateCreator } from 'zustand';
import { DEFAULT_CONFIG, type RunConfig } from '../worker/protocol';
import type { AppState } from './appStore';
import { dataUrl, isActive, raceActive } from './phase';
import { fitBatchToSamples } from './settings';
import { loadTimings } from './timings';

/** A message shown above the page until dismissed (e.g. an invalid URL setting). */
export interface Notice {
  id: number;
  text: string;
}

export interface SettingsSlice {
  config: RunConfig;
  notices: Notice[];
  /** Changes settings for the next run; a learning rate changed during a run also applies to it from the next batch. */
  setConfig(patch: Partial<RunConfig>): void;
  addNotice(text: string): void;
  dismissNotice(id: number): void;
  /** Loads data and chooses the backend for the current settings in the background. */
  prepare(): void;
}

const PREPARE_DEBOUNCE_MS = 600;
/** Settings that decide which backend is fastest: changing one prepares again. */
const SHAPE: readonly (keyof RunConfig)[] = ['hidden1', 'hidden2', 'batchSize', 'backend', 'gradients'];

let noticeId = 0;
let prepareTimer: ReturnType<typeof setTimeout> | undefined;

/** Cancels a preparation that the last settings change scheduled (a run is starting). */
export const cancelScheduledPrepare = () => clearTimeout(prepareTimer);

export const createSettingsSlice: StateCreator<AppState, [], [], SettingsSlice> = (set, get) => ({
  config: DEFAULT_CONFIG,
  notices: [],

  setConfig: (patch) => {
    const { phase, config } = get();
    set({ config: { ...config, ...patch } });
    if (isActive(phase) && patch.learningRate !== undefined && patch.learningRate !== config.learningRate) {
      get().send({ type: 'set-learning-rate', learningRate: patch.learningRate });
    }
    // Look again once the learner stops sliding.
    if (!isActive(phase) && SHAPE.some((k) => k in patch && patch[k] !== config[k])) {
      clearTimeout(prepareTimer);
      prepareTimer = setTimeout(() => get().prepare(), PREPARE_DEBOUNCE_MS);
    }
  },

  addNotice: (text) => set((s) => ({ notices: [...s.notices, { id: ++noticeId, text }] })),

  dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),

  prepare: () => {
    const { failedBackends, phase, race } = get();
    if (isActive(phase) || raceActive(race)) return; // a timing would switch the backend under the run
    const config = fitBatchToSamples(get().config).config;
    get().send({ type: 'prepare', config, dataUrl: dataUrl(), remembered: loadTimings(config), avoid: failedBackends });
  },
});
