import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MnistData } from '../data/sprites';
import { DEFAULT_CONFIG, type FromWorker, type ToWorker, type VariantMessage } from '../worker/protocol';
import { useAppStore } from './appStore';
import { parseRace } from './raceSpec';
import type { RunRecord } from './runRecord';
import type { TrainingTransport } from './workerSlice';

type Sent = ToWorker[];
const transport = (sent: Sent): TrainingTransport => ({ send: (m) => sent.push(m), terminate: vi.fn(), replace: vi.fn() });
const spec = (text: string) => (parseRace(text) as { spec: NonNullable<ReturnType<typeof useAppStore.getState>['raceSpec']> }).spec;
const data = {} as MnistData;
const progress = (batch: number, runningLoss: number) => ({
  type: 'progress' as const,
  runId: 0,
  progress: { epoch: 0, batch, batches: 100, runningLoss, samplesPerSecond: 1000, msPerStep: 1 },
});
const done = (
  ending: 'finished' | 'stopped' | 'diverged',
  divergence?: { loss: number; epoch: number; batch: number; learningRate: number },
) => ({
  type: 'done' as const,
  runId: 0,
  ending,
  trainAccuracy: 0.5,
  test: { accuracy: 0.5, confusion: [], seconds: 0 },
  numTensors: 10,
  weights: { arch: { hidden1: 100, hidden2: 50 }, values: {} } as never,
  divergence,
});

describe('a race as the page follows it', () => {
  let page: Sent;
  let extra: Sent;
  let saved: RunRecord[];
  let updates: number;
  let unsubscribe = () => {};
  const message = (variant: number, inner: VariantMessage): FromWorker => ({
    type: 'race-run',
    raceId: useAppStore.getState().race!.id,
    variant,
    message: inner,
  });

  beforeEach(() => {
    page = [];
    extra = [];
    saved = [];
    updates = 0;
    vi.stubGlobal('navigator', { hardwareConcurrency: 2 });
    vi.stubGlobal('location', new URL('http://localhost/'));
    useAppStore.setState({
      transport: transport(page),
      config: { ...DEFAULT_CONFIG, backend: 'wasm', samples: 5000, epochs: 2 },
      race: null,
      raceSpec: spec('lr:1,500,3'),
      saveRun: async (run) => void saved.push(run),
    });
    useAppStore.getState().setRaceWorkerFactory(() => transport(extra));
    useAppStore.getState().startRace();
    const share = page.find((m) => m.type === 'share-data')!;
    useAppStore.getState().receiveRace({ type: 'data-shared', requestId: (share as { requestId: number }).requestId, data, shared: true });
    unsubscribe = useAppStore.subscribe(() => updates++);
  });
  afterEach(() => unsubscribe());

  it('deals the variants to two workers round robin and starts each with its share', () => {
    const race = useAppStore.getState().race!;
    expect(race).toMatchObject({ path: 'workers', workers: 2, status: 'running', data: 'shared-memory' });
    expect(race.variants.map((v) => [v.label, v.worker])).toEqual([
      ['lr 1', 0],
      ['lr 500', 1],
      ['lr 3', 0],
    ]);
    const starts = [...page, ...extra].filter((m) => m.type === 'race-start');
    expect(starts.map((m) => m.variants.map((v) => v.config.learningRate))).toEqual([[1, 3], [500]]);
  });

  it('writes one delivery’s messages to the store in one update, each variant its own curve', async () => {
    const { receiveRace } = useAppStore.getState();
    for (let b = 1; b <= 4; b++) for (const v of [0, 1, 2]) receiveRace(message(v, progress(b * 10, 0.2 - v / 100)) as never);
    expect(updates).toBe(0); // not yet: the batch is written a microtask later
    await Promise.resolve();
    expect(updates).toBe(1);
    const variants = useAppStore.getState().race!.variants;
    expect(variants.map((v) => v.lossPoints.length)).toEqual([4, 4, 4]);
    expect(variants[2].lossPoints.at(-1)).toMatchObject({ x: 0.4, examples: 40 * 32 });
    expect(variants[2].lossPoints.at(-1)!.loss).toBeCloseTo(0.18, 12);
    expect(variants[1].progress?.batch).toBe(40);
  });

  it('ends a diverging variant alone with its message while the others go on; every ended one is kept, tagged', async () => {
    const { receiveRace } = useAppStore.getState();
    receiveRace(message(1, done('diverged', { loss: NaN, epoch: 0, batch: 7, learningRate: 500 })) as never);
    let race = useAppStore.getState().race!;
    expect(race.status).toBe('running');
    expect(race.variants.map((v) => v.phase)).toEqual(['loading', 'error', 'loading']);
    expect(race.variants[1].error?.message).toMatch(/^The loss became NaN in epoch 1, by batch 7: with learning rate 500 /);
    receiveRace(message(0, done('finished')) as never);
    receiveRace(message(2, done('finished')) as never);
    race = useAppStore.getState().race!;
    expect(race.status).toBe('ended');
    expect(race.seconds).toBeGreaterThanOrEqual(0);
    expect(saved.map((r) => [r.ending, r.race?.value, r.race?.index, r.race?.size])).toEqual([
      ['diverged', '500', 1, 3],
      ['finished', '1', 0, 3],
      ['finished', '3', 2, 3],
    ]);
    expect(new Set(saved.map((r) => r.race?.id)).size).toBe(1);
    expect(saved[2].query).toMatch(/^lr=3&.*samples=5000/);
  });

  it('a race stopped while the data is on its way ends at once, and the data arriving later starts nothing', () => {
    useAppStore.setState({ race: null });
    page.length = 0;
    useAppStore.getState().startRace();
    const share = page.find((m) => m.type === 'share-data') as { requestId: number };
    useAppStore.getState().stopRace();
    expect(useAppStore.getState().race).toMatchObject({ status: 'ended' });
    expect(useAppStore.getState().race!.variants.map((v) => v.phase)).toEqual(['stopped', 'stopped', 'stopped']);
    useAppStore.getState().receiveRace({ type: 'data-shared', requestId: share.requestId, data, shared: true });
    expect(page.some((m) => m.type === 'race-start')).toBe(false);
    expect(useAppStore.getState().race!.status).toBe('ended');
  });

  it('pauses, resumes and stops every worker’s variants', () => {
    const { pauseRace, resumeRace, stopRace } = useAppStore.getState();
    const controls = (sent: Sent) => sent.filter((m) => m.type === 'race-control').map((m) => m.action);
    pauseRace();
    expect(useAppStore.getState().race!.status).toBe('paused');
    resumeRace();
    stopRace();
    expect(controls(page)).toEqual(['pause', 'resume', 'stop']);
    expect(controls(extra)).toEqual(['pause', 'resume', 'stop']);
  });
});
