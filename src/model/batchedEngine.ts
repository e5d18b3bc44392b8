import * as tf from '@tensorflow/tfjs';
import type { Batch } from './engine';
import { NUM_LABELS, PARAM_NAMES, type Params } from './network';
import { activate, activationSlope } from './activations';
import type { Activation } from './stepRule';
import { TfjsEngine, type BatchSource } from './tfjsEngine';

type ByParam<T> = Record<keyof Params, T>;

/** How long a step request waits for the other variants before it goes with those that came. */
const GATHER_MS = 4;

/**
 * The step of K variants at once on one device: their weights stacked (K, in, out), every layer a
 * batched matMul, the chapter's loss per variant, and the hand-derived backward pass per variant
 * (the parameters are disjoint, so the gradient of the summed losses with respect to a variant's
 * own parameters is exactly that variant's gradient). Each variant keeps its own rate.
 * Returns the K losses; assigns each variant's update to its own variables. Call inside tf.tidy.
 */
export function batchedStep(
  members: { params: Params; x: tf.Tensor2D; oneHot: tf.Tensor2D; rate: number }[],
  activation: Activation,
): tf.Tensor1D {
  const stack = (name: keyof Params) => tf.stack(members.map((m) => m.params[name] as tf.Tensor));
  const [W1, W2, W3] = [stack('w1'), stack('w2'), stack('w3')] as tf.Tensor3D[];
  const [b1, b2, b3] = (['b1', 'b2', 'b3'] as const).map((n) => tf.expandDims(stack(n), 1)) as tf.Tensor3D[];
  const X = tf.stack(members.map((m) => m.x)) as tf.Tensor3D;
  const Y = tf.stack(members.map((m) => m.oneHot)) as tf.Tensor3D;
  const [K, B] = X.shape;
  const a1 = activate(tf.add(tf.matMul(X, W1), b1), activation) as tf.Tensor3D;
  const a2 = activate(tf.add(tf.matMul(a1, W2), b2), activation) as tf.Tensor3D;
  const logits = tf.add(tf.matMul(a2, W3), b3);
  // The chapter's naive softmax and loss, per variant: −(one_hot · log softmax).mean() over B·10.
  const numerator = tf.exp(logits);
  const probs = tf.div(numerator, tf.sum(numerator, 2, true)) as tf.Tensor3D;
  const losses = tf.neg(tf.mean(tf.mul(Y, tf.log(probs)), [1, 2])) as tf.Tensor1D;
  const dLogits = tf.div(tf.sub(probs, Y), B * NUM_LABELS) as tf.Tensor3D;
  const dz2 = tf.mul(tf.matMul(dLogits, W3, false, true), activationSlope(a2, activation)) as tf.Tensor3D;
  const dz1 = tf.mul(tf.matMul(dz2, W2, false, true), activationSlope(a1, activation)) as tf.Tensor3D;
  const grads: ByParam<tf.Tensor> = {
    w3: tf.matMul(a2, dLogits, true, false),
    b3: tf.sum(dLogits, 1),
    w2: tf.matMul(a1, dz2, true, false),
    b2: tf.sum(dz2, 1),
    w1: tf.matMul(X, dz1, true, false),
    b1: tf.sum(dz1, 1),
  };
  const rates = tf.tensor1d(members.map((m) => m.rate));
  for (const name of PARAM_NAMES) {
    const g = grads[name];
    const lr = tf.reshape(rates, [K, ...g.shape.slice(1).map(() => 1)]);
    const updated = tf.unstack(tf.sub(stack(name), tf.mul(lr, g)));
    members.forEach((m, k) => (m.params[name] as tf.Variable).assign(updated[k]));
  }
  return losses;
}

interface Request {
  member: BatchedMember;
  step: number;
  rate: number;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Where the variants of a race meet to step together. Each variant's loop runs as it would alone
 * (its own driver, pause, rollback, evaluation); its engine (a BatchedMember) asks the core for each
 * step, and the core runs the steps that have been asked for in one batched step: when every
 * variant inside an epoch has asked, or a few milliseconds after the first asked (any grouping gives
 * each variant exactly its own step; grouping only saves kernels).
 */
export class BatchedCore {
  private readonly members = new Set<BatchedMember>();
  private waiting: Request[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Steps taken, and how many variants each took at once: what the page reports of the batched path. */
  readonly stats = { calls: 0, variantSteps: 0 };

  constructor(readonly activation: Activation) {}

  member(params: Params, source: BatchSource): BatchedMember {
    const member = new BatchedMember(this, params, source);
    this.members.add(member);
    return member;
  }

  leave(member: BatchedMember): void {
    this.members.delete(member);
    this.maybeRun();
  }

  request(member: BatchedMember, step: number, rate: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ member, step, rate, resolve, reject });
      this.maybeRun();
      // Those that asked go after a few milliseconds even if another variant never comes.
      if (this.waiting.length) this.timer ??= setTimeout(() => this.run(), GATHER_MS);
    });
  }

  /** Runs when every variant in an epoch is waiting. */
  maybeRun(): void {
    if (!this.waiting.length) return;
    const inEpoch = [...this.members].filter((m) => m.inEpoch);
    if (inEpoch.every((m) => this.waiting.some((r) => r.member === m))) this.run();
  }

  private run(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const requests = this.waiting;
    this.waiting = [];
    if (!requests.length) return;
    try {
      tf.tidy(() => {
        const batches = requests.map((r) => r.member.beforeStep(r.step, r.rate));
        const losses = batchedStep(
          requests.map((r, k) => ({ params: r.member.params, x: batches[k].x, oneHot: batches[k].oneHot, rate: r.rate })),
          this.activation,
        );
        tf.unstack(losses).forEach((loss, k) => requests[k].member.addLoss(loss as tf.Scalar));
      });
      this.stats.calls++;
      this.stats.variantSteps += requests.length;
      requests.forEach((r) => r.resolve());
    } catch (error) {
      requests.forEach((r) => r.reject(error));
    }
  }
}

/**
 * One variant's engine in a batched race: the TF.js engine (its sums, snapshots, batches and update
 * view), except that its steps are taken by the core together with the other variants'.
 */
export class BatchedMember extends TfjsEngine {
  inEpoch = false;

  constructor(
    private readonly core: BatchedCore,
    params: Params,
    source: BatchSource,
  ) {
    super(params, source, 'manual', { activation: core.activation, optimizer: 'sgd', weightDecay: 0 });
  }

  override startEpoch(epoch: number): number {
    this.inEpoch = true;
    return super.startEpoch(epoch);
  }

  override run(first: number, count: number, rate: number): Promise<void> {
    if (count !== 1) throw new Error('a batched variant takes one step per call');
    return this.core.request(this, first, rate);
  }

  /** Called by the core inside its tidy: this step's batch; W1 kept for the update view. */
  beforeStep(step: number, rate: number): Batch {
    this.keepW1(rate, 1);
    return this.source.batch(step);
  }

  override endEpoch(): void {
    this.inEpoch = false;
    super.endEpoch();
    this.core.maybeRun();
  }

  override dispose(): void {
    this.inEpoch = false;
    super.dispose();
    this.core.leave(this);
  }
}
