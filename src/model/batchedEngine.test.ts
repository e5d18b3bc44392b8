import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { placeSplit, subsetIndices } from '../data/batches';
import { readIdxSplit } from '../data/mnistFiles.test-helper';
import { BatchedCore, batchedStep } from './batchedEngine';
import { runLoop, type EpochResult } from './driver';
import { createParams, disposeParams, initialValues, PARAM_NAMES, readParams, type Params } from './network';
import { RunControl } from './runControl';
import { sgdStep } from './sgd';
import { randomBatch } from './testNetwork.test-helper';
import { TfjsEngine } from './tfjsEngine';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const ARCH = { hidden1: 12, hidden2: 7 };

/** A random batch of `size` images from a seed (the model tests' one helper). */
const batch = (seed: number, size = 8) => randomBatch(size, seed);

describe('the batched step of several variants', () => {
  for (const activation of ['sigmoid', 'relu'] as const) {
    it(`(${activation}) gives each of 3 variants exactly its own step: the same loss and weights as stepping it alone`, async () => {
      const rates = activation === 'relu' ? [0.05, 0.2, 0.5] : [0.1, 3, 10]; // all finite over 5 steps
      const seeds = [0, 1, 2];
      const batched: Params[] = seeds.map((s) => createParams(ARCH, initialValues(ARCH, s, activation === 'relu' ? 'he' : 'normal')));
      const alone: Params[] = seeds.map((s) => createParams(ARCH, initialValues(ARCH, s, activation === 'relu' ? 'he' : 'normal')));
      for (let step = 0; step < 5; step++) {
        const data = seeds.map((s) => batch(100 * s + step));
        const losses = await tf
          .tidy(() =>
            batchedStep(
              batched.map((params, k) => ({ params, x: data[k].x, oneHot: data[k].oneHot, rate: rates[k] })),
              activation,
            ),
          )
          .data();
        for (let k = 0; k < 3; k++) {
          const lr = tf.scalar(rates[k]);
          const loss = sgdStep(alone[k], data[k].x, data[k].oneHot, lr, 'manual', activation);
          expect(Math.abs(losses[k] - (await loss.data())[0]), `variant ${k} step ${step}`).toBeLessThan(1e-6);
          tf.dispose([loss, lr]);
        }
        data.forEach((d) => tf.dispose([d.x, d.oneHot]));
      }
      for (let k = 0; k < 3; k++) {
        const [a, b] = await Promise.all([readParams(batched[k]), readParams(alone[k])]);
        for (const name of PARAM_NAMES) {
          let worst = 0;
          for (let i = 0; i < a[name].length; i++) worst = Math.max(worst, Math.abs(a[name][i] - b[name][i]));
          expect(worst, `variant ${k} ${name}`).toBeLessThan(1e-5);
        }
      }
      [...batched, ...alone].forEach(disposeParams);
    });
  }
});

describe('variants meeting in a BatchedCore, each driven by its own loop', () => {
  it('print the epoch losses each prints alone (3 learning rates, real MNIST), and keep the tensor count flat', async () => {
    const train = readIdxSplit('train');
    const rates = [0.5, 2, 5];
    const epochsOf = async (make: (params: Params, i: number) => { engine: import('./engine').StepEngine }) => {
      const out: EpochResult[][] = [];
      await Promise.all(
        rates.map(async (rate, i) => {
          const set = placeSplit(train, subsetIndices(train.count, 640, i), 'cpu');
          const params = createParams({ hidden1: 20, hidden2: 10 }, initialValues({ hidden1: 20, hidden2: 10 }, i));
          const { engine } = make(params, i);
          const epochs: EpochResult[] = [];
          await runLoop(engine, { epochs: 2, batchSize: 32 }, new RunControl(rate), {
            onProgress: () => undefined,
            onEpoch: (e) => {
              epochs.push(e);
            },
            yieldToHost: () => new Promise((resolve) => setTimeout(resolve, 0)),
          });
          engine.dispose();
          disposeParams(params);
          set.dispose();
          out[i] = epochs;
        }),
      );
      return out;
    };
    const sets = rates.map((_, i) => placeSplit(train, subsetIndices(train.count, 640, i), 'cpu'));
    const alone = await epochsOf((params, i) => ({ engine: new TfjsEngine(params, sets[i].batches(32, i), 'manual') }));
    const core = new BatchedCore('sigmoid');
    const before = tf.memory().numTensors;
    const together = await epochsOf((params, i) => ({ engine: core.member(params, sets[i].batches(32, i)) }));
    expect(tf.memory().numTensors).toBe(before);
    for (let i = 0; i < rates.length; i++) {
      expect(together[i].map((e) => e.loss).length).toBe(2);
      together[i].forEach((e, epoch) => expect(Math.abs(e.loss - alone[i][epoch].loss)).toBeLessThan(1e-6));
    }
    // They did meet: most batched calls carried all three variants.
    expect(core.stats.variantSteps).toBe(3 * 2 * 20);
    expect(core.stats.calls).toBeLessThan(2 * 20 * 2);
    sets.forEach((s) => s.dispose());
  });
});
