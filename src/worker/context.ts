import type { Inspector } from './inspection';
import type { LiveViews } from './liveViews';
import type { Preparation } from './preparation';
import type { Predictions } from './predictions';
import type { FromWorker } from './protocol';
import type { CurrentWeights } from './weights';

/** Sends a message to the page, transferring these buffers. */
export type Post = (message: FromWorker, transfer?: Transferable[]) => void;

/**
 * What the worker's parts share: the page's channel, the prepared data and backend, the current
 * weights and what is inspected of them. The session implements it; a run and the requests about
 * the weights work through it (so neither imports the session).
 */
export interface WorkerContext {
  readonly post: Post;
  readonly prep: Preparation;
  readonly weights: CurrentWeights;
  readonly inspector: Inspector;
  readonly predictions: Predictions;
  readonly views: LiveViews;
  /** Whether a run owns the weights now. */
  runActive(): boolean;
  /** A backend is active for work on the weights (the one chosen last, or one chosen now). */
  ensureBackend(): Promise<void>;
}
