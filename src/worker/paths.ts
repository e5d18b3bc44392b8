import type { GradientMode } from '../model/sgd';
import type { BackendName, StepPath } from './protocol';

/**
 * Which step paths automatic mode times on a backend. On a hardware WebGPU adapter the fused WGSL
 * kernel is the path built for it, so it is timed next to TF.js's loop and the faster one trains
 * (unless the learner asked for the chapter's autodiff). Elsewhere the setting decides.
 */
export function pathsToTime(name: BackendName, gradients: GradientMode, hardwareGpu: boolean): StepPath[] {
  if (name !== 'webgpu') return ['tfjs'];
  if (gradients === 'fused') return ['fused'];
  return hardwareGpu && gradients === 'manual' ? ['tfjs', 'fused'] : ['tfjs'];
}

/** The path a run takes on a backend when nothing was timed (forced, or remembered without a path). */
export function defaultPath(name: BackendName, gradients: GradientMode): StepPath {
  return name === 'webgpu' && gradients === 'fused' ? 'fused' : 'tfjs';
}
