import { describe, expect, it } from 'vitest';
import { VIEWS, viewFromHash, viewLabel } from './views';

describe('viewFromHash', () => {
  it('reads each view from its hash', () => {
    expect(VIEWS.map((v) => viewFromHash(`#${v.id}`))).toEqual(['train', 'inside', 'step', 'runs']);
  });
  it('takes an empty or unknown hash as Train', () => {
    for (const hash of ['', '#', '#nope', '#train-ish', '#%E0%A4%A']) expect(viewFromHash(hash)).toBe('train');
  });
  it('ignores case', () => {
    expect(viewFromHash('#Inside')).toBe('inside');
  });
  it('names each view', () => {
    expect(viewLabel('step')).toBe('One step');
  });
});
