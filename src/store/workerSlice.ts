import type { StateCreator } from 'zustand';
import { INITIAL_PREP_STATUS, type TestHooks, type ToWorker } from '../worker/protocol';
import type { AppState } from './appStore';
import { describeCrash } from './messages';
import { nextRequestId } from './phase';

/** The page's side of the worker: implemented by src/worker/client.ts. */
export interface TrainingTransport {
  send(message: ToWorker, transfer?: Transferable[]): void;
  /** Ends the worker and starts a fresh one (after a crash or an unacknowledged Stop). */
  replace(): void;
  /** Ends the worker for good (a race's extra worker, when the race ends). */
  terminate(): void;
}

/** What the worker client tells the page: implemented by the store (see main.tsx). */
export interface WorkerEvents {
  /** The worker's uncaught error or unreadable message. */
  crashed(text: string): void;
  /** A fresh worker replaced the old one. */
  replaced(): void;
}

export interface WorkerSlice {
  transport: TrainingTransport | null;
  /** Makes the worker on first need (the page starts it when idle; an early click starts it at once). */
  transportFactory: ((events: WorkerEvents) => TrainingTransport) | null;
  setTransportFactory(factory: (events: WorkerEvents) => TrainingTransport): void;
  /** Starts the worker and its background preparation, once. */
  startWorker(): void;
  /** Sends a message to the worker, starting it if needed. */
  send(message: ToWorker, transfer?: Transferable[]): void;
  workerCrashed(text: string): void;
  /** A fresh worker replaced the old one: prepare again and bring back the last stored weights. */
  workerReplaced(): void;
}

/**
 * Test hooks that an e2e test put on the page before it loaded (never set otherwise). Only the
 * page's first worker gets them: a worker started after a failure or a restart works normally.
 */
let pendingTestHooks = (globalThis as { __MNIST_TEST_HOOKS__?: TestHooks }).__MNIST_TEST_HOOKS__;

export const createWorkerSlice: StateCreator<AppState, [], [], WorkerSlice> = (set, get) => {
  /** What a fresh worker needs: the test hooks, the preparation and the tiles' settings. */
  const greet = () => {
    if (pendingTestHooks) get().send({ type: 'test-hooks', hooks: pendingTestHooks });
    pendingTestHooks = undefined;
    get().prepare();
    get().send({ type: 'tile-settings', requestId: nextRequestId(), settings: get().tileSettings });
  };

  return {
    transport: null,
    transportFactory: null,

    setTransportFactory: (factory) => set({ transportFactory: factory }),

    startWorker: () => {
      const { transport, transportFactory } = get();
      if (transport || !transportFactory) return;
      set({
        transport: transportFactory({ crashed: (text) => get().workerCrashed(text), replaced: () => get().workerReplaced() }),
      });
      greet();
      void get().initHistory();
    },

    send: (message, transfer) => {
      get().startWorker();
      get().transport?.send(message, transfer);
    },

    workerReplaced: () => {
      set({ prep: INITIAL_PREP_STATUS });
      greet();
      void get().restoreLatest();
    },

    workerCrashed: (text) => {
      get().clearStopWatchdog();
      get().raceWorkerCrashed(0, text);
      get().transport?.replace();
      get().predictionReset();
      set({
        phase: 'error',
        pausedAt: null,
        stopping: false,
        prep: INITIAL_PREP_STATUS,
        error: { kind: 'internal', ...describeCrash(text) },
      });
    },
  };
};
