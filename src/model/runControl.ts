/**
 * What the page can do to a running loop between two batches: pause, step one batch, resume,
 * stop, and change the learning rate (applied from the next batch, as in TensorFlow Playground).
 * The loop asks `next()` before every batch; when nothing is paused that answer needs no await.
 */
export class RunControl {
  private paused = false;
  private stopped = false;
  private grantedSteps = 0;
  private wake: (() => void) | null = null;
  private readonly aborter = new AbortController();

  constructor(public learningRate: number) {}

  /** Aborts when Stop is asked: waits outside the loop (a download, a backend's start) end at once. */
  get signal(): AbortSignal {
    return this.aborter.signal;
  }

  get isPaused(): boolean {
    return this.paused && !this.stopped;
  }

  get stopRequested(): boolean {
    return this.stopped;
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.grantedSteps = 0;
    this.notify();
  }

  /** While paused: run exactly one more batch, then wait again. Ignored when not paused. */
  step(): void {
    if (!this.paused) return;
    this.grantedSteps++;
    this.notify();
  }

  stop(): void {
    this.stopped = true;
    this.aborter.abort();
    this.notify();
  }

  /** The learning rate for the next batch onwards; non-finite or non-positive values are ignored. */
  setLearningRate(rate: number): void {
    if (Number.isFinite(rate) && rate > 0) this.learningRate = rate;
  }

  /**
   * What the loop does next: 'run' (not paused), 'step' (paused, one batch granted) or 'stop'.
   * Synchronous while running, so the hot loop never awaits for nothing.
   */
  poll(): 'run' | 'step' | 'stop' | 'wait' {
    if (this.stopped) return 'stop';
    if (!this.paused) return 'run';
    if (this.grantedSteps > 0) {
      this.grantedSteps--;
      return 'step';
    }
    return 'wait';
  }

  /** Resolves once poll() would answer something other than 'wait'. */
  async waitForPermission(): Promise<'run' | 'step' | 'stop'> {
    for (;;) {
      const action = this.poll();
      if (action !== 'wait') return action;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
