/**
 * The only module both threads import: the messages between the page and the training worker,
 * and (re-exported from runConfig.ts and facts.ts) the settings and facts they carry.
 * Discriminated unions on `type`; every message in one line.
 */
import type { MnistData } from '../data/sprites';
import type { EpochResult, LoopPosition, LoopProgress, RateChange } from '../model/driver';
import type { GallerySelection } from '../model/evaluate';
import type { FusedDecline, FusedKernel } from '../model/fused/fusedEngine';
import type { Architecture, ParamValues } from '../model/network';
import type { GradientMode } from '../model/sgd';
import type { TileScale } from '../model/tiles';
import type { ExportLayout, WeightsLayout } from '../model/weightsLayouts';
import type { BackendReport, BackendTiming, Divergence, RequestFailure, RequestKind, RunFailure } from './facts';
import type { ActivationHistograms, ExplainSource, HealthSample, LrFinderPoint, LrFinderResult, StepExplanation } from './insideTypes';
import type {
  EpochReport,
  GalleryImage,
  PredictionResult,
  PrepStatus,
  RunEnding,
  TestHooks,
  TestSummary,
  TileSettings,
  TilesFrame,
  WeightsPayload,
} from './payloads';
import type { Activation, BackendName, RunConfig } from './runConfig';

export * from './facts';
export * from './insideTypes';
export * from './payloads';
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

/** The fields every run-start message carries. */
interface Launch {
  config: RunConfig;
  dataUrl: string;
  /** Timings remembered from an earlier visit for this step shape. */
  remembered: BackendTiming[] | null;
  /** Backends that failed in this session. */
  avoid: BackendName[];
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
  /** The verified data, for the page to hand to race workers (shared memory where the page is cross-origin isolated). */
  | { type: 'share-data'; requestId: number; dataUrl: string }
  /** Train these race variants at once in this worker (each exactly as it would train alone); `data`: verified data to adopt. */
  | { type: 'race-start'; raceId: number; variants: { variant: number; config: RunConfig }[]; dataUrl: string; data: MnistData | null }
  /** Pause, resume or stop every variant of the race in this worker. */
  | { type: 'race-control'; raceId: number; action: 'pause' | 'resume' | 'stop' }
  /** Test hooks (e2e only): hold a phase of the next runs, block the worker, or throw inside a run. */
  | { type: 'test-hooks'; hooks: TestHooks }
  /** The test images behind a cell of the confusion matrix, or the most confident mistakes. */
  | { type: 'gallery'; requestId: number; selection: GallerySelection; dataUrl: string }
  /** Make these the current weights (a stored run's); `evaluate` computes the test set's confusion. */
  | { type: 'use-weights'; requestId: number; weights: WeightsPayload; activation: Activation; evaluate: boolean; dataUrl: string }
  /** Read a .safetensors file in any layout the reader recognises; on success its weights become the current ones. */
  | { type: 'import-weights'; requestId: number; bytes: ArrayBuffer; activation: Activation; dataUrl: string }
  /** Write the current weights as a .safetensors file in this layout with this metadata (plus a fingerprint). */
  | { type: 'export-weights'; requestId: number; layout: ExportLayout; metadata: Record<string, string>; dataUrl: string };

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
  /** The answer to share-data. */
  | { type: 'data-shared'; requestId: number; data: MnistData; shared: boolean }
  /** How this worker's share of a race stepped once it ended: batched calls and the variant steps they carried. */
  | { type: 'race-engine'; raceId: number; batched: { calls: number; variantSteps: number } }
  /** A run message of one race variant (its own backend, progress, epochs, health, end or error). */
  | { type: 'race-run'; raceId: number; variant: number; message: VariantMessage }
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
      /** The activation the weights are used with and where it came from (the file's metadata or the setting); an imported file's layout (else null). */
      activation: Activation;
      activationFrom: 'file' | 'setting';
      layout: WeightsLayout | null;
    }
  /** A request failed; whatever it would have changed stays as it was. */
  | { type: 'request-failed'; requestId: number; request: RequestKind; failure: RequestFailure }
  /** The exported .safetensors file. */
  | { type: 'weights-file'; requestId: number; bytes: ArrayBuffer }
  /** The answer to a prediction request, or a refresh when new weights arrive. */
  | { type: 'prediction'; requestId: number; result: PredictionResult };

/** The run messages a race variant sends (wrapped in race-run). */
export type VariantMessage = Extract<
  FromWorker,
  {
    type:
      | 'backend'
      | 'warming-up'
      | 'progress'
      | 'epoch'
      | 'paused'
      | 'resumed'
      | 'stepped'
      | 'rate-changed'
      | 'evaluating'
      | 'health'
      | 'stopping'
      | 'done'
      | 'error';
  }
>;
