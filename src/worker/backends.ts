import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { runFusedWebGpuLoop } from '../model/fused/fusedLoop';
import { disposeParams, initParams, NUM_FEATURES, NUM_LABELS, type Architecture } from '../model/network';
import { createRng } from '../model/random';
import { RunControl } from '../model/runControl';
import { sgdStep, type GradientMode } from '../model/sgd';
import { defaultPath, pathsToTime } from './paths';
import { BACKEND_LABELS, type BackendChoice, type BackendName, type BackendReport, type BackendTiming } from './protocol';

// Threads give nothing on a 2-core machine, and tfjs's threaded build (which stringifies its
// Emscripten factory) hangs after minification: always use the single-threaded SIMD build.
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);

// Served from our own origin (Vite copies them into the build): no CDN at run time.
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});

/** The order in which backends are tried and fallen back through. */
const FALLBACK_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
/** What automatic mode times; the CPU backend is only the last resort. */
const TIMED: readonly BackendName[] = ['webgpu', 'webgl', 'wasm'];
const START_TIMEOUT_MS = 20_000;

class BackendUnavailable extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new BackendUnavailable(`${what} did not answer within ${ms / 1000} s`)), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error instanceof Error ? error : new Error(String(error)))),
    );
  });
}

/** Looks at the WebGPU adapter first, so that the reason for skipping it can be told plainly. */
async function inspectWebGpu(): Promise<{ adapter: string; software: boolean }> {
  if (typeof navigator === 'undefined' || !('gpu' in navigator) || !navigator.gpu) {
    throw new BackendUnavailable('this browser has no WebGPU (navigator.gpu is missing)');
  }
  const adapter = await withTimeout(
    navigator.gpu.requestAdapter({ powerPreference: 'high-performance' }),
    START_TIMEOUT_MS,
    'the WebGPU adapter request',
  );
  if (!adapter) throw new BackendUnavailable('the browser offers no WebGPU adapter (GPU blocked or absent)');
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  const legacy = adapter as GPUAdapter & { isFallbackAdapter?: boolean };
  const software = Boolean(info?.isFallbackAdapter ?? legacy.isFallbackAdapter);
  const name = [info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' ') || 'unknown adapter';
  return { adapter: software ? `${name} (software fallback adapter)` : name, software };
}

/** Makes `name` the active backend or says why it cannot be. */
async function activate(name: BackendName): Promise<void> {
  let ok = false;
  try {
    ok = await withTimeout(tf.setBackend(name), START_TIMEOUT_MS, `the ${BACKEND_LABELS[name]} backend`);
  } catch (error) {
    throw new BackendUnavailable(error instanceof Error ? error.message : String(error));
  }
  if (!ok || tf.getBackend() !== name) throw new BackendUnavailable(`TF.js could not initialise ${BACKEND_LABELS[name]} here`);
  await tf.ready();
}

/** Starts exactly this backend (no fallback), for the benchmark. Returns the GPU adapter for WebGPU. */
export async function startExactly(name: BackendName): Promise<{ adapter?: string }> {
  const adapter = name === 'webgpu' ? (await inspectWebGpu()).adapter : undefined;
  await activate(name);
  return { adapter };
}

/**
 * Median ms per training step of the run's network on the active backend, after a warm-up
 * (shader compilation, first allocation). Random inputs: the cost does not depend on the values.
 */
export async function timeTrainingStep(arch: Architecture, batchSize: number, gradients: GradientMode, budgetMs = 400): Promise<number> {
  if (gradients === 'fused') {
    if (tf.getBackend() === 'webgpu') return timeFusedStep(arch, batchSize);
    gradients = 'manual'; // what a 'fused' run does off WebGPU
  }
  const rng = createRng(1);
  const params = initParams(arch, 1);
  const x = tf.tensor2d(
    Float32Array.from({ length: batchSize * NUM_FEATURES }, () => rng.next()),
    [batchSize, NUM_FEATURES],
  );
  const oneHot = tf.tidy(() =>
    tf
      .oneHot(
        tf.tensor1d(
          Int32Array.from({ length: batchSize }, () => Math.floor(rng.next() * 10)),
          'int32',
        ),
        NUM_LABELS,
      )
      .toFloat(),
  ) as tf.Tensor2D;
  const lr = tf.scalar(0.01);
  const step = () => sgdStep(params, x, oneHot, lr, gradients);
  try {
    for (let i = 0; i < 3; i++) {
      const loss = step();
      await loss.data();
      loss.dispose();
    }
    const samples: number[] = [];
    const start = performance.now();
    while (samples.length < 5 || (performance.now() - start < budgetMs && samples.length < 50)) {
      // groups of 5 steps with one read-back, as training reads back rarely too
      const t0 = performance.now();
      for (let i = 0; i < 4; i++) step().dispose();
      const loss = step();
      await loss.data();
      loss.dispose();
      samples.push((performance.now() - t0) / 5);
    }
    samples.sort((a, b) => a - b);
    return samples[Math.floor(samples.length / 2)];
  } finally {
    disposeParams(params);
    tf.dispose([x, oneHot, lr]);
  }
}

/** Median ms per step of the fused WGSL loop on random data (the second of two short epochs). */
async function timeFusedStep(arch: Architecture, batchSize: number): Promise<number> {
  const rng = createRng(2);
  const count = batchSize * 64;
  const order = Int32Array.from({ length: count }, (_, i) => i);
  const data = {
    count,
    pixels: Uint8Array.from({ length: count * NUM_FEATURES }, () => Math.floor(rng.next() * 256)),
    labels: Uint8Array.from({ length: count }, () => Math.floor(rng.next() * 10)),
    order: () => order,
  };
  const params = initParams(arch, 1);
  const samples: number[] = [];
  try {
    await runFusedWebGpuLoop(params, data, { epochs: 2, batchSize }, new RunControl(0.01), {
      onProgress: (p) => p.epoch === 1 && samples.push(p.msPerStep),
      onEpoch: () => undefined,
      yieldToHost: () => Promise.resolve(),
    });
  } finally {
    disposeParams(params);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

/** What a run needs to know to time candidates like itself. */
export interface StepShape {
  arch: Architecture;
  batchSize: number;
  gradients: GradientMode;
}

/**
 * The WebGL renderer behind TF.js's WebGL backend, read from a throw-away context. A software
 * renderer (SwiftShader, llvmpipe) runs shaders on the CPU: always slower than Wasm's SIMD
 * kernels, and its first step alone spends seconds compiling, so automatic mode skips it.
 */
export function webGlRenderer(): { renderer: string; software: boolean } | null {
  try {
    if (typeof OffscreenCanvas === 'undefined') return null;
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2') as WebGL2RenderingContext | null;
    if (!gl) return null;
    const debug = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { renderer, software: /swiftshader|llvmpipe|softpipe|software|microsoft basic render/i.test(renderer) };
  } catch {
    return null;
  }
}

/**
 * Starts the backend for a run. Forced: that one, else the next in the fallback order, each
 * failure with its reason. Automatic: time a few steps on each candidate (or use the timings
 * remembered from an earlier visit) and train on the fastest; a software WebGPU adapter or WebGL
 * renderer is skipped, as they are the slowest of all.
 */
export async function chooseBackend(
  choice: BackendChoice,
  shape: StepShape,
  remembered: BackendTiming[] | null,
  avoid: readonly BackendName[],
): Promise<BackendReport> {
  return { ...(await choose(choice, shape, remembered, avoid)), id: ++choices };
}

let choices = 0;

async function choose(
  choice: BackendChoice,
  shape: StepShape,
  remembered: BackendTiming[] | null,
  avoid: readonly BackendName[],
): Promise<Omit<BackendReport, 'id'>> {
  const skipped: BackendReport['skipped'] = [];
  let adapter: string | undefined;
  let hardwareGpu = false;

  const tryStart = async (name: BackendName, automatic: boolean): Promise<boolean> => {
    if (avoid.includes(name)) {
      skipped.push({ name, reason: 'it failed earlier in this session' });
      return false;
    }
    try {
      if (name === 'webgpu') {
        const gpu = await inspectWebGpu();
        adapter = gpu.adapter;
        hardwareGpu = !gpu.software;
        if (gpu.software && automatic) {
          skipped.push({ name, reason: `the adapter is a software fallback (${gpu.adapter}): far slower than the CPU backends` });
          return false;
        }
      }
      if (name === 'webgl' && automatic) {
        const gl = webGlRenderer();
        if (gl?.software) {
          skipped.push({ name, reason: `the renderer is software (${gl.renderer}): slower than Wasm` });
          return false;
        }
      }
      await activate(name);
      return true;
    } catch (error) {
      skipped.push({ name, reason: error instanceof Error ? error.message : String(error) });
      return false;
    }
  };

  if (choice !== 'auto') {
    for (const name of FALLBACK_ORDER.slice(FALLBACK_ORDER.indexOf(choice))) {
      if (await tryStart(name, false)) {
        return {
          name,
          chosenBy: name === choice ? 'forced' : 'fallback',
          skipped,
          timings: [],
          adapter,
          path: defaultPath(name, shape.gradients),
        };
      }
    }
    throw new BackendUnavailable('no TF.js backend could start in this browser');
  }

  const usable = remembered?.filter((t) => !avoid.includes(t.name)).sort((a, b) => a.msPerStep - b.msPerStep) ?? [];
  for (const timing of usable) {
    if (await tryStart(timing.name, true)) {
      const path = timing.path ?? defaultPath(timing.name, shape.gradients);
      return { name: timing.name, chosenBy: 'remembered', skipped, timings: remembered ?? [], adapter, path };
    }
  }

  const timings: BackendTiming[] = [];
  for (const name of TIMED) {
    if (!(await tryStart(name, true))) continue;
    for (const path of pathsToTime(name, shape.gradients, hardwareGpu)) {
      try {
        const gradients = path === 'fused' ? 'fused' : shape.gradients === 'fused' ? 'manual' : shape.gradients;
        timings.push({ name, path, msPerStep: await timeTrainingStep(shape.arch, shape.batchSize, gradients) });
      } catch (error) {
        skipped.push({ name, reason: `it failed while timing a step: ${error instanceof Error ? error.message : String(error)}` });
      }
    }
  }
  timings.sort((a, b) => a.msPerStep - b.msPerStep);
  const best = timings[0];
  const name = best?.name ?? 'cpu';
  if (!(await tryStart(name, true))) throw new BackendUnavailable('no TF.js backend could start in this browser');
  for (const t of timings.slice(1)) {
    if (t.name !== name) skipped.push({ name: t.name, reason: `slower: ${t.msPerStep.toFixed(1)} ms per step` });
  }
  const path = best?.path ?? defaultPath(name, shape.gradients);
  return { name, chosenBy: timings.length ? 'timed' : 'fallback', skipped, timings, adapter, path };
}

/** Resolves when the active WebGPU device is lost (driver reset, GPU unplugged); never for other backends. */
export function deviceLost(): Promise<string> | null {
  if (tf.getBackend() !== 'webgpu') return null;
  const device = (tf.backend() as unknown as { device?: GPUDevice }).device;
  return device ? device.lost.then((info) => info.message || info.reason || 'unknown reason') : null;
}
