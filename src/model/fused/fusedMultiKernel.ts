import { FUSED_COMMON_WGSL } from './fusedKernel';

/**
 * The same SGD step as fusedKernel.ts, spread over the whole GPU for large batches and layers:
 * five dispatches per step, because WGSL has no barrier across workgroups and each phase needs
 * all of the one before (WebGPU makes a dispatch's storage writes visible to the next one).
 *   forward1 : a1 = sigmoid(x W1 + b1)              B·H1 invocations
 *   forward2 : a2 = sigmoid(a1 W2 + b2)             B·H2 invocations
 *   head     : logits, softmax, loss, dz3, dz2,      one workgroup (10 outputs: small)
 *              then W3 and b3 updated
 *   backward1: dz1 = (dz2 W2ᵀ) · a1 (1 - a1)         B·H1 invocations, before W2 changes
 *   update   : W2, b2, W1, b1 -= their gradients     one invocation per parameter
 * Every sum runs in the same order as in the single-workgroup kernel, so both give the same numbers.
 * Each step reads its index from `u.firstStep` (a dynamic uniform offset per step).
 */
export const MULTI_WORKGROUP_SIZE = 64;
export const HEAD_WORKGROUP_SIZE = 256;

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
var<workgroup> partial : array<f32, ${HEAD_WORKGROUP_SIZE}>;

@compute @workgroup_size(${MULTI_WORKGROUP_SIZE})
fn forward1(@builtin(global_invocation_id) g : vec3<u32>) {
  let l = offsets();
  let i = g.x;
  if (i >= u.batch * u.h1) { return; }
  let b = i / u.h1;
  let j = i % u.h1;
  let row = order[u.firstStep * u.batch + b];
  var acc = params[l.b1 + j];
  for (var k = 0u; k < IN; k++) {
    acc += pixel(row, k) * params[l.w1 + k * u.h1 + j];
  }
  scratch[l.a1 + i] = sigmoid(acc);
}

@compute @workgroup_size(${MULTI_WORKGROUP_SIZE})
fn forward2(@builtin(global_invocation_id) g : vec3<u32>) {
  let l = offsets();
  let i = g.x;
  if (i >= u.batch * u.h2) { return; }
  let b = i / u.h2;
  let j = i % u.h2;
  var acc = params[l.b2 + j];
  for (var k = 0u; k < u.h1; k++) {
    acc += scratch[l.a1 + b * u.h1 + k] * params[l.w2 + k * u.h2 + j];
  }
  scratch[l.a2 + i] = sigmoid(acc);
}

@compute @workgroup_size(${HEAD_WORKGROUP_SIZE})
fn head(@builtin(local_invocation_index) t : u32) {
  let l = offsets();
  let B = u.batch;
  let H2 = u.h2;
  let WGH = ${HEAD_WORKGROUP_SIZE}u;
  let base = u.firstStep * B;
  for (var i = t; i < B * OUT; i += WGH) {
    let b = i / OUT;
    let j = i % OUT;
    var acc = params[l.b3 + j];
    for (var k = 0u; k < H2; k++) {
      acc += scratch[l.a2 + b * H2 + k] * params[l.w3 + k * OUT + j];
    }
    scratch[l.p + i] = acc;
  }
  sync();
  // the chapter's naive softmax, the loss -log p[label], dz3 = (p - onehot) * lr / (B * 10)
  partial[t] = 0.0;
  for (var b = t; b < B; b += WGH) {
    var total = 0.0;
    for (var j = 0u; j < OUT; j++) {
      total += exp(scratch[l.p + b * OUT + j]);
    }
    let label = labels[order[base + b]];
    for (var j = 0u; j < OUT; j++) {
      let p = exp(scratch[l.p + b * OUT + j]) / total;
      var y = 0.0;
      if (j == label) {
        y = 1.0;
        partial[t] -= log(p);
      }
      scratch[l.d3 + b * OUT + j] = (p - y) * u.gradScale;
    }
  }
  workgroupBarrier();
  if (t == 0u) {
    var total = 0.0;
    for (var i = 0u; i < WGH; i++) {
      total += partial[i];
    }
    lossSum[0] += total / f32(B * OUT);
    lossSum[1] += total / f32(B * OUT);
  }
  sync();
  // dz2 = (dz3 W3^T) * a2 (1 - a2), from the old W3
  for (var i = t; i < B * H2; i += WGH) {
    let b = i / H2;
    let k = i % H2;
    var acc = 0.0;
    for (var j = 0u; j < OUT; j++) {
      acc += scratch[l.d3 + b * OUT + j] * params[l.w3 + k * OUT + j];
    }
    let a = scratch[l.a2 + i];
    scratch[l.d2 + i] = acc * a * (1.0 - a);
  }
  sync();
  for (var i = t; i < H2 * OUT; i += WGH) {
    let k = i / OUT;
    let j = i % OUT;
    var acc = 0.0;
    for (var b = 0u; b < B; b++) {
      acc += scratch[l.a2 + b * H2 + k] * scratch[l.d3 + b * OUT + j];
    }
    params[l.w3 + i] -= acc;
  }
  for (var j = t; j < OUT; j += WGH) {
    var acc = 0.0;
    for (var b = 0u; b < B; b++) {
      acc += scratch[l.d3 + b * OUT + j];
    }
    params[l.b3 + j] -= acc;
  }
}

@compute @workgroup_size(${MULTI_WORKGROUP_SIZE})
fn backward1(@builtin(global_invocation_id) g : vec3<u32>) {
  let l = offsets();
  let i = g.x;
  if (i >= u.batch * u.h1) { return; }
  let b = i / u.h1;
  let k = i % u.h1;
  var acc = 0.0;
  for (var j = 0u; j < u.h2; j++) {
    acc += scratch[l.d2 + b * u.h2 + j] * params[l.w2 + k * u.h2 + j];
  }
  let a = scratch[l.a1 + i];
  scratch[l.d1 + i] = acc * a * (1.0 - a);
}

@compute @workgroup_size(${MULTI_WORKGROUP_SIZE})
fn update(@builtin(global_invocation_id) g : vec3<u32>) {
  let l = offsets();
  let B = u.batch;
  let H1 = u.h1;
  let H2 = u.h2;
  var i = g.x;
  if (i < H1 * H2) {
    let k = i / H2;
    let j = i % H2;
    var acc = 0.0;
    for (var b = 0u; b < B; b++) {
      acc += scratch[l.a1 + b * H1 + k] * scratch[l.d2 + b * H2 + j];
    }
    params[l.w2 + i] -= acc;
    return;
  }
  i -= H1 * H2;
  if (i < H2) {
    var acc = 0.0;
    for (var b = 0u; b < B; b++) {
      acc += scratch[l.d2 + b * H2 + i];
    }
    params[l.b2 + i] -= acc;
    return;
  }
  i -= H2;
  let base = u.firstStep * B;
  if (i < IN * H1) {
    let k = i / H1;
    let j = i % H1;
    var acc = 0.0;
    for (var b = 0u; b < B; b++) {
      acc += pixel(order[base + b], k) * scratch[l.d1 + b * H1 + j];
    }
    params[l.w1 + i] -= acc;
    return;
  }
  i -= IN * H1;
  if (i < H1) {
    var acc = 0.0;
    for (var b = 0u; b < B; b++) {
      acc += scratch[l.d1 + b * H1 + i];
    }
    params[l.b1 + i] -= acc;
  }
}
`;
