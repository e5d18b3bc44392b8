import * as tf from '@tensorflow/tfjs';
import type { LoopView } from '../model/driver';
import type { Post } from './context';
import type { Inspector } from './inspection';
import type { Preparation } from './preparation';
import type { Predictions } from './predictions';
import type { CurrentWeights } from './weights';

/** How often the weight tiles are redrawn during a run: at most twice a second. */
const TILES_MS = 500;

/**
 * What the page watches of the weights while they change: the weight tiles (throttled during a
 * run) and the drawing's prediction, made as background work that the run keeps track of, so
 * that the tensor count after an epoch is taken once their temporaries are freed.
 */
export class LiveViews {
  /** The running loop's view (last batch, last update), null outside a run. */
  loop: LoopView | null = null;
  paused = false;
  private lastTiles = 0;
  private tilesBusy: Promise<void> | null = null;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly post: Post,
    private readonly weights: CurrentWeights,
    private readonly inspector: Inspector,
    private readonly prep: Preparation,
    private readonly predictions: Predictions,
  ) {}

  /**
   * Posts a fresh picture of the first layer. A request (an id) is always answered, after any
   * picture in the making; a refresh (null) is skipped while one is being made.
   */
  async postTiles(requestId: number | null): Promise<void> {
    if (this.tilesBusy) {
      if (requestId === null) return;
      await this.tilesBusy.catch(() => undefined); // that picture's failure was its own caller's to report
    }
    const making = this.makeTiles(requestId);
    this.tilesBusy = making;
    try {
      await making;
    } finally {
      if (this.tilesBusy === making) this.tilesBusy = null;
    }
  }

  private async makeTiles(requestId: number | null): Promise<void> {
    const params = this.weights.params();
    if (!params) {
      if (requestId !== null) this.post({ type: 'tiles', requestId, frame: null });
      return;
    }
    this.lastTiles = performance.now();
    const frame = await this.prep.exclusive(() => this.inspector.tiles(params, this.weights.activation, this.loop, this.paused));
    this.post({ type: 'tiles', requestId, frame }, [frame.rgba.buffer, frame.tileMax.buffer]);
  }

  /** During a run, at each read-back: tiles when due and live, the prediction when due. */
  onReadBack(): void {
    if (this.predictions.dueWhileTraining()) this.refreshPrediction();
    if (this.inspector.settings.live && performance.now() - this.lastTiles >= TILES_MS) this.refreshTiles();
  }

  refreshTiles(): void {
    this.background(this.postTiles(null), 'Redrawing the weight tiles');
  }

  refreshPrediction(): void {
    this.background(this.predictions.refresh(), 'Refreshing the prediction');
  }

  /** The tensor count once background work has settled: what a leak would grow. */
  async settledTensorCount(): Promise<number> {
    await Promise.all([...this.inFlight]);
    return tf.memory().numTensors;
  }

  /** The run ended: no loop to look at, nothing paused. */
  endRun(): void {
    this.loop = null;
    this.paused = false;
  }

  /**
   * Fire-and-forget work during a run: a failure (e.g. a GPU device lost mid-read) is the run's to
   * report, so here it is only logged, never an unhandled rejection.
   */
  private background(task: Promise<void>, what: string): void {
    const tracked = task.catch((error: unknown) => console.warn(`${what} failed:`, error));
    this.inFlight.add(tracked);
    void tracked.then(() => this.inFlight.delete(tracked));
  }
}
