import { startTransition, useEffect, useMemo, useState } from 'react';
import { useAppStore, type AppState } from '../store/appStore';
import type { RaceState } from '../store/raceSlice';
import { variantStyle } from '../store/raceVariants';
import { RaceChart, type RaceSeries } from './RaceChart';
import { RaceTable } from './RaceTable';

/** The race's chart and table are redrawn at most this often (every variant reports ten times a second). */
const RACE_REDRAW_MS = 300;

const NOTES: Partial<Record<string, string>> = { stopped: 'stopped', error: 'ended early' };

/**
 * The race as the store has it, sampled at most every `ms`: the store changes once per frame while
 * variants report, and this component re-renders only when the sample is taken (a timer, not a
 * subscription render per frame), in a transition so that drawing it yields to input.
 */
function useSampledRace(ms: number): RaceState | null {
  const [race, setRace] = useState(() => useAppStore.getState().race);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last = 0;
    const take = () => {
      timer = undefined;
      last = performance.now();
      startTransition(() => setRace(useAppStore.getState().race));
    };
    take(); // what changed between the first render and this effect
    const unsubscribe = useAppStore.subscribe((state: AppState, before: AppState) => {
      if (state.race !== before.race && timer === undefined) timer = setTimeout(take, Math.max(0, last + ms - performance.now()));
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [ms]);
  return race;
}

/** The race as it goes: every variant's running loss on one chart, and the variants' table. */
export function RaceLive() {
  const race = useSampledRace(RACE_REDRAW_MS);
  const variants = race?.variants;
  const series = useMemo<RaceSeries[]>(
    () =>
      (variants ?? []).map((v) => ({
        label: v.label,
        ...variantStyle(v.variant),
        points: v.lossPoints,
        note: v.error?.kind === 'diverged' ? 'diverged' : (NOTES[v.phase] ?? null),
      })),
    [variants],
  );
  if (!race) return null;
  return (
    <div className="race-live">
      <RaceChart series={series} totalEpochs={race.base.epochs} />
      <RaceTable race={race} />
    </div>
  );
}
