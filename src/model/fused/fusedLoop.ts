import * as tf from '@tensorflow/tfjs';
import { assignParams, NUM_FEATURES, NUM_LABELS, PARAM_NAMES, readParams, type ParamValues, type Params } from '../network';
import type { RunControl } from '../runControl';
import type { LoopHooks, LoopOutcome, LoopSettings } from '../trainer';
import { FUSED_SGD_WGSL } from './fusedKernel';
import { FUSED_MULTI_WGSL, invocations, MULTI_ENTRY_POINTS, MULTI_WORKGROUP_SIZE, MULTI_WORKGROUP_THRESHOLD } from './fusedMultiKernel';

/** The training set as the fused kernel reads it: bytes and labels of the rows used, and each epoch's order. */
export interface FusedData {
  count: number;
  /** count × 784 bytes (0-255), the rows used for training, in order. */
  pixels: Uint8Array;
  labels: Uint8Array;
  order(epoch: number): Int32Array;
}

/** Milliseconds one submit should take: long enough to amortise it, short of GPU watchdogs. */
const TARGET_SUBMIT_MS = 40;
const MAX_STEPS_PER_SUBMIT = 1024;
/** Uniforms of each step sit 256 bytes apart (WebGPU's minimum dynamic-offset alignment). */
const UNIFORM_STRIDE = 256;
const UNIFORM_BYTES = 32;

/** Which kernel a run uses: one workgroup, or five dispatches spread over the GPU. */
export type FusedKernel = 'single' | 'multi';

export function fusedKernelFor(batchSize: number, hidden1: number): FusedKernel {
  return batchSize * hidden1 >= MULTI_WORKGROUP_THRESHOLD ? 'multi' : 'single';
}

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

/** Options for tests and the benchmark. */
export interface FusedOptions {
  /** At most this many steps per epoch (the benchmark's timed repeats). */
  maxStepsPerEpoch?: number;
  /** Force a kernel instead of choosing by size. */
  kernel?: FusedKernel;
}

/**
 * The chapter's loop with the whole SGD step in WGSL (fusedKernel.ts, or fusedMultiKernel.ts
 * for large sizes), many steps per submit. Same math, batches and seeds as runTrainingLoop with
 * hand-derived gradients: a test compares the two. The TF.js variables are refreshed from the GPU
 * at each read-back (about every 40 ms of GPU work), so predictions and evaluation use them.
 * Pause, Step and the live learning rate act between submits; a Step submits exactly one step.
 */
export async function runFusedWebGpuLoop(
  params: Params,
  data: FusedData,
  settings: Omit<LoopSettings, 'gradients'>,
  control: RunControl,
  hooks: LoopHooks,
  options: FusedOptions = {},
): Promise<LoopOutcome> {
  const device = webGpuDevice();
  const initial = await readParams(params);
  let lastFinite = initial;
  const hidden1 = params.w1.shape[1];
  const hidden2 = params.w2.shape[1];
  const B = settings.batchSize;
  const kernel = options.kernel ?? fusedKernelFor(B, hidden1);
  const batches = Math.min(options.maxStepsPerEpoch ?? Infinity, Math.floor(data.count / B));
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
  const uniformBuf = buffer(MAX_STEPS_PER_SUBMIT * UNIFORM_STRIDE, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
  const lossRead = buffer(8, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
  const paramRead = buffer(packed.byteLength, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);

  // The host's view of the weights: refreshed at each read-back, for the tiles and the gradient view.
  let current = initial;
  let beforeLastSubmit = initial;
  let lastSubmit = { steps: 0, rate: control.learningRate, epoch: -1, lastStep: -1 };
  let epochOrder: Int32Array | null = null;
  let currentEpoch = -1;
  hooks.onStart?.({
    params,
    lastBatch: () => {
      if (!epochOrder || lastSubmit.epoch !== currentEpoch || lastSubmit.lastStep < 0) return null;
      const x = new Float32Array(B * NUM_FEATURES);
      for (let b = 0; b < B; b++) {
        const row = epochOrder[lastSubmit.lastStep * B + b];
        for (let k = 0; k < NUM_FEATURES; k++) x[b * NUM_FEATURES + k] = data.pixels[row * NUM_FEATURES + k] / 255;
      }
      return tf.tensor2d(x, [B, NUM_FEATURES]);
    },
    lastW1Gradient: () => {
      if (lastSubmit.steps === 0) return null;
      const g = new Float32Array(current.w1.length);
      for (let i = 0; i < g.length; i++) g[i] = (beforeLastSubmit.w1[i] - current.w1[i]) / lastSubmit.rate;
      return { gradient: tf.tensor2d(g, params.w1.shape), steps: lastSubmit.steps };
    },
  });

  try {
    device.queue.writeBuffer(paramBuf, 0, packed as Float32Array<ArrayBuffer>);
    const padded = new Uint8Array(Math.ceil(data.pixels.byteLength / 4) * 4);
    padded.set(data.pixels);
    device.queue.writeBuffer(imageBuf, 0, padded);
    device.queue.writeBuffer(labelBuf, 0, Uint32Array.from(data.labels));

    const storage = (readOnly: boolean): GPUBindGroupLayoutEntry['buffer'] => ({ type: readOnly ? 'read-only-storage' : 'storage' });
    const layout = device.createBindGroupLayout({
      entries: [
        {
          binding: 0,
          visibility: GPUShaderStage.COMPUTE,
          buffer: { type: 'uniform', hasDynamicOffset: true, minBindingSize: UNIFORM_BYTES },
        },
        ...[false, true, true, true, false, false].map((readOnly, i) => ({
          binding: i + 1,
          visibility: GPUShaderStage.COMPUTE,
          buffer: storage(readOnly),
        })),
      ],
    });
    const pipelineLayout = device.createPipelineLayout({ bindGroupLayouts: [layout] });
    const module = device.createShaderModule({
      code: kernel === 'multi' ? FUSED_MULTI_WGSL : FUSED_SGD_WGSL,
      label: `fused-sgd-${kernel}`,
    });
    const entries = kernel === 'multi' ? MULTI_ENTRY_POINTS : (['main'] as const);
    const pipelines = await Promise.all(
      entries.map((entryPoint) => device.createComputePipelineAsync({ layout: pipelineLayout, compute: { module, entryPoint } })),
    );
    const bindGroup = device.createBindGroup({
      layout,
      entries: [
        { binding: 0, resource: { buffer: uniformBuf, size: UNIFORM_BYTES } },
        ...[paramBuf, imageBuf, labelBuf, orderBuf, scratchBuf, lossBuf].map((b, i) => ({ binding: i + 1, resource: { buffer: b } })),
      ],
    });
    const uniforms = new ArrayBuffer(MAX_STEPS_PER_SUBMIT * UNIFORM_STRIDE);
    const writeUniform = (slot: number, firstStep: number, steps: number, rate: number) => {
      const u32 = new Uint32Array(uniforms, slot * UNIFORM_STRIDE, UNIFORM_BYTES / 4);
      const f32 = new Float32Array(uniforms, slot * UNIFORM_STRIDE, UNIFORM_BYTES / 4);
      [u32[0], u32[1], u32[2], u32[3], u32[4]] = [firstStep, steps, B, hidden1, hidden2];
      f32[5] = rate / (B * NUM_LABELS);
    };

    let stepsPerSubmit = 4;
    let rate = control.learningRate;
    let pausedMs = 0;
    for (let epoch = 0; epoch < settings.epochs; epoch++) {
      const epochStart = performance.now();
      const pausedBefore = pausedMs;
      const trainingMs = () => performance.now() - epochStart - (pausedMs - pausedBefore);
      epochOrder = data.order(epoch);
      currentEpoch = epoch;
      device.queue.writeBuffer(orderBuf, 0, Uint32Array.from(epochOrder));
      let done = 0;
      let epochSum = 0;
      device.queue.writeBuffer(lossBuf, 0, new Float32Array(2));
      while (done < batches) {
        let action = control.poll();
        if (action === 'wait') {
          hooks.onPaused?.({ epoch, batch: done, batches });
          const t0 = performance.now();
          action = await control.waitForPermission();
          pausedMs += performance.now() - t0;
        }
        if (action === 'stop') return { kind: 'stopped', epoch, batch: done };
        if (control.learningRate !== rate) {
          rate = control.learningRate;
          hooks.onRateChange?.({ epoch, batch: done, batches, learningRate: rate });
        }
        const steps = action === 'step' ? 1 : Math.min(stepsPerSubmit, batches - done);
        const encoder = device.createCommandEncoder();
        const pass = encoder.beginComputePass();
        if (kernel === 'multi') {
          for (let i = 0; i < steps; i++) writeUniform(i, done + i, 1, rate);
          for (let i = 0; i < steps; i++) {
            pass.setBindGroup(0, bindGroup, [i * UNIFORM_STRIDE]);
            MULTI_ENTRY_POINTS.forEach((entry, p) => {
              pass.setPipeline(pipelines[p]);
              pass.dispatchWorkgroups(entry === 'head' ? 1 : Math.ceil(invocations(entry, B, hidden1, hidden2) / MULTI_WORKGROUP_SIZE));
            });
          }
        } else {
          writeUniform(0, done, steps, rate);
          pass.setBindGroup(0, bindGroup, [0]);
          pass.setPipeline(pipelines[0]);
          pass.dispatchWorkgroups(1);
        }
        pass.end();
        device.queue.writeBuffer(uniformBuf, 0, uniforms, 0, (kernel === 'multi' ? steps : 1) * UNIFORM_STRIDE);
        device.queue.writeBuffer(lossBuf, 0, new Float32Array(1));
        encoder.copyBufferToBuffer(lossBuf, 0, lossRead, 0, 8);
        encoder.copyBufferToBuffer(paramBuf, 0, paramRead, 0, packed.byteLength);
        const t0 = performance.now();
        device.queue.submit([encoder.finish()]);
        await Promise.all([lossRead.mapAsync(GPUMapMode.READ), paramRead.mapAsync(GPUMapMode.READ)]);
        const elapsed = performance.now() - t0;
        const [sum, epochSoFar] = new Float32Array(lossRead.getMappedRange().slice(0));
        const latest = new Float32Array(paramRead.getMappedRange().slice(0));
        lossRead.unmap();
        paramRead.unmap();
        done += steps;
        if (!Number.isFinite(sum)) {
          assignParams(params, lastFinite);
          return { kind: 'diverged', epoch, batch: done, loss: sum };
        }
        epochSum = epochSoFar;
        if (finite(latest)) {
          beforeLastSubmit = current;
          current = unpack(latest, initial);
          lastFinite = current;
          lastSubmit = { steps, rate, epoch, lastStep: done - 1 };
          assignParams(params, current);
        }
        hooks.onProgress({
          epoch,
          batch: done,
          batches,
          runningLoss: sum / steps,
          samplesPerSecond: (done * B * 1000) / Math.max(1e-3, trainingMs()),
          msPerStep: elapsed / steps,
        });
        if (action === 'step') hooks.onStepped?.(sum, { epoch, batch: done, batches });
        else stepsPerSubmit = Math.max(1, Math.min(MAX_STEPS_PER_SUBMIT, Math.round((steps * TARGET_SUBMIT_MS) / Math.max(1, elapsed))));
        await hooks.yieldToHost();
      }
      const seconds = trainingMs() / 1000;
      lastSubmit = { ...lastSubmit, lastStep: -1 };
      await hooks.onEpoch({ epoch, loss: epochSum / batches, numTensors: tf.memory().numTensors, seconds });
      await hooks.yieldToHost();
      if (control.stopRequested && epoch < settings.epochs - 1) return { kind: 'stopped', epoch: epoch + 1, batch: 0 };
    }
    return { kind: 'finished' };
  } finally {
    for (const b of buffers) b.destroy();
  }
}
