import * as tf from '@tensorflow/tfjs';
import { DataFileError } from '../data/idx';
import { clearDataCache, loadManifest, loadSplit, type MnistData, type SplitName } from '../data/sprites';
import { chooseBackend, type StepShape } from './backends';
import { hold } from './testHooks';
import {
  INITIAL_PREP_STATUS,
  type BackendName,
  type BackendReport,
  type BackendTiming,
  type FromWorker,
  type PrepStatus,
  type RunConfig,
} from './protocol';

type Post = (message: FromWorker) => void;

/** What a backend choice depends on: the same key, the same choice. */
export function shapeKey(config: RunConfig, avoid: readonly BackendName[]): string {
  return [config.backend, config.hidden1, config.hidden2, config.batchSize, config.gradients, [...avoid].sort().join('+')].join('/');
}

/** A backend choice for a shape key: on its way, then settled. */
interface Prepared {
  key: string;
  report: Promise<BackendReport>;
  settled: BackendReport | null;
}

/**
 * Work that does not need the click: downloading and verifying the data (once per worker), and
 * starting and timing the backends for the current settings. Everything that switches TF.js's
 * backend runs one at a time through `exclusive`, so that a timing never pulls the backend from
 * under a prediction or a run's first steps.
 */
export class Preparation {
  private data: Promise<MnistData> | null = null;
  private prepared: Prepared | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private status: PrepStatus = INITIAL_PREP_STATUS;
  private files = new Map<string, { loaded: number; total: number }>();
  private lastStatusPost = 0;

  constructor(private readonly post: Post) {}

  /** Runs `task` after every earlier exclusive task, alone. */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task, task);
    // The queue only orders tasks: a failure reaches this task's caller through `result` (returned
    // below); the next task must still run after it.
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** The verified data, loading it on first call; a failed load is forgotten so that Retry fetches again. */
  loadData(dataUrl: string): Promise<MnistData> {
    if (!this.data) {
      this.update({ data: 'loading', dataStage: 'downloading', dataFailure: null });
      const load = async (): Promise<MnistData> => {
        await hold('downloading');
        const manifest = await loadManifest(dataUrl);
        const one = (split: SplitName) =>
          loadSplit(
            dataUrl,
            manifest,
            split,
            (p) => {
              this.files.set(p.file, p);
              const files = [...this.files.values()];
              const fraction =
                files.reduce((a, f) => a + f.loaded, 0) /
                Math.max(
                  1,
                  files.reduce((a, f) => a + f.total, 0),
                );
              this.update({ dataFraction: fraction, cached: p.cached }, true);
            },
            (stage) => {
              this.update({ dataStage: stage });
              return hold(stage);
            },
          );
        const [train, test] = await Promise.all([one('train'), one('test')]);
        return { train, test };
      };
      const pending = load();
      this.data = pending;
      pending.then(
        () => this.update({ data: 'ready', dataStage: null, dataFraction: 1 }),
        async (error: unknown) => {
          if (this.data === pending) this.data = null;
          this.files.clear();
          const failure = error instanceof DataFileError ? { file: error.file, problem: error.problem } : null;
          this.update({ data: 'error', dataStage: null, dataFraction: 0, dataFailure: failure });
          // Whatever was wrong with the data, the next try starts from the server, not from a cached copy.
          if (error instanceof DataFileError) await clearDataCache();
        },
      );
    }
    return this.data;
  }

  /** Takes data another worker downloaded and verified (a race worker's): nothing is fetched or checked again. */
  adoptData(data: MnistData): void {
    if (this.status.data === 'ready') return;
    this.data = Promise.resolve(data);
    this.update({ data: 'ready', dataStage: null, dataFraction: 1, cached: true });
  }

  /** Whether the data is already in memory (no await needed). */
  get dataReady(): boolean {
    return this.status.data === 'ready';
  }

  /**
   * Chooses (and times, in automatic mode) the backend for these settings in the background. A
   * later call with the same key reuses the work; Train joins it through `backendFor`.
   */
  prepare(config: RunConfig, remembered: BackendTiming[] | null, avoid: BackendName[]): Promise<BackendReport> {
    const key = shapeKey(config, avoid);
    if (this.prepared?.key === key) return this.prepared.report;
    this.update({ backend: 'choosing', report: null, msPerStep: null, config });
    const report = this.exclusive(() => chooseBackend(config.backend, shapeOf(config), remembered, avoid));
    const entry: Prepared = { key, report, settled: null };
    this.prepared = entry;
    report.then(
      (r) => {
        entry.settled = r;
        if (this.prepared === entry) this.update({ backend: 'ready', report: r, msPerStep: stepTime(r) });
      },
      () => {
        if (this.prepared === entry) this.prepared = null;
        this.update({ backend: 'error', report: null });
      },
    );
    return report;
  }

  /**
   * The backend for a run, active when this resolves: the prepared one when its key matches and
   * nothing switched since, else a fresh choice. Runs inside `exclusive` (the caller's).
   */
  async backendFor(config: RunConfig, remembered: BackendTiming[] | null, avoid: BackendName[]): Promise<BackendReport> {
    const key = shapeKey(config, avoid);
    // Only a choice already made: one still queued behind this exclusive task would never come (a deadlock).
    const prior = this.prepared?.key === key ? this.prepared.settled : null;
    if (prior && tf.getBackend() === prior.name) return prior;
    const report = await chooseBackend(config.backend, shapeOf(config), remembered, avoid);
    this.prepared = { key, report: Promise.resolve(report), settled: report };
    this.update({ backend: 'ready', report, msPerStep: stepTime(report), config });
    return report;
  }

  /** The backend chosen last (for a run or in the background), if any: work outside a run uses it as it is. */
  current(): Promise<BackendReport> | null {
    return this.prepared?.report ?? null;
  }

  /** Forgets the prepared choice (e.g. its backend failed): the next run chooses again. */
  forgetBackend(): void {
    this.prepared = null;
    this.update({ backend: 'waiting', report: null, msPerStep: null });
  }

  private update(patch: Partial<PrepStatus>, throttled = false): void {
    this.status = { ...this.status, ...patch };
    const now = performance.now();
    // Download progress arrives per network chunk: a few status messages a second are enough.
    if (throttled && now - this.lastStatusPost < 150) return;
    this.lastStatusPost = now;
    this.post({ type: 'prep', status: this.status });
  }
}

function shapeOf(config: RunConfig): StepShape {
  return { arch: { hidden1: config.hidden1, hidden2: config.hidden2 }, batchSize: config.batchSize, gradients: config.gradients };
}

function stepTime(report: BackendReport): number | null {
  return report.timings.find((t) => t.name === report.name)?.msPerStep ?? null;
}
