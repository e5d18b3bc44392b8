/**
 * The chapter's parameters as a safetensors file, the way PyTorch holds them: (out, in) weights,
 * all F32. Read from any layout src/model/weightsLayouts.ts recognises (the chapter's names W_1 …
 * b_3, nn.Sequential's 0.weight … 4.bias, named modules such as fc1/fc2/fc3, or six tensors told
 * apart by shape); written with the chapter's names or as nn.Sequential. The app stores weights
 * (in, out), the transpose: they are transposed on the way out and in.
 */
import { NUM_FEATURES, NUM_LABELS, type Architecture, type ParamValues } from './network';
import { float32Values, readSafetensors, SafetensorsError, writeSafetensors } from './safetensors';
import { checkWeights, readArchitecture, type TensorName, type WeightsProblem } from './weightsCheck';
import { EXPORT_NAMES, recogniseLayout, ROLES, type ExportLayout, type LayoutProblem, type WeightsLayout } from './weightsLayouts';

/**
 * Weights that break one of the rules every source shares (src/model/weightsCheck.ts): `problem`
 * holds the facts, which the worker hands to the page to word (src/store/messages.ts), so a file
 * and a stored run read the same. `fileNames`: the file's names for the chapter's tensors, when
 * its layout is not the chapter's (so that the page can name the file's own tensor).
 */
export class WeightsRuleError extends SafetensorsError {
  constructor(
    readonly problem: WeightsProblem,
    readonly fileNames: Record<TensorName, string> | null = null,
  ) {
    super(`the weights break the rule '${problem.rule}'`);
  }
}

/** A file whose tensors fit no layout this app reads: `problem` holds the facts, the page words them. */
export class WeightsLayoutError extends SafetensorsError {
  constructor(readonly problem: LayoutProblem) {
    super(`the tensors fit no layout (${problem.rule})`);
  }
}

/** A (rows, cols) row-major matrix transposed to (cols, rows). */
export function transpose(values: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = values[r * cols + c];
  return out;
}

/**
 * The app's parameters as PyTorch's (out, in) tensors: with the chapter's names and (1, n) biases,
 * or nn.Sequential's (0.weight … 4.bias) with (n) biases, as `nn.Linear` holds them.
 */
export function writeWeightsFile(
  values: ParamValues,
  arch: Architecture,
  metadata: Record<string, string>,
  layout: ExportLayout = 'chapter',
): Uint8Array<ArrayBuffer> {
  const { hidden1: h1, hidden2: h2 } = arch;
  const names = EXPORT_NAMES[layout];
  const bias = (n: number) => (layout === 'chapter' ? [1, n] : [n]);
  return writeSafetensors(
    [
      { name: names.W_1, shape: [h1, NUM_FEATURES], data: transpose(values.w1, NUM_FEATURES, h1) },
      { name: names.b_1, shape: bias(h1), data: values.b1 },
      { name: names.W_2, shape: [h2, h1], data: transpose(values.w2, h1, h2) },
      { name: names.b_2, shape: bias(h2), data: values.b2 },
      { name: names.W_3, shape: [NUM_LABELS, h2], data: transpose(values.w3, h2, NUM_LABELS) },
      { name: names.b_3, shape: bias(NUM_LABELS), data: values.b3 },
    ],
    metadata,
  );
}

/** A weights file read: the app's values, the sizes, the file's metadata and the layout recognised. */
export interface WeightsFile {
  values: ParamValues;
  arch: Architecture;
  metadata: Map<string, string>;
  layout: WeightsLayout;
}

/**
 * Reads a weights file of the chapter's network in any layout weightsLayouts.ts recognises. A file
 * that is no safetensors file, or holds another dtype than F32, throws SafetensorsError naming the
 * problem; tensors that fit no layout throw WeightsLayoutError, and weights that break a shared
 * rule WeightsRuleError, both with facts.
 */
export function readWeightsFile(file: Uint8Array): WeightsFile {
  const { tensors, metadata } = readSafetensors(file);
  const recognised = recogniseLayout(new Map([...tensors].map(([name, t]) => [name, t.shape])));
  if ('problem' in recognised) throw new WeightsLayoutError(recognised.problem);
  const { layout, names } = recognised;
  const get = (role: TensorName) => {
    const t = tensors.get(names[role])!;
    if (t.dtype !== 'F32')
      throw new SafetensorsError(`tensor ${names[role]} is ${t.dtype}; this app reads F32 only (in PyTorch: tensor.float())`);
    return float32Values(t);
  };
  const fileNames = layout.kind === 'chapter' ? null : names;
  // The rules every source shares: hidden sizes before anything is allocated, then sizes and values.
  const read = readArchitecture(recognised.arch);
  if ('problem' in read) throw new WeightsRuleError(read.problem, fileNames);
  const { hidden1: h1, hidden2: h2 } = read.arch;
  const raw = ROLES.map(get);
  const values: ParamValues = {
    w1: transpose(raw[0], h1, NUM_FEATURES),
    b1: raw[1],
    w2: transpose(raw[2], h2, h1),
    b2: raw[3],
    w3: transpose(raw[4], NUM_LABELS, h2),
    b3: raw[5],
  };
  const problem = checkWeights({ arch: read.arch, values });
  if (problem) throw new WeightsRuleError(problem, fileNames);
  return { values, arch: read.arch, metadata, layout };
}
