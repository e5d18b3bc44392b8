/**
 * A run as history keeps it: everything the Runs list and the comparison chart need, without
 * its weights (those are stored apart, so that listing runs never loads megabytes).
 */
import type { Architecture, ParamValues } from '../worker/protocol';

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

export const RECORD_SCHEMA = 1;

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
}

/** Weights of a stored run, keyed by its id. */
export interface WeightsRecord {
  runId: string;
  arch: Architecture;
  values: ParamValues;
}

export const MAX_CURVE_POINTS = 300;

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

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isNullableNumber = (v: unknown) => v === null || isFiniteNumber(v);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * Checks a value read from IndexedDB before the page uses it: a record written by a damaged or
 * foreign version is reported and skipped, never the reason the page breaks. Returns null when unusable.
 */
export function parseRunRecord(value: unknown): RunRecord | null {
  if (!isObject(value)) return null;
  const r = value;
  if (typeof r.id !== 'string' || r.schema !== RECORD_SCHEMA || typeof r.startedAt !== 'string' || Number.isNaN(Date.parse(r.startedAt))) {
    return null;
  }
  if (typeof r.query !== 'string' || !['finished', 'stopped', 'diverged', 'imported'].includes(r.ending as string)) return null;
  if (!(r.backend === null || typeof r.backend === 'string')) return null;
  if (!Array.isArray(r.epochs) || !r.epochs.every((e) => isObject(e) && isFiniteNumber(e.epoch) && typeof e.loss === 'number')) return null;
  const points = (list: unknown, key: 'loss' | 'learningRate') =>
    Array.isArray(list) && list.every((p) => isObject(p) && isFiniteNumber(p.x) && isFiniteNumber(p.examples) && isFiniteNumber(p[key]));
  if (!points(r.curve, 'loss') || !points(r.rateChanges, 'learningRate')) return null;
  if (!isNullableNumber(r.trainAccuracy) || !isNullableNumber(r.testAccuracy)) return null;
  if (!(r.confusion === null || (Array.isArray(r.confusion) && r.confusion.length === 100 && r.confusion.every(isFiniteNumber))))
    return null;
  if (!isObject(r.timings) || !isFiniteNumber(r.timings.seconds)) return null;
  if (!isObject(r.arch) || !isFiniteNumber(r.arch.hidden1) || !isFiniteNumber(r.arch.hidden2)) return null;
  return r as unknown as RunRecord;
}

/** Checks stored weights: six float arrays of the sizes their architecture implies. */
export function parseWeightsRecord(value: unknown): WeightsRecord | null {
  if (!isObject(value) || typeof value.runId !== 'string' || !isObject(value.arch) || !isObject(value.values)) return null;
  const { hidden1, hidden2 } = value.arch as Record<string, unknown>;
  if (!isFiniteNumber(hidden1) || !isFiniteNumber(hidden2)) return null;
  const sizes: Record<string, number> = { w1: 784 * hidden1, b1: hidden1, w2: hidden1 * hidden2, b2: hidden2, w3: hidden2 * 10, b3: 10 };
  const values = value.values as Record<string, unknown>;
  for (const [name, size] of Object.entries(sizes)) {
    const v = values[name];
    if (!(v instanceof Float32Array) || v.length !== size) return null;
  }
  return value as unknown as WeightsRecord;
}
