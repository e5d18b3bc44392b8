import { describe, expect, it } from 'vitest';
import { recogniseLayout, type LayoutProblem } from '../model/weightsLayouts';
import { importedLayoutText, layoutName } from './layoutMessages';
import { describeRequestFailure } from './messages';

const refused = (problem: LayoutProblem) => describeRequestFailure('import-weights', { kind: 'bad-layout', problem });

/** The facts of a refusal for these shapes (the reader's own, not written by hand). */
const problemOf = (shapes: Record<string, number[]>): LayoutProblem => {
  const read = recogniseLayout(new Map(Object.entries(shapes)));
  if (!('problem' in read)) throw new Error('expected a refusal');
  return read.problem;
};
const chain = (names: string[], h1: number, h2: number) => {
  const shapes = [[h1, 784], [h1], [h2, h1], [h2], [10, h2], [10]];
  return Object.fromEntries(names.map((n, i) => [n, shapes[i]]));
};

describe('the layout an import recognised, and the activation it used', () => {
  it('names each layout in a few words', () => {
    expect(layoutName({ kind: 'chapter' })).toBe("the chapter's names");
    expect(layoutName({ kind: 'sequential', prefix: '', indices: [0, 2, 4] })).toBe('nn.Sequential (0, 2, 4)');
    expect(layoutName({ kind: 'sequential', prefix: 'net.', indices: [0, 1, 2] })).toBe('nn.Sequential net (0, 1, 2)');
    expect(layoutName({ kind: 'modules', modules: ['fc1', 'fc2', 'fc3'] })).toBe('fc1/fc2/fc3 by shape');
    expect(layoutName({ kind: 'shapes', names: ['a', 'b', 'c', 'd', 'e', 'f'] })).toBe('by shape (a, b, c, d, e, f)');
  });

  it('says where the activation came from, and what to do when it was the setting', () => {
    expect(importedLayoutText({ kind: 'sequential', prefix: '', indices: [0, 2, 4] }, 'relu', 'file')).toBe(
      "Layout: nn.Sequential (0, 2, 4). Activation: ReLU, from the file's metadata.",
    );
    expect(importedLayoutText({ kind: 'modules', modules: ['fc1', 'fc2', 'fc3'] }, 'tanh', 'setting')).toBe(
      'Layout: fc1/fc2/fc3 by shape. Activation: tanh, from the Activation setting: set it before importing if your model used another.',
    );
  });
});

describe('a refusal names what is wrong and the layout it expected', () => {
  it('the chapter’s names that do not chain: the same words as before layouts', () => {
    const shapes = chain(['W_1', 'b_1', 'W_2', 'b_2', 'W_3', 'b_3'], 3, 2);
    shapes.W_2 = [3, 2];
    expect(refused(problemOf(shapes))).toBe(
      "The file was not imported: W_2 has shape (3, 2); after W_1 (3, 784) it must be (H2, 3): the shapes do not chain. Expected the chapter's names: W_1 (H1, 784), b_1 (1, H1), W_2 (H2, H1), b_2 (1, H2), W_3 (10, H2), b_3 (1, 10). The current weights stay.",
    );
  });

  it('nn.Sequential: the tensor, its shape, what it had to be, and the whole layout', () => {
    const shapes = chain(['0.weight', '0.bias', '2.weight', '2.bias', '4.weight', '4.bias'], 64, 30);
    shapes['2.weight'] = [64, 30];
    expect(refused(problemOf(shapes))).toBe(
      'The file was not imported: 2.weight has shape (64, 30); after 0.weight (64, 784) it must be (H2, 64): the shapes do not chain. Expected nn.Sequential (0, 2, 4) of three nn.Linear layers: 0.weight (H1, 784), 0.bias (H1), 2.weight (H2, H1), 2.bias (H2), 4.weight (10, H2), 4.bias (10). The current weights stay.',
    );
    shapes['2.weight'] = [30, 64];
    shapes['2.bias'] = [30, 1];
    expect(refused(problemOf(shapes))).toContain('2.bias has shape (30, 1); after 2.weight (30, 64) it must be (30) or (1, 30). Expected');
  });

  it('named modules that chain in no order', () => {
    const shapes = chain(['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias', 'fc3.weight', 'fc3.bias'], 100, 50);
    shapes['fc2.weight'] = [50, 64];
    expect(refused(problemOf(shapes))).toBe(
      'The file was not imported: no order of its weights fc1.weight (100, 784), fc2.weight (50, 64), fc3.weight (10, 50) chains 784 → H1 → H2 → 10. Expected three modules with a weight and a bias each (nn.Linear; here fc1, fc2, fc3), whose weights chain by shape: (H1, 784), (H2, H1), (10, H2). The current weights stay.',
    );
  });

  it('ambiguous by shape: which tensors could be which, the layout expected, and how to say which is which', () => {
    expect(refused(problemOf(chain(['w_a', 'b_a', 'w_b', 'b_b', 'w_c', 'b_c'], 50, 50)))).toBe(
      "The file was not imported: its shapes fit more than one way (b_1 could be b_a or b_b; b_2 could be b_a or b_b), and its names do not say which is which. Expected six tensors told apart by shape: weights (H1, 784), (H2, H1), (10, H2) and biases (H1), (H2), (10), with H1, H2 and 10 all different. Save it as nn.Sequential (0.weight … 4.bias) or with the chapter's names to say which is which. The current weights stay.",
    );
  });

  it('the wrong layers, missing and extra tensors, a wrong count', () => {
    const four = {
      ...chain(['0.weight', '0.bias', '2.weight', '2.bias', '4.weight', '4.bias'], 64, 30),
      '6.weight': [10, 10],
      '6.bias': [10],
    };
    expect(refused(problemOf(four))).toBe(
      'The file was not imported: it has 4 layers with a weight (0, 2, 4, 6); this network has three. Expected nn.Sequential of three nn.Linear layers: 0.weight (H1, 784), 0.bias (H1), 2.weight (H2, H1), 2.bias (H2), 4.weight (10, H2), 4.bias (10). The current weights stay.',
    );
    expect(refused(problemOf({ '0.weight': [64, 784], '2.weight': [30, 64], '4.weight': [10, 30] }))).toMatch(
      /^The file was not imported: it lacks the tensors 0\.bias, 2\.bias, 4\.bias\. Expected nn\.Sequential \(0, 2, 4\) of three nn\.Linear layers/,
    );
    expect(refused(problemOf({ W_1: [3, 784], b_1: [1, 3], W_2: [2, 3], b_2: [1, 2], W_3: [10, 2], b_3: [1, 10], W_4: [1] }))).toMatch(
      /^The file was not imported: it holds tensors this network does not have: W_4\. Expected the chapter's names/,
    );
    expect(refused(problemOf({ a: [1], b: [2] }))).toMatch(
      /^The file was not imported: it holds 2 tensors; this network has six\. Expected six tensors told apart by shape/,
    );
  });

  it('a shared rule broken in a file with other names says the file’s name too', () => {
    expect(
      describeRequestFailure('import-weights', {
        kind: 'invalid-weights',
        problem: { rule: 'size', tensor: 'b_2', expected: 30, actual: 29 },
        names: { W_1: '0.weight', b_1: '0.bias', W_2: '2.weight', b_2: '2.bias', W_3: '4.weight', b_3: '4.bias' },
      }),
    ).toBe(
      'The file was not imported: tensor b_2 (2.bias in the file) holds 29 values; its hidden sizes imply 30. The current weights stay.',
    );
    expect(
      describeRequestFailure('import-weights', { kind: 'invalid-weights', problem: { rule: 'not-finite', tensor: 'W_1', count: 2 } }),
    ).toBe('The file was not imported: tensor W_1 holds 2 NaN or infinite values. The current weights stay.');
  });
});
