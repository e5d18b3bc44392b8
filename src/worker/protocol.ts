/**
 * The only module both threads import: the messages between the page and the training worker,
 * and the settings they carry. Discriminated unions on `type`; every message in one line.
 */
import type { EpochResult, LoopProgress } from '../model/trainer';
import type { GradientMode } from '../model/sgd';

export type { EpochResult, LoopProgress, GradientMode };

/** How gradients are computed: by hand (fast) or by TF.js autodiff (the chapter's loss.backward()). */
export const GRADIENT_MODES_LIST: readonly GradientMode[] = ['manual', 'autodiff', 'fused'];

/** TF.js backends the app can train on, fastest-on-a-real-GPU first. */
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
/** A forced backend, or 'auto': time the candidates and train on the fastest. */
export type BackendChoice = BackendName | 'auto';

export const BACKEND_LABELS: Record<BackendName, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'Wasm', cpu: 'CPU' };

/** Everything that defines a run; also what the URL query holds. */
export interface RunConfig {
  learningRate: number;
  hidden1: number;
  hidden2: number;
  epochs: number;
  batchSize: number;
  samples: number;
  seed: number;
  backend: BackendChoice;
  gradients: GradientMode;
}

/** The chapter's settings: the app's defaults. */
export const DEFAULT_CONFIG: RunConfig = {
  learningRate: 0.1,
  hidden1: 100,
  hidden2: 50,
  epochs: 10,
  batchSize: 32,
  samples: 60000,
  seed: 0,
  backend: 'auto',
  gradients: 'manual',
};

/** A backend measured in automatic mode: median milliseconds per training step. */
export interface BackendTiming {
  name: BackendName;
  msPerStep: number;
}

/** Which backend trains, how it was chosen, and why each earlier candidate was not used. */
export interface BackendReport {
  name: BackendName;
  chosenBy: 'forced' | 'timed' | 'remembered' | 'fallback';
  skipped: { name: BackendName; reason: string }[];
  timings: BackendTiming[];
  /** The GPU adapter, when WebGPU was looked at (e.g. "nvidia ampere", "google swiftshader (software)"). */
  adapter?: string;
  /** How the steps run when that differs from the setting (the fused kernel needs WebGPU). */
  note?: string;
}

/** What failed, so that the page can say what the user can do about it. */
export type ErrorKind = 'data' | 'backend' | 'diverged' | 'internal';

/** The result of classifying a drawing. */
export interface PredictionResult {
  /** Ten probabilities, or null when no weights exist yet. */
  probabilities: number[] | null;
  /** The 28×28 image the network sees (row-major, 0..1), or null for an empty pad. */
  input: Float32Array | null;
}

/** Messages from the page to the worker. */
export type ToWorker =
  /** Start a fresh run (ends any current one). `remembered`: a backend chosen by timing on an earlier visit. */
  | { type: 'start'; runId: number; config: RunConfig; dataUrl: string; remembered: BackendTiming[] | null; avoid: BackendName[] }
  /** End the current run after the current batch; the weights stay. */
  | { type: 'stop' }
  /** Classify a drawing: the pad's ink as one byte per pixel (0 = blank, 255 = full ink), side × side. */
  | { type: 'predict'; requestId: number; ink: Uint8Array; side: number }
  /** Forget the drawing (the pad was cleared): no more predictions until a new one. */
  | { type: 'clear-drawing' };

/** Messages from the worker to the page. */
export type FromWorker =
  /** The backend is ready; how it was chosen. */
  | { type: 'backend'; runId: number; report: BackendReport }
  /** Bytes of one data file so far. */
  | { type: 'loading'; runId: number; file: string; loaded: number; total: number; cached: boolean }
  /** Data is in memory; uploading and compiling before the first step. */
  | { type: 'warming-up'; runId: number; batches: number }
  /** Read back about ten times a second during an epoch. */
  | { type: 'progress'; runId: number; progress: LoopProgress }
  /** One epoch finished: the chapter's printed loss. */
  | { type: 'epoch'; runId: number; result: EpochResult }
  /** Accuracy is being computed after training. */
  | { type: 'evaluating'; runId: number }
  /** The run ended by itself or by Stop, with accuracies of the final weights (null: stopped before any step). */
  | { type: 'done'; runId: number; stopped: boolean; trainAccuracy: number | null; testAccuracy: number | null; numTensors: number }
  /** The run failed; `message` says what happened, `hint` what to do. */
  | { type: 'error'; runId: number; kind: ErrorKind; message: string; hint: string; backend?: BackendName }
  /** The answer to a prediction request, or a refresh when new weights arrive. */
  | { type: 'prediction'; requestId: number; result: PredictionResult };
