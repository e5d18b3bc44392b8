import { describe, expect, it } from 'vitest';
import { stepPlan } from './engines';
import { DEFAULT_CONFIG, type BackendReport } from './protocol';

const report = (name: BackendReport['name']): BackendReport => ({
  name,
  chosenBy: 'forced',
  id: 1,
  skipped: [],
  timings: [],
  path: 'tfjs',
});

describe('the fused kernel asked for a run it cannot compute', () => {
  it('runs TF.js steps and reports why, with the optimiser and decay it declined', () => {
    const adam = { ...DEFAULT_CONFIG, gradients: 'fused', optimizer: 'adam' } as const;
    expect(stepPlan(report('webgpu'), adam)).toEqual({
      path: 'tfjs',
      stepNote: { kind: 'fused-declined', reason: 'optimizer', backend: 'webgpu', optimizer: 'adam', weightDecay: 0 },
    });
    expect(stepPlan(report('webgpu'), { ...DEFAULT_CONFIG, gradients: 'fused', weightDecay: 0.001 }).stepNote).toMatchObject({
      reason: 'weight-decay',
      weightDecay: 0.001,
    });
    expect(stepPlan(report('wasm'), adam).stepNote).toMatchObject({ reason: 'needs-webgpu', backend: 'wasm' });
  });

  it('runs plain SGD of any activation on the kernel', () => {
    expect(stepPlan(report('webgpu'), { ...DEFAULT_CONFIG, gradients: 'fused', activation: 'relu' })).toMatchObject({ path: 'fused' });
  });
});
