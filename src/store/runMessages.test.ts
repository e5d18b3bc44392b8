import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../worker/protocol';
import type { AppState } from './appStore';
import { reduceRunMessage } from './runMessages';

/** The parts of the state the reducer reads. */
const state = (patch: Partial<AppState> = {}) =>
  ({
    runConfig: DEFAULT_CONFIG,
    phase: 'training',
    lossPoints: [],
    rateChanges: [],
    epochs: [],
    tensorsPerEpoch: [],
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

  it('marks the run as stopping when the worker acknowledges Stop', () => {
    expect(reduceRunMessage(state(), { type: 'stopping', runId: 1 })).toEqual({ stopping: true });
  });
});
