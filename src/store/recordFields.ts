/**
 * Reading a stored record field by field: each reader checks one value and names the field that
 * is wrong (runRecord.ts builds whole records from them).
 */
import { describeValue, readArchitecture, type WeightsProblem } from '../model/weightsCheck';
import type { Architecture } from '../worker/protocol';

/** Why a stored record was not used, as facts (src/store/messages.ts words them). */
export type RecordProblem =
  /** A field missing or of the wrong kind: `field` is its path, e.g. "epochs[2].loss". */
  | { rule: 'field'; field: string; expected: string; found: string }
  /** A schema version this app cannot read (damaged, or written by a newer version). */
  | { rule: 'schema'; found: string; newest: number }
  /** Weights, or a run's architecture, that break a rule of src/model/weightsCheck.ts. */
  | { rule: 'weights'; problem: WeightsProblem };

export type Fields = Record<string, unknown>;

/** Thrown inside the readers below and turned into a result at their entry points. */
export class Invalid extends Error {
  constructor(readonly problem: RecordProblem) {
    super(problem.rule);
  }
}

export const fail = (field: string, expected: string, value: unknown): never => {
  throw new Invalid({ rule: 'field', field, expected, found: describeValue(value) });
};
export const object = (v: unknown, field: string): Fields =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Fields) : fail(field, 'an object', v);
export const text = (v: unknown, field: string): string => (typeof v === 'string' && v !== '' ? v : fail(field, 'a non-empty string', v));
export const number = (v: unknown, field: string, min = -Infinity, max = Infinity, what = 'a finite number'): number =>
  typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? v : fail(field, what, v);
export const nonNegative = (v: unknown, field: string) => number(v, field, 0, Infinity, 'a finite number ≥ 0');
export const fraction = (v: unknown, field: string) => number(v, field, 0, 1, 'a fraction from 0 to 1');
export const count = (v: unknown, field: string) => (Number.isInteger(v) ? nonNegative(v, field) : fail(field, 'a whole number ≥ 0', v));
export const nullable =
  <T>(read: (v: unknown, field: string) => T) =>
  (v: unknown, field: string): T | null =>
    v === null ? null : read(v, field);
export const list = <T>(v: unknown, field: string, item: (v: unknown, field: string) => T): T[] =>
  Array.isArray(v) ? v.map((x, i) => item(x, `${field}[${i}]`)) : fail(field, 'a list', v);
export const oneOf = <T extends string>(v: unknown, field: string, options: readonly T[]): T =>
  options.find((o) => o === v) ?? fail(field, `one of ${options.join(', ')}`, v);
export const date = (v: unknown, field: string): string =>
  typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? v : fail(field, 'a date (ISO 8601)', v);
export const architecture = (v: unknown): Architecture => {
  const read = readArchitecture(v);
  if ('problem' in read) throw new Invalid({ rule: 'weights', problem: read.problem });
  return read.arch;
};
