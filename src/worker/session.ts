import { RunControl } from '../model/runControl';
import type { Post, WorkerContext } from './context';
import { Inspector } from './inspection';
import { LiveViews } from './liveViews';
import { Preparation } from './preparation';
import { Predictions } from './predictions';
import { DEFAULT_CONFIG, type ToWorker } from './protocol';
import { RaceRunner } from './race';
import { trainRun, type StartMessage } from './run';
import { throwOnce } from './testHooks';
import { CurrentWeights } from './weights';
import { WeightsRequests } from './weightsRequests';
import { errorText } from '../errorText';

type PrepareMessage = Extract<ToWorker, { type: 'prepare' }>;

/**
 * The worker's state between messages: the data and the backend (prepared before the click), the
 * current weights and what is inspected of them, and the run in progress with its controls.
 */
export class TrainingSession implements WorkerContext {
  readonly prep: Preparation;
  readonly weights = new CurrentWeights();
  readonly inspector = new Inspector();
  readonly predictions: Predictions;
  readonly views: LiveViews;
  readonly requests: WeightsRequests;
  readonly race: RaceRunner;
  /** Range tests in progress, by request id: Cancel aborts them. */
  readonly lrFinds = new Map<number, AbortController>();
  private runId = 0;
  private control: RunControl | null = null;
  private running: Promise<void> = Promise.resolve();
  /** The settings last prepared: what a backend is chosen for when weights arrive before any run. */
  private launch: Omit<PrepareMessage, 'type'> | null = null;

  constructor(readonly post: Post) {
    this.prep = new Preparation(post);
    this.predictions = new Predictions(post, this.weights, this.prep);
    this.views = new LiveViews(post, this.weights, this.inspector, this.prep, this.predictions);
    this.requests = new WeightsRequests(this);
    this.race = new RaceRunner(this);
  }

  runActive(): boolean {
    return this.control !== null || this.race.active;
  }

  /** Starts loading the data and choosing the backend for these settings, unless a run is going. */
  prepare(message: PrepareMessage): void {
    this.launch = message;
    // Both report their outcome through the preparation status; a run that needs them awaits them again.
    this.prep.loadData(message.dataUrl).catch((error: unknown) => console.warn('Preparing the data failed:', error));
    // Never while a run or a race trains: a timing switches TF.js's backend under it.
    if (!this.runActive()) {
      this.prep
        .prepare(message.config, message.remembered, message.avoid)
        .catch((error: unknown) => console.warn('Preparing a backend failed:', error));
    }
  }

  /**
   * A backend is active, for work on the weights (gallery, loaded weights, export): the one chosen
   * last, or else one chosen now for the prepared settings. Never a new choice while a backend
   * exists: a timing switches TF.js's backend, which must not happen under a run.
   */
  async ensureBackend(): Promise<void> {
    const current = this.prep.current();
    if (current && (await current.then(() => true).catch(() => false))) return; // a failed choice is chosen again below
    const launch = this.launch ?? { config: DEFAULT_CONFIG, remembered: null, avoid: [], dataUrl: '' };
    await this.prep.prepare(launch.config, launch.remembered, launch.avoid);
  }

  /**
   * Starts a fresh run once the current one has ended (which it does within a batch of the Stop).
   * Whatever escapes a run is reported and never blocks the next one.
   */
  start(message: StartMessage): void {
    if (this.race.active) {
      this.post({ type: 'error', runId: message.runId, failure: { kind: 'race-active' } });
      return;
    }
    this.control?.stop();
    const control = new RunControl(message.config.learningRate);
    this.control = control;
    this.runId = message.runId;
    this.running = this.running
      .then(() => {
        throwOnce();
        return trainRun(this, message, control);
      })
      .catch((error: unknown) => {
        console.error('A run failed outside its own error handling:', error);
        this.post({
          type: 'error',
          runId: message.runId,
          failure: { kind: 'escaped', detail: errorText(error) },
        });
      })
      .finally(() => {
        if (this.control === control) this.control = null;
      });
  }

  /** Stop, acknowledged at once: the page's watchdog waits for this, not for the run's end. */
  stop(): void {
    this.control?.stop();
    this.post({ type: 'stopping', runId: this.runId });
  }

  pause(): void {
    this.control?.pause();
  }

  resume(): void {
    if (!this.control?.isPaused) return;
    this.control.resume();
    this.views.paused = false;
    this.post({ type: 'resumed', runId: this.runId });
  }

  step(): void {
    this.control?.step();
  }

  setLearningRate(rate: number): void {
    this.control?.setLearningRate(rate);
  }
}
