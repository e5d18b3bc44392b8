/// <reference lib="webworker" />
import * as tf from '@tensorflow/tfjs';
import type { FromWorker, ToWorker } from './protocol';
import { TrainingSession } from './session';

declare const self: DedicatedWorkerGlobalScope;

// Until a backend is chosen for a run, tensors go to the CPU backend: TF.js would otherwise pick
// the highest-priority one by itself (WebGPU, even a software adapter) on the first operation.
void tf.setBackend('cpu');

const post = (message: FromWorker, transfer: Transferable[] = []) => self.postMessage(message, transfer);
const session = new TrainingSession(post);

function assertNever(value: never): never {
  throw new Error(`unknown message ${JSON.stringify(value)}`);
}

/** A request that failed unexpectedly still gets an answer on the page. */
function report(what: string, hint: string) {
  return (error: unknown) =>
    post({
      type: 'error',
      runId: 0,
      kind: 'internal',
      message: `${what} failed: ${error instanceof Error ? error.message : String(error)}`,
      hint,
    });
}

/** A weights request that failed unexpectedly: answered as refused, the current weights untouched. */
function reject(requestId: number, what: string) {
  return (error: unknown) =>
    post({
      type: 'weights-rejected',
      requestId,
      message: `${what} failed: ${error instanceof Error ? error.message : String(error)}. The current weights stay.`,
    });
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  switch (message.type) {
    case 'prepare':
      session.prepare(message);
      break;
    case 'start':
      session.start(message);
      break;
    case 'stop':
      session.stop();
      break;
    case 'pause':
      session.pause();
      break;
    case 'resume':
      session.resume();
      break;
    case 'step':
      session.step();
      break;
    case 'set-learning-rate':
      session.setLearningRate(message.learningRate);
      break;
    case 'predict':
      session.predictions
        .classify(message.requestId, message.ink, message.side)
        .catch(report('Prediction', 'Clear the pad and draw again.'));
      break;
    case 'clear-drawing':
      session.predictions.clear();
      break;
    case 'tile-settings':
      session.inspector.settings = message.settings;
      session.postTiles().catch(report('Drawing the weight tiles', 'Train again to refresh them.'));
      break;
    case 'gallery':
      session.requests
        .gallery(message.requestId, message.selection, message.dataUrl)
        .catch(report('Collecting the images', 'Check the connection to this site and try again.'));
      break;
    case 'use-weights':
      session.requests
        .use(message.requestId, message.weights, message.evaluate, message.dataUrl)
        .catch(reject(message.requestId, 'Loading the weights'));
      break;
    case 'import-weights':
      session.requests
        .importFile(message.requestId, message.bytes, message.dataUrl)
        .catch(reject(message.requestId, 'Importing the weights'));
      break;
    case 'export-weights':
      session.requests
        .exportFile(message.requestId, message.metadata, message.dataUrl)
        .catch(reject(message.requestId, 'Exporting the weights'));
      break;
    default:
      assertNever(message);
  }
};
