/**
 * One set of rules for the network's weights, whatever their source: a file, IndexedDB, the page's
 * memory, the worker, another tab. The rules return facts (which rule, which tensor, which numbers);
 * the page words them (src/store/messages.ts), so that a rule broken reads the same wherever it is
 * found. No TF.js here: the page imports this module too, and it must not pull TF.js into the page.
 */
import type { Architecture, ParamValues } from './network';

/** The largest hidden layer this app trains or loads (the settings' h1/h2 maximum, the files' limit). */
export const MAX_HIDDEN = 512;

// MNIST's sizes, as in network.ts; not imported from there, because network.ts imports TF.js.
// weightsCheck.test.ts checks that the sizes below equal network.ts's shapes.
const INPUTS = 784;
const OUTPUTS = 10;

/** Weights with the architecture they belong to (the protocol's WeightsPayload has this shape). */
export interface Weights {
  arch: Architecture;
  values: ParamValues;
}

type ParamName = keyof ParamValues;

/** The app's parameter names and the chapter's names for them (W_1 is the chapter's (H1, 784) tensor). */
export const CHAPTER_NAME = { w1: 'W_1', b1: 'b_1', w2: 'W_2', b2: 'b_2', w3: 'W_3', b3: 'b_3' } as const satisfies Record<
  ParamName,
  string
>;
const PARAM_ORDER: readonly ParamName[] = ['w1', 'b1', 'w2', 'b2', 'w3', 'b3'];

/** A tensor by the chapter's name. */
export type TensorName = (typeof CHAPTER_NAME)[ParamName];
export type HiddenLayer = 'H1' | 'H2';

/** The first rule a set of weights breaks, as facts. */
export type WeightsProblem =
  /** A hidden size that is not a whole number from 1 to `max`. */
  | { rule: 'hidden-size'; layer: HiddenLayer; size: number; max: number }
  /** A part that is not even of the right kind (e.g. an architecture that is not an object, a tensor that is an Array). */
  | { rule: 'malformed'; part: 'architecture' | 'values' | HiddenLayer | TensorName; expected: string; found: string }
  /** A tensor that is absent. */
  | { rule: 'missing'; tensor: TensorName }
  /** A tensor whose number of values is not the one the architecture implies. */
  | { rule: 'size'; tensor: TensorName; expected: number; actual: number }
  /** A tensor holding `count` NaN or infinite values. */
  | { rule: 'not-finite'; tensor: TensorName; count: number };

/** What a value is, in a few words, for the facts of a problem ("a string", "NaN", "an Array"). */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'missing';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'an Array';
  if (typeof value === 'object') {
    const name = Object.getPrototypeOf(value)?.constructor?.name;
    return typeof name === 'string' && name !== 'Object' ? `a ${name}` : 'an object';
  }
  return `a ${typeof value}`;
}

/** The number of values each parameter holds for an architecture. */
export function expectedSizes({ hidden1, hidden2 }: Architecture): Record<ParamName, number> {
  return { w1: INPUTS * hidden1, b1: hidden1, w2: hidden1 * hidden2, b2: hidden2, w3: hidden2 * OUTPUTS, b3: OUTPUTS };
}

/** The hidden-size rule for one layer: a whole number from 1 to MAX_HIDDEN. */
function readHiddenSize(layer: HiddenLayer, size: unknown): { size: number } | { problem: WeightsProblem } {
  if (typeof size !== 'number')
    return { problem: { rule: 'malformed', part: layer, expected: 'a whole number', found: describeValue(size) } };
  if (!Number.isInteger(size) || size < 1 || size > MAX_HIDDEN) return { problem: { rule: 'hidden-size', layer, size, max: MAX_HIDDEN } };
  return { size };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isComplete = (v: Partial<ParamValues>): v is ParamValues => PARAM_ORDER.every((name) => v[name] !== undefined);

/** Reads an architecture from any value: both hidden sizes checked, a new object built from them. */
export function readArchitecture(value: unknown): { arch: Architecture } | { problem: WeightsProblem } {
  if (!isRecord(value)) return { problem: { rule: 'malformed', part: 'architecture', expected: 'an object', found: describeValue(value) } };
  const hidden1 = readHiddenSize('H1', value.hidden1);
  if ('problem' in hidden1) return hidden1;
  const hidden2 = readHiddenSize('H2', value.hidden2);
  if ('problem' in hidden2) return hidden2;
  return { arch: { hidden1: hidden1.size, hidden2: hidden2.size } };
}

/**
 * Reads weights from any value (a stored record, a message, a file's tensors): hidden sizes, then
 * each tensor's presence, type and size, then finiteness. Returns a new object of the checked parts
 * (the arrays themselves are not copied), or the first rule broken.
 */
export function readWeights(value: unknown): { weights: Weights } | { problem: WeightsProblem } {
  if (!isRecord(value)) return { problem: { rule: 'malformed', part: 'architecture', expected: 'an object', found: describeValue(value) } };
  const read = readArchitecture(value.arch);
  if ('problem' in read) return read;
  const { values } = value;
  if (!isRecord(values)) return { problem: { rule: 'malformed', part: 'values', expected: 'an object', found: describeValue(values) } };
  const sizes = expectedSizes(read.arch);
  const checked: Partial<ParamValues> = {};
  for (const name of PARAM_ORDER) {
    const tensor = CHAPTER_NAME[name];
    const array = values[name];
    if (array === undefined) return { problem: { rule: 'missing', tensor } };
    if (!(array instanceof Float32Array))
      return { problem: { rule: 'malformed', part: tensor, expected: 'a Float32Array', found: describeValue(array) } };
    if (array.length !== sizes[name]) return { problem: { rule: 'size', tensor, expected: sizes[name], actual: array.length } };
    checked[name] = array;
  }
  if (!isComplete(checked)) throw new Error('unreachable: every parameter was read above');
  for (const name of PARAM_ORDER) {
    let count = 0;
    for (const v of checked[name]) if (!Number.isFinite(v)) count++;
    if (count) return { problem: { rule: 'not-finite', tensor: CHAPTER_NAME[name], count } };
  }
  return { weights: { arch: read.arch, values: checked } };
}

/**
 * The check to run before accepting weights from anywhere (the worker's use-weights, a stored
 * record, an imported file): null when every rule holds, else the first rule broken, as facts.
 */
export function checkWeights(weights: unknown): WeightsProblem | null {
  const read = readWeights(weights);
  return 'problem' in read ? read.problem : null;
}

/**
 * A copy that owns tightly sized buffers: safe to transfer to another thread (the original keeps
 * its own), and stored compactly (structured clone stores a view's whole underlying buffer).
 */
export function copyWeights(weights: Weights): Weights {
  const { w1, b1, w2, b2, w3, b3 } = weights.values;
  return {
    arch: { hidden1: weights.arch.hidden1, hidden2: weights.arch.hidden2 },
    values: { w1: w1.slice(), b1: b1.slice(), w2: w2.slice(), b2: b2.slice(), w3: w3.slice(), b3: b3.slice() },
  };
}
