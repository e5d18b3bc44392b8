/**
 * The chapter's parameters as a safetensors file, the way its PyTorch code holds them:
 * W_1 (H1, 784), b_1 (1, H1), W_2 (H2, H1), b_2 (1, H2), W_3 (10, H2), b_3 (1, 10), all F32.
 * The app stores weights (in, out), the transpose: they are transposed on the way out and in.
 */
import { NUM_FEATURES, NUM_LABELS, type Architecture, type ParamValues } from './network';
import { float32Values, readSafetensors, SafetensorsError, writeSafetensors, type StoredTensor } from './safetensors';
import { checkWeights, readArchitecture, type WeightsProblem } from './weightsCheck';

export const CHAPTER_NAMES = ['W_1', 'b_1', 'W_2', 'b_2', 'W_3', 'b_3'] as const;

/**
 * Weights that break one of the rules every source shares (src/model/weightsCheck.ts): `problem`
 * holds the facts, which the worker hands to the page to word (src/store/messages.ts), so a file
 * and a stored run read the same.
 */
export class WeightsRuleError extends SafetensorsError {
  constructor(readonly problem: WeightsProblem) {
    super(`the weights break the rule '${problem.rule}'`);
  }
}

/** A (rows, cols) row-major matrix transposed to (cols, rows). */
export function transpose(values: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = values[r * cols + c];
  return out;
}

/** The app's parameters as the chapter's named tensors, transposed to PyTorch's (out, in). */
export function writeWeightsFile(values: ParamValues, arch: Architecture, metadata: Record<string, string>): Uint8Array<ArrayBuffer> {
  const { hidden1: h1, hidden2: h2 } = arch;
  return writeSafetensors(
    [
      { name: 'W_1', shape: [h1, NUM_FEATURES], data: transpose(values.w1, NUM_FEATURES, h1) },
      { name: 'b_1', shape: [1, h1], data: values.b1 },
      { name: 'W_2', shape: [h2, h1], data: transpose(values.w2, h1, h2) },
      { name: 'b_2', shape: [1, h2], data: values.b2 },
      { name: 'W_3', shape: [NUM_LABELS, h2], data: transpose(values.w3, h2, NUM_LABELS) },
      { name: 'b_3', shape: [1, NUM_LABELS], data: values.b3 },
    ],
    metadata,
  );
}

const shapeText = (shape: number[]) => `(${shape.join(', ')})`;

/** Reads a weights file of the chapter's network; every problem is a SafetensorsError that names it. */
export function readWeightsFile(file: Uint8Array): { values: ParamValues; arch: Architecture; metadata: Map<string, string> } {
  const { tensors, metadata } = readSafetensors(file);
  const missing = CHAPTER_NAMES.filter((n) => !tensors.has(n));
  const extra = [...tensors.keys()].filter((n) => !(CHAPTER_NAMES as readonly string[]).includes(n));
  if (missing.length)
    throw new SafetensorsError(
      `it lacks the tensor${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (expected ${CHAPTER_NAMES.join(', ')})`,
    );
  if (extra.length)
    throw new SafetensorsError(
      `it holds tensors this network does not have: ${extra.slice(0, 5).join(', ')} (expected only ${CHAPTER_NAMES.join(', ')})`,
    );
  const get = (name: (typeof CHAPTER_NAMES)[number]): StoredTensor => {
    const t = tensors.get(name)!;
    if (t.dtype !== 'F32') throw new SafetensorsError(`tensor ${name} is ${t.dtype}; this app reads F32 only (in PyTorch: tensor.float())`);
    return t;
  };
  const w1 = get('W_1');
  const w2 = get('W_2');
  const w3 = get('W_3');
  if (w1.shape.length !== 2 || w1.shape[1] !== NUM_FEATURES) {
    throw new SafetensorsError(`W_1 has shape ${shapeText(w1.shape)}; expected (H1, 784)`);
  }
  const [h1] = w1.shape;
  if (w2.shape.length !== 2 || w2.shape[1] !== h1) {
    throw new SafetensorsError(
      `W_2 has shape ${shapeText(w2.shape)}; after W_1 ${shapeText(w1.shape)} it must be (H2, ${h1}): the shapes do not chain`,
    );
  }
  const [h2] = w2.shape;
  if (w3.shape.length !== 2 || w3.shape[0] !== NUM_LABELS || w3.shape[1] !== h2) {
    throw new SafetensorsError(
      `W_3 has shape ${shapeText(w3.shape)}; after W_2 ${shapeText(w2.shape)} it must be (10, ${h2}): the shapes do not chain`,
    );
  }
  // The rules every source shares: hidden sizes before anything is allocated, then sizes and values.
  const read = readArchitecture({ hidden1: h1, hidden2: h2 });
  if ('problem' in read) throw new WeightsRuleError(read.problem);
  const bias = (name: 'b_1' | 'b_2' | 'b_3', size: number) => {
    const t = get(name);
    // (1, H) as the chapter writes it, or (H): another length is the shared size rule's to report.
    const ok = (t.shape.length === 2 && t.shape[0] === 1) || t.shape.length === 1;
    if (!ok) throw new SafetensorsError(`${name} has shape ${shapeText(t.shape)}; expected (1, ${size})`);
    return float32Values(t);
  };
  const values: ParamValues = {
    w1: transpose(float32Values(w1), h1, NUM_FEATURES),
    b1: bias('b_1', h1),
    w2: transpose(float32Values(w2), h2, h1),
    b2: bias('b_2', h2),
    w3: transpose(float32Values(w3), NUM_LABELS, h2),
    b3: bias('b_3', NUM_LABELS),
  };
  const problem = checkWeights({ arch: read.arch, values });
  if (problem) throw new WeightsRuleError(problem);
  return { values, arch: read.arch, metadata };
}
