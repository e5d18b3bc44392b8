import { MAX_HIDDEN } from '../model/weightsCheck';
import { ACTIVATIONS, INITIALISATIONS, OPTIMIZERS } from '../model/stepRule';
import { DEFAULT_CONFIG, GRADIENT_MODES_LIST, type BackendChoice, type RunConfig } from '../worker/protocol';

/** A numeric setting: its URL key, visible label, range, and whether it is a whole number. */
export interface NumericSetting {
  key: NumericKey;
  param: string;
  label: string;
  min: number;
  max: number;
  integer: boolean;
  /** Log-scale slider (the learning rate spans six decades). */
  log?: boolean;
  step?: number;
  help: string;
}

export type NumericKey = 'learningRate' | 'hidden1' | 'hidden2' | 'epochs' | 'batchSize' | 'samples' | 'seed' | 'weightDecay';

export const NUMERIC_SETTINGS: readonly NumericSetting[] = [
  {
    key: 'learningRate',
    param: 'lr',
    label: 'Learning rate',
    min: 0.001,
    max: 1000,
    integer: false,
    log: true,
    help: "Step size α (chapter: 0.1). The chapter's net stops learning near 100 and overflows at 500.",
  },
  {
    key: 'hidden1',
    param: 'h1',
    label: 'Hidden layer 1',
    min: 1,
    max: MAX_HIDDEN,
    integer: true,
    help: 'Units in the first hidden layer (chapter: 100).',
  },
  {
    key: 'hidden2',
    param: 'h2',
    label: 'Hidden layer 2',
    min: 1,
    max: MAX_HIDDEN,
    integer: true,
    help: 'Units in the second hidden layer (chapter: 50).',
  },
  {
    key: 'epochs',
    param: 'epochs',
    label: 'Epochs',
    min: 1,
    max: 50,
    integer: true,
    help: 'Passes over the training samples (chapter: 10).',
  },
  {
    key: 'batchSize',
    param: 'batch',
    label: 'Batch size',
    min: 1,
    max: 1024,
    integer: true,
    help: 'Images per SGD step; the last partial batch is dropped (chapter: 32).',
  },
  // From 100 rather than 1,000: short runs such as samples=640 on slow software WebGPU stay possible.
  {
    key: 'samples',
    param: 'samples',
    label: 'Training samples',
    min: 100,
    max: 60000,
    integer: true,
    step: 100,
    help: 'A seeded subset of the 60,000 training images.',
  },
  {
    key: 'seed',
    param: 'seed',
    label: 'Seed',
    min: 0,
    max: 99999,
    integer: true,
    help: 'Same seed, same weights, subset and shuffles.',
  },
  {
    key: 'weightDecay',
    param: 'wd',
    label: 'Weight decay',
    min: 0,
    max: 0.1,
    integer: false,
    step: 0.0001,
    help: "L2 decay: wd·W is added to each gradient before the optimiser's rule, as PyTorch's weight_decay does. The chapter uses none (0).",
  },
];

export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];

/** The settings chosen from a list: their URL key, label, values, and what to say when a URL gives another. */
export interface ChoiceSetting<K extends ChoiceKey = ChoiceKey> {
  key: K;
  param: string;
  label: string;
  values: readonly RunConfig[K][];
  /** Where the fallback is not simply the default's name (e.g. "automatic choice"). */
  fallbackText?: string;
  /** Each value as its select shows it, the chapter's own marked "(chapter)" (the what-if settings). */
  optionLabels?: Readonly<Record<string, string>>;
  /** One line beside the select; figures from PyTorch (docs/pytorch-calibration.md, one epoch of 20,000 images). */
  help?: string;
}

export type ChoiceKey = 'activation' | 'init' | 'optimizer' | 'backend' | 'gradients';

export const CHOICE_SETTINGS: readonly ChoiceSetting[] = [
  {
    key: 'activation',
    param: 'act',
    label: 'Activation',
    values: ACTIVATIONS,
    optionLabels: { sigmoid: 'Sigmoid (chapter)', tanh: 'tanh', relu: 'ReLU' },
    help: "The hidden layers' nonlinearity. In PyTorch, one epoch of 20,000 images: ReLU with He init reaches ~93% at lr 1; the chapter's sigmoid needs lr 3 for ~87%.",
  },
  {
    key: 'init',
    param: 'init',
    label: 'Initialisation',
    values: INITIALISATIONS,
    optionLabels: { normal: 'Normal, std 0.1 (chapter)', xavier: 'Xavier (Glorot) normal', he: 'He (Kaiming) normal' },
    help: "Starting weights from a normal distribution, biases 0: the chapter's std 0.1; Xavier std √(2/(fan_in+fan_out)), suited to tanh; He std √(2/fan_in), suited to ReLU.",
  },
  {
    key: 'optimizer',
    param: 'opt',
    label: 'Optimiser',
    values: OPTIMIZERS,
    optionLabels: { sgd: 'Plain SGD (chapter)', momentum: 'Momentum 0.9', adam: 'Adam' },
    help: "SGD: W −= lr·grad. Momentum in PyTorch's form v = μv + g, W −= lr·v with μ 0.9 (ReLU + He: ~92% at lr 0.1). Adam: β1 0.9, β2 0.999, ε 1e-8, usual lr 0.001 (ReLU + He: ~93%).",
  },
  { key: 'gradients', param: 'grad', label: 'Gradients', values: GRADIENT_MODES_LIST },
  { key: 'backend', param: 'backend', label: 'Backend', values: BACKEND_CHOICES, fallbackText: 'automatic choice' },
];

/** The choice settings by key (the what-if fields read their labels and help here). */
export const CHOICE_SETTINGS_BY_KEY = Object.fromEntries(CHOICE_SETTINGS.map((s) => [s.key, s])) as Record<ChoiceKey, ChoiceSetting>;

/** A what-if choice's name without the "(chapter)" mark, for short lines ("Next run: ReLU (this run: Sigmoid)"). */
export function choiceName(key: ChoiceKey, value: string): string {
  return (CHOICE_SETTINGS_BY_KEY[key].optionLabels?.[value] ?? value).replace(' (chapter)', '');
}

export const NUM_SETTINGS_BY_KEY = Object.fromEntries(NUMERIC_SETTINGS.map((s) => [s.key, s])) as Record<NumericKey, NumericSetting>;

/** Formats a number the way it is written in the URL and the inputs: no float noise. */
export function formatSetting(value: number): string {
  return String(Number(value.toPrecision(6)));
}

/** Checks one typed or URL value. Returns the value in effect and, when it differs, why. */
export function validateNumber(setting: NumericSetting, raw: string): { value: number; problem: string | null } {
  const fallback = DEFAULT_CONFIG[setting.key];
  const text = raw.trim();
  const parsed = text === '' ? NaN : Number(text);
  if (!Number.isFinite(parsed)) {
    return { value: fallback, problem: `${setting.label} "${raw}" is not a number; using the default ${formatSetting(fallback)}.` };
  }
  let value = parsed;
  const notes: string[] = [];
  if (setting.integer && !Number.isInteger(value)) {
    value = Math.round(value);
    notes.push('must be a whole number');
  }
  if (value < setting.min || value > setting.max) {
    notes.push(`must be between ${formatSetting(setting.min)} and ${formatSetting(setting.max)}`);
    value = Math.min(setting.max, Math.max(setting.min, value));
  }
  return notes.length
    ? { value, problem: `${setting.label} ${text} ${notes.join(' and ')}; using ${formatSetting(value)}.` }
    : { value, problem: null };
}

/** Reads a run configuration from a URL query; every invalid value is replaced and reported. */
export function parseQuery(search: string): { config: RunConfig; problems: string[] } {
  const query = new URLSearchParams(search);
  const config: RunConfig = { ...DEFAULT_CONFIG };
  const problems: string[] = [];
  for (const setting of NUMERIC_SETTINGS) {
    const raw = query.get(setting.param);
    if (raw === null) continue;
    const { value, problem } = validateNumber(setting, raw);
    config[setting.key] = value;
    if (problem) problems.push(problem.replace(setting.label, `${setting.label} (${setting.param})`));
  }
  for (const setting of CHOICE_SETTINGS) {
    const raw = query.get(setting.param);
    if (raw === null) continue;
    if ((setting.values as readonly string[]).includes(raw)) (config as unknown as Record<string, string>)[setting.key] = raw;
    else {
      const fallback = setting.fallbackText ?? String(DEFAULT_CONFIG[setting.key]);
      problems.push(`${setting.label} "${raw}" is not one of ${setting.values.join(', ')}; using ${fallback}.`);
    }
  }
  const fitted = fitBatchToSamples(config);
  if (fitted.problem) problems.push(fitted.problem.replace('Batch size', 'Batch size (batch)'));
  return { config: fitted.config, problems };
}

/** Whether the batch is larger than the training samples: with the last partial batch dropped, no step would run. */
export function batchExceedsSamples(config: RunConfig): boolean {
  return config.batchSize > config.samples;
}

/**
 * The rule that every epoch has at least one batch: the batch size never exceeds the training
 * samples (the last partial batch is dropped, so a larger batch would train nothing).
 */
export function fitBatchToSamples(config: RunConfig): { config: RunConfig; problem: string | null } {
  if (!batchExceedsSamples(config)) return { config, problem: null };
  return {
    config: { ...config, batchSize: config.samples },
    problem: `Batch size ${config.batchSize} is larger than the ${config.samples} training samples, which would make no full batch; using ${config.samples}.`,
  };
}

/** The settings of a run that differ from the chapter's, short (e.g. "lr 3, h1 32"), for lists and legends. */
export function describeDifferences(config: RunConfig, options: { backend?: boolean } = {}): string {
  const parts: string[] = [];
  for (const setting of NUMERIC_SETTINGS) {
    if (config[setting.key] !== DEFAULT_CONFIG[setting.key]) parts.push(`${setting.param} ${formatSetting(config[setting.key])}`);
  }
  for (const setting of CHOICE_SETTINGS) {
    if (setting.key === 'backend' && !options.backend) continue;
    if (config[setting.key] !== DEFAULT_CONFIG[setting.key]) parts.push(`${setting.param} ${config[setting.key]}`);
  }
  return parts.length ? parts.join(', ') : "chapter's settings";
}

/** The URL query for a configuration: every setting, so that a shared link repeats the run exactly. */
export function toQuery(config: RunConfig): string {
  const query = new URLSearchParams();
  for (const setting of NUMERIC_SETTINGS) query.set(setting.param, formatSetting(config[setting.key]));
  for (const setting of CHOICE_SETTINGS) query.set(setting.param, String(config[setting.key]));
  return query.toString();
}

/** True when the settings are the chapter's own, so that its printed curve is comparable. */
export function isChapterSetup(config: RunConfig): boolean {
  return (
    config.learningRate === 0.1 && config.hidden1 === 100 && config.hidden2 === 50 && config.batchSize === 32 && config.samples === 60000
  );
}

/** The chapter's printed epoch losses (shared/seed/training-loop-chapter.md). */
export const CHAPTER_EPOCH_LOSSES = [
  0.22500242, 0.2023837, 0.15146227, 0.10374166, 0.07694656, 0.06303787, 0.05480562, 0.04929627, 0.04533311, 0.04232094,
];
