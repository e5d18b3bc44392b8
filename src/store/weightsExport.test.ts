import { describe, expect, it } from 'vitest';
import type { RunRecord } from './runRecord';
import { exportFileName, exportMetadata, pythonSnippet, sequentialModule } from './weightsExport';

const arch = { hidden1: 100, hidden2: 50 };
const day = new Date('2026-11-29T10:00:00Z');

describe('what an exported file says about itself', () => {
  it('its name says the sizes, and nn.Sequential when it is', () => {
    expect(exportFileName(arch, 'chapter', day)).toBe('mnist-mlp-100-50-2026-11-29.safetensors');
    expect(exportFileName({ hidden1: 32, hidden2: 16 }, 'sequential', day)).toBe('mnist-mlp-32-16-sequential-2026-11-29.safetensors');
  });

  it('its metadata: the run’s settings, activation, initialisation, optimiser, decay, accuracies, and the layout in PyTorch’s terms', () => {
    const run = { query: 'lr=0.001&act=relu&init=he&opt=adam&wd=0.0001&samples=5000&epochs=1' } as RunRecord;
    const metadata = exportMetadata({
      layout: 'sequential',
      arch,
      activation: 'relu',
      run,
      accuracy: { train: 0.9, test: 0.91234 },
      now: day,
    });
    expect(metadata).toEqual({
      app: 'mnist-in-the-tab',
      layout:
        'nn.Sequential(nn.Linear(784, 100), nn.ReLU(), nn.Linear(100, 50), nn.ReLU(), nn.Linear(50, 10)): 0.weight (100, 784), 0.bias (100), 2.weight (50, 100), 2.bias (50), 4.weight (10, 50), 4.bias (10)',
      activation: 'relu',
      created: '2026-11-29T10:00:00.000Z',
      settings: run.query,
      init: 'he',
      optimizer: 'adam',
      weight_decay: '0.0001',
      train_accuracy: '90.00',
      test_accuracy: '91.23',
    });
    const chapter = exportMetadata({ layout: 'chapter', arch, activation: 'tanh', run: undefined, accuracy: null, now: day });
    expect(chapter.layout).toBe(
      "the chapter's: W_1 (100, 784), b_1 (1, 100), W_2 (50, 100), b_2 (1, 50), W_3 (10, 50), b_3 (1, 10); logits = tanh(tanh(x @ W_1.T + b_1) @ W_2.T + b_2) @ W_3.T + b_3",
    );
    expect(chapter.activation).toBe('tanh');
    expect(Object.keys(chapter)).toEqual(['app', 'layout', 'activation', 'created']);
  });
});

describe('the Python snippet builds the model the file holds', () => {
  it('nn.Sequential with the run’s activation between the layers, loaded with load_state_dict', () => {
    expect(sequentialModule({ hidden1: 32, hidden2: 16 }, 'sigmoid')).toBe(
      'nn.Sequential(nn.Linear(784, 32), nn.Sigmoid(), nn.Linear(32, 16), nn.Sigmoid(), nn.Linear(16, 10))',
    );
    const snippet = pythonSnippet('sequential', arch, 'relu', 'f.safetensors');
    expect(snippet).toContain(
      'model = nn.Sequential(nn.Linear(784, 100), nn.ReLU(), nn.Linear(100, 50), nn.ReLU(), nn.Linear(50, 10))\nmodel.load_state_dict(load_file("f.safetensors"))',
    );
  });

  it('the chapter’s tensors with torch.sigmoid, torch.tanh or torch.relu', () => {
    for (const activation of ['sigmoid', 'tanh', 'relu'] as const) {
      const snippet = pythonSnippet('chapter', arch, activation, 'f.safetensors');
      expect(snippet).toContain(`return torch.${activation}(torch.${activation}(x @ W_1.T + b_1) @ W_2.T + b_2) @ W_3.T + b_3`);
      expect(snippet).toContain('t = load_file("f.safetensors")');
    }
  });
});
