import { describe, expect, it } from 'vitest';
import { centsToDecimal, decimalToCents, divRound, hundredthsToDecimal, money } from './money.js';

describe('money', () => {
  it('formats cents as exact decimals', () => {
    expect(centsToDecimal(123450)).toBe('1234.50');
    expect(centsToDecimal(5)).toBe('0.05');
    expect(centsToDecimal(-5)).toBe('-0.05');
    expect(money(0)).toEqual({ amount: '0.00', currency: 'EUR' });
  });

  it('stays exact beyond 2^31 cents (national yearly totals ~1.4e11)', () => {
    expect(centsToDecimal(140_000_000_001)).toBe('1400000000.01');
    expect(decimalToCents('1400000000.01')).toBe(140_000_000_001);
  });

  it('parses decimals with at most two places and refuses anything else', () => {
    expect(decimalToCents('2.5')).toBe(250);
    expect(decimalToCents('10')).toBe(1000);
    expect(() => decimalToCents('1.005')).toThrow(RangeError);
    expect(() => decimalToCents('1e3')).toThrow(RangeError);
    expect(() => decimalToCents('')).toThrow(RangeError);
  });

  it('prints quantities without trailing zeros', () => {
    expect(hundredthsToDecimal(250)).toBe('2.5');
    expect(hundredthsToDecimal(1000)).toBe('10');
    expect(hundredthsToDecimal(5)).toBe('0.05');
    expect(hundredthsToDecimal(0)).toBe('0');
  });

  it('rounds halves away from zero', () => {
    expect(divRound(5n, 2n)).toBe(3n);
    expect(divRound(-5n, 2n)).toBe(-3n);
    expect(divRound(4n, 3n)).toBe(1n);
  });
});
