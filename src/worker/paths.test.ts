import { describe, expect, it } from 'vitest';
import { defaultPath, pathsToTime } from './paths';

describe('which step paths automatic mode times', () => {
  it('on a hardware WebGPU adapter: the fused kernel next to the TF.js loop, the faster to train', () => {
    expect(pathsToTime('webgpu', 'manual', true)).toEqual(['tfjs', 'fused']);
  });

  it('on a software adapter nothing changes: the TF.js loop only (and automatic mode skips the adapter anyway)', () => {
    expect(pathsToTime('webgpu', 'manual', false)).toEqual(['tfjs']);
  });

  it('the chapter’s autodiff stays autodiff; a fused request is timed as fused', () => {
    expect(pathsToTime('webgpu', 'autodiff', true)).toEqual(['tfjs']);
    expect(pathsToTime('webgpu', 'fused', false)).toEqual(['fused']);
  });

  it('other backends have only the TF.js loop', () => {
    for (const name of ['webgl', 'wasm', 'cpu'] as const) {
      expect(pathsToTime(name, 'fused', true)).toEqual(['tfjs']);
      expect(defaultPath(name, 'fused')).toBe('tfjs');
    }
    expect(defaultPath('webgpu', 'fused')).toBe('fused');
    expect(defaultPath('webgpu', 'manual')).toBe('tfjs');
  });
});
