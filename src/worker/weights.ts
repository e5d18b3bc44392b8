import * as tf from '@tensorflow/tfjs';
import { createParams, disposeParams, readParams, type Params } from '../model/network';
import type { Activation } from '../model/stepRule';
import type { WeightsPayload } from './protocol';

/**
 * The weights the pad, the confusion matrix and the export use. During a run they are the run's
 * own variables; otherwise a host copy (plain arrays) is the truth, and variables are made from it
 * on whichever backend is active, so that a backend switch (a timing, a new run) never strands them.
 */
export class CurrentWeights {
  private host: WeightsPayload | null = null;
  private hostActivation: Activation = 'sigmoid';
  private cached: { backend: string; params: Params } | null = null;
  private live: Params | null = null;
  private liveActivation: Activation = 'sigmoid';
  /** Bumped whenever the weights change, so that an evaluation can tell whether it is still current. */
  version = 0;

  get exists(): boolean {
    return this.live !== null || this.host !== null;
  }

  get payload(): WeightsPayload | null {
    return this.host;
  }

  /** The hidden layers' activation these weights were trained with: a network is its weights and its activation. */
  get activation(): Activation {
    return this.live ? this.liveActivation : this.hostActivation;
  }

  /**
   * A run's variables become the current weights (its steps change them in place). The variables
   * made for the previous weights are freed; their host copy stays until the run settles.
   */
  setLive(params: Params, activation: Activation): void {
    this.releaseBackend();
    this.live = params;
    this.liveActivation = activation;
    this.version++;
  }

  /** Marks a change of the live weights (a step ran), for the evaluation cache. */
  touch(): void {
    this.version++;
  }

  /** The run ended: its final values become the host copy; its variables stay in use on this backend. */
  async settleLive(): Promise<WeightsPayload | null> {
    const live = this.live;
    if (!live) return null;
    const values = await readParams(live);
    this.releaseBackend();
    this.live = null;
    this.host = { arch: { hidden1: live.w1.shape[1], hidden2: live.w2.shape[1] }, values };
    this.hostActivation = this.liveActivation;
    this.cached = { backend: tf.getBackend(), params: live };
    return this.host; // same values as the live ones: the version (and its evaluation) stays
  }

  /** A run failed before it could settle: free its variables; the weights before it stay current. */
  abandonLive(): void {
    try {
      if (this.live) disposeParams(this.live);
    } catch (error) {
      // A lost GPU device may refuse; its memory is gone with it.
      console.warn('Freeing the failed run’s weights failed:', error);
    }
    this.live = null;
    this.version++;
  }

  /** Replaces the weights with a copy (a stored run's, an imported file's). */
  set(payload: WeightsPayload, activation: Activation): void {
    this.releaseBackend();
    this.host = payload;
    this.hostActivation = activation;
    this.version++;
  }

  /** Variables holding the current weights on the active backend, made when needed; null when there are none. */
  params(): Params | null {
    if (this.live) return this.live;
    if (!this.host) return null;
    if (this.cached?.backend !== tf.getBackend()) {
      this.releaseBackend();
      this.cached = { backend: tf.getBackend(), params: createParams(this.host.arch, this.host.values) };
    }
    return this.cached.params;
  }

  /** Frees the variables made for a backend (before switching backends); the host copy stays. */
  releaseBackend(): void {
    if (this.cached) disposeParams(this.cached.params);
    this.cached = null;
  }
}

/** A copy of weights that can be transferred to the page while the worker keeps its own (one helper for every side). */
export { copyWeights } from '../model/weightsCheck';

/** The buffers of a weights payload, for postMessage's transfer list. */
export function weightBuffers(weights: WeightsPayload): ArrayBuffer[] {
  return Object.values(weights.values).map((v) => v.buffer as ArrayBuffer);
}
