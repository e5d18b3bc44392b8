import * as tf from '@tensorflow/tfjs';
import type { MnistData } from '../data/sprites';
import { BatchedCore } from '../model/batchedEngine';
import { RunControl } from '../model/runControl';
import type { WorkerContext } from './context';
import { createEngine, type EngineFactory } from './engines';
import { batchable, type ToWorker, type VariantMessage } from './protocol';
import { trainRun } from './run';
import { variantSeat } from './runSeat';
import { errorText } from '../errorText';

type RaceStart = Extract<ToWorker, { type: 'race-start' }>;

/**
 * The race variants this worker trains, all at once: each is the same run as alone (trainRun with
 * its own settings, seed, weights and engine), driven by its own loop; the loops take turns at
 * their yields, so the variants advance together and each ends on its own (a diverging one alone).
 * Their weights are their own: the page's current weights are not touched.
 */
export class RaceRunner {
  private raceId = 0;
  private readonly controls = new Map<number, RunControl>();

  constructor(private readonly ctx: WorkerContext) {}

  get active(): boolean {
    return this.controls.size > 0;
  }

  start({ raceId, variants, dataUrl, data }: RaceStart): void {
    // An older race still here (its page forgot it) is stopped, never orphaned.
    for (const control of this.controls.values()) control.stop();
    this.controls.clear();
    if (data) this.ctx.prep.adoptData(data);
    this.raceId = raceId;
    const core = batchable(variants.map((v) => v.config)) ? new BatchedCore(variants[0].config.activation) : null;
    const engineFor: EngineFactory = core
      ? async (path, params, config, data) => {
          if (tf.getBackend() !== 'webgpu') return createEngine(path, params, config, data);
          return core.member(params, data.placed.batches(config.batchSize, config.seed));
        }
      : createEngine;
    for (const { variant, config } of variants) {
      const control = new RunControl(config.learningRate);
      this.controls.set(variant, control);
      const seat = variantSeat(this.ctx, (message, transfer) =>
        // a variant's trainRun emits only run messages
        this.ctx.post({ type: 'race-run', raceId, variant, message: message as VariantMessage }, transfer),
      );
      trainRun(this.ctx, { type: 'start', runId: variant, config, dataUrl, remembered: null, avoid: [] }, control, seat, engineFor)
        .catch((error: unknown) => {
          console.error(`Race variant ${variant} failed outside its own error handling:`, error);
          const detail = errorText(error);
          this.ctx.post({
            type: 'race-run',
            raceId,
            variant,
            message: { type: 'error', runId: variant, failure: { kind: 'internal', detail } },
          });
        })
        .finally(() => {
          if (this.controls.get(variant) === control) this.controls.delete(variant);
          if (core && this.controls.size === 0 && this.raceId === raceId) {
            this.ctx.post({ type: 'race-engine', raceId, batched: { ...core.stats } });
          }
        });
    }
  }

  control(raceId: number, action: 'pause' | 'resume' | 'stop'): void {
    if (raceId !== this.raceId) return;
    for (const [variant, control] of this.controls) {
      if (action === 'pause') control.pause();
      if (action === 'stop') {
        control.stop();
        this.ctx.post({ type: 'race-run', raceId, variant, message: { type: 'stopping', runId: variant } });
      }
      if (action === 'resume' && control.isPaused) {
        control.resume();
        this.ctx.post({ type: 'race-run', raceId, variant, message: { type: 'resumed', runId: variant } });
      }
    }
  }
}

/**
 * The verified data for other workers: a copy in shared memory where the page is cross-origin
 * isolated (every race worker then reads the same bytes, none copied), else a copy for the page to
 * hand on (structured clone copies it once per worker).
 */
let sharedCopy: MnistData | null = null;
export function dataForOthers(data: MnistData): { data: MnistData; shared: boolean; transfer: ArrayBuffer[] } {
  const isolated =
    (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true && typeof SharedArrayBuffer !== 'undefined';
  const copy = (bytes: Uint8Array, shared: boolean) => {
    const out = new Uint8Array(shared ? new SharedArrayBuffer(bytes.byteLength) : new ArrayBuffer(bytes.byteLength));
    out.set(bytes);
    return out;
  };
  const split = (s: MnistData['train'], shared: boolean) => ({
    count: s.count,
    pixels: copy(s.pixels, shared),
    labels: copy(s.labels, shared),
  });
  if (isolated) {
    sharedCopy ??= { train: split(data.train, true), test: split(data.test, true) };
    return { data: sharedCopy, shared: true, transfer: [] };
  }
  const copied = { train: split(data.train, false), test: split(data.test, false) };
  const transfer = [copied.train.pixels, copied.train.labels, copied.test.pixels, copied.test.labels].map((a) => a.buffer as ArrayBuffer);
  return { data: copied, shared: false, transfer };
}
