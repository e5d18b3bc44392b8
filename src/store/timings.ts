import { BACKEND_LABELS, type BackendName, type BackendTiming, type RunConfig, type StepPath } from '../worker/protocol';

const TIMINGS_KEY = 'mnist-in-the-tab:backend-timings:v2';

/** Timings are remembered per browser and per step shape (they depend on sizes, batch and gradients). */
function timingsKey(c: RunConfig): string {
  return `${TIMINGS_KEY}:${c.hidden1}-${c.hidden2}-${c.batchSize}-${c.gradients}`;
}

const BACKENDS = Object.keys(BACKEND_LABELS) as BackendName[];
const PATHS: readonly StepPath[] = ['tfjs', 'fused'];

/**
 * One remembered timing, checked field by field and built anew; a string saying what is wrong
 * otherwise. Stored values come from an earlier visit, maybe of an older version, or were edited.
 */
export function readTiming(value: unknown, index: number): BackendTiming | string {
  if (typeof value !== 'object' || value === null) return `entry ${index} is not an object`;
  const { name, msPerStep, path } = value as Record<string, unknown>;
  const backend = BACKENDS.find((b) => b === name);
  if (!backend) return `entry ${index} names the backend ${JSON.stringify(name)}, not one of ${BACKENDS.join(', ')}`;
  if (typeof msPerStep !== 'number' || !Number.isFinite(msPerStep) || msPerStep <= 0)
    return `entry ${index} (${backend}) has msPerStep ${String(msPerStep)}, not a finite number > 0`;
  if (path === undefined) return { name: backend, msPerStep };
  const stepPath = PATHS.find((p) => p === path);
  if (!stepPath) return `entry ${index} (${backend}) has path ${JSON.stringify(path)}, not one of ${PATHS.join(', ')}`;
  return { name: backend, msPerStep, path: stepPath };
}

/**
 * Backend timings an earlier visit measured for this step shape, or null. A malformed stored value
 * is ignored, with a console warning that says what is wrong: the backends are timed again.
 */
export function loadTimings(config: RunConfig): BackendTiming[] | null {
  if (config.backend !== 'auto') return null;
  const key = timingsKey(config);
  let raw: string | null;
  try {
    raw = localStorage.getItem(key);
  } catch (error) {
    console.warn(`Remembered backend timings could not be read (${String(error)}); the backends are timed again.`);
    return null;
  }
  if (raw === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    console.warn(`Remembered backend timings under ${key} are not JSON; they are ignored and the backends timed again.`);
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length === 0) {
    console.warn(`Remembered backend timings under ${key} are not a list of timings; they are ignored and the backends timed again.`);
    return null;
  }
  const timings: BackendTiming[] = [];
  for (const [i, entry] of parsed.entries()) {
    const timing = readTiming(entry, i);
    if (typeof timing === 'string') {
      console.warn(`Remembered backend timings under ${key} are ignored (the backends are timed again): ${timing}.`);
      return null;
    }
    timings.push(timing);
  }
  return timings;
}

export function saveTimings(config: RunConfig, timings: BackendTiming[]): void {
  try {
    localStorage.setItem(timingsKey(config), JSON.stringify(timings));
  } catch (error) {
    // Storage full or disabled: nothing is lost but a shortcut; the next visit times the backends again.
    console.warn(`Backend timings were not remembered (${String(error)}); the next visit times the backends again.`);
  }
}
