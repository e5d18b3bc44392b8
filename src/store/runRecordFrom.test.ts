import { describe, expect, it } from 'vitest';
import { recordOfImport } from './runRecordFrom';
import { parseQuery } from './settings';

describe('the record of an imported file', () => {
  it('keeps the activation the weights were used with, so that "Use weights" later evaluates them the same way', () => {
    const arch = { hidden1: 64, hidden2: 32 };
    const fromSetting = recordOfImport({ name: 'model.safetensors', arch, metadata: {}, activation: 'relu', test: null });
    expect(parseQuery(fromSetting.query).config).toMatchObject({ activation: 'relu', hidden1: 64, hidden2: 32 });
    const chapter = recordOfImport({ name: 'model.safetensors', arch, metadata: {}, activation: 'sigmoid', test: null });
    expect(parseQuery(chapter.query).config.activation).toBe('sigmoid');
    const written = recordOfImport({
      name: 'mnist-mlp-100-50-2026-11-29.safetensors',
      arch: { hidden1: 100, hidden2: 50 },
      metadata: { settings: 'lr=1&act=tanh&init=xavier&samples=5000&epochs=1', activation: 'tanh' },
      activation: 'tanh',
      test: null,
    });
    expect(parseQuery(written.query).config).toMatchObject({ activation: 'tanh', init: 'xavier', learningRate: 1, samples: 5000 });
    expect(written).toMatchObject({ ending: 'imported', source: 'mnist-mlp-100-50-2026-11-29.safetensors' });
  });
});
