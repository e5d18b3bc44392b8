/**
 * The page's words for weights-file layouts (src/model/weightsLayouts.ts): the layout an import
 * recognised, the activation it used and where from, and why a file's tensors fit no layout, with
 * the layout its names pointed to. Part of the page's words (src/store/messages.ts uses these).
 */
import type { Dim, ExpectedLayout, LayoutProblem, NamedShape, WeightsLayout } from '../model/weightsLayouts';
import type { Activation } from '../worker/protocol';

/** An activation as the page names it. */
export const ACTIVATION_NAMES: Record<Activation, string> = { sigmoid: 'sigmoid', tanh: 'tanh', relu: 'ReLU' };

const shapeText = (shape: readonly Dim[]) => `(${shape.join(', ')})`;
const named = ({ tensor, shape }: NamedShape) => `${tensor} ${shapeText(shape)}`;
const list = (names: string[], most = 5) =>
  names.slice(0, most).join(', ') + (names.length > most ? ` and ${names.length - most} more` : '');

/** A prefix without its trailing dot, for "nn.Sequential net (0, 2, 4)". */
const prefixText = (prefix: string) => (prefix ? ` ${prefix.replace(/\.$/, '')}` : '');

/** A layout in a few words: "the chapter's names", "nn.Sequential (0, 2, 4)", "fc1/fc2/fc3 by shape". */
export function layoutName(layout: WeightsLayout | ExpectedLayout): string {
  switch (layout.kind) {
    case 'chapter':
      return "the chapter's names";
    case 'sequential':
      return `nn.Sequential${prefixText(layout.prefix)} (${layout.indices.join(', ')})`;
    case 'modules':
      return `${layout.modules.join('/')} by shape`;
    case 'shapes':
      return 'names' in layout ? `by shape (${layout.names.join(', ')})` : 'six tensors told apart by shape';
  }
}

/** The layout a refusal expected, with every tensor's shape. */
export function expectedLayoutText(expected: ExpectedLayout): string {
  switch (expected.kind) {
    case 'chapter':
      return "the chapter's names: W_1 (H1, 784), b_1 (1, H1), W_2 (H2, H1), b_2 (1, H2), W_3 (10, H2), b_3 (1, 10)";
    case 'sequential': {
      const three = expected.indices.length === 3;
      const [a, b, c] = (three ? expected.indices : [0, 2, 4]).map((i) => `${expected.prefix}${i}`);
      return `nn.Sequential${prefixText(expected.prefix)}${three ? ` (${expected.indices.join(', ')})` : ''} of three nn.Linear layers: ${a}.weight (H1, 784), ${a}.bias (H1), ${b}.weight (H2, H1), ${b}.bias (H2), ${c}.weight (10, H2), ${c}.bias (10)`;
    }
    case 'modules':
      return `three modules with a weight and a bias each (nn.Linear; here ${list(expected.modules)}), whose weights chain by shape: (H1, 784), (H2, H1), (10, H2)`;
    case 'shapes':
      return 'six tensors told apart by shape: weights (H1, 784), (H2, H1), (10, H2) and biases (H1), (H2), (10), with H1, H2 and 10 all different';
  }
}

/** What is wrong, as a clause ("2.weight has shape (30, 64); after 0.weight (64, 784) it must be (H2, 64)…"). */
function problemClause(problem: LayoutProblem): string {
  switch (problem.rule) {
    case 'tensors': {
      const parts: string[] = [];
      if (problem.missing.length) parts.push(`it lacks the tensor${problem.missing.length > 1 ? 's' : ''} ${list(problem.missing)}`);
      if (problem.extra.length) parts.push(`it holds tensors this network does not have: ${list(problem.extra)}`);
      return parts.join('; ');
    }
    case 'layers':
      return problem.found.length
        ? `it has ${problem.found.length} layer${problem.found.length === 1 ? '' : 's'} with a weight (${list(problem.found)}); this network has three`
        : 'it has no layer with a weight; this network has three';
    case 'count':
      return `it holds ${problem.found} tensor${problem.found === 1 ? '' : 's'}; this network has six`;
    case 'shape': {
      const want = problem.want.map(shapeText).join(' or ');
      const where = problem.after ? `after ${named(problem.after)} it must be ${want}` : `it must be ${want}`;
      const chains = problem.want.length === 1 ? ': the shapes do not chain' : '';
      return `${problem.tensor} has shape ${shapeText(problem.shape)}; ${where}${chains}`;
    }
    case 'no-chain':
      return problem.expected.kind === 'shapes'
        ? `its tensors ${problem.tensors.map(named).join(', ')} do not chain 784 → H1 → H2 → 10 as three weights and their biases`
        : `no order of its weights ${problem.tensors.map(named).join(', ')} chains 784 → H1 → H2 → 10`;
    case 'ambiguous':
      return `its shapes fit more than one way (${problem.roles.map((r) => `${r.role} could be ${r.candidates.join(' or ')}`).join('; ')}), and its names do not say which is which`;
  }
}

/** Why a file's tensors fit no layout, and the layout expected: the middle of "The file was not imported: …". */
export function layoutProblemText(problem: LayoutProblem): string {
  const advice =
    problem.rule === 'ambiguous' ? ". Save it as nn.Sequential (0.weight … 4.bias) or with the chapter's names to say which is which" : '';
  return `${problemClause(problem)}. Expected ${expectedLayoutText(problem.expected)}${advice}`;
}

/** After an import: the layout recognised, and the activation used with where it came from. */
export function importedLayoutText(layout: WeightsLayout, activation: Activation, from: 'file' | 'setting'): string {
  const source =
    from === 'file' ? "from the file's metadata" : 'from the Activation setting: set it before importing if your model used another';
  return `Layout: ${layoutName(layout)}. Activation: ${ACTIVATION_NAMES[activation]}, ${source}.`;
}
