import { useAppStore, type TrainingTransport } from '../store/appStore';
import type { FromWorker, ToWorker } from './protocol';

/**
 * The one main-thread owner of the training Worker. Forwards every message to the store and
 * replaces the worker when it crashes or must be killed; no component talks to it directly.
 */
export function createWorkerClient(): TrainingTransport {
  let worker: Worker;

  const spawn = () => {
    worker = new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module', name: 'training' });
    worker.onmessage = (event: MessageEvent<FromWorker>) => useAppStore.getState().receive(event.data);
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
    },
  };
}
