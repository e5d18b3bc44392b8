import type { HoldablePhase, RequestKind, TestHooks } from './protocol';

/**
 * Test hooks, set only by e2e tests (the page forwards `window.__MNIST_TEST_HOOKS__`): they hold a
 * phase open so that a test can act while a run is in it, block the worker as a stuck GPU
 * submission would, or throw where a run's own error handling does not reach. Without them every
 * function here returns at once.
 */
let hooks: TestHooks = {};

export function setTestHooks(next: TestHooks): void {
  hooks = next;
}

/** Waits as long as a test holds this phase (a timer: the worker stays free to answer messages). */
export function hold(phase: HoldablePhase): Promise<void> {
  const ms = hooks.holdMs?.[phase];
  return ms ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

/** Busy-waits once for the test's blockMs, answering nothing meanwhile. */
export function blockOnce(): void {
  const ms = hooks.blockMs;
  if (!ms) return;
  hooks = { ...hooks, blockMs: undefined };
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // deliberately stuck, as in a GPU submission that does not return
  }
}

/** Throws if a test asked requests of this kind to fail. */
export function failIfAsked(request: RequestKind): void {
  if (hooks.failRequests?.includes(request)) throw new Error(`a ${request} failure injected by a test`);
}

/** Throws once if a test asked for an exception that escapes the run. */
export function throwOnce(): void {
  if (!hooks.throwInRun) return;
  hooks = { ...hooks, throwInRun: false };
  throw new Error('an exception injected by a test');
}
