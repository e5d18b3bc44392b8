/**
 * The chapter's training step as its own code (shared/seed/training-loop-chapter.md, "In [17]"),
 * cut into the blocks the explainer puts its tensors beside, each in one of the four stages. A
 * what-if activation or optimiser changes only the lines it changes, marked as not the chapter's.
 */
import type { StepRule } from '../../model/stepRule';
import type { ExplainStage } from '../../store/explainSlice';

/** A block of lines and the tensors it produces. */
export type BlockId = 'batch' | 'linear1' | 'act1' | 'linear2' | 'act2' | 'logits' | 'softmax' | 'loss' | 'backward' | 'update' | 'zero';

export interface CodeBlock {
  id: BlockId;
  stage: ExplainStage;
  lines: string[];
  /** Its tensors beside the lines, or below them with lines of their own (loss.backward() and the update make many). */
  tensors: 'beside' | 'below';
}

export const STAGE_TITLES: Record<ExplainStage, string> = {
  forward: 'Forward',
  loss: 'Loss',
  backward: 'Backward',
  update: 'Update',
};

/** The activation line of hidden layer `n`: the chapter's sigmoid, or the what-if's. */
function activationLine(n: 1 | 2, rule: StepRule): string {
  const h = `hidden_${n}`;
  switch (rule.activation) {
    case 'sigmoid':
      return `${h} = 1 / (1 + torch.exp(-${h}))`;
    case 'tanh':
      return `${h} = torch.tanh(${h})  # what-if: tanh, not the chapter's sigmoid`;
    case 'relu':
      return `${h} = torch.relu(${h})  # what-if: ReLU, not the chapter's sigmoid`;
  }
}

const PARAMETERS = ['W_1', 'b_1', 'W_2', 'b_2', 'W_3', 'b_3'];

/** The update lines: the chapter's `sub_` for plain SGD, PyTorch's optimiser otherwise. */
function updateLines(rule: StepRule): string[] {
  const decay = rule.weightDecay ? `, weight_decay=${rule.weightDecay}` : '';
  if (rule.optimizer === 'sgd' && !rule.weightDecay) {
    return ['# 9. Gradient Descent', 'with torch.inference_mode():', ...PARAMETERS.map((p) => `    ${p}.sub_(ALPHA * ${p}.grad)`)];
  }
  const made =
    rule.optimizer === 'adam'
      ? `torch.optim.Adam([W_1, b_1, W_2, b_2, W_3, b_3], lr=ALPHA${decay})`
      : `torch.optim.SGD([W_1, b_1, W_2, b_2, W_3, b_3], lr=ALPHA${rule.optimizer === 'momentum' ? ', momentum=0.9' : ''}${decay})`;
  return ['# 9. What-if: an optimiser instead of the chapter\u2019s sub_ lines', `# optimizer = ${made}`, 'optimizer.step()'];
}

export function chapterCode(rule: StepRule): CodeBlock[] {
  return [
    {
      id: 'batch',
      stage: 'forward',
      tensors: 'beside',
      lines: [
        '# 4. Reshape features',
        'features = features.view(-1, NUM_FEATURES).to(DEVICE)',
        '# 5. Create one hot labels',
        'one_hot_labels = torch.zeros(BATCH_SIZE, NUM_LABELS).to(DEVICE)',
        'for sample_idx, label in enumerate(labels):',
        '    one_hot_labels[sample_idx][label] = 1',
      ],
    },
    { id: 'linear1', stage: 'forward', tensors: 'beside', lines: ['# 6. Forward pass', 'hidden_1 = features @ W_1.T + b_1'] },
    { id: 'act1', stage: 'forward', tensors: 'beside', lines: [activationLine(1, rule)] },
    { id: 'linear2', stage: 'forward', tensors: 'beside', lines: ['hidden_2 = hidden_1 @ W_2.T + b_2'] },
    { id: 'act2', stage: 'forward', tensors: 'beside', lines: [activationLine(2, rule)] },
    { id: 'logits', stage: 'forward', tensors: 'beside', lines: ['logits = hidden_2 @ W_3.T + b_3'] },
    {
      id: 'softmax',
      stage: 'loss',
      tensors: 'beside',
      lines: [
        '# softmax activation',
        'numerator = torch.exp(logits)',
        'denominator = numerator.sum(dim=1, keepdim=True)',
        'softmax = numerator / denominator',
      ],
    },
    {
      id: 'loss',
      stage: 'loss',
      tensors: 'beside',
      lines: ['# 7. Calculate the cross-entropy loss', 'loss = -(one_hot_labels * torch.log(softmax)).mean()'],
    },
    { id: 'backward', stage: 'backward', tensors: 'below', lines: ['# 8. Apply Backprop', 'loss.backward()'] },
    { id: 'update', stage: 'update', tensors: 'below', lines: updateLines(rule) },
    {
      id: 'zero',
      stage: 'update',
      tensors: 'beside',
      lines: ['# 10. Clear Gradients', ...['W_1', 'W_2', 'W_3', 'b_1', 'b_2', 'b_3'].map((p) => `${p}.grad.zero_()`)],
    },
  ];
}
