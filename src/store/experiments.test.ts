import { describe, expect, it } from 'vitest';
import {
  colourGroups,
  defaultAxis,
  differingSettings,
  experimentRows,
  linearTicks,
  logTicks,
  nextSort,
  raceLines,
  raceTagText,
  rowName,
  scatterPoints,
  sortRows,
  tableColumns,
  xDomain,
} from './experiments';
import { record } from './records.test-helper';
import type { RunRecord } from './runRecord';

const base = 'h1=100&h2=50&epochs=2&batch=32&samples=5000&seed=0&backend=wasm&grad=manual';
const raced = (i: number, lr: number, accuracy: number, order: number): RunRecord =>
  record(i, {
    query: `lr=${lr}&${base}`,
    testAccuracy: accuracy,
    epochs: [{ epoch: 2, loss: 0.3 - accuracy / 10, seconds: 1, testAccuracy: accuracy }],
    timings: { seconds: 5 + i, samplesPerSecond: null, msPerStep: null },
    race: { id: 'race-A', param: 'lr', value: String(lr), index: order, size: 4 },
  });

// Saved in the order the variants ended, not the race's order.
const race = [raced(1, 10, 0.8, 3), raced(2, 0.1, 0.2, 0), raced(3, 3, 0.88, 2), raced(4, 1, 0.85, 1)];
const solo = record(5, { query: `lr=3&${base.replace('seed=0', 'seed=1')}&act=relu`, testAccuracy: 0.9 });
const imported = record(6, { ending: 'imported', query: `lr=0.1&${base}`, testAccuracy: 0.5, epochs: [], source: 'x.safetensors' });

describe('the table of experiments', () => {
  it('has one column per setting that differs among the runs, then the results', () => {
    const rows = experimentRows([...race, solo]);
    expect(differingSettings(rows).map((c) => c.key)).toEqual(['learningRate', 'seed', 'activation']);
    expect(tableColumns(rows).map((c) => c.label)).toEqual([
      'Learning rate',
      'Seed',
      'Activation',
      'Final loss',
      'Test accuracy (%)',
      'Time (s)',
    ]);
    expect(differingSettings(experimentRows(race)).map((c) => c.key)).toEqual(['learningRate']);
    expect(differingSettings(experimentRows([race[0]]))).toEqual([]);
  });

  it('reads each run’s results: the last epoch’s loss, test accuracy in %, its time; an import has no loss or time', () => {
    const [first, , , , , imp] = experimentRows([...race, solo, imported]);
    expect(first.values).toMatchObject({ learningRate: 10, testAccuracy: 80, seconds: 6, activation: 'sigmoid' });
    expect(first.values.finalLoss).toBeCloseTo(0.22, 12);
    expect(imp.values).toMatchObject({ finalLoss: null, testAccuracy: 50, seconds: null });
  });

  it('sorts by a column either way, runs without a value last, ties newest first', () => {
    const rows = experimentRows([...race, solo, imported]);
    const lrs = (order: Parameters<typeof sortRows>[1]) => sortRows(rows, order).map((r) => r.values.learningRate);
    expect(lrs({ key: 'learningRate', direction: 'ascending' })).toEqual([0.1, 0.1, 1, 3, 3, 10]);
    expect(sortRows(rows, { key: 'learningRate', direction: 'ascending' })[0].run.ending).toBe('imported'); // the newer of the two 0.1s
    expect(lrs({ key: 'learningRate', direction: 'descending' })).toEqual([10, 3, 3, 1, 0.1, 0.1]);
    const byLoss = sortRows(rows, { key: 'finalLoss', direction: 'descending' });
    expect(byLoss.at(-1)!.run.ending).toBe('imported');
    expect(sortRows(rows, { key: 'finalLoss', direction: 'ascending' }).at(-1)!.run.ending).toBe('imported');
    expect(sortRows(rows, { key: 'activation', direction: 'descending' })[0].values.activation).toBe('sigmoid');
    expect(sortRows(rows, null).map((r) => r.run.startedAt)).toEqual([...rows].reverse().map((r) => r.run.startedAt));
  });

  it('a header click sorts ascending, test accuracy best first; the same header flips', () => {
    expect(nextSort(null, 'learningRate')).toEqual({ key: 'learningRate', direction: 'ascending' });
    expect(nextSort(null, 'testAccuracy')).toEqual({ key: 'testAccuracy', direction: 'descending' });
    expect(nextSort({ key: 'seed', direction: 'ascending' }, 'seed')).toEqual({ key: 'seed', direction: 'descending' });
    expect(nextSort({ key: 'seed', direction: 'descending' }, 'lr' as never).direction).toBe('ascending');
  });

  it('names a run’s race', () => {
    expect(raceTagText(race[2])).toBe('race lr 3 (3 of 4)');
    expect(raceTagText(solo)).toBeNull();
  });
});

describe('the scatter of test accuracy against a setting', () => {
  const rows = experimentRows([...race, solo, imported, record(7, { testAccuracy: null })]);

  it('has one point per run with a test accuracy, coloured by a second setting', () => {
    const points = scatterPoints(rows, 'learningRate', 'activation');
    expect(points).toHaveLength(6);
    expect(points[0]).toEqual({ runId: race[0].id, x: 10, y: 80, group: 'sigmoid', race: { id: 'race-A', index: 3 } });
    expect(colourGroups(points)).toEqual(['relu', 'sigmoid']);
    expect(colourGroups(scatterPoints(rows, 'learningRate', null))).toEqual([]);
    expect(colourGroups(scatterPoints(rows, 'activation', 'seed'))).toEqual([0, 1]);
  });

  it('joins a race’s points in the race’s order, whatever order they were saved in', () => {
    const lines = raceLines(scatterPoints(rows, 'learningRate', null));
    expect(lines).toHaveLength(1);
    expect(lines[0].raceId).toBe('race-A');
    expect(lines[0].points.map((p) => p.x)).toEqual([0.1, 1, 3, 10]);
    // A race with one point left (the others deleted) has no line.
    expect(raceLines(scatterPoints(experimentRows([race[0], solo]), 'learningRate', null))).toEqual([]);
  });

  it('puts the learning rate on a log axis, a fifth of a decade beyond the values, ticked at decades', () => {
    const points = scatterPoints(rows, 'learningRate', null);
    const [lo, hi] = xDomain(points, true);
    expect(Math.log10(lo)).toBeCloseTo(-1.2, 10);
    expect(Math.log10(hi)).toBeCloseTo(1.2, 10);
    expect(logTicks([lo, hi])).toEqual([0.1, 1, 10]);
    expect(logTicks([0.0008, 12])).toEqual([0.001, 0.01, 0.1, 1, 10]);
    // Less than three decades: 1, 2 and 5 of each; a single value gets half a decade either side.
    expect(logTicks(xDomain([{ ...points[0], x: 3 }], true))).toEqual([1, 2, 5]);
    expect(logTicks([0.5, 30])).toEqual([0.5, 1, 2, 5, 10, 20]);
    expect(xDomain(scatterPoints(rows, 'seed', null), false)).toEqual([-0.05, 1.05]);
  });

  it('ticks a linear axis at round steps, whole numbers for a whole-number setting', () => {
    expect(linearTicks([-0.05, 1.05], true)).toEqual([0, 1]);
    expect(linearTicks([8, 130], true)).toEqual([25, 50, 75, 100, 125]);
    expect(linearTicks([0, 0.01], false)).toEqual([0, 0.002, 0.004, 0.006, 0.008, 0.01]);
  });

  it('names a run by the values of the settings that differ', () => {
    const all = experimentRows([...race, solo]);
    expect(rowName(all[4], differingSettings(all))).toBe('lr 3, seed 1, act relu');
  });

  it('starts on the learning rate when it differs, else the first setting that differs', () => {
    expect(defaultAxis(tableColumns(rows))).toBe('learningRate');
    const seeds = experimentRows([record(1, { query: 'seed=1' }), record(2, { query: 'seed=2&act=relu' })]);
    expect(defaultAxis(tableColumns(seeds))).toBe('seed');
    expect(defaultAxis(tableColumns(experimentRows([race[0]])))).toBeNull();
  });
});
