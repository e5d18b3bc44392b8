import { describe, expect, it } from 'vitest';
import { describeRequestFailure, describeRunFailure, describeSkip, describeStepNote, describeTileNote } from './messages';

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
    expect(describeStepNote({ kind: 'fused-declined', reason: 'needs-webgpu', backend: 'wasm' })).toBe(
      'The fused WGSL kernel needs WebGPU: this run uses hand-derived gradients on Wasm.',
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
