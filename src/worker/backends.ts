import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { Architecture } from '../model/network';
import type { GradientMode } from '../model/sgd';
import { defaultPath, pathsToTime } from './paths';
import { timeTrainingStep } from './stepTiming';
import { hold } from './testHooks';
import type { BackendChoice, BackendName, BackendReport, BackendTiming, SkipReason } from './protocol';
import { errorText } from '../errorText';

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

/** A backend that cannot be used here, and why (a fact the page words). */
export class BackendUnavailable extends Error {
  constructor(readonly reason: SkipReason) {
    super(reason.why);
  }
}

/** No backend at all could start: each candidate with its reason. */
export class NoBackend extends Error {
  constructor(readonly skipped: { name: BackendName; reason: SkipReason }[]) {
    super('no TF.js backend could start');
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new BackendUnavailable({ why: 'timeout', seconds: ms / 1000 })), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error instanceof Error ? error : new Error(String(error)))),
    );
  });
}

/** Looks at the WebGPU adapter first, so that the reason for skipping it can be told plainly. */
async function inspectWebGpu(): Promise<{ adapter: string; software: boolean }> {
  if (typeof navigator === 'undefined' || !('gpu' in navigator) || !navigator.gpu) {
    throw new BackendUnavailable({ why: 'no-webgpu' });
  }
  const adapter = await withTimeout(navigator.gpu.requestAdapter({ powerPreference: 'high-performance' }), START_TIMEOUT_MS);
  if (!adapter) throw new BackendUnavailable({ why: 'no-adapter' });
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
    ok = await withTimeout(tf.setBackend(name), START_TIMEOUT_MS);
  } catch (error) {
    throw error instanceof BackendUnavailable ? error : new BackendUnavailable({ why: 'would-not-start', detail: errorText(error) });
  }
  if (!ok || tf.getBackend() !== name) throw new BackendUnavailable({ why: 'would-not-start', detail: 'tf.setBackend returned false' });
  await tf.ready();
}

/** Starts exactly this backend (no fallback), for the benchmark. Returns the GPU adapter for WebGPU. */
export async function startExactly(name: BackendName): Promise<{ adapter?: string }> {
  const adapter = name === 'webgpu' ? (await inspectWebGpu()).adapter : undefined;
  await activate(name);
  return { adapter };
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
  } catch (error) {
    console.warn('Could not read the WebGL renderer; WebGL is timed like any backend.', error);
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
  let softwareAdapter: boolean | undefined;
  let hardwareGpu = false;

  const tryStart = async (name: BackendName, automatic: boolean): Promise<boolean> => {
    if (avoid.includes(name)) {
      skipped.push({ name, reason: { why: 'failed-earlier' } });
      return false;
    }
    try {
      if (name === 'webgpu') {
        const gpu = await inspectWebGpu();
        adapter = gpu.adapter;
        hardwareGpu = !gpu.software;
        softwareAdapter = gpu.software;
        if (gpu.software && automatic) {
          skipped.push({ name, reason: { why: 'software-adapter', adapter: gpu.adapter } });
          return false;
        }
      }
      if (name === 'webgl' && automatic) {
        const gl = webGlRenderer();
        if (gl?.software) {
          skipped.push({ name, reason: { why: 'software-renderer', renderer: gl.renderer } });
          return false;
        }
      }
      await activate(name);
      return true;
    } catch (error) {
      skipped.push({
        name,
        reason: error instanceof BackendUnavailable ? error.reason : { why: 'would-not-start', detail: errorText(error) },
      });
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
          softwareAdapter,
          path: defaultPath(name, shape.gradients),
        };
      }
    }
    throw new NoBackend(skipped);
  }

  const usable = remembered?.filter((t) => !avoid.includes(t.name)).sort((a, b) => a.msPerStep - b.msPerStep) ?? [];
  for (const timing of usable) {
    if (await tryStart(timing.name, true)) {
      const path = timing.path ?? defaultPath(timing.name, shape.gradients);
      return { name: timing.name, chosenBy: 'remembered', skipped, timings: remembered ?? [], adapter, softwareAdapter, path };
    }
  }

  const timings: BackendTiming[] = [];
  await hold('timing');
  for (const name of TIMED) {
    if (!(await tryStart(name, true))) continue;
    for (const path of pathsToTime(name, shape.gradients, hardwareGpu)) {
      try {
        const gradients = path === 'fused' ? 'fused' : shape.gradients === 'fused' ? 'manual' : shape.gradients;
        timings.push({ name, path, msPerStep: await timeTrainingStep(shape.arch, shape.batchSize, gradients) });
      } catch (error) {
        skipped.push({ name, reason: { why: 'timing-failed', detail: errorText(error) } });
      }
    }
  }
  timings.sort((a, b) => a.msPerStep - b.msPerStep);
  const best = timings[0];
  const name = best?.name ?? 'cpu';
  if (!(await tryStart(name, true))) throw new NoBackend(skipped);
  for (const t of timings.slice(1)) {
    if (t.name !== name) skipped.push({ name: t.name, reason: { why: 'slower', msPerStep: t.msPerStep } });
  }
  const path = best?.path ?? defaultPath(name, shape.gradients);
  return { name, chosenBy: timings.length ? 'timed' : 'fallback', skipped, timings, adapter, softwareAdapter, path };
}

const lostDevices = new WeakMap<GPUDevice, Promise<string>>();
const lossWatchers = new Set<(reason: string) => void>();

/**
 * Resolves when the active WebGPU device is lost (driver reset, GPU unplugged); null for other
 * backends. One promise and one handler per device, however many runs ask; the runs in progress
 * hear of it through `watchDeviceLoss`.
 */
export function deviceLost(): Promise<string> | null {
  if (tf.getBackend() !== 'webgpu') return null;
  const device = (tf.backend() as unknown as { device?: GPUDevice }).device;
  if (!device) return null;
  let lost = lostDevices.get(device);
  if (!lost) {
    lost = device.lost.then((info) => {
      const reason = info.message || info.reason || 'unknown reason';
      lossWatchers.forEach((watcher) => watcher(reason));
      return reason;
    });
    lostDevices.set(device, lost);
  }
  return lost;
}

/** A run hears of a lost device until it calls the function this returns. */
export function watchDeviceLoss(watcher: (reason: string) => void): () => void {
  lossWatchers.add(watcher);
  deviceLost();
  return () => lossWatchers.delete(watcher);
}
