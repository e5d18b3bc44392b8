import { describe, expect, it } from 'vitest';
import { initialValues } from '../model/network';
import { HISTORY_LIMIT, MemoryHistory, openHistory, overLimit } from './history';
import { decimateCurve, parseRunRecord, parseWeightsRecord, RECORD_SCHEMA, type RunRecord } from './runRecord';

function record(i: number, patch: Partial<RunRecord> = {}): RunRecord {
  const startedAt = new Date(Date.UTC(2026, 10, 29, 12, 0, i)).toISOString();
  return {
    id: `${startedAt}-x${i}`,
    schema: RECORD_SCHEMA,
    startedAt,
    query: 'lr=3&h1=100&h2=50&epochs=1&batch=32&samples=20000&seed=0&backend=wasm&grad=manual',
    backend: 'Wasm',
    ending: 'finished',
    epochs: [{ epoch: 1, loss: 0.11, seconds: 1.2, testAccuracy: 0.87 }],
    curve: [{ x: 0.5, examples: 10000, loss: 0.2 }],
    rateChanges: [],
    trainAccuracy: 0.87,
    testAccuracy: 0.875,
    confusion: Array.from({ length: 100 }, (_, k) => (k % 11 === 0 ? 1000 : 0)),
    timings: { seconds: 2, samplesPerSecond: 20000, msPerStep: 1.5 },
    arch: { hidden1: 100, hidden2: 50 },
    ...patch,
  };
}

const weights = () => ({ arch: { hidden1: 100, hidden2: 50 }, values: initialValues({ hidden1: 100, hidden2: 50 }, 1) });

describe('stored records are checked before use', () => {
  it('accepts a well-formed run and rejects damaged ones, whatever they hold', () => {
    expect(parseRunRecord(record(1))).not.toBeNull();
    for (const bad of [
      null,
      'a string',
      { ...record(1), schema: 99 },
      { ...record(1), startedAt: 'yesterday' },
      { ...record(1), ending: 'exploded' },
      { ...record(1), epochs: 'none' },
      { ...record(1), curve: [{ x: 'a', examples: 1, loss: 1 }] },
      { ...record(1), confusion: [1, 2, 3] },
      { ...record(1), testAccuracy: '88%' },
      { ...record(1), arch: null },
    ]) {
      expect(parseRunRecord(bad)).toBeNull();
    }
  });

  it('accepts weights only with the sizes their architecture implies', () => {
    const w = { runId: 'a', ...weights() };
    expect(parseWeightsRecord(w)).not.toBeNull();
    expect(parseWeightsRecord({ ...w, values: { ...w.values, w2: new Float32Array(3) } })).toBeNull();
    expect(parseWeightsRecord({ ...w, values: { ...w.values, b1: [1, 2] } })).toBeNull();
  });

  it('decimates a long curve to at most 300 points, keeping its ends', () => {
    const long = Array.from({ length: 1000 }, (_, i) => ({ x: i / 100, examples: i * 32, loss: 1 / (i + 1) }));
    const short = decimateCurve(long);
    expect(short.length).toBeLessThanOrEqual(300);
    expect(short.at(-1)!.x).toBe(long.at(-1)!.x);
    expect(decimateCurve(long.slice(0, 10))).toHaveLength(10);
  });
});

describe('history limits and fallbacks', () => {
  it('keeps the newest 50 runs: the oldest are deleted first', async () => {
    const ids = Array.from({ length: 53 }, (_, i) => ({ id: `r${52 - i}` })); // newest first
    expect(overLimit(ids)).toEqual(['r2', 'r1', 'r0']);
    const memory = new MemoryHistory();
    let pruned = 0;
    for (let i = 0; i < HISTORY_LIMIT + 2; i++) pruned += await memory.save(record(i), weights());
    const { runs } = await memory.list();
    expect(pruned).toBe(2);
    expect(runs).toHaveLength(HISTORY_LIMIT);
    expect(runs[0].id).toBe(record(HISTORY_LIMIT + 1).id);
    expect(await memory.weights(record(0).id)).toBeNull();
    expect(await memory.weights(record(5).id)).not.toBeNull();
  });

  it('without IndexedDB (Node here, or a private window) it falls back to memory and says why', async () => {
    const { store, problem } = await openHistory(() => undefined);
    expect(store.persistent).toBe(false);
    expect(problem).toMatch(/Runs cannot be stored in this browser \(IndexedDB is not available/);
    await store.save(record(1), weights());
    expect((await store.list()).runs).toHaveLength(1);
  });
});
