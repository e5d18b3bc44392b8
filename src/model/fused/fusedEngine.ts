import * as tf from '@tensorflow/tfjs';
import type { Batch, EngineSnapshot, StepEngine, W1Update } from '../engine';
import { assignParams, NUM_FEATURES, NUM_LABELS, readParams, type ParamValues, type Params } from '../network';
import type { Activation, StepRule } from '../stepRule';
import { createFusedPipelines, pack, unpack, webGpuDevice } from './fusedSetup';
import { invocations, MULTI_ENTRY_POINTS, MULTI_WORKGROUP_SIZE, MULTI_WORKGROUP_THRESHOLD } from './fusedMultiKernel';

/** The training set as the fused kernel reads it: bytes and labels of the rows used, and each epoch's order. */
export interface FusedData {
  count: number;
  /** count × 784 bytes (0-255), the rows used for training, in order. */
  pixels: Uint8Array;
  labels: Uint8Array;
  order(epoch: number): Int32Array;
  /** These rows (indices into `pixels`) as the chapter's floats in [0, 1], 784 per row. */
  images(rows: Int32Array): Float32Array;
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

/** Why the fused kernel cannot run a run's steps (the run then uses TF.js steps). */
export type FusedDecline = 'needs-webgpu' | 'optimizer' | 'weight-decay';

/**
 * What the fused kernel does not support, or null when it can run these steps on this backend. It
 * computes every activation, but only plain SGD without decay: momentum and Adam would need their
 * state in more buffers, which the TF.js engine keeps instead.
 */
export function fusedDeclines(backend: string, rule: StepRule): FusedDecline | null {
  if (backend !== 'webgpu') return 'needs-webgpu';
  if (rule.optimizer !== 'sgd') return 'optimizer';
  if (rule.weightDecay !== 0) return 'weight-decay';
  return null;
}

const ACTIVATION_CODE: Record<Activation, number> = { sigmoid: 0, tanh: 1, relu: 2 };

/** Options for tests and the benchmark. */
export interface FusedOptions {
  /** The hidden layers' activation (the chapter's sigmoid by default). */
  activation?: Activation;
  /** Force a kernel instead of choosing by size. */
  kernel?: FusedKernel;
}

/**
 * The chapter's step with the whole SGD step in WGSL (fusedKernel.ts, or fusedMultiKernel.ts for
 * large sizes), many steps per submit. Same math, batches and seeds as the TF.js engine with
 * hand-derived gradients: an e2e test compares the two. After each submit the loss sums and the
 * weights are read back (one mapAsync each), and the TF.js variables are refreshed from them, so
 * predictions, tiles and evaluation see the kernel's weights.
 */
export class FusedEngine implements StepEngine {
  private readonly device: GPUDevice;
  private readonly buffers: GPUBuffer[] = [];
  private readonly B: number;
  private readonly h1: number;
  private readonly h2: number;
  private readonly kernel: FusedKernel;
  private readonly activation: Activation;
  readonly rule: StepRule;
  private readonly paramBytes: number;
  private paramBuf!: GPUBuffer;
  private orderBuf!: GPUBuffer;
  private lossBuf!: GPUBuffer;
  private uniformBuf!: GPUBuffer;
  private lossRead!: GPUBuffer;
  private paramRead!: GPUBuffer;
  private bindGroup!: GPUBindGroup;
  private pipelines: GPUComputePipeline[] = [];
  private readonly uniforms = new ArrayBuffer(MAX_STEPS_PER_SUBMIT * UNIFORM_STRIDE);
  private stepsPerSubmit = 4;
  private epochOrder: Int32Array | null = null;
  private windowSum = 0;
  private epochSum = 0;
  /** The host's copy of the weights after the last submit, and before it (for the update view). */
  private current: ParamValues;
  private beforeLast: ParamValues;
  private last = { steps: 0, rate: 1 };

  private constructor(
    readonly params: Params,
    private readonly data: FusedData,
    batchSize: number,
    initial: ParamValues,
    options: FusedOptions,
  ) {
    this.device = webGpuDevice();
    this.B = batchSize;
    this.h1 = params.w1.shape[1];
    this.h2 = params.w2.shape[1];
    this.kernel = options.kernel ?? fusedKernelFor(batchSize, this.h1);
    this.activation = options.activation ?? 'sigmoid';
    this.rule = { activation: this.activation, optimizer: 'sgd', weightDecay: 0 };
    this.current = initial;
    this.beforeLast = initial;
    this.paramBytes = pack(initial).byteLength;
  }

  /** Builds the engine on TF.js's WebGPU device, starting from the weights in `params`. */
  static async create(params: Params, data: FusedData, batchSize: number, options: FusedOptions = {}): Promise<FusedEngine> {
    const engine = new FusedEngine(params, data, batchSize, await readParams(params), options);
    try {
      await engine.build();
    } catch (error) {
      engine.dispose();
      throw error;
    }
    return engine;
  }

  private buffer(size: number, usage: number): GPUBuffer {
    const b = this.device.createBuffer({ size: Math.ceil(size / 4) * 4, usage });
    this.buffers.push(b);
    return b;
  }

  private async build(): Promise<void> {
    const { device, data, B, h1, h2 } = this;
    const S = GPUBufferUsage.STORAGE;
    this.paramBuf = this.buffer(this.paramBytes, S | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST);
    const imageBuf = this.buffer(data.pixels.byteLength, S | GPUBufferUsage.COPY_DST);
    const labelBuf = this.buffer(data.count * 4, S | GPUBufferUsage.COPY_DST);
    this.orderBuf = this.buffer(data.count * 4, S | GPUBufferUsage.COPY_DST);
    const scratchBuf = this.buffer(B * (2 * h1 + 2 * h2 + 2 * NUM_LABELS) * 4, S);
    this.lossBuf = this.buffer(8, S | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST);
    this.uniformBuf = this.buffer(MAX_STEPS_PER_SUBMIT * UNIFORM_STRIDE, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    this.lossRead = this.buffer(8, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
    this.paramRead = this.buffer(this.paramBytes, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);

    device.queue.writeBuffer(this.paramBuf, 0, pack(this.current));
    const padded = new Uint8Array(Math.ceil(data.pixels.byteLength / 4) * 4);
    padded.set(data.pixels);
    device.queue.writeBuffer(imageBuf, 0, padded);
    device.queue.writeBuffer(labelBuf, 0, Uint32Array.from(data.labels));
    const { pipelines, bindGroup } = await createFusedPipelines(device, this.kernel, UNIFORM_BYTES, {
      uniforms: this.uniformBuf,
      storage: [this.paramBuf, imageBuf, labelBuf, this.orderBuf, scratchBuf, this.lossBuf],
    });
    this.pipelines = pipelines;
    this.bindGroup = bindGroup;
  }

  preferredSteps(): number {
    return this.stepsPerSubmit;
  }

  startEpoch(epoch: number): number {
    this.epochOrder = this.data.order(epoch);
    this.device.queue.writeBuffer(this.orderBuf, 0, Uint32Array.from(this.epochOrder));
    this.device.queue.writeBuffer(this.lossBuf, 0, new Float32Array(2));
    this.windowSum = 0;
    this.epochSum = 0;
    return Math.floor(this.data.count / this.B);
  }

  private writeUniform(slot: number, firstStep: number, steps: number, rate: number): void {
    const u32 = new Uint32Array(this.uniforms, slot * UNIFORM_STRIDE, UNIFORM_BYTES / 4);
    const f32 = new Float32Array(this.uniforms, slot * UNIFORM_STRIDE, UNIFORM_BYTES / 4);
    [u32[0], u32[1], u32[2], u32[3], u32[4]] = [firstStep, steps, this.B, this.h1, this.h2];
    u32[7] = ACTIVATION_CODE[this.activation];
    f32[5] = rate / (this.B * NUM_LABELS);
  }

  async run(first: number, count: number, rate: number): Promise<void> {
    const { device, B, h1, h2 } = this;
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    if (this.kernel === 'multi') {
      for (let i = 0; i < count; i++) this.writeUniform(i, first + i, 1, rate);
      for (let i = 0; i < count; i++) {
        pass.setBindGroup(0, this.bindGroup, [i * UNIFORM_STRIDE]);
        MULTI_ENTRY_POINTS.forEach((entry, p) => {
          pass.setPipeline(this.pipelines[p]);
          pass.dispatchWorkgroups(entry === 'head' ? 1 : Math.ceil(invocations(entry, B, h1, h2) / MULTI_WORKGROUP_SIZE));
        });
      }
    } else {
      this.writeUniform(0, first, count, rate);
      pass.setBindGroup(0, this.bindGroup, [0]);
      pass.setPipeline(this.pipelines[0]);
      pass.dispatchWorkgroups(1);
    }
    pass.end();
    device.queue.writeBuffer(this.uniformBuf, 0, this.uniforms, 0, (this.kernel === 'multi' ? count : 1) * UNIFORM_STRIDE);
    device.queue.writeBuffer(this.lossBuf, 0, new Float32Array(1)); // this submit's sum; [1] keeps the epoch's
    encoder.copyBufferToBuffer(this.lossBuf, 0, this.lossRead, 0, 8);
    encoder.copyBufferToBuffer(this.paramBuf, 0, this.paramRead, 0, this.paramBytes);
    const t0 = performance.now();
    device.queue.submit([encoder.finish()]);
    const [sum, epochSoFar] = await this.readBack();
    const elapsed = performance.now() - t0;
    this.windowSum += sum;
    this.epochSum = epochSoFar;
    this.last = { steps: count, rate };
    if (count > 1 || this.stepsPerSubmit === 1) {
      this.stepsPerSubmit = Math.max(1, Math.min(MAX_STEPS_PER_SUBMIT, Math.round((count * TARGET_SUBMIT_MS) / Math.max(1, elapsed))));
    }
  }

  /** Maps the loss sums and the weights, and refreshes the host copy and the TF.js variables. */
  private async readBack(): Promise<[number, number]> {
    await Promise.all([this.lossRead.mapAsync(GPUMapMode.READ), this.paramRead.mapAsync(GPUMapMode.READ)]);
    const [sum, epochSoFar] = new Float32Array(this.lossRead.getMappedRange().slice(0));
    const latest = new Float32Array(this.paramRead.getMappedRange().slice(0));
    this.lossRead.unmap();
    this.paramRead.unmap();
    this.beforeLast = this.current;
    this.current = unpack(latest, this.current);
    assignParams(this.params, this.current);
    return [sum, epochSoFar];
  }

  async readWindowLoss(): Promise<number> {
    const sum = this.windowSum;
    this.windowSum = 0;
    return sum;
  }

  async readEpochLoss(): Promise<number> {
    return this.epochSum;
  }

  endEpoch(): void {
    this.epochOrder = null;
  }

  snapshot(): EngineSnapshot {
    // A copy on the GPU, in queue order after every submitted step: no read-back.
    const kept = this.device.createBuffer({ size: this.paramBytes, usage: GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
    const encoder = this.device.createCommandEncoder();
    encoder.copyBufferToBuffer(this.paramBuf, 0, kept, 0, this.paramBytes);
    this.device.queue.submit([encoder.finish()]);
    return {
      restore: async () => {
        const back = this.device.createCommandEncoder();
        back.copyBufferToBuffer(kept, 0, this.paramBuf, 0, this.paramBytes);
        back.copyBufferToBuffer(kept, 0, this.paramRead, 0, this.paramBytes);
        back.copyBufferToBuffer(this.lossBuf, 0, this.lossRead, 0, 8);
        this.device.queue.submit([back.finish()]);
        await this.readBack();
        this.last = { steps: 0, rate: 1 };
      },
      release: () => kept.destroy(),
    };
  }

  batchAt(step: number): Batch | null {
    const order = this.epochOrder;
    if (!order) return null;
    const rows = order.subarray(step * this.B, (step + 1) * this.B);
    return tf.tidy(() => ({
      x: tf.tensor2d(this.data.images(rows), [this.B, NUM_FEATURES]),
      oneHot: tf
        .oneHot(
          tf.tensor1d(
            Int32Array.from(rows, (r) => this.data.labels[r]),
            'int32',
          ),
          NUM_LABELS,
        )
        .toFloat() as tf.Tensor2D,
    }));
  }

  optimizerState(): null {
    return null; // the kernel runs plain SGD only (see fusedDeclines)
  }

  lastW1Update(): W1Update | null {
    if (this.last.steps === 0) return null;
    const g = new Float32Array(this.current.w1.length);
    for (let i = 0; i < g.length; i++) g[i] = (this.beforeLast.w1[i] - this.current.w1[i]) / this.last.rate;
    return { gradient: tf.tensor2d(g, this.params.w1.shape), steps: this.last.steps };
  }

  dispose(): void {
    for (const b of this.buffers) b.destroy();
    this.buffers.length = 0;
  }
}
