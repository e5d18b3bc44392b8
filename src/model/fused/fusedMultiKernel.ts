import { FUSED_COMMON_WGSL, WORKGROUP_SIZE } from './fusedKernel';

/**
 * The same SGD step as fusedKernel.ts, spread over the whole GPU for large batches and layers:
 * five dispatches per step, because WGSL has no barrier across workgroups and each phase needs
 * all of the one before (WebGPU makes a dispatch's storage writes visible to the next one).
 *   forward1 : a1 = act(x W1 + b1)                  B·H1 invocations
 *   forward2 : a2 = act(a1 W2 + b2)                 B·H2 invocations
 *   head     : logits, softmax, loss, dz3, dz2,      one workgroup (10 outputs: small)
 *              then W3 and b3 updated
 *   backward1: dz1 = (dz2 W2ᵀ) · slope(a1)          B·H1 invocations, before W2 changes
 *   update   : W2, b2, W1, b1 -= their gradients     one invocation per parameter
 * Each phase calls the same per-output functions as the single-workgroup kernel (FUSED_COMMON_WGSL),
 * so every sum runs in the same order and both give the same numbers.
 * Each step reads its index from `u.firstStep` (a dynamic uniform offset per step).
 */
export const MULTI_WORKGROUP_SIZE = 64;
/** The head runs as one workgroup of the same size as the single kernel's (softmaxLoss sums over it). */
export const HEAD_WORKGROUP_SIZE = WORKGROUP_SIZE;

/** Batch × first hidden layer from which the multi-workgroup kernels are used (e.g. batch 128 with H1 128). */
export const MULTI_WORKGROUP_THRESHOLD = 16384;

export const MULTI_ENTRY_POINTS = ['forward1', 'forward2', 'head', 'backward1', 'update'] as const;

/** Invocations each entry point needs for one step. */
export function invocations(entry: (typeof MULTI_ENTRY_POINTS)[number], batch: number, h1: number, h2: number): number {
  switch (entry) {
    case 'forward1':
    case 'backward1':
      return batch * h1;
    case 'forward2':
      return batch * h2;
    case 'head':
      return HEAD_WORKGROUP_SIZE;
    case 'update':
      return h1 * h2 + h2 + 784 * h1 + h1;
  }
}

export const FUSED_MULTI_WGSL = /* wgsl */ `
${FUSED_COMMON_WGSL}

@compute @workgroup_size(${MULTI_WORKGROUP_SIZE})
fn forward1(@builtin(global_invocation_id) g : vec3<u32>) {
  let l = offsets();
  if (g.x < u.batch * u.h1) {
    scratch[l.a1 + g.x] = layer1(l, g.x, u.firstStep * u.batch);
  }
}

@compute @workgroup_size(${MULTI_WORKGROUP_SIZE})
fn forward2(@builtin(global_invocation_id) g : vec3<u32>) {
  let l = offsets();
  if (g.x < u.batch * u.h2) {
    scratch[l.a2 + g.x] = layer2(l, g.x);
  }
}

@compute @workgroup_size(${HEAD_WORKGROUP_SIZE})
fn head(@builtin(local_invocation_index) t : u32) {
  let l = offsets();
  let B = u.batch;
  for (var i = t; i < B * OUT; i += WG) {
    scratch[l.p + i] = logit(l, i);
  }
  sync();
  softmaxLoss(l, t, u.firstStep * B);
  sync();
  for (var i = t; i < B * u.h2; i += WG) {
    scratch[l.d2 + i] = dz2(l, i); // from the old W3
  }
  sync();
  for (var i = t; i < u.h2 * OUT; i += WG) {
    params[l.w3 + i] -= weightGrad(i, OUT, l.a2, u.h2, l.d3, false, 0u);
  }
  for (var j = t; j < OUT; j += WG) {
    params[l.b3 + j] -= biasGrad(j, OUT, l.d3);
  }
}

@compute @workgroup_size(${MULTI_WORKGROUP_SIZE})
fn backward1(@builtin(global_invocation_id) g : vec3<u32>) {
  let l = offsets();
  if (g.x < u.batch * u.h1) {
    scratch[l.d1 + g.x] = dz1(l, g.x);
  }
}

// W2, b2, W1, b1 in one dispatch: one invocation per parameter, in that order.
@compute @workgroup_size(${MULTI_WORKGROUP_SIZE})
fn update(@builtin(global_invocation_id) g : vec3<u32>) {
  let l = offsets();
  let H1 = u.h1;
  let H2 = u.h2;
  var i = g.x;
  if (i < H1 * H2) {
    params[l.w2 + i] -= weightGrad(i, H2, l.a1, H1, l.d2, false, 0u);
    return;
  }
  i -= H1 * H2;
  if (i < H2) {
    params[l.b2 + i] -= biasGrad(i, H2, l.d2);
    return;
  }
  i -= H2;
  if (i < IN * H1) {
    params[l.w1 + i] -= weightGrad(i, H1, 0u, IN, l.d1, true, u.firstStep * u.batch);
    return;
  }
  i -= IN * H1;
  if (i < H1) {
    params[l.b1 + i] -= biasGrad(i, H1, l.d1);
  }
}
`;
