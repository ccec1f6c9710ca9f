/** Small-number suppression of spending reports: primary, secondary, and the total itself. */
import { describe, expect, it } from 'vitest';
import { reportPublishable, suppressedIndexes, suppressRows } from './suppression.js';

const row = (clients: number, amountCents: number, key = '') => ({ key, clients, orders: clients, amountCents });

describe('suppressRows', () => {
  it('hides rows of fewer than 5 clients and keeps the rest', () => {
    const out = suppressRows([row(5, 100), row(4, 200), row(12, 300), row(1, 50)]);
    expect(out.map((r) => r.suppressed)).toEqual([false, true, false, true]);
    expect(out[1]).toMatchObject({ clients: null, orders: null, amountCents: null });
    expect(out[0]).toMatchObject({ clients: 5, orders: 5, amountCents: 100 });
  });

  it('when exactly one row is hidden, also hides the next-smallest so total − visible reveals no single row', () => {
    const rows = [row(20, 900, 'a'), row(3, 120, 'b'), row(6, 700, 'c'), row(6, 400, 'd'), row(40, 5000, 'e')];
    const out = suppressRows(rows);
    expect(out.filter((r) => r.suppressed).map((r) => r.key)).toEqual(['b', 'd']); // d: 6 clients, smaller amount than c
    const total = rows.reduce((s, r) => s + r.amountCents, 0);
    const visible = out.reduce((s, r) => s + (r.amountCents ?? 0), 0);
    expect(total - visible).toBe(120 + 400); // only the sum of two rows
  });

  it('adds nothing when two or more rows are hidden already, or nothing is', () => {
    expect([...suppressedIndexes([row(2, 1), row(3, 1), row(9, 1)])].sort()).toEqual([0, 1]);
    expect(suppressedIndexes([row(5, 1), row(9, 1)]).size).toBe(0);
  });

  it('a single small row stays hidden; the report as a whole is then not publishable', () => {
    expect(suppressRows([row(3, 10)])[0].suppressed).toBe(true);
    expect(reportPublishable(3)).toBe(false);
    expect(reportPublishable(0)).toBe(true);
    expect(reportPublishable(5)).toBe(true);
  });
});
