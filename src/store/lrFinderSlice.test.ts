import { beforeAll, describe, expect, it } from 'vitest';
import { create } from 'zustand';
import { DEFAULT_CONFIG, type LrFinderResult, type ToWorker } from '../worker/protocol';
import type { AppState } from './appStore';
import { createLrFinderSlice, suggestedRate } from './lrFinderSlice';

/** The slice with just enough of the rest of the store: the phase, the settings, notices and the worker's inbox. */
function store(phase: AppState['phase'] = 'idle', race: AppState['race'] = null) {
  const sent: ToWorker[] = [];
  const notices: string[] = [];
  const useStore = create<AppState>()((set, get, api) => ({
    ...({
      phase,
      race,
      config: DEFAULT_CONFIG,
      send: (message: ToWorker) => sent.push(message),
      addNotice: (text: string) => notices.push(text),
      setConfig: (patch: Partial<AppState['config']>) => set({ config: { ...get().config, ...patch } }),
    } as unknown as AppState),
    ...createLrFinderSlice(set, get, api),
  }));
  return { useStore, sent, notices };
}

const result = (suggestion: number | null): LrFinderResult => ({ points: [], stoppedBy: 'end', suggestion, seconds: 1 });

beforeAll(() => {
  // dataUrl() reads the page's address.
  Object.assign(globalThis, { location: { href: 'http://localhost/' } });
});

describe('the learning-rate finder in the store', () => {
  it('rounds the suggestion to two significant digits, and takes no suggestion for none', () => {
    expect(suggestedRate(26.9)).toBe(27);
    expect(suggestedRate(35.49)).toBe(35);
    expect(suggestedRate(0.004169)).toBe(0.0042);
    for (const none of [null, NaN, 0, -1]) expect(suggestedRate(none)).toBeNull();
  });

  it('asks the worker for the current settings, not during a run or a race, and follows only its own answer', () => {
    const busy = store('training');
    busy.useStore.getState().findLearningRate();
    expect(busy.sent).toEqual([]);
    const racing = store('idle', { status: 'running' } as AppState['race']);
    racing.useStore.getState().findLearningRate();
    expect(racing.sent).toEqual([]);

    const { useStore, sent } = store();
    useStore.getState().findLearningRate();
    expect(sent).toHaveLength(1);
    const request = sent[0] as Extract<ToWorker, { type: 'find-lr' }>;
    expect(request).toMatchObject({ type: 'find-lr', config: DEFAULT_CONFIG });
    const point = { lr: 1e-4, loss: 0.23, smoothed: 0.23 };
    useStore.getState().receiveLrFinder({ type: 'lr-progress', requestId: request.requestId + 1, points: [point], total: 200 });
    useStore.getState().receiveLrFinder({ type: 'lr-progress', requestId: request.requestId, points: [point, point], total: 200 });
    expect(useStore.getState().lrFinder).toMatchObject({ status: 'running', total: 200, points: [point, point] });
    useStore.getState().receiveLrFinder({ type: 'lr-found', requestId: request.requestId, result: result(26.9) });
    expect(useStore.getState().lrFinder?.status).toBe('done');
    useStore.getState().useSuggestedRate();
    expect(useStore.getState().config.learningRate).toBe(27);
  });

  it('keeps a suggestion below the setting’s range inside it, and says so', () => {
    const { useStore, sent, notices } = store();
    useStore.getState().findLearningRate();
    const { requestId } = sent[0] as Extract<ToWorker, { type: 'find-lr' }>;
    useStore.getState().receiveLrFinder({ type: 'lr-found', requestId, result: result(0.000646) });
    useStore.getState().useSuggestedRate();
    expect(useStore.getState().config.learningRate).toBe(0.001);
    expect(notices).toEqual(['Learning rate 0.00065 must be between 0.001 and 1000; using 0.001.']);
  });
});
