import { initialValues } from '../model/network';
import { RECORD_SCHEMA, type RunRecord } from './runRecord';

/** A well-formed stored run, started `i` seconds after noon on 29 Nov 2026. */
export function record(i: number, patch: Partial<RunRecord> = {}): RunRecord {
  const startedAt = new Date(Date.UTC(2026, 10, 29, 12, 0, i)).toISOString();
  return {
    id: `${startedAt}-x${i}`,
    schema: RECORD_SCHEMA,
    startedAt,
    query: 'lr=3&h1=100&h2=50&epochs=1&batch=32&samples=20000&seed=0&backend=wasm&grad=manual',
    backend: 'Wasm',
    ending: 'finished',
    epochs: [{ epoch: 1, loss: 0.11, seconds: 1.2, testAccuracy: 0.87 }],
    curve: [{ x: 0.5, examples: 10000, loss: 0.2 }],
    rateChanges: [],
    trainAccuracy: 0.87,
    testAccuracy: 0.875,
    confusion: Array.from({ length: 100 }, (_, k) => (k % 11 === 0 ? 1000 : 0)),
    timings: { seconds: 2, samplesPerSecond: 20000, msPerStep: 1.5 },
    arch: { hidden1: 100, hidden2: 50 },
    health: [
      { x: 0.5, examples: 10000, saturation: [0.01, 0.02], gradRms: [1e-4, 2e-4, 3e-4, 4e-4, 5e-3, 6e-3], updateRatio: [-4.6, -3.6, -2.6] },
    ],
    histograms: { range: [0, 1], layer1: [1, 2, 3], layer2: [3, 2, 1] },
    ...patch,
  };
}

/** The chapter's network's starting weights, as the history stores them. */
export const weights = () => ({ arch: { hidden1: 100, hidden2: 50 }, values: initialValues({ hidden1: 100, hidden2: 50 }, 1) });
