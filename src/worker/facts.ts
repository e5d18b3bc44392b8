/**
 * What the worker reports about backends and failures: facts, never sentences. The page words them
 * in src/store/messages.ts (re-exported by protocol.ts).
 */
import type { FusedDecline, FusedKernel } from '../model/fused/fusedEngine';
import type { TensorName, WeightsProblem } from '../model/weightsCheck';
import type { LayoutProblem } from '../model/weightsLayouts';
import type { BackendName, OptimizerName } from './runConfig';

/** A backend measured in automatic mode: median milliseconds per training step, and by which path. */
export interface BackendTiming {
  name: BackendName;
  msPerStep: number;
  /** 'fused': the whole step as one WGSL kernel (WebGPU on a hardware adapter); else the TF.js loop. */
  path?: StepPath;
}

/** How the steps run: TF.js kernels, or the fused WGSL kernel. */
export type StepPath = 'tfjs' | 'fused';

/** Why a backend was not used: facts, worded by the page (src/store/messages.ts). */
export type SkipReason =
  | { why: 'failed-earlier' }
  | { why: 'no-webgpu' }
  | { why: 'no-adapter' }
  | { why: 'software-adapter'; adapter: string }
  | { why: 'software-renderer'; renderer: string }
  | { why: 'timeout'; seconds: number }
  | { why: 'would-not-start'; detail: string }
  | { why: 'timing-failed'; detail: string }
  | { why: 'slower'; msPerStep: number };

/** How the steps run when the gradients setting or the automatic choice involves the fused kernel. */
export type StepNote =
  | { kind: 'fused'; kernel: FusedKernel; chosenBy: 'setting' | 'timing' }
  /** The kernel could not run these steps: why, where the run trains instead, and the optimiser and decay it declined. */
  | { kind: 'fused-declined'; reason: FusedDecline; backend: BackendName; optimizer: OptimizerName; weightDecay: number };

/** Which backend trains, how it was chosen, and why each earlier candidate was not used. */
export interface BackendReport {
  name: BackendName;
  chosenBy: 'forced' | 'timed' | 'remembered' | 'fallback';
  /** Numbers each choice the worker made: a run that joined the background preparation shows that choice's number. */
  id: number;
  skipped: { name: BackendName; reason: SkipReason }[];
  timings: BackendTiming[];
  /** The path that trains: the fused kernel only on WebGPU. */
  path: StepPath;
  /** The GPU adapter, when WebGPU was looked at (e.g. "nvidia ampere", "google swiftshader (software)"). */
  adapter?: string;
  /** Whether that adapter is a software fallback (SwiftShader): what tests and the automatic choice depend on. */
  softwareAdapter?: boolean;
  /** How the steps run, when the fused kernel was chosen or declined. */
  stepNote?: StepNote;
}

/** Why a run failed: facts the page words (src/store/messages.ts) with what the user can do. */
export type RunFailure =
  /** A data file could not be loaded or is not what the manifest says. */
  | { kind: 'data'; file: string; problem: string }
  /** The GPU device went away during the run. */
  | { kind: 'device-lost'; backend: BackendName; reason: string }
  /** No backend could start at all: each candidate with its reason. */
  | { kind: 'no-backend'; skipped: { name: BackendName; reason: SkipReason }[] }
  /** The training samples do not fill one batch. */
  | { kind: 'no-full-batch'; samples: number; batchSize: number }
  /** An exception escaped a run's own handling; the session caught it and the worker goes on. */
  | { kind: 'escaped'; detail: string }
  /** A race trains in this worker: a run waits until it has ended. */
  | { kind: 'race-active' }
  /** Anything else (a bug, or the backend threw while training): the detail is the error's own text. */
  | { kind: 'internal'; backend?: BackendName; detail: string };

/** Where and how a run's loss overflowed; the weights are back at the last snapshot confirmed finite. */
export interface Divergence {
  loss: number;
  epoch: number;
  batch: number;
  learningRate: number;
}

/** The requests that get exactly one answer: their result, or a `request-failed`. */
export type RequestKind =
  'predict' | 'gallery' | 'tiles' | 'use-weights' | 'import-weights' | 'export-weights' | 'explain' | 'find-lr' | 'share-data';

/** Why a request failed: facts the page words. */
export type RequestFailure =
  | { kind: 'run-active' }
  /** The explainer needs a running run to be paused first (its weights change under it otherwise). */
  | { kind: 'run-not-paused' }
  /** The explainer was asked for the drawing, and the pad is empty. */
  | { kind: 'no-drawing' }
  | { kind: 'no-weights' }
  /** A run started while the request waited: its own weights are in use. */
  | { kind: 'superseded' }
  /** The file is not a readable weights file (the reader's own account of the problem). */
  | { kind: 'bad-file'; problem: string }
  /** The file's tensors fit no layout this app reads (src/model/weightsLayouts.ts). */
  | { kind: 'bad-layout'; problem: LayoutProblem }
  /**
   * The weights break a rule every source shares (sizes, hidden sizes 1-512, finite values);
   * `names`: a file's own names for the chapter's tensors, when its layout is not the chapter's.
   */
  | { kind: 'invalid-weights'; problem: WeightsProblem; names?: Record<TensorName, string> }
  | { kind: 'data'; file: string; problem: string }
  /** The worker was restarted before it answered. */
  | { kind: 'worker-restarted' }
  | { kind: 'internal'; detail: string };
