import type { FromWorker, RequestKind, ToWorker } from './protocol';

/** Messages whose rendering is costly: at most one of them per frame. */
const HEAVY: ReadonlySet<FromWorker['type']> = new Set(['epoch', 'done', 'tiles', 'gallery', 'weights-ready', 'error']);

/** A hidden tab runs no animation frames: deliver at the latest after this, so that a run's end is still saved. */
const HIDDEN_TAB_FLUSH_MS = 250;

/** The request each message with a `requestId` is. */
const REQUEST_OF: Partial<Record<ToWorker['type'], RequestKind>> = {
  predict: 'predict',
  gallery: 'gallery',
  'tile-settings': 'tiles',
  'use-weights': 'use-weights',
  'import-weights': 'import-weights',
  'export-weights': 'export-weights',
  explain: 'explain',
  'find-lr': 'find-lr',
  'share-data': 'share-data',
};

/** Messages that carry a request's id without answering it (the range test's progress). */
const NOT_AN_ANSWER: ReadonlySet<FromWorker['type']> = new Set(['lr-progress']);

/** What the client needs from the page: where messages go, and what to do when the worker dies. */
export interface ClientCallbacks {
  /** One message from the worker (called for each message of a frame's batch, in order). */
  deliver(message: FromWorker): void;
  /** The worker's uncaught error or unreadable message: the page reports it and replaces the worker. */
  crashed(text: string): void;
  /** A fresh worker replaced the old one. */
  replaced(): void;
}

/** The worker as the client sees it: enough to test the client without a real Worker. */
export interface WorkerLike {
  postMessage(message: ToWorker, transfer: Transferable[]): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  onmessageerror: ((event: MessageEvent) => void) | null;
}

const spawnTrainingWorker = (): WorkerLike =>
  new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module', name: 'training' });

/**
 * The one main-thread owner of the training Worker. Messages are queued and handed on once per
 * animation frame, so that however many arrive, React renders at most once a frame. Every request
 * is remembered until its answer comes: when the worker must be replaced, each one still waiting
 * gets a failure, so that no panel waits for ever. No component talks to the worker directly.
 */
export function createWorkerClient(callbacks: ClientCallbacks, spawnWorker: () => WorkerLike = spawnTrainingWorker) {
  let worker: WorkerLike;
  const queue: FromWorker[] = [];
  let frame = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const pending = new Map<number, RequestKind>();

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
    for (const message of messages) callbacks.deliver(message);
    if (queue.length) schedule();
  };

  const schedule = () => {
    if (frame || timer) return;
    frame = requestAnimationFrame(flush);
    timer = setTimeout(flush, HIDDEN_TAB_FLUSH_MS);
  };

  const enqueue = (message: FromWorker) => {
    if ('requestId' in message && message.requestId !== null && !NOT_AN_ANSWER.has(message.type)) pending.delete(message.requestId);
    queue.push(message);
    schedule();
  };

  const spawn = () => {
    // Messages the old worker sent before it went stay queued: each is a real answer (the store
    // drops what belongs to a replaced run by its id).
    worker = spawnWorker();
    worker.onmessage = (event: MessageEvent<FromWorker>) => enqueue(event.data);
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault(); // reported in the page instead of as an uncaught error
      callbacks.crashed(event.message || 'unknown error');
    };
    worker.onmessageerror = () => callbacks.crashed('a message could not be read');
  };
  spawn();

  return {
    send(message: ToWorker, transfer: Transferable[] = []) {
      const request = REQUEST_OF[message.type];
      if (request && 'requestId' in message) pending.set(message.requestId, request);
      worker.postMessage(message, transfer);
    },
    terminate() {
      worker.terminate();
      for (const [requestId, request] of pending)
        enqueue({ type: 'request-failed', requestId, request, failure: { kind: 'worker-restarted' } });
      pending.clear();
    },
    replace() {
      worker.terminate();
      spawn();
      // Requests the old worker never answered fail now, each with its own id.
      for (const [requestId, request] of pending)
        enqueue({ type: 'request-failed', requestId, request, failure: { kind: 'worker-restarted' } });
      pending.clear();
      // The fresh worker has no data, backend or weights: prepare again, and bring back the last stored model.
      queueMicrotask(() => callbacks.replaced());
    },
  };
}
