import * as tf from '@tensorflow/tfjs';
import { assignParams, NUM_LABELS, PARAM_NAMES, readParams, type ParamValues, type Params } from '../network';
import type { LoopHooks, LoopOutcome, LoopSettings } from '../trainer';
import { FUSED_SGD_WGSL } from './fusedKernel';

/** The training set as the fused kernel reads it: bytes and labels of the rows used, and each epoch's order. */
export interface FusedData {
  count: number;
  /** count × 784 bytes (0-255), the rows used for training, in order. */
  pixels: Uint8Array;
  labels: Uint8Array;
  order(epoch: number): Int32Array;
}

/** Milliseconds one dispatch should take: long enough to amortise the submit, short of GPU watchdogs. */
const TARGET_DISPATCH_MS = 40;
const MAX_STEPS_PER_DISPATCH = 4096;

/** TF.js's WebGPU device; the fused loop shares it so that its results become TF.js tensors. */
function webGpuDevice(): GPUDevice {
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

function pack(values: ParamValues): Float32Array {
  const out = new Float32Array(PARAM_NAMES.reduce((n, name) => n + values[name].length, 0));
  let offset = 0;
  for (const name of PARAM_NAMES) {
    out.set(values[name], offset);
    offset += values[name].length;
  }
  return out;
}

function unpack(packed: Float32Array, like: ParamValues): ParamValues {
  let offset = 0;
  const out = {} as ParamValues;
  for (const name of PARAM_NAMES) {
    out[name] = packed.slice(offset, offset + like[name].length);
    offset += like[name].length;
  }
  return out;
}

const finite = (values: Float32Array) => values.every(Number.isFinite);

/**
 * The chapter's loop with the whole SGD step in one WGSL kernel (fusedKernel.ts), many steps per
 * dispatch. Same math, batches and seeds as runTrainingLoop with hand-derived gradients: a test
 * compares the two. The TF.js variables are refreshed from the GPU at each read-back (about every
 * 40 ms of GPU work), so predictions and evaluation use them as usual.
 */
export async function runFusedWebGpuLoop(
  params: Params,
  data: FusedData,
  settings: Omit<LoopSettings, 'gradients'>,
  hooks: LoopHooks,
  maxStepsPerEpoch = Infinity,
): Promise<LoopOutcome> {
  const device = webGpuDevice();
  const initial = await readParams(params);
  let lastFinite = initial;
  const hidden1 = params.w1.shape[1];
  const hidden2 = params.w2.shape[1];
  const B = settings.batchSize;
  const batches = Math.min(maxStepsPerEpoch, Math.floor(data.count / B));
  const buffers: GPUBuffer[] = [];
  const buffer = (size: number, usage: number) => {
    const b = device.createBuffer({ size: Math.ceil(size / 4) * 4, usage });
    buffers.push(b);
    return b;
  };
  const S = GPUBufferUsage.STORAGE;
  const packed = pack(initial);
  const paramBuf = buffer(packed.byteLength, S | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST);
  const imageBuf = buffer(data.pixels.byteLength, S | GPUBufferUsage.COPY_DST);
  const labelBuf = buffer(data.count * 4, S | GPUBufferUsage.COPY_DST);
  const orderBuf = buffer(data.count * 4, S | GPUBufferUsage.COPY_DST);
  const scratchBuf = buffer(B * (2 * hidden1 + 2 * hidden2 + 2 * NUM_LABELS) * 4, S);
  const lossBuf = buffer(8, S | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST);
  const uniformBuf = buffer(32, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
  const lossRead = buffer(8, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
  const paramRead = buffer(packed.byteLength, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
  try {
    device.queue.writeBuffer(paramBuf, 0, packed as Float32Array<ArrayBuffer>);
    const padded = new Uint8Array(Math.ceil(data.pixels.byteLength / 4) * 4);
    padded.set(data.pixels);
    device.queue.writeBuffer(imageBuf, 0, padded);
    device.queue.writeBuffer(labelBuf, 0, Uint32Array.from(data.labels));
    const module = device.createShaderModule({ code: FUSED_SGD_WGSL, label: 'fused-sgd' });
    const pipeline = await device.createComputePipelineAsync({ layout: 'auto', compute: { module, entryPoint: 'main' } });
    const bindGroup = device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: [uniformBuf, paramBuf, imageBuf, labelBuf, orderBuf, scratchBuf, lossBuf].map((b, binding) => ({
        binding,
        resource: { buffer: b },
      })),
    });
    const uniforms = new ArrayBuffer(32);
    const u32 = new Uint32Array(uniforms);
    new Float32Array(uniforms)[5] = settings.learningRate / (B * NUM_LABELS);
    [u32[2], u32[3], u32[4]] = [B, hidden1, hidden2];

    let stepsPerDispatch = 4;
    for (let epoch = 0; epoch < settings.epochs; epoch++) {
      const epochStart = performance.now();
      device.queue.writeBuffer(orderBuf, 0, Uint32Array.from(data.order(epoch)));
      let done = 0;
      let epochSum = 0;
      device.queue.writeBuffer(lossBuf, 0, new Float32Array(2));
      while (done < batches) {
        const steps = Math.min(stepsPerDispatch, batches - done);
        [u32[0], u32[1]] = [done, steps];
        device.queue.writeBuffer(uniformBuf, 0, uniforms);
        device.queue.writeBuffer(lossBuf, 0, new Float32Array(1));
        const encoder = device.createCommandEncoder();
        const pass = encoder.beginComputePass();
        pass.setPipeline(pipeline);
        pass.setBindGroup(0, bindGroup);
        pass.dispatchWorkgroups(1);
        pass.end();
        encoder.copyBufferToBuffer(lossBuf, 0, lossRead, 0, 8);
        encoder.copyBufferToBuffer(paramBuf, 0, paramRead, 0, packed.byteLength);
        const t0 = performance.now();
        device.queue.submit([encoder.finish()]);
        await Promise.all([lossRead.mapAsync(GPUMapMode.READ), paramRead.mapAsync(GPUMapMode.READ)]);
        const elapsed = performance.now() - t0;
        const [sum, epochSoFar] = new Float32Array(lossRead.getMappedRange().slice(0));
        const current = new Float32Array(paramRead.getMappedRange().slice(0));
        lossRead.unmap();
        paramRead.unmap();
        done += steps;
        if (!Number.isFinite(sum)) {
          assignParams(params, lastFinite);
          return { kind: 'diverged', epoch, batch: done, loss: sum };
        }
        epochSum = epochSoFar;
        if (finite(current)) {
          lastFinite = unpack(current, initial);
          assignParams(params, lastFinite);
        }
        const now = performance.now();
        hooks.onProgress({
          epoch,
          batch: done,
          batches,
          runningLoss: sum / steps,
          samplesPerSecond: (done * B * 1000) / (now - epochStart),
          msPerStep: elapsed / steps,
        });
        stepsPerDispatch = Math.max(1, Math.min(MAX_STEPS_PER_DISPATCH, Math.round((steps * TARGET_DISPATCH_MS) / Math.max(1, elapsed))));
        await hooks.yieldToHost();
        if (hooks.shouldStop() && done < batches) return { kind: 'stopped', epoch, batch: done };
      }
      hooks.onEpoch({
        epoch,
        loss: epochSum / batches,
        numTensors: tf.memory().numTensors,
        seconds: (performance.now() - epochStart) / 1000,
      });
      if (hooks.shouldStop() && epoch < settings.epochs - 1) return { kind: 'stopped', epoch: epoch + 1, batch: 0 };
    }
    return { kind: 'finished' };
  } finally {
    for (const b of buffers) b.destroy();
  }
}
