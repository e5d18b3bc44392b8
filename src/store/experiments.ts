/**
 * Stored runs read as a table of experiments (TensorBoard's HParams, W&B's sweeps): which settings
 * differ among the runs (one column each), the results beside them, sorting, and the scatter of
 * test accuracy against one setting with a race's points joined in the race's order. Pure: the
 * Runs view draws what these return; unit-tested without a browser.
 */
import type { RunConfig } from '../worker/protocol';
import type { RunRecord } from './runRecord';
import { CHOICE_SETTINGS, formatSetting, NUMERIC_SETTINGS, parseQuery, type ChoiceKey, type NumericKey } from './settings';

export type SettingKey = NumericKey | ChoiceKey;
export type ResultKey = 'finalLoss' | 'testAccuracy' | 'seconds';
export type ColumnKey = SettingKey | ResultKey;

/** A column of the experiments table: a setting that differs among the runs, or a result. */
export interface Column {
  key: ColumnKey;
  label: string;
  /** How a legend names it: the URL's key for a setting ("lr"), the label for a result. */
  short: string;
  kind: 'setting' | 'result';
  /** Numbers sort and plot by value; words (activation, optimiser…) by name. */
  numeric: boolean;
  /** Plotted on a log axis (the learning rate spans decades). */
  log: boolean;
  /** Whole numbers only (seed, sizes): the axis ticks no fractions. */
  integer: boolean;
}

/** One run as the table and the scatter read it. */
export interface ExperimentRow {
  run: RunRecord;
  config: RunConfig;
  values: Record<ColumnKey, number | string | null>;
}

type Setting = Omit<Column, 'kind'> & { key: SettingKey };

const SETTINGS: Setting[] = [
  ...NUMERIC_SETTINGS.map((s) => ({ key: s.key, label: s.label, short: s.param, numeric: true, log: s.log === true, integer: s.integer })),
  ...CHOICE_SETTINGS.map((s) => ({ key: s.key, label: s.label, short: s.param, numeric: false, log: false, integer: false })),
];

export const RESULT_COLUMNS: readonly Column[] = [
  { key: 'finalLoss', label: 'Final loss', short: 'loss', kind: 'result', numeric: true, log: false, integer: false },
  { key: 'testAccuracy', label: 'Test accuracy (%)', short: 'test', kind: 'result', numeric: true, log: false, integer: false },
  { key: 'seconds', label: 'Time (s)', short: 'time', kind: 'result', numeric: true, log: false, integer: false },
];

/** Each run with its settings (from its query) and results; an imported run has no loss or time. */
export function experimentRows(runs: readonly RunRecord[]): ExperimentRow[] {
  return runs.map((run) => {
    const config = parseQuery(run.query).config;
    const imported = run.ending === 'imported';
    const values = Object.fromEntries(SETTINGS.map((s) => [s.key, config[s.key]])) as Record<ColumnKey, number | string | null>;
    values.finalLoss = run.epochs.at(-1)?.loss ?? null;
    values.testAccuracy = run.testAccuracy === null ? null : run.testAccuracy * 100;
    values.seconds = imported ? null : run.timings.seconds;
    return { run, config, values };
  });
}

/** The settings that differ among the runs (in the settings panel's order), as columns. */
export function differingSettings(rows: readonly ExperimentRow[]): Column[] {
  return SETTINGS.filter((s) => new Set(rows.map((r) => r.values[s.key])).size > 1).map((s) => ({ ...s, kind: 'setting' as const }));
}

/** Every column of the table: the differing settings, then the results. */
export const tableColumns = (rows: readonly ExperimentRow[]): Column[] => [...differingSettings(rows), ...RESULT_COLUMNS];

export type SortDirection = 'ascending' | 'descending';
export interface SortOrder {
  key: ColumnKey;
  direction: SortDirection;
}

const compareValues = (a: number | string, b: number | string) =>
  typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b), 'en', { numeric: true });

/** Rows sorted by one column; runs without a value last either way, ties newest first. */
export function sortRows(rows: readonly ExperimentRow[], order: SortOrder | null): ExperimentRow[] {
  const newestFirst = (a: ExperimentRow, b: ExperimentRow) => b.run.startedAt.localeCompare(a.run.startedAt);
  if (!order) return [...rows].sort(newestFirst);
  const sign = order.direction === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const [x, y] = [a.values[order.key], b.values[order.key]];
    if (x === null || y === null) return x === y ? newestFirst(a, b) : x === null ? 1 : -1;
    return sign * compareValues(x, y) || newestFirst(a, b);
  });
}

/** The order after clicking a column's header: a new column starts ascending (results: best first), the same one flips. */
export function nextSort(current: SortOrder | null, key: ColumnKey): SortOrder {
  if (current?.key === key) return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  return { key, direction: key === 'testAccuracy' ? 'descending' : 'ascending' };
}

/** A setting's value as the table and the legends write it. */
export const valueText = (value: number | string | null) =>
  value === null ? '–' : typeof value === 'number' ? formatSetting(value) : value;

/** A run's race, as the list and the table say it: the raced setting, this run's value and its place, "race lr 3 (3 of 4)". */
export const raceTagText = (run: RunRecord) =>
  run.race ? `race ${run.race.param} ${run.race.value} (${run.race.index + 1} of ${run.race.size})` : null;

/** One point of the scatter: a run with a test accuracy and a value of the x setting. */
export interface ScatterPoint {
  runId: string;
  x: number | string;
  /** Test accuracy, %. */
  y: number;
  /** The colour setting's value, or null when the points are not coloured. */
  group: number | string | null;
  race: { id: string; index: number } | null;
}

/** The points of "Test accuracy against <setting>": runs with no test accuracy are left out (the table keeps them). */
export function scatterPoints(rows: readonly ExperimentRow[], x: SettingKey, colour: SettingKey | null): ScatterPoint[] {
  return rows
    .filter((r) => r.values.testAccuracy !== null && r.values[x] !== null)
    .map((r) => ({
      runId: r.run.id,
      x: r.values[x]!,
      y: r.values.testAccuracy as number,
      group: colour ? r.values[colour] : null,
      race: r.run.race ? { id: r.run.race.id, index: r.run.race.index } : null,
    }));
}

/** Each race's points in the race's order (its variants as it listed them), for a line through them; races with one point left out. */
export function raceLines(points: readonly ScatterPoint[]): { raceId: string; points: ScatterPoint[] }[] {
  const byRace = new Map<string, ScatterPoint[]>();
  for (const p of points) if (p.race) byRace.set(p.race.id, [...(byRace.get(p.race.id) ?? []), p]);
  return [...byRace]
    .filter(([, ps]) => ps.length > 1)
    .map(([raceId, ps]) => ({ raceId, points: [...ps].sort((a, b) => a.race!.index - b.race!.index) }));
}

/** The distinct values of the colour setting, in order: the legend's entries and each one's colour index. */
export function colourGroups(points: readonly ScatterPoint[]): (number | string)[] {
  const values = [...new Set(points.map((p) => p.group).filter((g) => g !== null))];
  return values.sort(compareValues);
}

/** The categories of a word-valued x axis (activation, optimiser…), in order. */
export const categories = (points: readonly ScatterPoint[]): string[] =>
  [...new Set(points.map((p) => String(p.x)))].sort((a, b) => a.localeCompare(b));

/** The x axis's range: the values with a margin (on a log axis, a fifth of a decade either side; half a decade around a single value). */
export function xDomain(points: readonly ScatterPoint[], log: boolean): [number, number] {
  const xs = points.map((p) => p.x).filter((x): x is number => typeof x === 'number' && (!log || x > 0));
  if (xs.length === 0) return log ? [0.01, 10] : [0, 1];
  const [min, max] = [Math.min(...xs), Math.max(...xs)];
  if (log) {
    const margin = 10 ** (min === max ? 0.5 : 0.2);
    return [min / margin, max * margin];
  }
  if (min === max) return [min - 1, max + 1];
  const pad = (max - min) * 0.05;
  return [min - pad, max + pad];
}

/** Ticks of a log axis inside [lo, hi]: the decades (0.01, 0.1, 1…), with 2 and 5 between them when fewer than three decades fit. */
export function logTicks([lo, hi]: [number, number]): number[] {
  const within = (mantissas: number[]) => {
    const ticks: number[] = [];
    for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++)
      for (const m of mantissas) {
        const t = Number((m * 10 ** e).toPrecision(2));
        if (t >= lo && t <= hi) ticks.push(t);
      }
    return ticks;
  };
  const decades = within([1]);
  return decades.length >= 3 ? decades : within([1, 2, 5]);
}

/** Round ticks (1, 2, 2.5, 5 × 10^k apart) inside [lo, hi]; whole numbers only for a whole-number setting. */
export function linearTicks([lo, hi]: [number, number], integer: boolean, count = 5): number[] {
  const raw = (hi - lo) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  let step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!;
  if (integer) step = Math.max(1, Math.round(step));
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(6)));
  return ticks;
}

/** Which setting the scatter starts on: the learning rate when it differs, else the first that differs. */
export function defaultAxis(columns: readonly Column[]): SettingKey | null {
  const settings = columns.filter((c) => c.kind === 'setting').map((c) => c.key as SettingKey);
  return settings.includes('learningRate') ? 'learningRate' : (settings[0] ?? null);
}

/** A run as a legend or a point's label names it: the differing settings' values ("lr 3, act relu"), or its date when none differ. */
export const rowName = (row: ExperimentRow, settings: readonly Column[]) =>
  settings.map((c) => `${c.short} ${valueText(row.values[c.key])}`).join(', ');
