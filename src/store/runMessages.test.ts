import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../worker/protocol';
import type { AppState } from './appStore';
import { reduceRunMessage } from './runMessages';
import { MAX_HEALTH_SAMPLES } from './runRecord';

/** The parts of the state the reducer reads. */
const state = (patch: Partial<AppState> = {}) =>
  ({
    runConfig: DEFAULT_CONFIG,
    phase: 'training',
    lossPoints: [],
    rateChanges: [],
    epochs: [],
    tensorsPerEpoch: [],
    health: [],
    histograms: null,
    failedBackends: [],
    ...patch,
  }) as AppState;

describe('the run-message reducer', () => {
  it('turns progress into a curve point in epochs and examples, and keeps a paused phase', () => {
    const progress = { epoch: 1, batch: 500, batches: 1000, runningLoss: 0.2, samplesPerSecond: 1, msPerStep: 1 };
    const patch = reduceRunMessage(state({ phase: 'paused' }), { type: 'progress', runId: 1, progress });
    expect(patch.phase).toBe('paused');
    expect(patch.lossPoints).toEqual([{ x: 1.5, examples: 1500 * 32, loss: 0.2 }]);
  });

  it('words a divergence with where it happened, and ends the run in the error phase', () => {
    const patch = reduceRunMessage(state(), {
      type: 'done',
      runId: 1,
      ending: 'diverged',
      trainAccuracy: 0.1,
      test: { accuracy: 0.1, confusion: [], seconds: 0 },
      numTensors: 10,
      weights: null,
      divergence: { loss: NaN, epoch: 0, batch: 7, learningRate: 500 },
    });
    expect(patch.phase).toBe('error');
    expect(patch.error?.kind).toBe('diverged');
    expect(patch.error?.message).toMatch(/^The loss became NaN in epoch 1, by batch 7: with learning rate 500 /);
    expect(patch.announcement).toBe('The run diverged: test accuracy 10.00%.');
  });

  it('remembers a backend whose device was lost, once, and words the failure', () => {
    const patch = reduceRunMessage(state({ failedBackends: ['webgpu'] }), {
      type: 'error',
      runId: 1,
      failure: { kind: 'device-lost', backend: 'webgpu', reason: 'destroyed' },
    });
    expect(patch.failedBackends).toEqual(['webgpu']);
    expect(patch.error).toEqual({
      kind: 'device-lost',
      message: 'The GPU device was lost during training (destroyed).',
      hint: 'Click Train again: the next run uses another backend.',
    });
  });

  it('keeps every health sample in order with the latest histograms, and halves the samples past the limit, keeping the latest', () => {
    const sample = (i: number) => ({
      x: i / 100,
      examples: i * 50 * 32,
      saturation: [i / 1000, 0] as [number, number],
      gradRms: [1e-5, 1e-4, 1e-4, 1e-3, 1e-3, 1e-2],
      updateRatio: [-4.6, -3.6, -2.6] as [number, number, number],
    });
    let s = state();
    for (let i = 0; i < MAX_HEALTH_SAMPLES; i++) {
      const histograms = { range: [0, 1] as [number, number], layer1: [i], layer2: [i] };
      s = { ...s, ...reduceRunMessage(s, { type: 'health', runId: 1, sample: sample(i), histograms }) };
    }
    expect(s.health.map((h) => h.x)).toEqual(Array.from({ length: MAX_HEALTH_SAMPLES }, (_, i) => i / 100));
    expect(s.histograms?.layer1).toEqual([MAX_HEALTH_SAMPLES - 1]);
    const histograms = { range: [0, 1] as [number, number], layer1: [0], layer2: [0] };
    const patch = reduceRunMessage(s, { type: 'health', runId: 1, sample: sample(MAX_HEALTH_SAMPLES), histograms });
    expect(patch.health).toHaveLength(MAX_HEALTH_SAMPLES / 2 + 1);
    expect(patch.health![0].x).toBe(0.01); // every other sample dropped, from the second
    expect(patch.health!.at(-1)).toEqual(sample(MAX_HEALTH_SAMPLES));
    expect(patch.health!.every((h, i, all) => i === 0 || h.x > all[i - 1].x)).toBe(true);
  });

  it('keeps the epoch’s health-measuring time in its row (the bench’s cost figure)', () => {
    const report = { epoch: 0, loss: 0.23, numTensors: 10, seconds: 2, test: null, healthSeconds: 0.04 };
    const patch = reduceRunMessage(state(), { type: 'epoch', runId: 1, report });
    expect(patch.epochs).toEqual([{ epoch: 1, loss: 0.23, seconds: 2, testAccuracy: null, evalSeconds: null, healthSeconds: 0.04 }]);
  });

  it('marks the run as stopping when the worker acknowledges Stop', () => {
    expect(reduceRunMessage(state(), { type: 'stopping', runId: 1 })).toEqual({ stopping: true });
  });
});
