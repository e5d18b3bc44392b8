/**
 * The layer-health panel's words: what counts as saturated for each activation (the one rule of
 * src/model/stepRule.ts), and one sentence under each chart saying what to read from it. Every
 * figure quoted is from docs/pytorch-calibration.md (PyTorch, the chapter's loop, seeds 0-2, one
 * epoch each: later epochs differ, e.g. W_1's ratio rose to −3.7 by epoch 10 at lr 0.1 in one app run, seed 0 on Wasm).
 */
import type { Activation, OptimizerName } from '../worker/protocol';

/** How often a run measures its layers (src/worker/run.ts HEALTH_EVERY), as the panel says it. */
export const HEALTH_EVERY_BATCHES = 50;

export interface HealthWords {
  /** The saturation chart's title and y axis. */
  saturationTitle: string;
  saturationAxis: string;
  /** The rule, as the page says it everywhere. */
  rule: string;
  /** Outputs beyond these are saturated (drawn on the histograms). */
  thresholds: number[];
  saturation: string;
  gradient: string;
  ratio: string;
  histogram: string;
}

/** The saturation rule in words, for the weight tiles' readout and this panel. */
export const SATURATION_RULE: Record<Activation, string> = {
  sigmoid: 'sigmoid output below 0.015 or above 0.985 (|tanh| > 0.97 in makemore’s terms)',
  tanh: 'tanh output with |a| > 0.97',
  relu: 'ReLU output exactly 0',
};

const SATURATION: Record<Activation, string> = {
  sigmoid:
    'A saturated unit passes almost no gradient back (its slope a(1 − a) is under 0.015). In the first epoch at the chapter’s lr 0.1 neither layer goes above 0.1%; lr 50 ends that epoch with 17–39% of layer 1 saturated on 5,000 images and 74–83% on 60,000, yet on 60,000 images lr 50 gave the best test accuracy of the calibration’s layer-health runs (92–94%, against 46% at lr 0.1): high saturation is a warning, not a failed run by itself.',
  tanh: 'A unit with |a| > 0.97 passes little gradient back (1 − a² < 0.06). With Xavier initialisation at lr 0.1 the calibration’s runs end their epoch at 0–2.2% and reach 74–91% test accuracy.',
  relu: 'A unit at exactly 0 passes no gradient back for that image. With He initialisation at lr 0.1 the calibration’s runs end their epoch with 28–52% of values at 0 and still reach 68–91% test accuracy: for ReLU a large share is normal; a layer near 100% has died.',
};

const GRADIENT: Record<Activation, string> = {
  sigmoid:
    'Nielsen’s “speed of learning” per layer: in every record of the PyTorch calibration (one epoch per run) W_1 has the smallest gradient of the six, 59–161× below W_3’s at lr 0.1. Part of that is the input (37–48% of W_1’s gradient entries are exactly 0: pixels blank in all 32 images of a batch), but the biases, free of it, agree: b_1 < b_2 < b_3 in every record at lr 0.1. The first layer learns slowest.',
  tanh: 'W_1’s gradient is the smallest here too (2.7–4.7× below W_3’s in the calibration), mostly because blank pixels give it exact zeros; the biases keep the order b_1 < b_2 < b_3 in only 33 of 39 records of a 60,000-image run: with tanh the first layer is not much slower than the others.',
  relu: 'W_1’s gradient is the smallest here too (2.5–9.3× below W_3’s in the calibration), mostly because blank pixels give it exact zeros; the biases keep the order b_1 < b_2 < b_3 in only 12 of 39 records of a 60,000-image run: with ReLU the first layer is not the slow one.',
};

const RATIO: Record<Activation, string> = {
  sigmoid:
    'How much one step changes each weight matrix, in decades: −3 means by 0.1% (CS231n’s rule of thumb). In the first epoch at the chapter’s lr 0.1 W_1 sits near −4.6 (−4.73 to −4.43 in every PyTorch record: a step moves it by about 1/40,000), so the first layer learns slowly; lr 50 lifts it to about −1.5. A low line is not always a small rate: at lr 100 layer 2 saturated, the gradients collapsed and W_1 fell back to −3.1 to −4.3, so read it beside the saturation.',
  tanh: 'How much one step changes each weight matrix, in decades: −3 means by 0.1% (CS231n’s rule of thumb). With tanh and Xavier initialisation at lr 0.1 the calibration’s W_1 sits at the target (−3.30 to −2.74); far below means the rate is too small for that layer, far above too large.',
  relu: 'How much one step changes each weight matrix, in decades: −3 means by 0.1% (CS231n’s rule of thumb). With ReLU and He initialisation at lr 0.1 the calibration’s W_1 sits at the target (−3.25 to −2.84); far below means the rate is too small for that layer, far above too large.',
};

const HISTOGRAM: Record<Activation, string> = {
  sigmoid:
    'Each hidden layer’s outputs on the last measured batch (32 images × its units). Values beyond the dashed lines (0.015 and 0.985) are saturated; in the first epoch at the chapter’s lr 0.1 at most 0.1% are.',
  tanh: 'Each hidden layer’s outputs on the last measured batch (32 images × its units). Values beyond the dashed lines (±0.97) are saturated.',
  relu: 'Each hidden layer’s outputs on the last measured batch (32 images × its units), from 0 to the largest output. The first bin holds the zeros (and the smallest positive outputs).',
};

const OPTIMISER_NOTE: Record<OptimizerName, string> = {
  sgd: '',
  momentum: ' Here the update is what SGD with momentum takes, not lr · grad; the figures quoted are plain SGD’s.',
  adam: ' Here the update is what Adam takes, not lr · grad; the figures quoted are plain SGD’s.',
};

/** The panel's words for a run's activation and optimiser. */
export function healthWords(activation: Activation, optimizer: OptimizerName): HealthWords {
  return {
    saturationTitle: activation === 'relu' ? 'Units at zero' : 'Saturated units',
    saturationAxis: activation === 'relu' ? 'At zero (%)' : 'Saturated (%)',
    rule: SATURATION_RULE[activation],
    thresholds: activation === 'sigmoid' ? [0.015, 0.985] : activation === 'tanh' ? [-0.97, 0.97] : [],
    saturation: SATURATION[activation],
    gradient: GRADIENT[activation],
    ratio: RATIO[activation] + OPTIMISER_NOTE[optimizer],
    histogram: HISTOGRAM[activation],
  };
}
