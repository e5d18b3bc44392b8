import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../worker/protocol';
import { logGrid, MAX_VARIANTS, mergeResults, parseRace, raceText, splitIntoJobs, variantConfigs } from './raceSpec';

describe('race lists', () => {
  it('reads a list of values for a numeric or a choice setting', () => {
    expect(parseRace('lr:0.1,1,3,10')).toEqual({ spec: { param: 'lr', values: [0.1, 1, 3, 10] } });
    expect(parseRace('seed:0,1,2,3')).toEqual({ spec: { param: 'seed', values: [0, 1, 2, 3] } });
    expect(parseRace('act:sigmoid,relu')).toEqual({ spec: { param: 'act', values: ['sigmoid', 'relu'] } });
    expect(raceText({ param: 'lr', values: [0.1, 1, 3, 10] })).toBe('lr:0.1,1,3,10');
  });

  it('makes a log grid: "0.01 to 10, 7 values"', () => {
    expect(logGrid(0.01, 10, 7)).toEqual([0.01, 0.0316, 0.1, 0.316, 1, 3.16, 10]);
    expect(parseRace('lr:0.01-10x7')).toEqual({ spec: { param: 'lr', values: [0.01, 0.0316, 0.1, 0.316, 1, 3.16, 10] } });
  });

  it('names what is wrong with a bad list, and runs nothing', () => {
    expect(parseRace('momentum:1,2')).toEqual({ problem: expect.stringMatching(/"momentum" is not a setting a race can vary/) });
    expect(parseRace('lr:0.1,abc')).toEqual({ problem: 'Race "lr:0.1,abc": "abc" is not a number.' });
    expect(parseRace('lr:0.1,5000')).toEqual({ problem: 'Race "lr:0.1,5000": Learning rate 5000 must be between 0.001 and 1000.' });
    expect(parseRace('seed:1.5,2')).toEqual({ problem: 'Race "seed:1.5,2": Seed 1.5 must be a whole number.' });
    expect(parseRace('act:sigmoid,gelu')).toEqual({
      problem: 'Race "act:sigmoid,gelu": Activation "gelu" is not one of sigmoid, tanh, relu.',
    });
    expect(parseRace('lr:1')).toEqual({ problem: expect.stringMatching(/at least two values/) });
    expect(parseRace('lr:1,1')).toEqual({ problem: 'Race "lr:1,1": a value is given twice.' });
    const many = Array.from({ length: MAX_VARIANTS + 1 }, (_, i) => i).join(',');
    expect(parseRace(`seed:${many}`)).toEqual({ problem: `Race "seed:${many}": 17 variants; at most 16.` });
    expect(parseRace('lr:0.01-10x17')).toEqual({ problem: 'Race "lr:0.01-10x17": 17 variants; at most 16.' });
  });
});

describe('variants and jobs', () => {
  it('gives each variant the base settings with the raced one changed, the batch clamped to the samples', () => {
    const base = { ...DEFAULT_CONFIG, samples: 1000 };
    const configs = variantConfigs(base, { param: 'batch', values: [32, 2000] });
    expect(configs.map((c) => c.batchSize)).toEqual([32, 1000]);
    expect(variantConfigs(base, { param: 'act', values: ['sigmoid', 'relu'] }).map((c) => c.activation)).toEqual(['sigmoid', 'relu']);
    expect(variantConfigs(base, { param: 'lr', values: [0.1, 3] }).every((c) => c.seed === base.seed && c.samples === 1000)).toBe(true);
  });

  it('deals variants to workers round robin (at most one worker per variant) and merges their results in race order', () => {
    expect(splitIntoJobs([0, 1, 2, 3], 2)).toEqual([
      [0, 2],
      [1, 3],
    ]);
    expect(splitIntoJobs([0, 1], 8)).toEqual([[0], [1]]);
    expect(splitIntoJobs([0, 1, 2], 1)).toEqual([[0, 1, 2]]);
    const merged = mergeResults([
      [
        { variant: 0, loss: 0.2 },
        { variant: 2, loss: 0.1 },
      ],
      [{ variant: 1, loss: 0.15 }],
    ]);
    expect(merged.map((r) => r.variant)).toEqual([0, 1, 2]);
  });
});
