/// <reference lib="webworker" />
import type { FromWorker, ToWorker } from './protocol';
import { TrainingSession } from './session';

declare const self: DedicatedWorkerGlobalScope;

const post = (message: FromWorker, transfer: Transferable[] = []) => self.postMessage(message, transfer);
const session = new TrainingSession(post);

function assertNever(value: never): never {
  throw new Error(`unknown message ${JSON.stringify(value)}`);
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  switch (message.type) {
    case 'start':
      session.start(message);
      break;
    case 'stop':
      session.stop();
      break;
    case 'predict':
      void session.predict(message.requestId, message.ink, message.side).catch((error: unknown) => {
        post({
          type: 'error',
          runId: 0,
          kind: 'internal',
          message: `Prediction failed: ${String(error)}`,
          hint: 'Clear the pad and draw again.',
        });
      });
      break;
    case 'clear-drawing':
      session.clearDrawing();
      break;
    default:
      assertNever(message);
  }
};
