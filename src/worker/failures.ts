import { DataFileError } from '../data/idx';
import { SafetensorsError } from '../model/safetensors';
import { WeightsLayoutError, WeightsRuleError } from '../model/weightsFile';
import { NoBackend } from './backends';
import type { BackendName, RequestFailure, RunFailure } from './protocol';
import { errorText } from '../errorText';

/** The GPU device went away during a run (device.lost resolved with this reason). */
export class DeviceLost extends Error {
  constructor(readonly reason: string) {
    super(`device lost: ${reason}`);
  }
}

/** The training samples make no full batch. */
export class NoFullBatch extends Error {
  constructor(
    readonly samples: number,
    readonly batchSize: number,
  ) {
    super(`${samples} samples make no full batch of ${batchSize}`);
  }
}

/**
 * What made a run fail, as facts for the page to word (src/store/messages.ts). `backend` is the
 * run's backend once chosen. A lost device can surface first as any error (a failed read-back, a
 * destroyed buffer): the caller passes it as DeviceLost once device.lost has resolved.
 */
export function runFailureOf(error: unknown, backend: BackendName | undefined): RunFailure {
  if (error instanceof DataFileError) return { kind: 'data', file: error.file, problem: error.problem };
  if (error instanceof NoFullBatch) return { kind: 'no-full-batch', samples: error.samples, batchSize: error.batchSize };
  if (error instanceof NoBackend) return { kind: 'no-backend', skipped: error.skipped };
  if (error instanceof DeviceLost) return { kind: 'device-lost', backend: backend ?? 'webgpu', reason: error.reason };
  const text = errorText(error);
  if (backend && /device.*lost|lost.*device|GPUDevice/i.test(text)) return { kind: 'device-lost', backend, reason: text };
  return backend ? { kind: 'internal', backend, detail: text } : { kind: 'internal', detail: text };
}

/** Why a request failed, as facts. */
export function requestFailureOf(error: unknown): RequestFailure {
  if (error instanceof DataFileError) return { kind: 'data', file: error.file, problem: error.problem };
  if (error instanceof WeightsRuleError)
    return error.fileNames
      ? { kind: 'invalid-weights', problem: error.problem, names: error.fileNames }
      : { kind: 'invalid-weights', problem: error.problem };
  if (error instanceof WeightsLayoutError) return { kind: 'bad-layout', problem: error.problem };
  if (error instanceof SafetensorsError) return { kind: 'bad-file', problem: error.message };
  return { kind: 'internal', detail: errorText(error) };
}
