/** What the page is doing. */
export type Phase = 'idle' | 'loading' | 'warming-up' | 'training' | 'paused' | 'evaluating' | 'done' | 'stopped' | 'error';

const ACTIVE: readonly Phase[] = ['loading', 'warming-up', 'training', 'paused', 'evaluating'];

/** Whether a run is going (it owns the weights; Stop applies). */
export const isActive = (phase: Phase) => ACTIVE.includes(phase);

/** Where the worker fetches the data: our own origin, next to the page. */
export const dataUrl = () => new URL(`${import.meta.env.BASE_URL}data/`, location.href).href;

let requestIds = 0;

/** One id sequence for every request to the worker, so that an answer can never match another kind's request. */
export const nextRequestId = () => ++requestIds;
