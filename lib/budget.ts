/**
 * The budget rule of personal-budget care: for every planned service, what it would cost if
 * the municipality produced it itself — planned quantity per period × periods in the plan's
 * validity × the municipality's unit cost. One rounding per line (to the cent, halves up), so
 * the budget total is exactly the sum of its lines.
 *
 * Periods in the validity are counted in days: a WEEK is 7 days, a YEAR 365, a MONTH 365/12.
 * A plan without an end date is budgeted for one year. Why days: plans start and end on any
 * date, and counting days is exact and the same for everyone who recomputes the figure.
 */
import { divRound } from './money.js';
import type { PlanPeriod } from './reference.js';

const DAY_MS = 86_400_000;

/** Days the plan is valid, both ends included; a year when it has no end. */
export function validityDays(validFrom: string, validTo: string | null | undefined): number {
  if (!validTo) return 365;
  const days = (Date.parse(`${validTo}T00:00:00Z`) - Date.parse(`${validFrom}T00:00:00Z`)) / DAY_MS + 1;
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`validity ${validFrom}..${validTo} is empty`);
  return days;
}

/** Periods as a fraction numerator/denominator of days, so the product stays exact. */
function periodDays(per: PlanPeriod): { num: bigint; den: bigint } {
  switch (per) {
    case 'WEEK':
      return { num: 7n, den: 1n };
    case 'MONTH':
      return { num: 365n, den: 12n };
    case 'YEAR':
      return { num: 365n, den: 1n };
  }
}

/** Cents of one budget line: quantity (hundredths) per period × periods in `days` × unit cost. */
export function budgetLineCents(quantityHundredths: number, per: PlanPeriod, days: number, unitCostCents: number): number {
  const { num, den } = periodDays(per);
  // quantity/100 × (days / (num/den)) × unitCost = quantity × days × den × unitCost / (100 × num)
  const numerator = BigInt(quantityHundredths) * BigInt(days) * den * BigInt(unitCostCents);
  return Number(divRound(numerator, 100n * num));
}
