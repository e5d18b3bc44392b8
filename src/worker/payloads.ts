/**
 * What the messages carry besides settings and facts: predictions, test summaries, weights, tiles,
 * gallery images, the preparation's status, and the e2e tests' hooks (re-exported by protocol.ts).
 */
import type { EpochResult } from '../model/driver';
import type { Architecture, ParamValues } from '../model/network';
import type { TileScale } from '../model/tiles';
import type { BackendReport, RequestKind } from './facts';
import type { RunConfig } from './runConfig';

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
