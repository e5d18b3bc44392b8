import type { FromWorker, VariantMessage } from '../worker/protocol';
import { describeDivergence, describeRunFailure } from './messages';
import { decimateCurve, decimateHealth } from './runRecord';
import type { EpochRow, RunSlice } from './runSlice';

/** The messages the run slice owns: a run's own (as a race variant sends them too) and the preparation's status. */
export type RunMessage = VariantMessage | Extract<FromWorker, { type: 'prep' }>;

/** What the reducer reads of a run's state: the page's run, or one race variant. */
export type RunView = Pick<
  RunSlice,
  'runConfig' | 'phase' | 'lossPoints' | 'rateChanges' | 'epochs' | 'tensorsPerEpoch' | 'failedBackends' | 'health'
>;

/** The live curve keeps at most this many points (neighbours are averaged when it grows past them). */
const MAX_LOSS_POINTS = 400;
const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

/**
 * What a run message changes in the run's state: a pure function of the state and the message,
 * unit-tested without a worker. Side effects (remembering timings, replacing a failed worker,
 * saving the run) are the slice's, after this.
 */
export function reduceRunMessage(s: RunView, message: Exclude<RunMessage, { type: 'prep' }>): Partial<RunSlice> {
  const batchSize = s.runConfig?.batchSize ?? 0;
  switch (message.type) {
    case 'stopping':
      return { stopping: true };
    case 'backend':
      return { backend: message.report };
    case 'warming-up':
      return { phase: s.phase === 'paused' ? 'paused' : 'warming-up', batchesPerEpoch: message.batches };
    case 'progress': {
      const p = message.progress;
      const point = { x: p.epoch + p.batch / p.batches, examples: (p.epoch * p.batches + p.batch) * batchSize, loss: p.runningLoss };
      return {
        phase: s.phase === 'paused' ? 'paused' : 'training',
        progress: p,
        batchesPerEpoch: p.batches,
        lossPoints: decimateCurve([...s.lossPoints, point], MAX_LOSS_POINTS),
      };
    }
    case 'paused':
      return { phase: 'paused', pausedAt: message.position };
    case 'resumed':
      return { phase: 'training', pausedAt: null, lastStep: null };
    case 'stepped':
      return { pausedAt: message.position, lastStep: { loss: message.loss, position: message.position } };
    case 'rate-changed': {
      const c = message.change;
      const mark = {
        x: c.epoch + c.batch / c.batches,
        examples: (c.epoch * c.batches + c.batch) * batchSize,
        learningRate: c.learningRate,
      };
      return { rateChanges: [...s.rateChanges, mark] };
    }
    case 'epoch': {
      const r = message.report;
      const row: EpochRow = {
        epoch: r.epoch + 1,
        loss: r.loss,
        seconds: r.seconds,
        testAccuracy: r.test?.accuracy ?? null,
        evalSeconds: r.test?.seconds ?? null,
        healthSeconds: r.healthSeconds,
      };
      const test = row.testAccuracy !== null ? `, test accuracy ${pct(row.testAccuracy)}` : '';
      return {
        epochs: [...s.epochs, row],
        tensorsPerEpoch: [...s.tensorsPerEpoch, r.numTensors],
        announcement: `Epoch ${row.epoch}: loss ${row.loss.toFixed(4)}${test}.`,
      };
    }
    case 'evaluating':
      return { phase: 'evaluating', pausedAt: null };
    case 'health':
      return { health: decimateHealth([...s.health, message.sample]), histograms: message.histograms };
    case 'done': {
      const test = message.test?.accuracy ?? null;
      const accuracy = message.trainAccuracy === null && test === null ? null : { train: message.trainAccuracy, test };
      const ending = { finished: 'finished', stopped: 'was stopped', diverged: 'diverged' }[message.ending];
      return {
        phase: message.divergence ? 'error' : message.ending === 'stopped' ? 'stopped' : 'done',
        pausedAt: null,
        stopping: false,
        accuracy,
        error: message.divergence ? { kind: 'diverged', ...describeDivergence(message.divergence) } : null,
        announcement: `The run ${ending}${test !== null ? `: test accuracy ${pct(test)}` : ''}.`,
      };
    }
    case 'error': {
      const failure = message.failure;
      const failed = failure.kind === 'device-lost' ? [failure.backend] : [];
      const words = describeRunFailure(failure);
      return {
        phase: 'error',
        pausedAt: null,
        stopping: false,
        error: { kind: failure.kind, ...words },
        failedBackends: [...new Set([...s.failedBackends, ...failed])],
        announcement: `The run ended with an error: ${words.message}`,
      };
    }
  }
}
