import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runLoop, type LoopHooks, type LoopProgress } from './driver';
import type { EngineSnapshot, StepEngine } from './engine';
import { createParams, disposeParams, initialValues, PARAM_NAMES, readParams, type Params } from './network';
import { createRng } from './random';
import { RunControl } from './runControl';
import { sgdStep } from './sgd';
import { CHAPTER_RULE } from './stepRule';
import { TfjsEngine, type BatchSource } from './tfjsEngine';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * An engine whose "weights" are the number of steps taken and whose step losses follow a script:
 * enough to see exactly what the driver reads, snapshots and restores.
 */
class ScriptedEngine implements StepEngine {
  readonly params = {} as Params;
  steps = 0;
  window = 0;
  epoch = 0;
  reads = 0;
  snapshots: number[] = [];
  restoredTo: number | null = null;
  live = 0;
  constructor(
    private readonly loss: (step: number) => number,
    private readonly batches: number,
    private readonly perCall = 1,
  ) {}
  preferredSteps() {
    return this.perCall;
  }
  startEpoch() {
    this.epoch = 0;
    return this.batches;
  }
  run(_first: number, count: number) {
    for (let i = 0; i < count; i++) {
      const l = this.loss(this.steps++);
      this.window += l;
      this.epoch += l;
    }
  }
  async readWindowLoss() {
    this.reads++;
    const w = this.window;
    this.window = 0;
    return w;
  }
  async readEpochLoss() {
    return this.epoch;
  }
  endEpoch() {}
  snapshot(): EngineSnapshot {
    const at = this.steps;
    this.snapshots.push(at);
    this.live++;
    return {
      restore: async () => {
        this.steps = at;
        this.restoredTo = at;
      },
      release: () => {
        this.live--;
      },
    };
  }
  readonly rule = CHAPTER_RULE;
  optimizerState() {
    return null;
  }
  batchAt() {
    return null;
  }
  lastW1Update() {
    return null;
  }
  dispose() {}
}

const quietHooks = (extra: Partial<LoopHooks> = {}): LoopHooks => ({
  onProgress: () => undefined,
  onEpoch: () => undefined,
  yieldToHost: () => Promise.resolve(),
  ...extra,
});

describe('the loop driver', () => {
  it('rolls back to the snapshot confirmed by a finite window, never to the one taken just before the NaN', async () => {
    // Steps 0-9 finite; step 10 overflows. With a read after every step (Step grants while paused),
    // the snapshot taken after step 9 is still unconfirmed when step 10's window reads NaN.
    const engine = new ScriptedEngine((step) => (step < 10 ? 0.2 : NaN), 100);
    const control = new RunControl(1);
    control.pause();
    const progress: LoopProgress[] = [];
    const outcome = await runLoop(
      engine,
      { epochs: 1, batchSize: 8 },
      control,
      quietHooks({ onPaused: () => control.step(), onProgress: (p) => progress.push(p) }),
    );
    expect(outcome).toEqual({ kind: 'diverged', epoch: 0, batch: 11, loss: NaN });
    // snapshots: the start (0), then after each finite read (1 … 10)
    expect(engine.snapshots).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(engine.restoredTo).toBe(9); // confirmed by the window of step 10 (steps 9→10 finite); 10 was pending
    expect(progress).toHaveLength(10);
    expect(engine.live).toBe(0); // every snapshot released
  });

  it('reads the loss back in windows, not per step: after the first batch and the last', async () => {
    const engine = new ScriptedEngine(() => 0.1, 500);
    const reads: number[] = [];
    const outcome = await runLoop(
      engine,
      { epochs: 1, batchSize: 8 },
      new RunControl(1),
      quietHooks({ onProgress: (p) => reads.push(p.batch) }),
    );
    expect(outcome).toEqual({ kind: 'finished' });
    // Scripted steps take microseconds: only the first and the last batch fall due.
    expect(reads).toEqual([1, 500]);
    expect(engine.reads).toBe(2);
  });

  it('runs as many steps per call as the engine prefers, and exactly one for Step', async () => {
    const engine = new ScriptedEngine(() => 0.1, 50, 8);
    const control = new RunControl(1);
    const stepped: number[] = [];
    let pauses = 0;
    const outcome = await runLoop(
      engine,
      { epochs: 1, batchSize: 8 },
      control,
      quietHooks({
        onProgress: (p) => p.batch === 8 && control.pause(), // the first call ran 8 steps
        onPaused: () => (++pauses <= 2 ? control.step() : control.resume()),
        onStepped: (_loss, at) => stepped.push(at.batch),
      }),
    );
    expect(outcome).toEqual({ kind: 'finished' });
    expect(stepped).toEqual([9, 10]);
    expect(engine.steps).toBe(50);
  });
});

describe('the TF.js engine under the driver', () => {
  it('with Adam, a divergence rolls the optimiser state back with the weights (the confirmed snapshot, two reads before the NaN)', async () => {
    const arch = { hidden1: 6, hidden2: 5 };
    const params = createParams(arch, initialValues(arch, 3));
    const rng = createRng(41);
    const x = tf.tensor2d(
      Float32Array.from({ length: 8 * 784 }, () => rng.next()),
      [8, 784],
    );
    const oneHot = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32'), 10).toFloat() as tf.Tensor2D;
    const source: BatchSource = {
      startEpoch: () => 200,
      batch: () => ({ x: x.clone(), oneHot: oneHot.clone() }),
      endEpoch: () => undefined,
    };
    const engine = new TfjsEngine(params, source, 'manual', { activation: 'relu', optimizer: 'adam', weightDecay: 0 });
    const control = new RunControl(3e3);
    control.pause(); // a read after every step
    const outcome = await runLoop(engine, { epochs: 1, batchSize: 8 }, control, quietHooks({ onPaused: () => control.step() }));
    expect(outcome.kind).toBe('diverged');
    if (outcome.kind !== 'diverged') return;
    const state = engine.optimizerState()!;
    expect(state.t).toBe(outcome.batch - 2);
    for (const name of PARAM_NAMES) {
      for (const slot of state.slots[name]) expect((await slot.data()).every(Number.isFinite), name).toBe(true);
      expect((await params[name].data()).every(Number.isFinite), name).toBe(true);
    }
    engine.dispose();
    tf.dispose([x, oneHot]);
    disposeParams(params);
  });

  it('diverges at lr 1e4 and rolls back to finite weights, freeing snapshots and sums', async () => {
    const arch = { hidden1: 6, hidden2: 5 };
    const values = initialValues(arch, 31);
    for (const name of PARAM_NAMES) values[name] = values[name].map((v) => v * 10);
    const params = createParams(arch, values);
    const rng = createRng(40);
    const x = tf.tensor2d(
      Float32Array.from({ length: 8 * 784 }, () => rng.next()),
      [8, 784],
    );
    const oneHot = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32'), 10).toFloat() as tf.Tensor2D;
    const source: BatchSource = {
      startEpoch: () => 40,
      batch: () => ({ x: x.clone(), oneHot: oneHot.clone() }),
      endEpoch: () => undefined,
    };
    const before = tf.memory().numTensors;
    const engine = new TfjsEngine(params, source, 'manual');
    const control = new RunControl(1e4);
    control.pause(); // one read per step: the driver's rule is then exercised at every step
    const outcome = await runLoop(engine, { epochs: 1, batchSize: 8 }, control, quietHooks({ onPaused: () => control.step() }));
    engine.dispose();
    expect(outcome.kind).toBe('diverged');
    const restored = await readParams(params);
    for (const name of PARAM_NAMES) expect(restored[name].every(Number.isFinite), name).toBe(true);
    const loss = tf.tidy(() => sgdStep(params, x, oneHot, tf.scalar(0), 'manual'));
    expect(Number.isFinite((await loss.data())[0])).toBe(true);
    loss.dispose();
    expect(tf.memory().numTensors).toBe(before); // snapshots, sums, rate and W1 copy all freed
    tf.dispose([x, oneHot]);
    disposeParams(params);
  });
});
