import * as tf from '@tensorflow/tfjs';
import { allRows, fusedData } from '../data/batches';
import { runLoop } from '../model/driver';
import { FusedEngine } from '../model/fused/fusedEngine';
import { disposeParams, initParams, NUM_FEATURES, NUM_LABELS, type Architecture } from '../model/network';
import { createRng } from '../model/random';
import { RunControl } from '../model/runControl';
import { sgdStep, type GradientMode } from '../model/sgd';

/**
 * Median ms per training step of the run's network on the active backend, after a warm-up
 * (shader compilation, first allocation). Random inputs: the cost does not depend on the values.
 */
export async function timeTrainingStep(arch: Architecture, batchSize: number, gradients: GradientMode, budgetMs = 400): Promise<number> {
  if (gradients === 'fused') {
    if (tf.getBackend() === 'webgpu') return timeFusedStep(arch, batchSize);
    gradients = 'manual'; // what a 'fused' run does off WebGPU
  }
  const rng = createRng(1);
  const params = initParams(arch, 1);
  const x = tf.tensor2d(
    Float32Array.from({ length: batchSize * NUM_FEATURES }, () => rng.next()),
    [batchSize, NUM_FEATURES],
  );
  const oneHot = tf.tidy(() =>
    tf
      .oneHot(
        tf.tensor1d(
          Int32Array.from({ length: batchSize }, () => Math.floor(rng.next() * 10)),
          'int32',
        ),
        NUM_LABELS,
      )
      .toFloat(),
  ) as tf.Tensor2D;
  const lr = tf.scalar(0.01);
  const step = () => sgdStep(params, x, oneHot, lr, gradients);
  try {
    for (let i = 0; i < 3; i++) {
      const loss = step();
      await loss.data();
      loss.dispose();
    }
    const samples: number[] = [];
    const start = performance.now();
    while (samples.length < 5 || (performance.now() - start < budgetMs && samples.length < 50)) {
      // groups of 5 steps with one read-back, as training reads back rarely too
      const t0 = performance.now();
      for (let i = 0; i < 4; i++) step().dispose();
      const loss = step();
      await loss.data();
      loss.dispose();
      samples.push((performance.now() - t0) / 5);
    }
    samples.sort((a, b) => a - b);
    return samples[Math.floor(samples.length / 2)];
  } finally {
    disposeParams(params);
    tf.dispose([x, oneHot, lr]);
  }
}

/** Median ms per step of the fused WGSL loop on random data (the second of two short epochs). */
async function timeFusedStep(arch: Architecture, batchSize: number): Promise<number> {
  const rng = createRng(2);
  const count = batchSize * 64;
  const split = {
    count,
    pixels: Uint8Array.from({ length: count * NUM_FEATURES }, () => Math.floor(rng.next() * 256)),
    labels: Uint8Array.from({ length: count }, () => Math.floor(rng.next() * 10)),
  };
  const data = fusedData(split, allRows(split), 1);
  const params = initParams(arch, 1);
  const samples: number[] = [];
  let engine: FusedEngine | null = null;
  try {
    engine = await FusedEngine.create(params, data, batchSize);
    await runLoop(engine, { epochs: 2, batchSize }, new RunControl(0.01), {
      onProgress: (p) => p.epoch === 1 && samples.push(p.msPerStep),
      onEpoch: () => undefined,
      yieldToHost: () => Promise.resolve(),
    });
  } finally {
    engine?.dispose();
    disposeParams(params);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}
