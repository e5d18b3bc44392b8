/** A race's variants as the page follows them: each one's state, its name, its tag as a stored run. */
import type { FromWorker, RunConfig } from '../worker/protocol';
import { RUN_COLORS } from './curves';
import { RACE_KEYS, type RaceSpec } from './raceSpec';
import type { RaceTag } from './runRecord';
import { FRESH_RUN, type RunSlice } from './runSlice';
import { formatSetting } from './settings';

/** One variant of a race, followed like a run of its own (the same reducer as the page's run). */
export type VariantRun = Pick<
  RunSlice,
  | 'runConfig'
  | 'phase'
  | 'stopping'
  | 'backend'
  | 'batchesPerEpoch'
  | 'progress'
  | 'pausedAt'
  | 'lastStep'
  | 'lossPoints'
  | 'epochs'
  | 'rateChanges'
  | 'tensorsPerEpoch'
  | 'health'
  | 'histograms'
  | 'accuracy'
  | 'error'
  | 'failedBackends'
  | 'announcement'
> & {
  variant: number;
  config: RunConfig;
  /** The raced setting's value, as the legend names the variant ("lr 3"). */
  label: string;
  startedAt: string;
  /** Which worker trains it (0 is the page's own worker). */
  worker: number;
};

/** A variant as it starts: loading, nothing reported yet. */
export function freshVariant(variant: number, config: RunConfig, label: string, worker: number): VariantRun {
  return {
    ...FRESH_RUN,
    variant,
    config,
    label,
    worker,
    startedAt: new Date().toISOString(),
    runConfig: config,
    phase: 'loading',
    failedBackends: [],
  };
}

/** A variant's name: the raced setting and its value ("lr 3", "act relu"); within a race nothing else differs. */
export const variantLabel = (spec: RaceSpec, c: RunConfig) => {
  const value = c[RACE_KEYS[spec.param]];
  return `${spec.param} ${typeof value === 'number' ? formatSetting(value) : value}`;
};

/** A worker that crashed ends its variants with the crash's words. */
export const crashMessage = (raceId: number, variant: number, text: string): Extract<FromWorker, { type: 'race-run' }> => ({
  type: 'race-run',
  raceId,
  variant,
  message: { type: 'error', runId: variant, failure: { kind: 'internal', detail: `the race worker crashed: ${text}` } },
});

/** How a variant's stored run names its race: the race (by its start), the setting, this value and its place. */
export function raceTag(race: { startedAt: string; spec: RaceSpec; size: number }, variant: number): RaceTag {
  const value = race.spec.values[variant];
  return {
    id: `race-${race.startedAt}`,
    param: race.spec.param,
    value: typeof value === 'number' ? formatSetting(value) : value,
    index: variant,
    size: race.size,
  };
}

/** A variant's line and swatch: the comparison chart's colours in the race's order, dashed from the eighth on (7 colours, 16 variants). */
export function variantStyle(index: number): { color: string; dash: string | null } {
  const round = Math.floor(index / RUN_COLORS.length);
  return { color: RUN_COLORS[index % RUN_COLORS.length], dash: round === 0 ? null : round === 1 ? '7 3' : '2 3' };
}

/** How far a variant got, 0..1 (1 once done). */
export function variantFraction(v: VariantRun): number {
  if (v.phase === 'done') return 1;
  const p = v.progress;
  return p ? Math.min(1, (p.epoch + p.batch / p.batches) / Math.max(1, v.config.epochs)) : 0;
}
