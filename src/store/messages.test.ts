import { describe, expect, it } from 'vitest';
import { initialValues, type ParamValues } from '../model/network';
import { checkWeights } from '../model/weightsCheck';
import { writeSafetensors } from '../model/safetensors';
import { readWeightsFile, transpose, WeightsRuleError } from '../model/weightsFile';
import { parseWeightsRecord } from './runRecord';
import {
  describeRequestFailure,
  describeRunFailure,
  describeSkip,
  describeStepNote,
  describeTileNote,
  recordProblemText,
  skippedRunsText,
  storedWeightsMissingText,
  storedWeightsRefusedText,
  weightsProblemText,
} from './messages';

/** The chapter's file for these values, each bias written with the length it has (a wrong one too). */
function fileOf(v: ParamValues, { hidden1: h1, hidden2: h2 }: { hidden1: number; hidden2: number }) {
  return writeSafetensors([
    { name: 'W_1', shape: [h1, 784], data: transpose(v.w1, 784, h1) },
    { name: 'b_1', shape: [1, v.b1.length], data: v.b1 },
    { name: 'W_2', shape: [h2, h1], data: transpose(v.w2, h1, h2) },
    { name: 'b_2', shape: [1, v.b2.length], data: v.b2 },
    { name: 'W_3', shape: [10, h2], data: transpose(v.w3, h2, 10) },
    { name: 'b_3', shape: [1, v.b3.length], data: v.b3 },
  ]);
}

describe('words for the weights rules', () => {
  it('says each rule with its numbers', () => {
    expect(weightsProblemText({ rule: 'hidden-size', layer: 'H1', size: 600, max: 512 })).toBe(
      'hidden size H1 is 600; this app takes 1 to 512',
    );
    expect(weightsProblemText({ rule: 'hidden-size', layer: 'H2', size: 2.5, max: 512 })).toBe(
      'hidden size H2 is 2.5, not a whole number from 1 to 512',
    );
    expect(weightsProblemText({ rule: 'size', tensor: 'W_2', expected: 5000, actual: 3 })).toBe(
      'tensor W_2 holds 3 values; its hidden sizes imply 5,000',
    );
    expect(weightsProblemText({ rule: 'size', tensor: 'b_1', expected: 100, actual: 1 })).toBe(
      'tensor b_1 holds 1 value; its hidden sizes imply 100',
    );
    expect(weightsProblemText({ rule: 'not-finite', tensor: 'W_1', count: 1 })).toBe('tensor W_1 holds 1 NaN or infinite value');
    expect(weightsProblemText({ rule: 'not-finite', tensor: 'b_3', count: 1200 })).toBe('tensor b_3 holds 1,200 NaN or infinite values');
    expect(weightsProblemText({ rule: 'missing', tensor: 'b_2' })).toBe('tensor b_2 is missing');
    expect(weightsProblemText({ rule: 'malformed', part: 'W_3', expected: 'a Float32Array', found: 'an Array' })).toBe(
      'tensor W_3 is an Array, not a Float32Array',
    );
    expect(weightsProblemText({ rule: 'malformed', part: 'H1', expected: 'a whole number', found: 'a string' })).toBe(
      'hidden size H1 is a string, not a whole number',
    );
    expect(weightsProblemText({ rule: 'malformed', part: 'architecture', expected: 'an object', found: 'null' })).toBe(
      'the architecture is null, not an object',
    );
  });

  it('the same words whatever the source: a weights file and a stored record with the same problem', () => {
    const small = { hidden1: 5, hidden2: 4 };
    const cases: [string, { hidden1: number; hidden2: number }, (v: ParamValues) => void][] = [
      ['a NaN', small, (v) => (v.w1[7] = Number.NaN)],
      ['an infinity in a bias', small, (v) => (v.b2[0] = Number.POSITIVE_INFINITY)],
      ['a bias of the wrong size', small, (v) => (v.b1 = new Float32Array(4))],
      ['a hidden size of 600', { hidden1: 600, hidden2: 4 }, () => undefined],
    ];
    for (const [what, arch, damage] of cases) {
      const values = initialValues(arch, 1);
      damage(values);
      let fileError: unknown;
      try {
        readWeightsFile(fileOf(values, arch));
      } catch (error) {
        fileError = error;
      }
      expect(fileError, what).toBeInstanceOf(WeightsRuleError);
      const record = parseWeightsRecord({ runId: 'r', arch, values });
      expect(record.ok, what).toBe(false);
      if (record.ok || !(fileError instanceof WeightsRuleError)) continue;
      expect(describeRequestFailure('import-weights', { kind: 'invalid-weights', problem: fileError.problem }), what).toBe(
        `The file was not imported: ${recordProblemText(record.problem)}. The current weights stay.`,
      );
      expect(fileError.problem, what).toEqual(checkWeights({ arch, values }));
    }
  });
});

describe('words for stored runs', () => {
  it('names the field of a damaged record, an unknown schema, and the weights rule', () => {
    expect(recordProblemText({ rule: 'field', field: 'epochs[2].loss', expected: 'a finite number', found: 'NaN' })).toBe(
      'epochs[2].loss is NaN, expected a finite number',
    );
    expect(recordProblemText({ rule: 'schema', found: '7', newest: 1 })).toBe('its schema version is 7; this app reads versions 1 to 1');
    expect(recordProblemText({ rule: 'weights', problem: { rule: 'hidden-size', layer: 'H1', size: 600, max: 512 } })).toBe(
      'hidden size H1 is 600; this app takes 1 to 512',
    );
  });

  it('counts skipped runs and says why stored weights were not used', () => {
    expect(skippedRunsText(1)).toBe('1 stored run could not be read (damaged or from another version) and was skipped.');
    expect(skippedRunsText(3)).toBe('3 stored runs could not be read (damaged or from another version) and were skipped.');
    expect(
      storedWeightsRefusedText('29 Nov 2026, 10:00', { rule: 'weights', problem: { rule: 'not-finite', tensor: 'W_1', count: 1 } }),
    ).toBe(
      'The stored weights of the run of 29 Nov 2026, 10:00 were not used: tensor W_1 holds 1 NaN or infinite value. The current weights stay.',
    );
    expect(storedWeightsMissingText('29 Nov 2026, 10:00')).toMatch(/^The weights of the run of 29 Nov 2026, 10:00 are not stored/);
  });
});

describe("the page's words for the worker's facts", () => {
  it('names a data file and its problem, and says to retry', () => {
    expect(describeRunFailure({ kind: 'data', file: 'mnist-train-labels.idx1', problem: 'the server answered 404' })).toEqual({
      message: 'Could not load the MNIST data: mnist-train-labels.idx1 the server answered 404.',
      hint: 'Check the connection to this site, then click Retry.',
    });
  });

  it('lists every backend that would not start, with its reason', () => {
    const { message, hint } = describeRunFailure({
      kind: 'no-backend',
      skipped: [
        { name: 'webgpu', reason: { why: 'no-webgpu' } },
        { name: 'wasm', reason: { why: 'would-not-start', detail: 'no SIMD' } },
      ],
    });
    expect(message).toBe(
      'No TF.js backend could start: WebGPU: this browser has no WebGPU (navigator.gpu is missing); Wasm: it would not start here (no SIMD).',
    );
    expect(hint).toMatch(/\?backend=wasm/);
  });

  it('says what to change when the samples make no batch', () => {
    expect(describeRunFailure({ kind: 'no-full-batch', samples: 100, batchSize: 128 }).message).toBe(
      '100 training samples make no full batch of 128.',
    );
  });

  it('words each reason a backend was skipped', () => {
    expect(describeSkip({ why: 'software-adapter', adapter: 'google swiftshader' })).toBe(
      'the adapter is a software fallback (google swiftshader): far slower than the CPU backends',
    );
    expect(describeSkip({ why: 'slower', msPerStep: 7.25 })).toBe('slower: 7.3 ms per step');
    expect(describeSkip({ why: 'timeout', seconds: 20 })).toBe('it did not start within 20 s');
  });

  it('says how the fused kernel runs, or why it was declined', () => {
    const declined = { kind: 'fused-declined', backend: 'wasm', optimizer: 'sgd', weightDecay: 0 } as const;
    expect(describeStepNote({ ...declined, reason: 'needs-webgpu' })).toBe(
      'The fused WGSL kernel needs WebGPU: this run uses hand-derived gradients on Wasm.',
    );
    expect(describeStepNote({ ...declined, reason: 'optimizer', backend: 'webgpu', optimizer: 'adam' })).toBe(
      'The fused WGSL kernel runs plain SGD only: this run uses hand-derived gradients with Adam on WebGPU.',
    );
    expect(describeStepNote({ ...declined, reason: 'optimizer', backend: 'webgpu', optimizer: 'momentum' })).toBe(
      'The fused WGSL kernel runs plain SGD only: this run uses hand-derived gradients with momentum 0.9 on WebGPU.',
    );
    expect(describeStepNote({ ...declined, reason: 'weight-decay', backend: 'webgpu', weightDecay: 0.0005 })).toBe(
      'The fused WGSL kernel has no weight decay: this run uses hand-derived gradients with decay 0.0005 on WebGPU.',
    );
    expect(describeStepNote({ kind: 'fused', kernel: 'multi', chosenBy: 'timing' })).toMatch(
      /^Timed faster here than TF\.js kernels: .*five dispatches/,
    );
    expect(describeTileNote('no-step-yet')).toBe('No step has run yet: showing the weights.');
  });

  it('says which request failed and that the weights stay where it matters', () => {
    expect(describeRequestFailure('import-weights', { kind: 'bad-file', problem: 'it is not a safetensors file' })).toBe(
      'The file was not imported: it is not a safetensors file. The current weights stay.',
    );
    expect(describeRequestFailure('gallery', { kind: 'worker-restarted' })).toBe(
      'Collecting the images was interrupted: the training worker was restarted. Try again.',
    );
    expect(describeRequestFailure('export-weights', { kind: 'run-active' })).toBe('A run is going: export its weights when it has ended.');
    expect(describeRequestFailure('predict', { kind: 'internal', detail: 'boom' })).toBe('Classifying the drawing failed: boom.');
  });
});
