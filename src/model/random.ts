/**
 * Seeded random numbers for everything that must repeat from a seed: initial weights, the
 * training subset, the shuffle of each epoch. Written here rather than taken from tf.random*
 * because we need the same numbers on every backend and in plain JS (shuffles, subsets).
 */

/** A generator of uniform floats in [0, 1). */
export interface Rng {
  next(): number;
}

/** mulberry32: a small, fast 32-bit generator, good enough for shuffles and initialisation. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  return {
    next() {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

/** Derives an independent stream for one purpose (weights, subset, epoch k) from the run's seed. */
export function deriveRng(seed: number, stream: number): Rng {
  // splitmix-style scramble so that neighbouring (seed, stream) pairs give unrelated streams
  let z = (Math.imul(seed >>> 0, 0x9e3779b1) + Math.imul(stream + 1, 0x85ebca77)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x7feb352d) >>> 0;
  z = Math.imul(z ^ (z >>> 15), 0x846ca68b) >>> 0;
  return createRng((z ^ (z >>> 16)) >>> 0);
}

/** `count` samples of Normal(mean, std) by Box–Muller, as torch.normal draws the chapter's weights. */
export function normalArray(rng: Rng, count: number, mean: number, std: number): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i += 2) {
    const u1 = 1 - rng.next(); // (0, 1]: log stays finite
    const u2 = rng.next();
    const r = Math.sqrt(-2 * Math.log(u1));
    out[i] = mean + std * r * Math.cos(2 * Math.PI * u2);
    if (i + 1 < count) out[i + 1] = mean + std * r * Math.sin(2 * Math.PI * u2);
  }
  return out;
}

/** A uniformly random permutation of 0..n-1 (Fisher–Yates), as DataLoader(shuffle=True) draws each epoch. */
export function permutation(rng: Rng, n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    const t = out[i];
    out[i] = out[j];
    out[j] = t;
  }
  return out;
}
