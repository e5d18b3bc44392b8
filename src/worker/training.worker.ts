/// <reference lib="webworker" />
import * as tf from '@tensorflow/tfjs';
import { explainStep } from './explain';
import { requestFailureOf } from './failures';
import { findLearningRate } from './lrFind';
import { dataForOthers } from './race';
import type { FromWorker, RequestKind, ToWorker } from './protocol';
import { TrainingSession } from './session';
import { failIfAsked, setTestHooks } from './testHooks';

declare const self: DedicatedWorkerGlobalScope;

// Until a backend is chosen for a run, tensors go to the CPU backend: TF.js would otherwise pick
// the highest-priority one by itself (WebGPU, even a software adapter) on the first operation.
void tf.setBackend('cpu');

const post = (message: FromWorker, transfer: Transferable[] = []) => self.postMessage(message, transfer);
const session = new TrainingSession(post);

function assertNever(value: never): never {
  throw new Error(`unknown message ${JSON.stringify(value)}`);
}

/** Every request gets exactly one answer: its result, or this failure naming it. */
function answer(requestId: number, request: RequestKind, work: () => Promise<void>): void {
  const answered = (async () => {
    failIfAsked(request);
    await work();
  })();
  answered.catch((error: unknown) => {
    console.warn(`The ${request} request failed:`, error);
    post({ type: 'request-failed', requestId, request, failure: requestFailureOf(error) });
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
      answer(message.requestId, 'predict', () => session.predictions.classify(message.requestId, message.ink, message.side));
      break;
    case 'clear-drawing':
      session.predictions.clear();
      break;
    case 'tile-settings':
      session.inspector.settings = message.settings;
      answer(message.requestId, 'tiles', () => session.views.postTiles(message.requestId));
      break;
    case 'gallery':
      answer(message.requestId, 'gallery', () => session.requests.gallery(message.requestId, message.selection, message.dataUrl));
      break;
    case 'use-weights':
      answer(message.requestId, 'use-weights', () =>
        session.requests.use(message.requestId, message.weights, message.activation, message.evaluate, message.dataUrl),
      );
      break;
    case 'import-weights':
      answer(message.requestId, 'import-weights', () =>
        session.requests.importFile(message.requestId, message.bytes, message.activation, message.dataUrl),
      );
      break;
    case 'export-weights':
      answer(message.requestId, 'export-weights', () =>
        session.requests.exportFile(message.requestId, message.layout, message.metadata, message.dataUrl),
      );
      break;
    case 'explain':
      answer(message.requestId, 'explain', () => explainStep(session, message.requestId, message.source, message.config, message.dataUrl));
      break;
    case 'find-lr': {
      const cancel = new AbortController();
      session.lrFinds.set(message.requestId, cancel);
      answer(message.requestId, 'find-lr', () =>
        findLearningRate(session, message.requestId, message.config, message.dataUrl, cancel.signal).finally(() =>
          session.lrFinds.delete(message.requestId),
        ),
      );
      break;
    }
    case 'cancel-find-lr':
      session.lrFinds.get(message.requestId)?.abort();
      break;
    case 'share-data':
      answer(message.requestId, 'share-data', async () => {
        const { data, shared, transfer } = dataForOthers(await session.prep.loadData(message.dataUrl));
        post({ type: 'data-shared', requestId: message.requestId, data, shared }, transfer);
      });
      break;
    case 'race-start':
      session.race.start(message);
      break;
    case 'race-control':
      session.race.control(message.raceId, message.action);
      break;
    case 'test-hooks':
      setTestHooks(message.hooks);
      break;
    default:
      assertNever(message);
  }
};
