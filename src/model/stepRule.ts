/** The what-if settings of a step, as plain values: the page imports them, so no TF.js here (activations.ts computes them). */

/** The hidden layers' activation: the chapter's sigmoid, or the two a learner asks about next. */
export type Activation = 'sigmoid' | 'tanh' | 'relu';
/** How the weights start: the chapter's Normal(0, 0.1), Glorot (Xavier) normal, or Kaiming (He) normal; biases zero. */
export type Initialisation = 'normal' | 'xavier' | 'he';
/** How a gradient becomes an update: the chapter's plain SGD, PyTorch's SGD with momentum 0.9, or Adam. */
export type OptimizerName = 'sgd' | 'momentum' | 'adam';

export const ACTIVATIONS: readonly Activation[] = ['sigmoid', 'tanh', 'relu'];
export const INITIALISATIONS: readonly Initialisation[] = ['normal', 'xavier', 'he'];
export const OPTIMIZERS: readonly OptimizerName[] = ['sgd', 'momentum', 'adam'];

/** Everything besides the weights that decides what one training step computes. */
export interface StepRule {
  activation: Activation;
  optimizer: OptimizerName;
  /** L2 weight decay, added to the gradient as wd·P before the optimiser's rule (PyTorch's `weight_decay`). */
  weightDecay: number;
}

/** The chapter's step: sigmoid, plain SGD, no decay. */
export const CHAPTER_RULE: StepRule = { activation: 'sigmoid', optimizer: 'sgd', weightDecay: 0 };

/** PyTorch's defaults for the optimisers the page offers. */
export const MOMENTUM = 0.9;
export const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const;
