/**
 * Which tensor of a weights file is which of the chapter's six parameters. Files come in three
 * layouts told apart by their names, and any six tensors may be told apart by their shapes:
 *
 * - the chapter's names: W_1 (H1, 784), b_1 (1, H1), W_2 (H2, H1), b_2 (1, H2), W_3 (10, H2), b_3 (1, 10);
 * - nn.Sequential: `<i>.weight`, `<i>.bias` of three numbered modules (0, 2, 4 with an activation
 *   between, or any other numbers, all under one prefix such as `net.`), applied in number order;
 * - named modules (fc1/fc2/fc3, or any names): `<module>.weight`, `<module>.bias` of three modules,
 *   the names pairing each weight with its bias, the shapes deciding the order;
 * - by shape: six tensors under any names, where the shapes alone decide every role.
 *
 * Names decide whatever they can; shapes decide the rest: the weights must chain 784 → H1 → H2 → 10
 * and each bias be (n) or (1, n). Where names fix a role, a bias's length is left to the rules every
 * source shares (src/model/weightsCheck.ts: the same words as a stored run). Where shapes decide,
 * a file is ambiguous when more than one assignment of its tensors fits, and it is refused, never
 * guessed: by shape that happens whenever two of H1, H2 and 10 are equal (two biases of one length),
 * and with named modules when H1 = H2 = 10 (two (10, 10) weights). Names that fit no layout fall back
 * to shapes when the file holds six tensors. Everything here is facts; the page words them
 * (src/store/messages.ts). No TF.js: the page imports the types.
 */
import type { TensorName } from './weightsCheck';

// MNIST's sizes (as in weightsCheck.ts; network.ts imports TF.js).
const INPUTS = 784;
const OUTPUTS = 10;

/** The chapter's six parameters in the order a layout assigns them. */
export const ROLES = ['W_1', 'b_1', 'W_2', 'b_2', 'W_3', 'b_3'] as const satisfies readonly TensorName[];

/** A layout the reader recognised, with what it recognised it by. */
export type WeightsLayout =
  | { kind: 'chapter' }
  /** Numbered modules under one prefix (`''`, or e.g. `'net.'`), in number order, e.g. 0, 2, 4. */
  | { kind: 'sequential'; prefix: string; indices: number[] }
  /** Named modules in the order their shapes chain, e.g. fc1, fc2, fc3. */
  | { kind: 'modules'; modules: string[] }
  /** Any names: the file's tensors in the chapter's order W_1, b_1, W_2, b_2, W_3, b_3. */
  | { kind: 'shapes'; names: string[] };

/** The layout a file's names point to: what a refusal says was expected. */
export type ExpectedLayout =
  | { kind: 'chapter' }
  | { kind: 'sequential'; prefix: string; indices: number[] }
  | { kind: 'modules'; modules: string[] }
  | { kind: 'shapes' };

/** A dimension of an expected shape: a number, or a hidden size not yet known. */
export type Dim = number | 'H1' | 'H2';

export interface NamedShape {
  tensor: string;
  shape: number[];
}

/** Why a file's tensors fit no layout, as facts. */
export type LayoutProblem =
  /** The names point to a layout, but tensors of it are missing or others are there too. */
  | { rule: 'tensors'; expected: ExpectedLayout; missing: string[]; extra: string[] }
  /** Module names, but not three modules with weights (nn.Linear layers). */
  | { rule: 'layers'; expected: ExpectedLayout; found: string[] }
  /** Read by shape, the network has six tensors; the file holds `found`. */
  | { rule: 'count'; expected: ExpectedLayout; found: number }
  /** Where names fix the order: `tensor` has `shape`, where one of `want` was needed after `after`. */
  | { rule: 'shape'; expected: ExpectedLayout; tensor: string; shape: number[]; want: Dim[][]; after: NamedShape | null }
  /** Where shapes decide the order: no assignment of these tensors chains 784 → H1 → H2 → 10. */
  | { rule: 'no-chain'; expected: ExpectedLayout; tensors: NamedShape[] }
  /** More than one assignment fits: each role that more than one tensor could take, with those tensors. */
  | { rule: 'ambiguous'; expected: ExpectedLayout; roles: { role: TensorName; candidates: string[] }[] };

/** A recognised file: its layout, the file's name for each of the chapter's tensors, and the hidden sizes. */
export interface RecognisedLayout {
  layout: WeightsLayout;
  names: Record<TensorName, string>;
  arch: { hidden1: number; hidden2: number };
}

type Order = readonly string[]; // six names, in ROLES order
interface Candidates {
  expected: ExpectedLayout;
  orders: Order[];
}

const isBiasForm = (shape: number[], n: number | null) =>
  (shape.length === 1 && (n === null || shape[0] === n)) || (shape.length === 2 && shape[0] === 1 && (n === null || shape[1] === n));

/**
 * Whether an order of six tensors chains: W_1 (H1, 784), W_2 (H2, H1), W_3 (10, H2), each bias (n)
 * or (1, n). `exactBias`: the bias lengths must be the layer's (when shapes decide), else only
 * their form is checked (their length is the shared size rule's).
 */
function chain(order: Order, shapes: Map<string, number[]>, exactBias: boolean) {
  const at = (i: number): NamedShape => ({ tensor: order[i], shape: shapes.get(order[i])! });
  const broken = (i: number, want: Dim[][], after: NamedShape | null) => ({
    broken: { tensor: order[i], shape: at(i).shape, want, after },
  });
  const [w1, w2, w3] = [at(0), at(2), at(4)];
  if (w1.shape.length !== 2 || w1.shape[1] !== INPUTS) return broken(0, [['H1', INPUTS]], null);
  const h1 = w1.shape[0];
  if (w2.shape.length !== 2 || w2.shape[1] !== h1) return broken(2, [['H2', h1]], w1);
  const h2 = w2.shape[0];
  if (w3.shape.length !== 2 || w3.shape[0] !== OUTPUTS || w3.shape[1] !== h2) return broken(4, [[OUTPUTS, h2]], w2);
  const layers: [number, number, NamedShape][] = [
    [1, h1, w1],
    [3, h2, w2],
    [5, OUTPUTS, w3],
  ];
  for (const [i, n, weight] of layers) {
    if (!isBiasForm(at(i).shape, exactBias ? n : null)) return broken(i, [[n], [1, n]], weight);
  }
  return { arch: { hidden1: h1, hidden2: h2 } };
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

/** Reading by shape: any six tensors, in every order. */
function byShape(names: string[]): Candidates | { problem: LayoutProblem } {
  const expected: ExpectedLayout = { kind: 'shapes' };
  if (names.length !== ROLES.length) return { problem: { rule: 'count', expected, found: names.length } };
  return { expected, orders: permutations(names) };
}

const MODULE_PARAM = /^(.+)\.(weight|bias)$/;
const NUMBERED = /^(.*\.)?(0|[1-9]\d{0,8})$/;

/** Module names (`<module>.weight`, `<module>.bias`): numbered under one prefix (nn.Sequential), or named. */
function byModules(names: string[]): Candidates | { problem: LayoutProblem } {
  const modules = new Map<string, { weight?: string; bias?: string }>();
  const extra: string[] = [];
  for (const name of names) {
    const m = MODULE_PARAM.exec(name);
    if (!m) {
      extra.push(name);
      continue;
    }
    const entry = modules.get(m[1]) ?? {};
    entry[m[2] as 'weight' | 'bias'] = name;
    modules.set(m[1], entry);
  }
  const numbered = [...modules.keys()].map((k) => NUMBERED.exec(k));
  const prefix = numbered[0]?.[1] ?? '';
  const sequential = numbered.every((m) => m !== null && (m[1] ?? '') === prefix);
  const keys = sequential
    ? [...modules.keys()].sort((a, b) => Number(a.slice(prefix.length)) - Number(b.slice(prefix.length)))
    : [...modules.keys()].sort();
  const expected: ExpectedLayout = sequential
    ? { kind: 'sequential', prefix, indices: keys.map((k) => Number(k.slice(prefix.length))) }
    : { kind: 'modules', modules: keys };
  const layers = keys.filter((k) => modules.get(k)!.weight !== undefined);
  if (layers.length !== 3) return { problem: { rule: 'layers', expected, found: layers } };
  const missing = keys.flatMap((k) => (['weight', 'bias'] as const).filter((p) => !modules.get(k)![p]).map((p) => `${k}.${p}`));
  if (missing.length || extra.length) return { problem: { rule: 'tensors', expected, missing, extra } };
  const order = (ks: string[]) => ks.flatMap((k) => [modules.get(k)!.weight!, modules.get(k)!.bias!]);
  return { expected, orders: sequential ? [order(keys)] : permutations(keys).map(order) };
}

/** The layout the names point to, and the orders of tensors it allows. */
function candidatesOf(names: string[]): Candidates | { problem: LayoutProblem } {
  const chapter: readonly string[] = ROLES;
  if (names.some((n) => chapter.includes(n))) {
    const missing = ROLES.filter((r) => !names.includes(r));
    const extra = names.filter((n) => !chapter.includes(n));
    const expected: ExpectedLayout = { kind: 'chapter' };
    return missing.length || extra.length ? { problem: { rule: 'tensors', expected, missing, extra } } : { expected, orders: [ROLES] };
  }
  if (names.some((n) => MODULE_PARAM.test(n))) return byModules(names);
  return byShape(names);
}

function fit(candidates: Candidates, shapes: Map<string, number[]>): RecognisedLayout | { problem: LayoutProblem } {
  const { expected, orders } = candidates;
  const byShapeOnly = expected.kind === 'shapes';
  const fits = orders.map((order) => ({ order, result: chain(order, shapes, byShapeOnly) }));
  const solutions = fits.flatMap(({ order, result }) => ('arch' in result ? [{ order, arch: result.arch }] : []));
  if (solutions.length === 0) {
    const first = fits[0].result;
    if (orders.length === 1 && 'broken' in first) return { problem: { rule: 'shape', expected, ...first.broken } };
    // The tensors that could be weights: every one by shape, the modules' weights by name.
    const weights = new Set(orders.flatMap((order) => [order[0], order[2], order[4]]));
    const tensors = [...shapes.keys()].filter((n) => weights.has(n)).map((tensor) => ({ tensor, shape: shapes.get(tensor)! }));
    return { problem: { rule: 'no-chain', expected, tensors } };
  }
  if (solutions.length > 1) {
    const roles = ROLES.map((role, i) => ({ role, candidates: [...new Set(solutions.map((s) => s.order[i]))].sort() })).filter(
      (r) => r.candidates.length > 1,
    );
    return { problem: { rule: 'ambiguous', expected, roles } };
  }
  const { order, arch } = solutions[0];
  const names = Object.fromEntries(ROLES.map((role, i) => [role, order[i]])) as Record<TensorName, string>;
  const layout: WeightsLayout =
    expected.kind === 'shapes'
      ? { kind: 'shapes', names: [...order] }
      : expected.kind === 'modules'
        ? { kind: 'modules', modules: [0, 2, 4].map((i) => order[i].replace(MODULE_PARAM, '$1')) }
        : expected;
  return { layout, names, arch };
}

/**
 * Recognises the layout of a file's tensors (name → shape): by their names where they fit a
 * layout, else by shape when there are six. A refusal names the layout the names pointed to.
 */
export function recogniseLayout(shapes: Map<string, number[]>): RecognisedLayout | { problem: LayoutProblem } {
  const names = [...shapes.keys()];
  const candidates = candidatesOf(names);
  if (!('problem' in candidates)) return fit(candidates, shapes);
  // Names that fit no layout: six tensors may still be told apart by shape alone.
  const shaped = byShape(names);
  if ('problem' in shaped) return candidates;
  const read = fit(shaped, shapes);
  return 'problem' in read ? candidates : read;
}

/** The layouts this app writes. */
export type ExportLayout = 'chapter' | 'sequential';

/** The names a written file gives the chapter's tensors: nn.Sequential's are 0, 2, 4 (activations between). */
export const EXPORT_NAMES: Record<ExportLayout, Record<TensorName, string>> = {
  chapter: { W_1: 'W_1', b_1: 'b_1', W_2: 'W_2', b_2: 'b_2', W_3: 'W_3', b_3: 'b_3' },
  sequential: { W_1: '0.weight', b_1: '0.bias', W_2: '2.weight', b_2: '2.bias', W_3: '4.weight', b_3: '4.bias' },
};
