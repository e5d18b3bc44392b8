import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../worker/protocol';
import {
  CHOICE_SETTINGS_BY_KEY,
  choiceName,
  describeDifferences,
  fitBatchToSamples,
  isChapterSetup,
  parseQuery,
  toQuery,
} from './settings';

describe('URL settings', () => {
  it('defaults to the chapter', () => {
    expect(parseQuery('')).toEqual({ config: DEFAULT_CONFIG, problems: [] });
    expect(isChapterSetup(DEFAULT_CONFIG)).toBe(true);
    expect(DEFAULT_CONFIG).toMatchObject({ learningRate: 0.1, hidden1: 100, hidden2: 50, epochs: 10, batchSize: 32, samples: 60000 });
  });

  it('reads valid values', () => {
    const { config, problems } = parseQuery('?lr=3&samples=20000&epochs=1&backend=wasm&seed=7&grad=autodiff');
    expect(problems).toEqual([]);
    expect(config).toEqual({
      ...DEFAULT_CONFIG,
      learningRate: 3,
      samples: 20000,
      epochs: 1,
      backend: 'wasm',
      seed: 7,
      gradients: 'autodiff',
    });
  });

  it('replaces non-numeric, out-of-range and fractional values, and says which and what was used', () => {
    const { config, problems } = parseQuery('?lr=abc&h1=-5&epochs=1e9&batch=0&h2=2.5&samples=');
    expect(config.learningRate).toBe(0.1);
    expect(config.hidden1).toBe(1);
    expect(config.epochs).toBe(50);
    expect(config.batchSize).toBe(1);
    expect(config.hidden2).toBe(3);
    expect(config.samples).toBe(60000);
    expect(problems).toHaveLength(6);
    expect(problems[0]).toMatch(/Learning rate \(lr\) "abc" is not a number; using the default 0\.1/);
    expect(problems.find((p) => p.includes('(epochs)'))).toMatch(/between 1 and 50; using 50/);
    expect(problems.find((p) => p.includes('(h2)'))).toMatch(/whole number; using 3/);
  });

  it('rejects unknown backends instead of passing them on', () => {
    const { config, problems } = parseQuery('?backend=<img src=x>');
    expect(config.backend).toBe('auto');
    expect(problems[0]).toMatch(/not one of auto, webgpu/);
  });

  it('writes every setting back, so that the link repeats the run', () => {
    const config = { ...DEFAULT_CONFIG, learningRate: 0.30000000000000004, seed: 3 };
    expect(parseQuery(toQuery(config)).config).toEqual({ ...config, learningRate: 0.3 });
    expect(toQuery(DEFAULT_CONFIG)).toBe(
      'lr=0.1&h1=100&h2=50&epochs=10&batch=32&samples=60000&seed=0&wd=0&act=sigmoid&init=normal&opt=sgd&grad=manual&backend=auto',
    );
  });

  it('never lets the batch exceed the training samples (every epoch needs a full batch)', () => {
    const { config, problems } = parseQuery('?backend=wasm&batch=1024&samples=1000&epochs=2');
    expect(config.batchSize).toBe(1000);
    expect(problems).toEqual([
      'Batch size (batch) 1024 is larger than the 1000 training samples, which would make no full batch; using 1000.',
    ]);
    expect(fitBatchToSamples({ ...DEFAULT_CONFIG, batchSize: 100, samples: 100 }).problem).toBeNull();
    expect(fitBatchToSamples({ ...DEFAULT_CONFIG, batchSize: 101, samples: 100 }).config.batchSize).toBe(100);
  });

  it("names a run by the settings that differ from the chapter's", () => {
    expect(describeDifferences(DEFAULT_CONFIG)).toBe("chapter's settings");
    expect(describeDifferences({ ...DEFAULT_CONFIG, learningRate: 3, hidden1: 32 })).toBe('lr 3, h1 32');
    expect(describeDifferences({ ...DEFAULT_CONFIG, backend: 'wasm', gradients: 'autodiff' }, { backend: true })).toBe(
      'grad autodiff, backend wasm',
    );
  });

  it('reads the what-if settings, each defaulting to the chapter’s, and refuses values it does not know', () => {
    const { config, problems } = parseQuery('?act=relu&init=he&opt=adam&wd=0.0005&lr=0.001');
    expect(config).toMatchObject({ activation: 'relu', init: 'he', optimizer: 'adam', weightDecay: 0.0005, learningRate: 0.001 });
    expect(problems).toEqual([]);
    expect(describeDifferences(config)).toBe('lr 0.001, wd 0.0005, act relu, init he, opt adam');
    expect(parseQuery(toQuery(config)).config).toEqual(config);
    const bad = parseQuery('?act=gelu&init=zeros&opt=lbfgs&wd=-1');
    expect(bad.config).toMatchObject({ activation: 'sigmoid', init: 'normal', optimizer: 'sgd', weightDecay: 0 });
    expect(bad.problems).toEqual([
      'Weight decay (wd) -1 must be between 0 and 0.1; using 0.',
      'Activation "gelu" is not one of sigmoid, tanh, relu; using sigmoid.',
      'Initialisation "zeros" is not one of normal, xavier, he; using normal.',
      'Optimiser "lbfgs" is not one of sgd, momentum, adam; using sgd.',
    ]);
    // A query stored before these settings existed reads as the chapter's choices.
    expect(parseQuery('lr=3&h1=100&h2=50&epochs=1&batch=32&samples=2000&seed=0&backend=wasm&grad=manual').config).toMatchObject({
      activation: 'sigmoid',
      init: 'normal',
      optimizer: 'sgd',
      weightDecay: 0,
    });
  });

  it('labels every what-if choice, the chapter’s own (and only it) as “(chapter)”, each with its explanation', () => {
    for (const key of ['activation', 'init', 'optimizer'] as const) {
      const setting = CHOICE_SETTINGS_BY_KEY[key];
      expect(Object.keys(setting.optionLabels!)).toEqual([...setting.values]);
      const marked = setting.values.filter((v) => setting.optionLabels![v].endsWith(' (chapter)'));
      expect(marked).toEqual([DEFAULT_CONFIG[key]]);
      expect(setting.help).toBeTruthy();
    }
    expect(choiceName('activation', 'sigmoid')).toBe('Sigmoid');
    expect(choiceName('init', 'he')).toBe('He (Kaiming) normal');
    // The calibrated figures (docs/pytorch-calibration.md) and PyTorch's constants, as the page says them.
    expect(CHOICE_SETTINGS_BY_KEY.activation.help).toMatch(
      /ReLU with He init reaches ~93% at lr 1; the chapter's sigmoid needs lr 3 for ~87%/,
    );
    expect(CHOICE_SETTINGS_BY_KEY.init.help).toMatch(/Xavier std √\(2\/\(fan_in\+fan_out\)\).*He std √\(2\/fan_in\)/);
    expect(CHOICE_SETTINGS_BY_KEY.optimizer.help).toMatch(/v = μv \+ g.*μ 0\.9.*β1 0\.9, β2 0\.999, ε 1e-8, usual lr 0\.001/);
  });
});
