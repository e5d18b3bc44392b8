import { describe, expect, it } from 'vitest';
import { initialValues, type ParamValues } from '../model/network';
import { checkWeights } from '../model/weightsCheck';
import { writeSafetensors } from '../model/safetensors';
import { readWeightsFile, transpose, WeightsRuleError } from '../model/weightsFile';
import { recordProblemText, skippedRunsText, storedWeightsMissingText, storedWeightsRefusedText, weightsProblemText } from './messages';
import { parseWeightsRecord } from './runRecord';

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
      expect((fileError as Error).message, what).toBe(recordProblemText(record.problem));
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
