/**
 * A run as history keeps it: everything the Runs list and the comparison chart need, without
 * its weights (those are stored apart, so that listing runs never loads megabytes).
 */
import { describeValue, readWeights } from '../model/weightsCheck';
import {
  architecture,
  count,
  date,
  fail,
  fraction,
  Invalid,
  list,
  nonNegative,
  nullable,
  number,
  object,
  oneOf,
  text,
  type Fields,
  type RecordProblem,
} from './recordFields';

export type { RecordProblem };
import type { ActivationHistograms, Architecture, HealthSample, ParamValues } from '../worker/protocol';

/** How a stored run came to be. */
export type RecordEnding = 'finished' | 'stopped' | 'diverged' | 'imported';

/** A point of the loss curve: x in epochs (1.5 = half-way through epoch 2) and in examples seen. */
export interface CurvePoint {
  x: number;
  examples: number;
  loss: number;
}

/** A learning rate that took effect at x (epochs) / examples. */
export interface RateMark {
  x: number;
  examples: number;
  learningRate: number;
}

/** The schema of the records this version writes; older ones are upgraded as they are read (see READERS). */
export const RECORD_SCHEMA = 2;

export interface RunRecord {
  /** Unique across tabs: start time plus a random suffix. */
  id: string;
  schema: typeof RECORD_SCHEMA;
  /** When the run began (ISO 8601). */
  startedAt: string;
  /** The settings as the URL query that repeats the run. */
  query: string;
  backend: string | null;
  ending: RecordEnding;
  epochs: { epoch: number; loss: number; seconds: number; testAccuracy: number | null }[];
  /** The running loss, decimated to at most 300 points. */
  curve: CurvePoint[];
  rateChanges: RateMark[];
  /** Fractions 0..1. */
  trainAccuracy: number | null;
  testAccuracy: number | null;
  /** 10×10 test-set counts, row = true digit, when the run evaluated them. */
  confusion: number[] | null;
  timings: { seconds: number; samplesPerSecond: number | null; msPerStep: number | null };
  arch: Architecture;
  /** For an imported run: the file's name. */
  source?: string;
  /** The race this run was a variant of: the race's id and setting, this variant's value and place in it. */
  race?: RaceTag;
  /** The layers' health every ~50 batches (schema 2; empty for older runs and imports). */
  health: HealthSample[];
  /** The last activation histograms of the run, when measured. */
  histograms: ActivationHistograms | null;
}

/** A run trained as one variant of a race. */
export interface RaceTag {
  id: string;
  /** The setting varied, as the URL names it (lr, seed, act…), and this variant's value. */
  param: string;
  value: string;
  index: number;
  size: number;
}

/** Weights of a stored run, keyed by its id. */
export interface WeightsRecord {
  runId: string;
  arch: Architecture;
  values: ParamValues;
}

export const MAX_CURVE_POINTS = 300;
/** Health samples kept per run: every other one is dropped when a long run grows past it. */
export const MAX_HEALTH_SAMPLES = 400;

/** Halves a run's health samples (every other one) while there are more than `max`. */
export function decimateHealth(samples: HealthSample[], max = MAX_HEALTH_SAMPLES): HealthSample[] {
  let out = samples;
  while (out.length > max) out = out.filter((_, i) => i % 2 === 1 || i === out.length - 1);
  return out;
}

/** Averages neighbouring points until at most `max` remain (the chart needs no more, storage stays small). */
export function decimateCurve(points: CurvePoint[], max = MAX_CURVE_POINTS): CurvePoint[] {
  if (points.length <= max) return points;
  const group = Math.ceil(points.length / max);
  const out: CurvePoint[] = [];
  for (let i = 0; i < points.length; i += group) {
    const slice = points.slice(i, i + group);
    const last = slice[slice.length - 1];
    out.push({ x: last.x, examples: last.examples, loss: slice.reduce((a, p) => a + p.loss, 0) / slice.length });
  }
  return out;
}

const ENDINGS: readonly RecordEnding[] = ['finished', 'stopped', 'diverged', 'imported'];

function curvePoint(v: unknown, field: string): CurvePoint {
  const p = object(v, field);
  return {
    x: nonNegative(p.x, `${field}.x`),
    examples: nonNegative(p.examples, `${field}.examples`),
    loss: number(p.loss, `${field}.loss`),
  };
}

function rateMark(v: unknown, field: string): RateMark {
  const p = object(v, field);
  return {
    x: nonNegative(p.x, `${field}.x`),
    examples: nonNegative(p.examples, `${field}.examples`),
    learningRate: number(p.learningRate, `${field}.learningRate`),
  };
}

function epochRow(v: unknown, field: string): RunRecord['epochs'][number] {
  const e = object(v, field);
  return {
    epoch: Number.isInteger(e.epoch) ? number(e.epoch, `${field}.epoch`, 1) : fail(`${field}.epoch`, 'a whole number ≥ 1', e.epoch),
    loss: number(e.loss, `${field}.loss`),
    seconds: nonNegative(e.seconds, `${field}.seconds`),
    testAccuracy: nullable(fraction)(e.testAccuracy, `${field}.testAccuracy`),
  };
}

/** A measured value: any number, NaN and ±Infinity included (a diverging run measures NaN, a dead layer log10(0) = −Infinity). */
const measured = (v: unknown, field: string): number => (typeof v === 'number' ? v : fail(field, 'a number', v));

function healthSample(v: unknown, field: string): HealthSample {
  const h = object(v, field);
  const numbers = (key: string, length: number, item: (v: unknown, field: string) => number) => {
    const values = list(h[key], `${field}.${key}`, item);
    return values.length === length ? values : fail(`${field}.${key}`, `${length} numbers`, h[key]);
  };
  return {
    x: nonNegative(h.x, `${field}.x`),
    examples: nonNegative(h.examples, `${field}.examples`),
    saturation: numbers('saturation', 2, fraction) as [number, number],
    gradRms: numbers('gradRms', 6, measured),
    updateRatio: numbers('updateRatio', 3, measured) as [number, number, number],
  };
}

function histograms(v: unknown, field: string): ActivationHistograms {
  const h = object(v, field);
  const range = list(h.range, `${field}.range`, number);
  if (range.length !== 2 || !(range[0] < range[1])) fail(`${field}.range`, 'two increasing numbers', h.range);
  return {
    range: [range[0], range[1]],
    layer1: list(h.layer1, `${field}.layer1`, count),
    layer2: list(h.layer2, `${field}.layer2`, count),
  };
}

function raceTag(v: unknown, field: string): RaceTag {
  const t = object(v, field);
  const size = count(t.size, `${field}.size`);
  const index = count(t.index, `${field}.index`);
  if (index >= size) fail(`${field}.index`, `a whole number below ${size}`, t.index);
  return { id: text(t.id, `${field}.id`), param: text(t.param, `${field}.param`), value: text(t.value, `${field}.value`), index, size };
}

/** A record of schema 2: schema 1's fields, the layers' health, and the race it was part of. */
function readVersion2(r: Fields): RunRecord {
  const record: RunRecord = {
    ...readVersion1(r),
    health: list(r.health, 'health', healthSample),
    histograms: nullable(histograms)(r.histograms, 'histograms'),
  };
  if (r.race !== undefined) record.race = raceTag(r.race, 'race');
  return record;
}

/**
 * A record of schema 1 (the first stored version), every field checked, built anew. It upgrades to
 * today's shape: no health was measured then. Its settings (the query) lack the what-if settings,
 * which then read as the chapter's (settings.ts).
 */
function readVersion1(r: Fields): RunRecord {
  const timings = object(r.timings, 'timings');
  const confusion = nullable((v, field) => {
    const counts = list(v, field, count);
    return counts.length === 100 ? counts : fail(field, '100 counts (10 × 10)', v);
  })(r.confusion, 'confusion');
  const record: RunRecord = {
    id: text(r.id, 'id'),
    schema: RECORD_SCHEMA,
    startedAt: date(r.startedAt, 'startedAt'),
    query: typeof r.query === 'string' ? r.query : fail('query', 'a string', r.query),
    backend: nullable(text)(r.backend, 'backend'),
    ending: oneOf(r.ending, 'ending', ENDINGS),
    epochs: list(r.epochs, 'epochs', epochRow),
    curve: list(r.curve, 'curve', curvePoint),
    rateChanges: list(r.rateChanges, 'rateChanges', rateMark),
    trainAccuracy: nullable(fraction)(r.trainAccuracy, 'trainAccuracy'),
    testAccuracy: nullable(fraction)(r.testAccuracy, 'testAccuracy'),
    confusion,
    timings: {
      seconds: nonNegative(timings.seconds, 'timings.seconds'),
      samplesPerSecond: nullable(nonNegative)(timings.samplesPerSecond, 'timings.samplesPerSecond'),
      msPerStep: nullable(nonNegative)(timings.msPerStep, 'timings.msPerStep'),
    },
    arch: architecture(r.arch),
    health: [],
    histograms: null,
  };
  if (r.source !== undefined) record.source = text(r.source, 'source');
  return record;
}

/**
 * One reader per stored schema version: each checks a record of its version completely and returns
 * it in today's shape. A new version adds its reader here, and the older readers upgrade what they
 * read (e.g. version 1 gains the chapter's settings for fields it did not have).
 */
const READERS = new Map<number, (r: Fields) => RunRecord>([
  [1, readVersion1],
  [2, readVersion2],
]);

/** Turns the readers' Invalid into a result; any other error is a bug and goes on. */
function attempt<T>(read: () => T): { ok: true; value: T } | { ok: false; problem: RecordProblem } {
  try {
    return { ok: true, value: read() };
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, problem: error.problem };
    throw error;
  }
}

/**
 * Checks a value read from IndexedDB before the page uses it: a record written by a damaged or
 * foreign version is reported and skipped, never the reason the page breaks. Every field is read
 * and a new record is built from what was checked.
 */
export function parseRunRecord(value: unknown): { ok: true; value: RunRecord } | { ok: false; problem: RecordProblem } {
  return attempt(() => {
    const r = object(value, 'record');
    const reader = typeof r.schema === 'number' ? READERS.get(r.schema) : undefined;
    if (!reader) throw new Invalid({ rule: 'schema', found: describeValue(r.schema), newest: RECORD_SCHEMA });
    return reader(r);
  });
}

/** Checks stored weights by the one set of rules for weights (src/model/weightsCheck.ts). */
export function parseWeightsRecord(value: unknown): { ok: true; value: WeightsRecord } | { ok: false; problem: RecordProblem } {
  return attempt(() => {
    const r = object(value, 'weights record');
    const runId = text(r.runId, 'runId');
    const read = readWeights(r);
    if ('problem' in read) throw new Invalid({ rule: 'weights', problem: read.problem });
    return { runId, ...read.weights };
  });
}
