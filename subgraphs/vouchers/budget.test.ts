/** The budget arithmetic alone: lines, exact total, spent, committed, remaining. */
import { describe, expect, it } from 'vitest';
import { committedCents, computeBudget, grantedVoucherOf, unfixedServiceTypes, unitCostsByServiceType } from './budget.js';

const order = (status: string, quantity: string, deliveredQuantity: string, deliveredCents: number, voucherValueCents: number) =>
  ({ status, quantity, deliveredQuantity, deliveredCents, voucherValueCents }) as Parameters<typeof committedCents>[0];

describe('computeBudget', () => {
  const plan = {
    validFrom: '2026-01-01',
    validTo: '2026-12-31', // 365 days
    services: [
      { id: 'ps-1', serviceTypeCode: 'kotihoito', quantity: '2.5', per: 'WEEK' as const },
      { id: 'ps-2', serviceTypeCode: 'turvapuhelin', quantity: '1', per: 'MONTH' as const },
      { id: 'ps-3', serviceTypeCode: 'fysioterapia', quantity: '3', per: 'YEAR' as const },
    ],
  };
  const costs: Record<string, number> = { kotihoito: 5200, turvapuhelin: 3500, fysioterapia: 6505 };

  it('prices each line as quantity × periods in the validity × unit cost, rounded once', () => {
    const b = computeBudget(plan, (c) => costs[c], []);
    // 2.5 h/week × 365/7 weeks × 52.00 = 6778.571… → 6778.57
    expect(b.lines[0]).toMatchObject({ unitCostCents: 5200, amountCents: 677857 });
    // 1/month × 12 months × 35.00
    expect(b.lines[1].amountCents).toBe(42000);
    // 3/year × 1 year × 65.05
    expect(b.lines[2].amountCents).toBe(19515);
    expect(b.totalCents).toBe(677857 + 42000 + 19515);
    expect(b.lines.map((l) => l.plannedService.id)).toEqual(['ps-1', 'ps-2', 'ps-3']);
  });

  it('spends what was delivered and commits the undelivered rest of open orders only', () => {
    const orders = [
      order('ACCEPTED', '100', '40.5', 210600, 5200), // open 59.5 × 52.00 = 3094.00
      order('REQUESTED', '10', '0', 0, 3500), // open 10 × 35.00 = 350.00
      order('COMPLETED', '12', '12', 42000, 3500), // nothing open
      order('CANCELLED', '50', '5', 26000, 5200), // delivered before cancelling: spent, not committed
      order('DECLINED', '3', '0', 0, 6505),
    ];
    const b = computeBudget(plan, (c) => costs[c], orders);
    expect(b.spentCents).toBe(210600 + 42000 + 26000);
    expect(b.committedCents).toBe(309400 + 35000);
    expect(b.remainingCents).toBe(b.totalCents - b.committedCents - b.spentCents);
  });

  it('rounds a commitment to the cent, halves up', () => {
    expect(committedCents(order('ACCEPTED', '0.5', '0', 0, 4999))).toBe(2500); // 24.995 → 25.00
    expect(committedCents(order('ACCEPTED', '1', '2', 0, 4999))).toBe(0); // over-delivered: nothing open
  });

  it('budgets a plan without an end date for one year', () => {
    const b = computeBudget({ ...plan, validTo: null }, (c) => costs[c], []);
    expect(b.totalCents).toBe(computeBudget(plan, (c) => costs[c], []).totalCents);
  });
});

describe('which unit costs a budget uses', () => {
  const voucher = (id: string, status: string) => ({ id, status }) as Parameters<typeof grantedVoucherOf>[0][number] & { id: string };

  it('the granted voucher: ACTIVE before EXHAUSTED before EXPIRED; a CANCELLED one (e.g. a failed approval) never', () => {
    expect(grantedVoucherOf([voucher('a', 'CANCELLED'), voucher('b', 'EXPIRED'), voucher('c', 'ACTIVE')])?.id).toBe('c');
    expect(grantedVoucherOf([voucher('a', 'EXPIRED'), voucher('b', 'EXHAUSTED')])?.id).toBe('b');
    expect(grantedVoucherOf([voucher('a', 'CANCELLED')])).toBeNull();
    expect(grantedVoucherOf([])).toBeNull();
  });

  it("the voucher's fixed unit costs win; today's only for service types it fixed none for", () => {
    const fixed = [{ serviceTypeCode: 'kotihoito', unitCostCents: 5200 }];
    expect(unfixedServiceTypes(fixed, ['kotihoito', 'turvapuhelin', 'turvapuhelin'])).toEqual(['turvapuhelin']);
    const todays = [
      {
        municipalityCode: '205',
        serviceTypeCode: 'kotihoito',
        unit: 'HOUR' as const,
        unitCostCents: 6000,
        validFrom: '2026-11-24',
        validTo: null,
      },
      {
        municipalityCode: '205',
        serviceTypeCode: 'turvapuhelin',
        unit: 'MONTH' as const,
        unitCostCents: 3500,
        validFrom: '2026-01-01',
        validTo: null,
      },
      null,
    ];
    expect(Object.fromEntries(unitCostsByServiceType(fixed, todays))).toEqual({ kotihoito: 5200, turvapuhelin: 3500 });
  });
});
