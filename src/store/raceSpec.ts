/**
 * A race: one setting varied over a few values, every variant trained at once. This module reads
 * and checks the URL form (`race=lr:0.1,1,3,10`, `race=seed:0,1,2,3`, `race=act:sigmoid,relu`,
 * `race=lr:0.01-10x7` for a log grid), makes each variant's settings, and splits the variants into
 * per-worker jobs. Pure: unit-tested without a browser.
 */
import type { RunConfig } from '../worker/protocol';
import { CHOICE_SETTINGS, formatSetting, NUMERIC_SETTINGS, type ChoiceKey, type NumericKey } from './settings';

/** At most this many variants in one race. */
export const MAX_VARIANTS = 16;

/** What a race may vary: the URL key, and the setting it changes. */
export const RACE_KEYS = {
  lr: 'learningRate',
  seed: 'seed',
  h1: 'hidden1',
  h2: 'hidden2',
  batch: 'batchSize',
  act: 'activation',
  init: 'init',
  opt: 'optimizer',
  wd: 'weightDecay',
} as const satisfies Record<string, NumericKey | ChoiceKey>;

export type RaceParam = keyof typeof RACE_KEYS;
export type RaceValue = number | string;

export interface RaceSpec {
  param: RaceParam;
  values: RaceValue[];
}

/** `count` values from `from` to `to`, evenly spaced on a log scale, rounded to 3 significant digits. */
export function logGrid(from: number, to: number, count: number): number[] {
  if (count === 1) return [from];
  return Array.from({ length: count }, (_, i) => Number((from * (to / from) ** (i / (count - 1))).toPrecision(3)));
}

const numericOf = (param: RaceParam) => NUMERIC_SETTINGS.find((s) => s.key === RACE_KEYS[param]);
const choiceOf = (param: RaceParam) => CHOICE_SETTINGS.find((s) => s.key === RACE_KEYS[param]);

/** Reads `param:values`; returns the race or the reason it cannot run (every problem named). */
export function parseRace(text: string): { spec: RaceSpec } | { problem: string } {
  const [rawParam, rawValues = ''] = text.trim().split(':', 2);
  const param = rawParam.trim() as RaceParam;
  if (!(param in RACE_KEYS)) {
    return { problem: `Race "${text}": "${rawParam}" is not a setting a race can vary (${Object.keys(RACE_KEYS).join(', ')}).` };
  }
  const numeric = numericOf(param);
  const choice = choiceOf(param);
  let values: RaceValue[];
  const grid = rawValues.match(/^\s*([^,\-x]+)\s*-\s*([^,x]+)\s*x\s*(\d+)\s*$/);
  if (grid && numeric) {
    const [from, to, count] = [Number(grid[1]), Number(grid[2]), Number(grid[3])];
    if (!(from > 0 && to > 0) || !Number.isInteger(count) || count < 1) {
      return { problem: `Race "${text}": a grid needs two positive ends and a count, as in lr:0.01-10x7.` };
    }
    if (count > MAX_VARIANTS) return { problem: `Race "${text}": ${count} variants; at most ${MAX_VARIANTS}.` };
    values = logGrid(from, to, count);
  } else {
    values = rawValues
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== '');
  }
  if (values.length < 2)
    return { problem: `Race "${text}": give at least two values, as in ${param}:${param === 'act' ? 'sigmoid,relu' : '0.1,1'}.` };
  if (values.length > MAX_VARIANTS) return { problem: `Race "${text}": ${values.length} variants; at most ${MAX_VARIANTS}.` };
  if (numeric) {
    const out: number[] = [];
    for (const raw of values) {
      const value = Number(raw);
      if (String(raw).trim() === '' || !Number.isFinite(value)) return { problem: `Race "${text}": "${raw}" is not a number.` };
      if (numeric.integer && !Number.isInteger(value))
        return { problem: `Race "${text}": ${numeric.label} ${raw} must be a whole number.` };
      if (value < numeric.min || value > numeric.max) {
        return {
          problem: `Race "${text}": ${numeric.label} ${raw} must be between ${formatSetting(numeric.min)} and ${formatSetting(numeric.max)}.`,
        };
      }
      out.push(value);
    }
    values = out;
  } else if (choice) {
    for (const raw of values) {
      if (!(choice.values as readonly string[]).includes(String(raw))) {
        return { problem: `Race "${text}": ${choice.label} "${raw}" is not one of ${choice.values.join(', ')}.` };
      }
    }
  }
  if (new Set(values.map(String)).size !== values.length) return { problem: `Race "${text}": a value is given twice.` };
  return { spec: { param, values } };
}

/** The race as the URL writes it. */
export const raceText = (spec: RaceSpec) =>
  `${spec.param}:${spec.values.map((v) => (typeof v === 'number' ? formatSetting(v) : v)).join(',')}`;

/** Each variant's settings: the base settings with the raced one changed (the batch clamped to the samples, as a run would). */
export function variantConfigs(base: RunConfig, spec: RaceSpec): RunConfig[] {
  const key = RACE_KEYS[spec.param];
  return spec.values.map((value) => {
    const config = { ...base, [key]: value } as RunConfig;
    return config.batchSize > config.samples ? { ...config, batchSize: config.samples } : config;
  });
}

/** How a race's variants are dealt to workers: round robin, so each worker gets a share of every part of the range. */
export function splitIntoJobs<T>(variants: T[], workers: number): T[][] {
  const count = Math.max(1, Math.min(workers, variants.length));
  const jobs: T[][] = Array.from({ length: count }, () => []);
  variants.forEach((v, i) => jobs[i % count].push(v));
  return jobs;
}

/** Puts per-worker results back in the race's order (each result carries its variant's index). */
export function mergeResults<T extends { variant: number }>(perWorker: T[][]): T[] {
  return perWorker.flat().sort((a, b) => a.variant - b.variant);
}
