/**
 * The only module both threads import: the messages between the page and the training worker,
 * and (re-exported from runConfig.ts and facts.ts) the settings and facts they carry.
 * Discriminated unions on `type`; every message in one line.
 */
import type { EpochResult, LoopPosition, LoopProgress, RateChange } from '../model/driver';
import type { GallerySelection } from '../model/evaluate';
import type { FusedDecline, FusedKernel } from '../model/fused/fusedEngine';
import type { Architecture, ParamValues } from '../model/network';
import type { GradientMode } from '../model/sgd';
import type { TileScale } from '../model/tiles';
import type { BackendReport, BackendTiming, Divergence, RequestFailure, RequestKind, RunFailure } from './facts';
import type { ActivationHistograms, ExplainSource, HealthSample, LrFinderPoint, LrFinderResult, StepExplanation } from './insideTypes';
import type { Activation, BackendName, RunConfig } from './runConfig';

export * from './facts';
export * from './insideTypes';
export * from './runConfig';

export type {
  Architecture,
  EpochResult,
  FusedDecline,
  FusedKernel,
  GallerySelection,
  GradientMode,
  LoopPosition,
  LoopProgress,
  ParamValues,
  RateChange,
  TileScale,
};

/** The result of classifying a drawing. */
export interface PredictionResult {
  /** Ten probabilities, or null when no weights exist yet. */
  probabilities: number[] | null;
  /** The 28×28 image the network sees (row-major, 0..1), or null for an empty pad. */
  input: Float32Array | null;
}

/** The test set under some weights: accuracy (0..1), 10×10 confusion counts (row = true digit), and what it cost. */
export interface TestSummary {
  accuracy: number;
  confusion: number[];
  seconds: number;
}

/** One epoch as the page shows it: the chapter's loss, and the test set after it. */
export interface EpochReport extends EpochResult {
  test: TestSummary | null;
  /** Of the epoch's training time, the seconds spent measuring layer health (its cost, printed by the bench). */
  healthSeconds: number;
}

/** How a run ended. */
export type RunEnding = 'finished' | 'stopped' | 'diverged';

/** Weights as plain arrays, stored (in, out) as the app trains them, with the sizes they imply. */
export interface WeightsPayload {
  arch: Architecture;
  values: ParamValues;
}

/** What the weight tiles show: the weights, their change since the run began, or the last update's gradient. */
export type TileView = 'weights' | 'change' | 'gradient';

export interface TileSettings {
  view: TileView;
  scale: TileScale;
  /** Redraw during training (about twice a second); off, tiles change only on pause, step and the end. */
  live: boolean;
}

/** One picture of the first layer, computed in the worker: `units` tiles of 28×28 RGBA. */
export interface TilesFrame {
  units: number;
  rgba: Uint8ClampedArray<ArrayBuffer>;
  tileMax: Float32Array<ArrayBuffer>;
  max: number;
  view: TileView;
  scale: TileScale;
  /** Steps the gradient view sums (1 = exactly the last step). */
  gradientSteps?: number;
  /** Share of saturated sigmoid units (derivative < 0.01) per hidden layer on the last batch. */
  saturation: [number, number] | null;
  /** Why the requested view is not what is shown. */
  note?: TileNote;
}

/** Why the tiles show the weights instead of the requested view. */
export type TileNote = 'no-start-weights' | 'no-step-yet' | 'gradient-needs-pause';

/** A test image behind a cell of the confusion matrix. */
export interface GalleryImage {
  index: number;
  actual: number;
  predicted: number;
  probabilities: number[];
  /** The image as the network sees it (784 bytes) and as a crisp PNG for an <img>. */
  pixels: Uint8Array<ArrayBuffer>;
  png: Blob;
}

/** Preparation before Train: data and backend, started when the page is idle. */
export interface PrepStatus {
  data: 'waiting' | 'loading' | 'ready' | 'error';
  /** While loading: downloading, or (after the download) decoding or verifying a split. */
  dataStage: 'downloading' | 'decoding' | 'verifying' | null;
  /** Bytes loaded of all data files (0..1). */
  dataFraction: number;
  /** Why the data could not be loaded (a file and its problem), when it could not. */
  dataFailure: { file: string; problem: string } | null;
  cached: boolean;
  backend: 'waiting' | 'choosing' | 'ready' | 'error';
  report: BackendReport | null;
  /** The prepared step time in ms on the chosen backend, when timed or remembered. */
  msPerStep: number | null;
  /** The settings the backend was chosen for (its timings are remembered for their step shape). */
  config: RunConfig | null;
}

/** Nothing prepared yet: where a fresh worker starts. */
export const INITIAL_PREP_STATUS: PrepStatus = {
  data: 'waiting',
  dataStage: null,
  dataFraction: 0,
  dataFailure: null,
  cached: false,
  backend: 'waiting',
  report: null,
  msPerStep: null,
  config: null,
};

/** The fields every run-start message carries. */
interface Launch {
  config: RunConfig;
  dataUrl: string;
  /** Timings remembered from an earlier visit for this step shape. */
  remembered: BackendTiming[] | null;
  /** Backends that failed in this session. */
  avoid: BackendName[];
}

/** Phases of a run that a test can hold open, to act (e.g. Stop) while the run is in them. */
export type HoldablePhase = 'downloading' | 'decoding' | 'verifying' | 'timing' | 'evaluating';

/**
 * What an e2e test can make the worker do (sent only when the page finds `window.__MNIST_TEST_HOOKS__`):
 * wait in a phase (the worker stays free to answer), block it outright (a stuck GPU submission), or
 * throw where a run's own error handling does not reach.
 */
export interface TestHooks {
  holdMs?: Partial<Record<HoldablePhase, number>>;
  /** Busy-wait this long once the first batch has run, answering nothing. */
  blockMs?: number;
  /** Throw at the start of the next run, outside its own error handling. */
  throwInRun?: boolean;
  /** Requests of these kinds fail (the worker throws while answering them). */
  failRequests?: RequestKind[];
}

/** Messages from the page to the worker. */
export type ToWorker =
  /** Load the data and choose the backend for these settings in the background; Train later joins this work. */
  | ({ type: 'prepare' } & Launch)
  /** Start a fresh run (ends any current one). */
  | ({ type: 'start'; runId: number } & Launch)
  /** End the current run after the current batch; the weights stay. */
  | { type: 'stop' }
  /** Finish the current batch and wait, keeping the exact position. */
  | { type: 'pause' }
  /** Continue a paused run. */
  | { type: 'resume' }
  /** While paused: run exactly one batch. */
  | { type: 'step' }
  /** Use this learning rate from the next batch of the current run. */
  | { type: 'set-learning-rate'; learningRate: number }
  /** Classify a drawing: the pad's ink as one byte per pixel (0 = blank, 255 = full ink), side × side. */
  | { type: 'predict'; requestId: number; ink: Uint8Array; side: number }
  /** Forget the drawing (the pad was cleared): no more predictions until a new one. */
  | { type: 'clear-drawing' }
  /** What the weight tiles show; a fresh frame answers it. */
  | { type: 'tile-settings'; requestId: number; settings: TileSettings }
  /**
   * Trace one step on a batch without taking it. Outside a run, the current weights with these
   * settings' optimiser, decay and rate (a fresh optimiser state); a paused run's own otherwise.
   */
  | { type: 'explain'; requestId: number; source: ExplainSource; config: RunConfig; dataUrl: string }
  /** The learning-rate range test from these settings' initial weights (the current weights are not touched). */
  | { type: 'find-lr'; requestId: number; config: RunConfig; dataUrl: string }
  /** Ends the range test with this id (its points so far are the answer). */
  | { type: 'cancel-find-lr'; requestId: number }
  /** Test hooks (e2e only): hold a phase of the next runs, block the worker, or throw inside a run. */
  | { type: 'test-hooks'; hooks: TestHooks }
  /** The test images behind a cell of the confusion matrix, or the most confident mistakes. */
  | { type: 'gallery'; requestId: number; selection: GallerySelection; dataUrl: string }
  /** Make these the current weights (a stored run's); `evaluate` computes the test set's confusion. */
  | { type: 'use-weights'; requestId: number; weights: WeightsPayload; activation: Activation; evaluate: boolean; dataUrl: string }
  /** Read a .safetensors file with the chapter's tensors; on success they become the current weights. */
  | { type: 'import-weights'; requestId: number; bytes: ArrayBuffer; activation: Activation; dataUrl: string }
  /** Write the current weights as a .safetensors file with this metadata (plus a fingerprint). */
  | { type: 'export-weights'; requestId: number; metadata: Record<string, string>; dataUrl: string };

/** Messages from the worker to the page. */
export type FromWorker =
  /** Where the background preparation stands. */
  | { type: 'prep'; status: PrepStatus }
  /** Stop was received: the run is ending (the page's watchdog waits for this, not for the end). */
  | { type: 'stopping'; runId: number }
  /** The run's backend is ready; how it was chosen. */
  | { type: 'backend'; runId: number; report: BackendReport }
  /** Data is in memory; uploading and compiling before the first step. */
  | { type: 'warming-up'; runId: number; batches: number }
  /** Read back about ten times a second during an epoch. */
  | { type: 'progress'; runId: number; progress: LoopProgress }
  /** One epoch finished, with the test set evaluated after it. */
  | { type: 'epoch'; runId: number; report: EpochReport }
  /** The run waits between two batches. */
  | { type: 'paused'; runId: number; position: LoopPosition }
  /** A paused run continues. */
  | { type: 'resumed'; runId: number }
  /** One batch was run while paused; its own loss. */
  | { type: 'stepped'; runId: number; loss: number; position: LoopPosition }
  /** A new learning rate took effect at this position. */
  | { type: 'rate-changed'; runId: number; change: RateChange }
  /** Accuracy is being computed after training. */
  | { type: 'evaluating'; runId: number }
  /** The run ended; accuracies and test summary of its final weights (null: no step ran), and the weights to keep. */
  | {
      type: 'done';
      runId: number;
      ending: RunEnding;
      trainAccuracy: number | null;
      test: TestSummary | null;
      /** Tensors in memory after the run (null when it stopped before training: the backend may still be starting). */
      numTensors: number | null;
      weights: WeightsPayload | null;
      /** For a diverged run: where the loss overflowed. */
      divergence?: Divergence;
    }
  /** The run failed. */
  | { type: 'error'; runId: number; failure: RunFailure }
  /** A picture of the first layer (null: no weights yet): the answer to tile-settings (requestId), or a refresh (null id) during a run or after new weights. */
  | { type: 'tiles'; requestId: number | null; frame: TilesFrame | null }
  /** The layers' health, measured every ~50 batches of a run; the latest activation histograms with it. */
  | { type: 'health'; runId: number; sample: HealthSample; histograms: ActivationHistograms }
  /** The answer to an explain request. */
  | { type: 'explanation'; requestId: number; explanation: StepExplanation }
  /** Points of a range test in progress (the new ones since the last message). */
  | { type: 'lr-progress'; requestId: number; points: LrFinderPoint[]; total: number }
  /** The answer to find-lr: the whole test and its suggestion. */
  | { type: 'lr-found'; requestId: number; result: LrFinderResult }
  /** The images for a gallery request. */
  | { type: 'gallery'; requestId: number; selection: GallerySelection; images: GalleryImage[]; total: number }
  /** Weights given by use-weights or import-weights are in place; their test summary when evaluated. */
  | {
      type: 'weights-ready';
      requestId: number;
      arch: Architecture;
      test: TestSummary | null;
      imported: WeightsPayload | null;
      metadata: Record<string, string>;
      /** The activation the weights are used with, and where it came from: the file's metadata (this app wrote it) or the setting. */
      activation: Activation;
      activationFrom: 'file' | 'setting';
    }
  /** A request failed; whatever it would have changed stays as it was. */
  | { type: 'request-failed'; requestId: number; request: RequestKind; failure: RequestFailure }
  /** The exported .safetensors file. */
  | { type: 'weights-file'; requestId: number; bytes: ArrayBuffer }
  /** The answer to a prediction request, or a refresh when new weights arrive. */
  | { type: 'prediction'; requestId: number; result: PredictionResult };
