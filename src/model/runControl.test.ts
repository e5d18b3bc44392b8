import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { placeSplit, subsetIndices } from '../data/batches';
import { readIdxSplit } from '../data/mnistFiles.test-helper';
import { disposeParams, initParams, readParams } from './network';
import { RunControl } from './runControl';
import { runLoop, type EpochResult, type LoopHooks, type LoopPosition, type RateChange } from './driver';
import { TfjsEngine } from './tfjsEngine';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('RunControl, the loop state machine', () => {
  it('answers run without waiting, waits while paused, grants single steps, resumes and stops', async () => {
    const control = new RunControl(0.1);
    expect(control.poll()).toBe('run');
    control.step(); // ignored when not paused
    expect(control.poll()).toBe('run');
    control.pause();
    expect(control.poll()).toBe('wait');
    control.step();
    control.step();
    expect(control.poll()).toBe('step');
    expect(control.poll()).toBe('step');
    expect(control.poll()).toBe('wait');
    const waiting = control.waitForPermission();
    control.resume();
    await expect(waiting).resolves.toBe('run');
    control.pause();
    const stopped = control.waitForPermission();
    control.stop();
    await expect(stopped).resolves.toBe('stop');
  });

  it('takes a new learning rate only when it is a positive number', () => {
    const control = new RunControl(0.1);
    control.setLearningRate(3);
    control.setLearningRate(Number.NaN);
    control.setLearningRate(-1);
    control.setLearningRate(0);
    expect(control.learningRate).toBe(3);
  });
});

/** Runs the chapter's loop on 640 real MNIST images (20 batches of 32 per epoch), with a script acting on the control. */
async function runScripted(script: (control: RunControl, events: string[]) => Partial<LoopHooks>) {
  const train = readIdxSplit('train');
  const set = placeSplit(train, subsetIndices(train.count, 640, 3), 'cpu');
  const params = initParams({ hidden1: 20, hidden2: 10 }, 3);
  const control = new RunControl(2);
  const events: string[] = [];
  const epochs: EpochResult[] = [];
  const hooks: LoopHooks = {
    onProgress: () => undefined,
    onEpoch: (e) => {
      epochs.push(e);
    },
    yieldToHost: () => new Promise((resolve) => setTimeout(resolve, 0)),
    ...script(control, events),
  };
  const engine = new TfjsEngine(params, set.batches(32, 3), 'manual');
  const outcome = await runLoop(engine, { epochs: 2, batchSize: 32 }, control, hooks);
  engine.dispose();
  const weights = await readParams(params);
  disposeParams(params);
  set.dispose();
  return { outcome, losses: epochs.map((e) => e.loss), weights, events, numTensors: epochs.map((e) => e.numTensors) };
}

describe('pause, step and resume at the loop level', () => {
  it('a run paused, stepped three times and resumed gives the same epoch losses and weights as the run left alone', async () => {
    const alone = await runScripted(() => ({}));
    const paused = await runScripted((control, events) => {
      let stepped = 0;
      let pausedOnce = false;
      return {
        onProgress: (p) => {
          if (!pausedOnce && p.epoch === 0 && p.batch < p.batches - 4) {
            pausedOnce = true;
            control.pause();
          }
        },
        onPaused: (at: LoopPosition) => {
          events.push(`paused ${at.epoch}:${at.batch}`);
          setTimeout(() => (stepped < 3 ? (stepped++, control.step()) : control.resume()), 1);
        },
        onStepped: (loss: number, at: LoopPosition) => events.push(`stepped ${at.epoch}:${at.batch} ${loss > 0 && Number.isFinite(loss)}`),
      };
    });
    expect(paused.outcome).toEqual({ kind: 'finished' });
    expect(paused.events[0]).toMatch(/^paused 0:\d+$/);
    const at = Number(paused.events[0].split(':')[1]);
    // three single batches, each reported with its own finite loss, each followed by a wait at the next position
    expect(paused.events.slice(1)).toEqual([
      `stepped 0:${at + 1} true`,
      `paused 0:${at + 1}`,
      `stepped 0:${at + 2} true`,
      `paused 0:${at + 2}`,
      `stepped 0:${at + 3} true`,
      `paused 0:${at + 3}`,
    ]);
    expect(paused.losses).toEqual(alone.losses); // to the last digit
    expect(paused.weights.w1).toEqual(alone.weights.w1);
    expect(new Set(paused.numTensors).size).toBe(1);
  });

  it('a stop while paused ends the run at the paused position', async () => {
    let pausedAt: LoopPosition | null = null;
    let steps = 0;
    const run = await runScripted((control) => ({
      onProgress: (p) => p.epoch === 0 && p.batch === 1 && control.pause(), // the first read-back: after batch 1
      onPaused: (at: LoopPosition) => {
        pausedAt = at;
        setTimeout(() => (++steps <= 4 ? control.step() : control.stop()), 1);
      },
    }));
    expect(pausedAt).toEqual({ epoch: 0, batch: 5, batches: 20 }); // paused after batch 1, then four single steps
    expect(run.outcome).toEqual({ kind: 'stopped', epoch: 0, batch: 5 });
    expect(run.losses).toEqual([]);
  });

  it('a learning rate changed mid-run applies from the next batch, is reported where it took effect, and changes the course', async () => {
    const alone = await runScripted(() => ({}));
    const changes: RateChange[] = [];
    const changed = await runScripted((control) => ({
      // the first read-back of epoch 2 comes after its first batch
      onProgress: (p) => p.epoch === 1 && control.learningRate === 2 && control.setLearningRate(0.01),
      onRateChange: (c: RateChange) => changes.push(c),
    }));
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ epoch: 1, batch: 1, batches: 20, learningRate: 0.01 });
    expect(changed.losses[0]).toBe(alone.losses[0]); // epoch 1 untouched
    expect(changed.losses[1]).not.toBe(alone.losses[1]);
  });
});
