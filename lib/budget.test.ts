import { describe, expect, it } from 'vitest';
import { budgetLineCents, validityDays } from './budget.js';

describe('budget rule', () => {
  it('counts validity days with both ends included, a year when open-ended', () => {
    expect(validityDays('2026-01-01', '2026-12-31')).toBe(365);
    expect(validityDays('2026-01-01', '2026-01-01')).toBe(1);
    expect(validityDays('2026-01-01', null)).toBe(365);
    expect(() => validityDays('2026-02-01', '2026-01-01')).toThrow(RangeError);
  });

  it('prices planned quantity per period × periods × unit cost, rounded once', () => {
    // 5 hours a week for 364 days (52 weeks) at 52.00 €/h = 260 h × 52 € = 13 520.00 €
    expect(budgetLineCents(500, 'WEEK', 364, 5200)).toBe(1_352_000);
    // one safety phone a month for a year at 35.00 € = 420.00 €
    expect(budgetLineCents(100, 'MONTH', 365, 3500)).toBe(42_000);
    // 2.5 hours a week for one week at 38.00 € = 95.00 €
    expect(budgetLineCents(250, 'WEEK', 7, 3800)).toBe(9_500);
    // one visit a year for 365 days at 65.00 €
    expect(budgetLineCents(100, 'YEAR', 365, 6500)).toBe(6_500);
    // rounding: 1 meal a week for 10 days at 9.50 € = 13.571… € → 13.57 €
    expect(budgetLineCents(100, 'WEEK', 10, 950)).toBe(1_357);
  });
});
