/** The periods a spending report may cover: whole months that have ended, at most 24. */
import { describe, expect, it } from 'vitest';
import { MAX_REPORT_MONTHS, monthsBefore, reportMonths } from './report-period.js';

const refusal = (from: string, to: string, today = '2026-11-20') => {
  try {
    reportMonths(from, to, today);
  } catch (error) {
    const e = error as { message: string; extensions: Record<string, unknown> };
    return { code: e.extensions.code, argumentName: e.extensions.argumentName };
  }
  return null;
};

describe('reportMonths', () => {
  it('lists the months of a period of whole months', () => {
    expect(reportMonths('2026-01-01', '2026-01-31', '2026-11-20')).toEqual(['2026-01']);
    expect(reportMonths('2025-11-01', '2026-02-28', '2026-11-20')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(reportMonths('2024-02-01', '2024-02-29', '2026-11-20')).toEqual(['2024-02']);
  });

  it('refuses a period that starts or ends within a month, naming the argument', () => {
    expect(refusal('2026-01-02', '2026-01-31')).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'from' });
    expect(refusal('2026-01-01', '2026-01-30')).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'to' });
    expect(refusal('2026-02-01', '2026-02-28')).toBeNull();
    expect(refusal('2025-02-01', '2025-02-28')).toBeNull();
  });

  it(`refuses more than ${MAX_REPORT_MONTHS} months, and a start after the end`, () => {
    expect(refusal('2024-11-01', '2026-10-31')).toBeNull();
    expect(refusal('2024-10-01', '2026-10-31')).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'to' });
    expect(refusal('2026-03-01', '2026-01-31')).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'to' });
  });

  it('refuses a month that has not ended (in Finland)', () => {
    expect(refusal('2026-10-01', '2026-10-31', '2026-11-01')).toBeNull();
    expect(refusal('2026-10-01', '2026-11-30', '2026-11-30')).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'to' });
    expect(refusal('2026-12-01', '2026-12-31', '2026-11-20')).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'to' });
  });
});

describe('monthsBefore', () => {
  it('counts months back across years', () => {
    expect(monthsBefore('2026-10', 23)).toBe('2024-11');
    expect(monthsBefore('2026-01', 1)).toBe('2025-12');
    expect(monthsBefore('2026-03', 0)).toBe('2026-03');
    expect(monthsBefore('2026-12', 12)).toBe('2025-12');
  });
});
