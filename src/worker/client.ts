import { dispatchWorkerMessage, useAppStore, type TrainingTransport } from '../store/appStore';
import type { FromWorker, ToWorker } from './protocol';

/** Messages whose rendering is costly: at most one of them per frame. */
const HEAVY: ReadonlySet<FromWorker['type']> = new Set(['epoch', 'done', 'tiles', 'gallery', 'weights-ready', 'error']);

/** A hidden tab runs no animation frames: deliver at the latest after this, so that a run's end is still saved. */
const HIDDEN_TAB_FLUSH_MS = 250;

/**
 * The one main-thread owner of the training Worker. Messages are queued and handed to the store
 * once per animation frame, so that however many arrive, React renders at most once a frame.
 * Replaces the worker when it crashes or must be killed; no component talks to it directly.
 */
export function createWorkerClient(): TrainingTransport {
  let worker: Worker;
  let queue: FromWorker[] = [];
  let frame = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
    frame = 0;
    timer = undefined;
    // Light messages (progress, status) go together; a heavy one (an epoch's confusion matrix, a
    // tile frame, a gallery, the end of a run) ends this frame's batch, so that two heavy renders
    // never share a frame.
    let count = 0;
    while (count < queue.length) if (HEAVY.has(queue[count++].type)) break;
    const messages = queue.splice(0, count);
    for (const message of messages) dispatchWorkerMessage(message);
    if (queue.length) schedule();
  };

  const schedule = () => {
    if (frame || timer) return;
    frame = requestAnimationFrame(flush);
    timer = setTimeout(flush, HIDDEN_TAB_FLUSH_MS);
  };

  const enqueue = (message: FromWorker) => {
    queue.push(message);
    schedule();
  };

  const spawn = () => {
    queue = [];
    worker = new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module', name: 'training' });
    worker.onmessage = (event: MessageEvent<FromWorker>) => enqueue(event.data);
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault(); // reported in the page instead of as an uncaught error
      useAppStore.getState().workerCrashed(event.message || 'unknown error');
    };
    worker.onmessageerror = () => useAppStore.getState().workerCrashed('a message could not be read');
  };
  spawn();

  return {
    send(message: ToWorker, transfer: Transferable[] = []) {
      worker.postMessage(message, transfer);
    },
    replace() {
      worker.terminate();
      spawn();
      // The fresh worker has no data, backend or weights: prepare again, and bring back the last stored model.
      queueMicrotask(() => useAppStore.getState().workerReplaced());
    },
  };
}
