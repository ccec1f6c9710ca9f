/**
 * Exact money and quantities. Cents are integers inside (JS numbers are exact up to 2^53,
 * far beyond the ~1.4e11 cents of national yearly totals); `Decimal` strings outside.
 * Quantities are kept in hundredths (2.5 hours = 250) so sums never drift.
 */

export interface Money {
  amount: string;
  currency: 'EUR';
}

const DECIMAL = /^-?\d{1,15}(\.\d{1,2})?$/;

/** 123450 → "1234.50". */
export function centsToDecimal(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not a whole number of cents: ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function money(cents: number): Money {
  return { amount: centsToDecimal(cents), currency: 'EUR' };
}

/** "1234.5" → 123450; throws RangeError on anything that is not a decimal with ≤ 2 places. */
export function decimalToCents(value: string): number {
  if (!DECIMAL.test(value)) throw new RangeError(`not a decimal amount with at most 2 decimals: ${value}`);
  const negative = value.startsWith('-');
  const [whole, frac = ''] = value.replace('-', '').split('.');
  const cents = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  return negative ? -cents : cents;
}

/** Quantities share the cents representation: hundredths of a unit. */
export const decimalToHundredths = decimalToCents;

/** 250 → "2.5", 1000 → "10": quantities read best without trailing zeros. */
export function hundredthsToDecimal(hundredths: number): string {
  return (
    centsToDecimal(hundredths)
      .replace(/\.?0+$/, '')
      .replace(/^-?$/, '0') || '0'
  );
}

/** Rounds a/b to the nearest integer, halves away from zero, exactly (BigInt). */
export function divRound(a: bigint, b: bigint): bigint {
  const negative = a < 0n !== b < 0n;
  const [x, y] = [a < 0n ? -a : a, b < 0n ? -b : b];
  const q = (2n * x + y) / (2n * y);
  return negative ? -q : q;
}
