import { fusedData, type PlacedSplit } from '../data/batches';
import type { MnistSplit } from '../data/sprites';
import type { StepEngine } from '../model/engine';
import { fusedDeclines, FusedEngine, fusedKernelFor } from '../model/fused/fusedEngine';
import type { Params } from '../model/network';
import { TfjsEngine } from '../model/tfjsEngine';
import { stepRuleOf, type BackendReport, type RunConfig, type StepNote, type StepPath } from './protocol';

/**
 * How a run's steps are computed on its backend, and why: the fused kernel where the setting asks
 * for it or the timing chose it and the kernel supports the run, else TF.js steps (with the
 * kernel's reason when the setting asked for it).
 */
export function stepPlan(report: BackendReport, config: RunConfig): { path: StepPath; stepNote?: StepNote } {
  const decline = fusedDeclines(report.name, stepRuleOf(config));
  const wanted = config.gradients === 'fused' || report.path === 'fused';
  if (wanted && !decline) {
    const kernel = fusedKernelFor(config.batchSize, config.hidden1);
    return { path: 'fused', stepNote: { kind: 'fused', kernel, chosenBy: config.gradients === 'fused' ? 'setting' : 'timing' } };
  }
  if (config.gradients === 'fused' && decline)
    return {
      path: 'tfjs',
      stepNote: {
        kind: 'fused-declined',
        reason: decline,
        backend: report.name,
        optimizer: config.optimizer,
        weightDecay: config.weightDecay,
      },
    };
  return { path: 'tfjs' };
}

/** Data a run's engine trains on. */
export interface EngineData {
  split: MnistSplit;
  rows: Int32Array;
  placed: PlacedSplit;
}

/** Makes a run's engine (a race's batched variants bring their own). */
export type EngineFactory = (path: StepPath, params: Params, config: RunConfig, data: EngineData) => Promise<StepEngine>;

/** The engine that computes a run's steps, starting from the weights in `params`. */
export async function createEngine(path: StepPath, params: Params, config: RunConfig, data: EngineData): Promise<StepEngine> {
  if (path === 'fused') {
    return FusedEngine.create(params, fusedData(data.split, data.rows, config.seed), config.batchSize, { activation: config.activation });
  }
  const gradients = config.gradients === 'autodiff' ? 'autodiff' : 'manual';
  return new TfjsEngine(params, data.placed.batches(config.batchSize, config.seed), gradients, stepRuleOf(config));
}
