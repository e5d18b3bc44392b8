import { describe, expect, it } from 'vitest';
import { initialValues } from '../model/network';
import { record, weights } from './records.test-helper';
import { decimateCurve, parseRunRecord, parseWeightsRecord, RECORD_SCHEMA, type RunRecord } from './runRecord';
import { parseQuery } from './settings';

/** A record exactly as today's main writes it (schema 1): a finished run and an imported file. */
const MAIN_V1_RUN = {
  id: '2026-11-29T09:14:03.512Z-k3x9qa',
  schema: 1,
  startedAt: '2026-11-29T09:14:03.512Z',
  query: 'lr=3&epochs=1&samples=20000&backend=wasm',
  backend: 'Wasm',
  ending: 'finished',
  epochs: [{ epoch: 1, loss: 0.10982, seconds: 2.043, testAccuracy: 0.875 }],
  curve: [
    { x: 0.0016, examples: 32, loss: 0.2301 },
    { x: 1, examples: 19968, loss: 0.0912 },
  ],
  rateChanges: [{ x: 0.5, examples: 9984, learningRate: 1 }],
  trainAccuracy: 0.8731,
  testAccuracy: 0.875,
  confusion: Array.from({ length: 100 }, (_, k) => (k % 11 === 0 ? 875 : 1)),
  timings: { seconds: 3.91, samplesPerSecond: 31088, msPerStep: 1.03 },
  arch: { hidden1: 100, hidden2: 50 },
};
const MAIN_V1_IMPORT = {
  ...MAIN_V1_RUN,
  id: '2026-11-29T09:20:00.000Z-a1b2c3',
  startedAt: '2026-11-29T09:20:00.000Z',
  query: 'lr=3&epochs=1&samples=20000&seed=5',
  backend: null,
  ending: 'imported',
  epochs: [],
  curve: [],
  rateChanges: [],
  trainAccuracy: null,
  timings: { seconds: 0, samplesPerSecond: null, msPerStep: null },
  source: 'pytorch-chapter-lr3-60k-1epoch-seed5.safetensors',
};

const problemOf = (value: unknown) => {
  const parsed = parseRunRecord(value);
  return parsed.ok ? null : parsed.problem;
};

describe('stored runs: every field checked, a new record built', () => {
  it('upgrades version-1 records (written before the what-if settings and layer health): same fields, no health, the chapter’s settings', () => {
    expect(RECORD_SCHEMA).toBe(2);
    for (const stored of [MAIN_V1_RUN, MAIN_V1_IMPORT]) {
      const parsed = parseRunRecord(structuredClone(stored));
      expect(parsed).toEqual({ ok: true, value: { ...stored, schema: 2, health: [], histograms: null } });
      if (!parsed.ok) continue;
      expect(parseQuery(parsed.value.query).config).toMatchObject({
        activation: 'sigmoid',
        init: 'normal',
        optimizer: 'sgd',
        weightDecay: 0,
      });
      expect(parseQuery(parsed.value.query).problems).toEqual([]);
    }
  });

  it('reads version-2 records with their health, and refuses a damaged sample', () => {
    expect(parseRunRecord(structuredClone(record(1)))).toEqual({ ok: true, value: record(1) });
    const bad = { ...record(1), health: [{ ...record(1).health[0], saturation: [0.1, 1.5] }] };
    expect(problemOf(bad)).toEqual({ rule: 'field', field: 'health[0].saturation[1]', expected: 'a fraction from 0 to 1', found: '1.5' });
    const short = { ...record(1), health: [{ ...record(1).health[0], gradRms: [1, 2] }] };
    expect(problemOf(short)).toMatchObject({ rule: 'field', field: 'health[0].gradRms', expected: '6 numbers' });
    const text = { ...record(1), health: [{ ...record(1).health[0], updateRatio: [-4, '-3', -2] }] };
    expect(problemOf(text)).toMatchObject({ rule: 'field', field: 'health[0].updateRatio[1]', expected: 'a number' });
  });

  it('keeps a run whose health measured NaN (a diverging run) or −Infinity (a gradient of exactly 0): the run stays listed', () => {
    const sample = record(1).health[0];
    const diverged = {
      ...record(1),
      health: [sample, { ...sample, x: 0.8, gradRms: sample.gradRms.map(() => Number.NaN), updateRatio: [Number.NaN, -Infinity, -2] }],
    };
    const parsed = parseRunRecord(structuredClone(diverged));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.value.health[1].updateRatio).toEqual([Number.NaN, -Infinity, -2]);
  });

  it('builds a new object from the checked fields: unknown fields are dropped, the stored object is not returned', () => {
    const stored = { ...record(1), junk: 'x' };
    const parsed = parseRunRecord(stored);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value).not.toBe(stored);
    expect(parsed.value).toEqual(record(1));
    expect('junk' in parsed.value).toBe(false);
  });

  it('rejects a record of an unknown schema, naming the version', () => {
    expect(problemOf({ ...record(1), schema: 3 })).toEqual({ rule: 'schema', found: '3', newest: 2 });
    expect(problemOf({ ...record(1), schema: 0 })).toEqual({ rule: 'schema', found: '0', newest: 2 });
    expect(problemOf({ ...record(1), schema: '1' })).toEqual({ rule: 'schema', found: 'a string', newest: 2 });
    expect(problemOf({ ...record(1), schema: undefined })).toEqual({ rule: 'schema', found: 'missing', newest: 2 });
    expect(problemOf(null)).toMatchObject({ rule: 'field', field: 'record' });
    expect(problemOf('a string')).toMatchObject({ rule: 'field', field: 'record', found: 'a string' });
  });

  it('rejects each malformed field, naming it', () => {
    const r = record(1);
    const cases: [Partial<Record<keyof RunRecord, unknown>>, string][] = [
      [{ id: '' }, 'id'],
      [{ id: 7 }, 'id'],
      [{ startedAt: 'yesterday' }, 'startedAt'],
      [{ query: 42 }, 'query'],
      [{ backend: 5 }, 'backend'],
      [{ ending: 'exploded' }, 'ending'],
      [{ epochs: 'none' }, 'epochs'],
      [{ epochs: [{ ...r.epochs[0], epoch: 0 }] }, 'epochs[0].epoch'],
      [{ epochs: [r.epochs[0], { ...r.epochs[0], loss: Number.NaN }] }, 'epochs[1].loss'],
      [{ epochs: [{ ...r.epochs[0], loss: '0.1' }] }, 'epochs[0].loss'],
      [{ epochs: [{ ...r.epochs[0], seconds: -1 }] }, 'epochs[0].seconds'],
      [{ epochs: [{ ...r.epochs[0], testAccuracy: 87 }] }, 'epochs[0].testAccuracy'],
      [{ epochs: [{ epoch: 1, loss: 0.1, seconds: 1 }] }, 'epochs[0].testAccuracy'],
      [{ curve: [{ x: 'a', examples: 1, loss: 1 }] }, 'curve[0].x'],
      [{ curve: [{ x: 1, examples: 1, loss: Number.POSITIVE_INFINITY }] }, 'curve[0].loss'],
      [{ rateChanges: [{ x: 1, examples: 32, learningRate: null }] }, 'rateChanges[0].learningRate'],
      [{ trainAccuracy: '88%' }, 'trainAccuracy'],
      [{ testAccuracy: 1.5 }, 'testAccuracy'],
      [{ confusion: [1, 2, 3] }, 'confusion'],
      [{ confusion: Array.from({ length: 100 }, (_, k) => (k === 42 ? -1 : 0)) }, 'confusion[42]'],
      [{ timings: null }, 'timings'],
      [{ timings: { ...r.timings, seconds: Number.NaN } }, 'timings.seconds'],
      [{ timings: { ...r.timings, samplesPerSecond: 'fast' } }, 'timings.samplesPerSecond'],
      [{ timings: { seconds: 1, samplesPerSecond: null } }, 'timings.msPerStep'],
      [{ source: 7 }, 'source'],
    ];
    for (const [patch, field] of cases) {
      expect(problemOf({ ...r, ...patch }), JSON.stringify(patch)).toMatchObject({ rule: 'field', field });
    }
  });

  it('checks the architecture by the weights rules: hidden sizes 1 to 512', () => {
    expect(problemOf({ ...record(1), arch: { hidden1: 600, hidden2: 50 } })).toEqual({
      rule: 'weights',
      problem: { rule: 'hidden-size', layer: 'H1', size: 600, max: 512 },
    });
    expect(problemOf({ ...record(1), arch: { hidden1: 100, hidden2: 0 } })).toMatchObject({ problem: { layer: 'H2', size: 0 } });
    expect(problemOf({ ...record(1), arch: null })).toMatchObject({
      rule: 'weights',
      problem: { rule: 'malformed', part: 'architecture' },
    });
  });
});

describe('stored weights: the one set of rules for weights', () => {
  it('accepts weights of the sizes their architecture implies, as a new record', () => {
    const stored = { runId: 'a', ...weights(), extra: 1 };
    const parsed = parseWeightsRecord(stored);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(Object.keys(parsed.value).sort()).toEqual(['arch', 'runId', 'values']);
  });

  it('refuses a NaN, a wrong size and a hidden size of 600, with the facts', () => {
    const nan = { runId: 'a', ...weights() };
    nan.values.w1[3] = Number.NaN;
    expect(parseWeightsRecord(nan)).toEqual({
      ok: false,
      problem: { rule: 'weights', problem: { rule: 'not-finite', tensor: 'W_1', count: 1 } },
    });
    const w = { runId: 'a', ...weights() };
    expect(parseWeightsRecord({ ...w, values: { ...w.values, b1: new Float32Array(99) } })).toEqual({
      ok: false,
      problem: { rule: 'weights', problem: { rule: 'size', tensor: 'b_1', expected: 100, actual: 99 } },
    });
    const wide = { hidden1: 600, hidden2: 50 };
    expect(parseWeightsRecord({ runId: 'a', arch: wide, values: initialValues(wide, 1) })).toEqual({
      ok: false,
      problem: { rule: 'weights', problem: { rule: 'hidden-size', layer: 'H1', size: 600, max: 512 } },
    });
    expect(parseWeightsRecord({ ...w, values: { ...w.values, b1: [1, 2] } })).toMatchObject({ ok: false, problem: { rule: 'weights' } });
    expect(parseWeightsRecord({ ...w, runId: 3 })).toMatchObject({ ok: false, problem: { rule: 'field', field: 'runId' } });
  });
});

describe('decimateCurve', () => {
  it('decimates a long curve to at most 300 points, keeping its ends', () => {
    const long = Array.from({ length: 1000 }, (_, i) => ({ x: i / 100, examples: i * 32, loss: 1 / (i + 1) }));
    const short = decimateCurve(long);
    expect(short.length).toBeLessThanOrEqual(300);
    expect(short.at(-1)!.x).toBe(long.at(-1)!.x);
    expect(decimateCurve(long.slice(0, 10))).toHaveLength(10);
  });
});
