import type { BackendTiming, RunConfig } from '../worker/protocol';

const TIMINGS_KEY = 'mnist-in-the-tab:backend-timings:v2';

/** Timings are remembered per browser and per step shape (they depend on sizes, batch and gradients). */
function timingsKey(c: RunConfig): string {
  return `${TIMINGS_KEY}:${c.hidden1}-${c.hidden2}-${c.batchSize}-${c.gradients}`;
}

/** Backend timings an earlier visit measured for this step shape, or null. */
export function loadTimings(config: RunConfig): BackendTiming[] | null {
  if (config.backend !== 'auto') return null;
  try {
    const raw = localStorage.getItem(timingsKey(config));
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    if (!Array.isArray(parsed) || parsed.length === 0) return null;
    const valid = parsed.every(
      (t) =>
        typeof t === 'object' &&
        t !== null &&
        typeof t.name === 'string' &&
        typeof t.msPerStep === 'number' &&
        Number.isFinite(t.msPerStep),
    );
    return valid ? (parsed as BackendTiming[]) : null;
  } catch {
    return null;
  }
}

export function saveTimings(config: RunConfig, timings: BackendTiming[]): void {
  try {
    localStorage.setItem(timingsKey(config), JSON.stringify(timings));
  } catch {
    // storage full or disabled: the next visit times again
  }
}
