/**
 * What an exported file says about itself, and the Python that loads it: its name, its metadata
 * (settings, activation, initialisation, optimiser, decay, accuracies, the layout in PyTorch's
 * terms), and a snippet that builds the matching model for the layout and the weights' activation.
 */
import type { ExportLayout } from '../model/weightsLayouts';
import type { Activation, Architecture } from '../worker/protocol';
import type { RunRecord } from './runRecord';
import { parseQuery } from './settings';

/** PyTorch's module and function for each activation. */
const TORCH: Record<Activation, { module: string; fn: string }> = {
  sigmoid: { module: 'nn.Sigmoid()', fn: 'torch.sigmoid' },
  tanh: { module: 'nn.Tanh()', fn: 'torch.tanh' },
  relu: { module: 'nn.ReLU()', fn: 'torch.relu' },
};

/** The file's name: `mnist-mlp-<h1>-<h2>[-sequential]-<date>.safetensors`. */
export function exportFileName(arch: Architecture, layout: ExportLayout, date = new Date()): string {
  const kind = layout === 'sequential' ? '-sequential' : '';
  return `mnist-mlp-${arch.hidden1}-${arch.hidden2}${kind}-${date.toISOString().slice(0, 10)}.safetensors`;
}

/** The nn.Sequential that holds these weights: `nn.Sequential(nn.Linear(784, 100), nn.ReLU(), …)`. */
export function sequentialModule(arch: Architecture, activation: Activation): string {
  const act = TORCH[activation].module;
  return `nn.Sequential(nn.Linear(784, ${arch.hidden1}), ${act}, nn.Linear(${arch.hidden1}, ${arch.hidden2}), ${act}, nn.Linear(${arch.hidden2}, 10))`;
}

/** The chapter's forward pass with its tensors, for an activation. */
function chapterForward(activation: Activation): string {
  const f = activation === 'sigmoid' ? 'sigmoid' : activation;
  return `logits = ${f}(${f}(x @ W_1.T + b_1) @ W_2.T + b_2) @ W_3.T + b_3`;
}

/** The tensors a layout writes, with their shapes for these sizes. */
function layoutDescription(layout: ExportLayout, arch: Architecture, activation: Activation): string {
  const { hidden1: h1, hidden2: h2 } = arch;
  if (layout === 'sequential') {
    return `${sequentialModule(arch, activation)}: 0.weight (${h1}, 784), 0.bias (${h1}), 2.weight (${h2}, ${h1}), 2.bias (${h2}), 4.weight (10, ${h2}), 4.bias (10)`;
  }
  return `the chapter's: W_1 (${h1}, 784), b_1 (1, ${h1}), W_2 (${h2}, ${h1}), b_2 (1, ${h2}), W_3 (10, ${h2}), b_3 (1, 10); ${chapterForward(activation)}`;
}

/**
 * The metadata of an exported file (strings only, as safetensors requires). The run's settings,
 * initialisation, optimiser and decay when the weights come from a known run; the activation always
 * (the worker writes the one it uses, which is this one).
 */
export function exportMetadata(input: {
  layout: ExportLayout;
  arch: Architecture;
  activation: Activation;
  run: RunRecord | undefined;
  accuracy: { train: number | null; test: number | null } | null;
  now?: Date;
}): Record<string, string> {
  const { layout, arch, activation, run, accuracy } = input;
  const metadata: Record<string, string> = {
    app: 'mnist-in-the-tab',
    layout: layoutDescription(layout, arch, activation),
    activation,
    created: (input.now ?? new Date()).toISOString(),
  };
  if (run) {
    const config = parseQuery(run.query).config;
    metadata.settings = run.query;
    metadata.init = config.init;
    metadata.optimizer = config.optimizer;
    metadata.weight_decay = String(config.weightDecay);
  }
  if (accuracy?.train != null) metadata.train_accuracy = (accuracy.train * 100).toFixed(2);
  if (accuracy?.test != null) metadata.test_accuracy = (accuracy.test * 100).toFixed(2);
  return metadata;
}

/**
 * Python that loads an exported file into the matching model: an nn.Sequential with
 * load_state_dict, or the chapter's six tensors and its forward pass. `x` is (B, 784), pixels
 * scaled to 0..1, as the chapter feeds them.
 */
export function pythonSnippet(layout: ExportLayout, arch: Architecture, activation: Activation, file: string): string {
  if (layout === 'sequential') {
    return `import torch
from torch import nn
from safetensors.torch import load_file
model = ${sequentialModule(arch, activation)}
model.load_state_dict(load_file("${file}"))
logits = model(torch.rand(5, 784))  # x: (B, 784), pixels scaled to 0..1`;
  }
  const f = TORCH[activation].fn;
  return `import torch
from safetensors.torch import load_file
t = load_file("${file}")
W_1, b_1, W_2, b_2, W_3, b_3 = (t[k].requires_grad_() for k in ("W_1", "b_1", "W_2", "b_2", "W_3", "b_3"))
def model(x):  # x: (B, 784), pixels scaled to 0..1
    return ${f}(${f}(x @ W_1.T + b_1) @ W_2.T + b_2) @ W_3.T + b_3
logits = model(torch.rand(5, 784))`;
}
