/**
 * The settings of a run, as both threads and the URL know them (re-exported by protocol.ts).
 */
import type { GradientMode } from '../model/sgd';
import type { Activation, Initialisation, OptimizerName, StepRule } from '../model/stepRule';

export type { Activation, Initialisation, OptimizerName, StepRule };

/** How gradients are computed: by hand (fast) or by TF.js autodiff (the chapter's loss.backward()). */
export const GRADIENT_MODES_LIST: readonly GradientMode[] = ['manual', 'autodiff', 'fused'];

/** TF.js backends the app can train on, fastest-on-a-real-GPU first. */
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
/** A forced backend, or 'auto': time the candidates and train on the fastest. */
export type BackendChoice = BackendName | 'auto';

export const BACKEND_LABELS: Record<BackendName, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'Wasm', cpu: 'CPU' };

/** Everything that defines a run; also what the URL query holds. */
export interface RunConfig {
  learningRate: number;
  hidden1: number;
  hidden2: number;
  epochs: number;
  batchSize: number;
  samples: number;
  seed: number;
  backend: BackendChoice;
  gradients: GradientMode;
  /** The hidden layers' activation (URL `act`). */
  activation: Activation;
  /** How the weights start (URL `init`). */
  init: Initialisation;
  /** How a gradient becomes an update (URL `opt`). */
  optimizer: OptimizerName;
  /** L2 weight decay added to the gradient (URL `wd`). */
  weightDecay: number;
}

/** The part of a run's settings that decides each step's arithmetic. */
export const stepRuleOf = (config: RunConfig): StepRule => ({
  activation: config.activation,
  optimizer: config.optimizer,
  weightDecay: config.weightDecay,
});

/** The chapter's settings: the app's defaults. */
export const DEFAULT_CONFIG: RunConfig = {
  learningRate: 0.1,
  hidden1: 100,
  hidden2: 50,
  epochs: 10,
  batchSize: 32,
  samples: 60000,
  seed: 0,
  backend: 'auto',
  gradients: 'manual',
  activation: 'sigmoid',
  init: 'normal',
  optimizer: 'sgd',
  weightDecay: 0,
};

/**
 * Whether variants can share one batched step on a GPU: the same shapes (sizes, batch, samples, so
 * the same number of steps), the same activation, and plain SGD without decay (the batched step
 * keeps no optimiser state). Learning rates, seeds and initialisations may differ.
 */
export function batchable(configs: RunConfig[]): boolean {
  const [first] = configs;
  if (!first || first.backend !== 'webgpu' || first.gradients === 'fused') return false;
  return configs.every(
    (c) =>
      c.hidden1 === first.hidden1 &&
      c.hidden2 === first.hidden2 &&
      c.batchSize === first.batchSize &&
      c.samples === first.samples &&
      c.activation === first.activation &&
      c.optimizer === 'sgd' &&
      c.weightDecay === 0,
  );
}
