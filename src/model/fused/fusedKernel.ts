/**
 * One SGD step of the chapter's network in a single WGSL workgroup, repeated `steps` times per
 * dispatch: forward (sigmoid, sigmoid, the chapter's naive softmax), the chapter's loss, the
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
  pad1 : u32,
};

@group(0) @binding(0) var<uniform> u : Uniforms;
@group(0) @binding(1) var<storage, read_write> params : array<f32>;
@group(0) @binding(2) var<storage, read> images : array<u32>;
@group(0) @binding(3) var<storage, read> labels : array<u32>;
@group(0) @binding(4) var<storage, read> order : array<u32>;
@group(0) @binding(5) var<storage, read_write> scratch : array<f32>;
@group(0) @binding(6) var<storage, read_write> lossSum : array<f32>;

const WG : u32 = ${WORKGROUP_SIZE}u;
const IN : u32 = 784u;
const OUT : u32 = 10u;

fn pixel(row : u32, k : u32) -> f32 {
  let word = images[row * 196u + k / 4u];
  return f32((word >> ((k % 4u) * 8u)) & 255u) / 255.0;
}

fn sigmoid(z : f32) -> f32 {
  return 1.0 / (1.0 + exp(-z));
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
`;

export const FUSED_SGD_WGSL = /* wgsl */ `
${FUSED_COMMON_WGSL}
var<workgroup> partial : array<f32, ${WORKGROUP_SIZE}>;

@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(local_invocation_index) t : u32) {
  let B = u.batch;
  let H1 = u.h1;
  let H2 = u.h2;
  // parameter offsets
  let oW1 = 0u;
  let oB1 = IN * H1;
  let oW2 = oB1 + H1;
  let oB2 = oW2 + H1 * H2;
  let oW3 = oB2 + H2;
  let oB3 = oW3 + H2 * OUT;
  // scratch offsets
  let sA1 = 0u;
  let sA2 = sA1 + B * H1;
  let sP = sA2 + B * H2;
  let sD1 = sP + B * OUT;
  let sD2 = sD1 + B * H1;
  let sD3 = sD2 + B * H2;

  for (var s = 0u; s < u.steps; s++) {
    let base = (u.firstStep + s) * B;

    // layer 1: a1 = sigmoid(x W1 + b1)
    for (var i = t; i < B * H1; i += WG) {
      let b = i / H1;
      let j = i % H1;
      let row = order[base + b];
      var acc = params[oB1 + j];
      for (var k = 0u; k < IN; k++) {
        acc += pixel(row, k) * params[oW1 + k * H1 + j];
      }
      scratch[sA1 + i] = sigmoid(acc);
    }
    sync();

    // layer 2: a2 = sigmoid(a1 W2 + b2)
    for (var i = t; i < B * H2; i += WG) {
      let b = i / H2;
      let j = i % H2;
      var acc = params[oB2 + j];
      for (var k = 0u; k < H1; k++) {
        acc += scratch[sA1 + b * H1 + k] * params[oW2 + k * H2 + j];
      }
      scratch[sA2 + i] = sigmoid(acc);
    }
    sync();

    // layer 3: logits
    for (var i = t; i < B * OUT; i += WG) {
      let b = i / OUT;
      let j = i % OUT;
      var acc = params[oB3 + j];
      for (var k = 0u; k < H2; k++) {
        acc += scratch[sA2 + b * H2 + k] * params[oW3 + k * OUT + j];
      }
      scratch[sP + i] = acc;
    }
    sync();

    // the chapter's naive softmax (no max subtraction: it overflows where the chapter's does),
    // the loss -log p[label] per row, and dz3 = (p - onehot) * lr / (B * 10)
    partial[t] = 0.0;
    for (var b = t; b < B; b += WG) {
      var total = 0.0;
      for (var j = 0u; j < OUT; j++) {
        total += exp(scratch[sP + b * OUT + j]);
      }
      let label = labels[order[base + b]];
      for (var j = 0u; j < OUT; j++) {
        let p = exp(scratch[sP + b * OUT + j]) / total;
        var y = 0.0;
        if (j == label) {
          y = 1.0;
          partial[t] -= log(p);
        }
        scratch[sD3 + b * OUT + j] = (p - y) * u.gradScale;
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
    sync();

    // dz2 = (dz3 W3^T) * a2 (1 - a2)
    for (var i = t; i < B * H2; i += WG) {
      let b = i / H2;
      let k = i % H2;
      var acc = 0.0;
      for (var j = 0u; j < OUT; j++) {
        acc += scratch[sD3 + b * OUT + j] * params[oW3 + k * OUT + j];
      }
      let a = scratch[sA2 + i];
      scratch[sD2 + i] = acc * a * (1.0 - a);
    }
    sync();

    // dz1 = (dz2 W2^T) * a1 (1 - a1)
    for (var i = t; i < B * H1; i += WG) {
      let b = i / H1;
      let k = i % H1;
      var acc = 0.0;
      for (var j = 0u; j < H2; j++) {
        acc += scratch[sD2 + b * H2 + j] * params[oW2 + k * H2 + j];
      }
      let a = scratch[sA1 + i];
      scratch[sD1 + i] = acc * a * (1.0 - a);
    }
    sync();

    // updates, every gradient from the old weights: W -= a^T dz, b -= sum_b dz
    for (var i = t; i < H2 * OUT; i += WG) {
      let k = i / OUT;
      let j = i % OUT;
      var acc = 0.0;
      for (var b = 0u; b < B; b++) {
        acc += scratch[sA2 + b * H2 + k] * scratch[sD3 + b * OUT + j];
      }
      params[oW3 + i] -= acc;
    }
    for (var j = t; j < OUT; j += WG) {
      var acc = 0.0;
      for (var b = 0u; b < B; b++) {
        acc += scratch[sD3 + b * OUT + j];
      }
      params[oB3 + j] -= acc;
    }
    for (var i = t; i < H1 * H2; i += WG) {
      let k = i / H2;
      let j = i % H2;
      var acc = 0.0;
      for (var b = 0u; b < B; b++) {
        acc += scratch[sA1 + b * H1 + k] * scratch[sD2 + b * H2 + j];
      }
      params[oW2 + i] -= acc;
    }
    for (var j = t; j < H2; j += WG) {
      var acc = 0.0;
      for (var b = 0u; b < B; b++) {
        acc += scratch[sD2 + b * H2 + j];
      }
      params[oB2 + j] -= acc;
    }
    for (var i = t; i < IN * H1; i += WG) {
      let k = i / H1;
      let j = i % H1;
      var acc = 0.0;
      for (var b = 0u; b < B; b++) {
        acc += pixel(order[base + b], k) * scratch[sD1 + b * H1 + j];
      }
      params[oW1 + i] -= acc;
    }
    for (var j = t; j < H1; j += WG) {
      var acc = 0.0;
      for (var b = 0u; b < B; b++) {
        acc += scratch[sD1 + b * H1 + j];
      }
      params[oB1 + j] -= acc;
    }
    sync();
  }
}
`;
