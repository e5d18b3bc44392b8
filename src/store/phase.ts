/** What the page is doing. */
export type Phase = 'idle' | 'loading' | 'warming-up' | 'training' | 'paused' | 'evaluating' | 'done' | 'stopped' | 'error';

const ACTIVE: readonly Phase[] = ['loading', 'warming-up', 'training', 'paused', 'evaluating'];

/** Whether a run is going (it owns the weights; Stop applies). */
export const isActive = (phase: Phase) => ACTIVE.includes(phase);

/** Where the worker fetches the data: our own origin, next to the page. */
export const dataUrl = () => new URL(`${import.meta.env.BASE_URL}data/`, location.href).href;

/** Whether a race trains (preparing, running or paused): the page's own Train and preparation wait. */
export const raceActive = (race: { status: string } | null): boolean =>
  race !== null && (race.status === 'preparing' || race.status === 'running' || race.status === 'paused');

let requestIds = 0;

/** One id sequence for every request to the worker, so that an answer can never match another kind's request. */
export const nextRequestId = () => ++requestIds;
