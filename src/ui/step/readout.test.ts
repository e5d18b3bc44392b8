import { describe, expect, it } from 'vitest';
import { elementName, exactValue, figure, lossText, shapeText } from './readout';

describe('how the explainer writes numbers', () => {
  it('an element exactly: the shortest decimal that is the same float32, with a true minus sign', () => {
    expect(exactValue(Math.fround(-3.1e-4))).toBe('−3.1e−4');
    expect(exactValue(Math.fround(0.2312))).toBe('0.2312');
    expect(exactValue(0.5)).toBe('0.5');
    expect(exactValue(-2)).toBe('−2');
    expect(exactValue(0)).toBe('0');
    for (const v of [Math.fround(Math.PI), Math.fround(-1 / 3), Math.fround(1.234567e-9), Math.fround(98765.43)]) {
      expect(Math.fround(Number(exactValue(v).replaceAll('−', '-'))), `${v}`).toBe(v);
    }
    expect(exactValue(Math.fround(Math.PI))).toBe('3.1415927');
  });

  it('figures, shapes, element names and the loss as the run bar writes it', () => {
    expect(figure(0.000123456)).toBe('1.235e−4');
    expect(figure(-12.5)).toBe('−12.50');
    expect(figure(Number.NaN)).toBe('NaN');
    expect(shapeText([100, 784])).toBe('(100, 784)');
    expect(elementName('W_1.grad', [17, 406])).toBe('W_1.grad[17, 406]');
    expect(lossText(0.231249)).toBe('0.2312');
  });
});
