import * as tf from '@tensorflow/tfjs';
import { PARAM_NAMES, type ParamValues } from '../network';
import { FUSED_SGD_WGSL } from './fusedKernel';
import { FUSED_MULTI_WGSL, MULTI_ENTRY_POINTS } from './fusedMultiKernel';
import type { FusedKernel } from './fusedEngine';

/** TF.js's WebGPU device; the fused engine shares it so that its results become TF.js tensors. */
export function webGpuDevice(): GPUDevice {
  const backend = tf.backend() as unknown as {
    device?: GPUDevice;
    commandEncoder?: GPUCommandEncoder | null;
    endComputePassEncoder(): void;
    submitQueue(): void;
  };
  if (tf.getBackend() !== 'webgpu' || !backend.device) throw new Error('the fused kernel needs the WebGPU backend');
  // TF.js keeps an unsubmitted command encoder: flush it before our own submits, or ordering breaks.
  if (backend.commandEncoder) {
    backend.endComputePassEncoder();
    backend.submitQueue();
  }
  return backend.device;
}

export function pack(values: ParamValues): Float32Array<ArrayBuffer> {
  const out = new Float32Array(PARAM_NAMES.reduce((n, name) => n + values[name].length, 0));
  let offset = 0;
  for (const name of PARAM_NAMES) {
    out.set(values[name], offset);
    offset += values[name].length;
  }
  return out;
}

export function unpack(packed: Float32Array, like: ParamValues): ParamValues {
  let offset = 0;
  const out = {} as ParamValues;
  for (const name of PARAM_NAMES) {
    out[name] = packed.slice(offset, offset + like[name].length);
    offset += like[name].length;
  }
  return out;
}

/**
 * The compute pipelines of a kernel and their one bind group: a uniform slot per step (dynamic
 * offset), then params, images, labels, order, scratch and the loss sums.
 */
export async function createFusedPipelines(
  device: GPUDevice,
  kernel: FusedKernel,
  uniformBytes: number,
  buffers: { uniforms: GPUBuffer; storage: GPUBuffer[] },
): Promise<{ pipelines: GPUComputePipeline[]; bindGroup: GPUBindGroup }> {
  const storage = (readOnly: boolean): GPUBindGroupLayoutEntry['buffer'] => ({ type: readOnly ? 'read-only-storage' : 'storage' });
  const layout = device.createBindGroupLayout({
    entries: [
      { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform', hasDynamicOffset: true, minBindingSize: uniformBytes } },
      ...[false, true, true, true, false, false].map((readOnly, i) => ({
        binding: i + 1,
        visibility: GPUShaderStage.COMPUTE,
        buffer: storage(readOnly),
      })),
    ],
  });
  const pipelineLayout = device.createPipelineLayout({ bindGroupLayouts: [layout] });
  const module = device.createShaderModule({ code: kernel === 'multi' ? FUSED_MULTI_WGSL : FUSED_SGD_WGSL, label: `fused-sgd-${kernel}` });
  const entries = kernel === 'multi' ? MULTI_ENTRY_POINTS : (['main'] as const);
  const pipelines = await Promise.all(
    entries.map((entryPoint) => device.createComputePipelineAsync({ layout: pipelineLayout, compute: { module, entryPoint } })),
  );
  const bindGroup = device.createBindGroup({
    layout,
    entries: [
      { binding: 0, resource: { buffer: buffers.uniforms, size: uniformBytes } },
      ...buffers.storage.map((b, i) => ({ binding: i + 1, resource: { buffer: b } })),
    ],
  });
  return { pipelines, bindGroup };
}
