/**
 * One SGD step of the chapter's network in a single WGSL workgroup, repeated `steps` times per
 * dispatch: forward (the hidden activation twice, the chapter's naive softmax), the chapter's loss, the
 * hand-derived backward pass (see ../sgd.ts) and `W -= lr * grad`, with barriers between phases.
 * TF.js would dispatch ~50 kernels per step; this dispatches one per many steps. One workgroup
 * means one compute unit: simple and exact, right for small batches; fusedMultiKernel.ts spreads
 * large batches and layers over the whole GPU.
 *
 * Layouts match ../network.ts: weights (in, out) row-major, packed W1 b1 W2 b2 W3 b3 in `params`.
 * Images are the MNIST bytes packed four to a u32 (little-endian), 196 words per image.
 */
export const WORKGROUP_SIZE = 256;

/** Bindings, uniforms and helpers shared by the single- and multi-workgroup kernels. */
export const FUSED_COMMON_WGSL = /* wgsl */ `
struct Uniforms {
  firstStep : u32,
  steps : u32,
  batch : u32,
  h1 : u32,
  h2 : u32,
  gradScale : f32, // lr / (batch * 10): the chapter's mean over batch and classes, lr folded in
  pad0 : u32,
  activation : u32, // 0 sigmoid (the chapter's), 1 tanh, 2 ReLU
};

@group(0) @binding(0) var<uniform> u : Uniforms;
@group(0) @binding(1) var<storage, read_write> params : array<f32>;
@group(0) @binding(2) var<storage, read> images : array<u32>;
@group(0) @binding(3) var<storage, read> labels : array<u32>;
@group(0) @binding(4) var<storage, read> order : array<u32>;
@group(0) @binding(5) var<storage, read_write> scratch : array<f32>;
@group(0) @binding(6) var<storage, read_write> lossSum : array<f32>;

const WG : u32 = ${WORKGROUP_SIZE}u;
// The largest z with a finite float32 exp(z).
const MAX_EXP_ARG : f32 = 88.72283;
const IN : u32 = 784u;
const OUT : u32 = 10u;

fn pixel(row : u32, k : u32) -> f32 {
  let word = images[row * 196u + k / 4u];
  return f32((word >> ((k % 4u) * 8u)) & 255u) / 255.0;
}

fn sigmoid(z : f32) -> f32 {
  return 1.0 / (1.0 + exp(-z));
}

// The hidden layers' activation, and its slope written from the output (as the TF.js hand-derived
// backward pass in ../sgd.ts: sigmoid a(1 - a), tanh 1 - a², ReLU 1 where a > 0).
fn activate(z : f32) -> f32 {
  switch u.activation {
    case 1u: { return tanh(z); }
    case 2u: { return max(z, 0.0); }
    default: { return sigmoid(z); }
  }
}

fn slope(a : f32) -> f32 {
  switch u.activation {
    case 1u: { return 1.0 - a * a; }
    case 2u: { return select(0.0, 1.0, a > 0.0); }
    default: { return a * (1.0 - a); }
  }
}

fn sync() {
  storageBarrier();
  workgroupBarrier();
}

// Where each parameter and each activation lives in the packed buffers.
struct Layout {
  w1 : u32, b1 : u32, w2 : u32, b2 : u32, w3 : u32, b3 : u32,
  a1 : u32, a2 : u32, p : u32, d1 : u32, d2 : u32, d3 : u32,
};

fn offsets() -> Layout {
  let B = u.batch;
  let H1 = u.h1;
  let H2 = u.h2;
  var l : Layout;
  l.w1 = 0u;
  l.b1 = IN * H1;
  l.w2 = l.b1 + H1;
  l.b2 = l.w2 + H1 * H2;
  l.w3 = l.b2 + H2;
  l.b3 = l.w3 + H2 * OUT;
  l.a1 = 0u;
  l.a2 = l.a1 + B * H1;
  l.p = l.a2 + B * H2;
  l.d1 = l.p + B * OUT;
  l.d2 = l.d1 + B * H1;
  l.d3 = l.d2 + B * H2;
  return l;
}

// A workgroup-wide sum for the loss (the single kernel's workgroup and the multi kernel's head
// both have ${WORKGROUP_SIZE} invocations).
var<workgroup> partial : array<f32, ${WORKGROUP_SIZE}>;

// One output of each phase of a step. Both kernels call these, so every sum runs in the same
// order whichever kernel trains. base is the step's first position in order.

// a1[b, j] = activate(x[b] W1[:, j] + b1[j]), i = b * H1 + j
fn layer1(l : Layout, i : u32, base : u32) -> f32 {
  let j = i % u.h1;
  let row = order[base + i / u.h1];
  var acc = params[l.b1 + j];
  for (var k = 0u; k < IN; k++) {
    acc += pixel(row, k) * params[l.w1 + k * u.h1 + j];
  }
  return activate(acc);
}

// a2[b, j] = activate(a1[b] W2[:, j] + b2[j]), i = b * H2 + j
fn layer2(l : Layout, i : u32) -> f32 {
  let b = i / u.h2;
  let j = i % u.h2;
  var acc = params[l.b2 + j];
  for (var k = 0u; k < u.h1; k++) {
    acc += scratch[l.a1 + b * u.h1 + k] * params[l.w2 + k * u.h2 + j];
  }
  return activate(acc);
}

// logit[b, j] = a2[b] W3[:, j] + b3[j], i = b * 10 + j
fn logit(l : Layout, i : u32) -> f32 {
  let b = i / OUT;
  let j = i % OUT;
  var acc = params[l.b3 + j];
  for (var k = 0u; k < u.h2; k++) {
    acc += scratch[l.a2 + b * u.h2 + k] * params[l.w3 + k * OUT + j];
  }
  return acc;
}

// The chapter's naive softmax (no max subtraction: it overflows where the chapter's does), the
// loss -log p[label] per row, and dz3 = (p - onehot) * lr / (B * 10). Called by all WG invocations
// of one workgroup (t = its index), in uniform control flow.
fn softmaxLoss(l : Layout, t : u32, base : u32) {
  let B = u.batch;
  partial[t] = 0.0;
  for (var b = t; b < B; b += WG) {
    var total = 0.0;
    var overflow = false;
    for (var j = 0u; j < OUT; j++) {
      let z = scratch[l.p + b * OUT + j];
      overflow = overflow || !(z <= MAX_EXP_ARG);
      total += exp(z);
    }
    // WGSL leaves an overflowing exp undefined (SwiftShader returned finite values and a negative
    // loss): where IEEE's exp, and so the chapter's softmax in PyTorch, gives inf and then NaN, the
    // row's loss is made NaN explicitly, so that the loop sees the divergence and rolls back.
    if (overflow) {
      // A quiet NaN (a constant NaN is a shader-creation error in WGSL: pad0 is 0 at run time).
      partial[t] += bitcast<f32>(0x7fc00000u | u.pad0);
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
    for (var i = 0u; i < WG; i++) {
      total += partial[i];
    }
    // [0]: this dispatch's sum, for the live curve; [1]: the epoch's, step by step in a fixed
    // order, so that the printed epoch loss does not depend on how steps were split into dispatches
    lossSum[0] += total / f32(B * OUT);
    lossSum[1] += total / f32(B * OUT);
  }
}

// dz2[b, k] = (dz3[b] W3[k, :]^T) * slope(a2), i = b * H2 + k
fn dz2(l : Layout, i : u32) -> f32 {
  let b = i / u.h2;
  let k = i % u.h2;
  var acc = 0.0;
  for (var j = 0u; j < OUT; j++) {
    acc += scratch[l.d3 + b * OUT + j] * params[l.w3 + k * OUT + j];
  }
  let a = scratch[l.a2 + i];
  return acc * slope(a);
}

// dz1[b, k] = (dz2[b] W2[k, :]^T) * slope(a1), i = b * H1 + k
fn dz1(l : Layout, i : u32) -> f32 {
  let b = i / u.h1;
  let k = i % u.h1;
  var acc = 0.0;
  for (var j = 0u; j < u.h2; j++) {
    acc += scratch[l.d2 + b * u.h2 + j] * params[l.w2 + k * u.h2 + j];
  }
  let a = scratch[l.a1 + i];
  return acc * slope(a);
}

// A weight's gradient (lr folded in): sum over the batch of input[b, k] * dz[b, j], i = k * cols + j.
// The inputs are at an offset in scratch, or are the batch's pixels when fromPixels is set.
fn weightGrad(i : u32, cols : u32, inputs : u32, inputWidth : u32, dz : u32, fromPixels : bool, base : u32) -> f32 {
  let k = i / cols;
  let j = i % cols;
  var acc = 0.0;
  for (var b = 0u; b < u.batch; b++) {
    var x = 0.0;
    if (fromPixels) {
      x = pixel(order[base + b], k);
    } else {
      x = scratch[inputs + b * inputWidth + k];
    }
    acc += x * scratch[dz + b * cols + j];
  }
  return acc;
}

// A bias's gradient: sum over the batch of dz[b, j].
fn biasGrad(j : u32, cols : u32, dz : u32) -> f32 {
  var acc = 0.0;
  for (var b = 0u; b < u.batch; b++) {
    acc += scratch[dz + b * cols + j];
  }
  return acc;
}
`;

export const FUSED_SGD_WGSL = /* wgsl */ `
${FUSED_COMMON_WGSL}

@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(local_invocation_index) t : u32) {
  let l = offsets();
  let B = u.batch;
  let H1 = u.h1;
  let H2 = u.h2;
  for (var s = 0u; s < u.steps; s++) {
    let base = (u.firstStep + s) * B;
    for (var i = t; i < B * H1; i += WG) {
      scratch[l.a1 + i] = layer1(l, i, base);
    }
    sync();
    for (var i = t; i < B * H2; i += WG) {
      scratch[l.a2 + i] = layer2(l, i);
    }
    sync();
    for (var i = t; i < B * OUT; i += WG) {
      scratch[l.p + i] = logit(l, i);
    }
    sync();
    softmaxLoss(l, t, base);
    sync();
    for (var i = t; i < B * H2; i += WG) {
      scratch[l.d2 + i] = dz2(l, i);
    }
    sync();
    for (var i = t; i < B * H1; i += WG) {
      scratch[l.d1 + i] = dz1(l, i);
    }
    sync();
    // updates, every gradient from the old weights: W -= a^T dz, b -= sum_b dz
    for (var i = t; i < H2 * OUT; i += WG) {
      params[l.w3 + i] -= weightGrad(i, OUT, l.a2, H2, l.d3, false, base);
    }
    for (var j = t; j < OUT; j += WG) {
      params[l.b3 + j] -= biasGrad(j, OUT, l.d3);
    }
    for (var i = t; i < H1 * H2; i += WG) {
      params[l.w2 + i] -= weightGrad(i, H2, l.a1, H1, l.d2, false, base);
    }
    for (var j = t; j < H2; j += WG) {
      params[l.b2 + j] -= biasGrad(j, H2, l.d2);
    }
    for (var i = t; i < IN * H1; i += WG) {
      params[l.w1 + i] -= weightGrad(i, H1, 0u, IN, l.d1, true, base);
    }
    for (var j = t; j < H1; j += WG) {
      params[l.b1 + j] -= biasGrad(j, H1, l.d1);
    }
    sync();
  }
}
`;
