/**
 * The periods a spending report may cover: whole calendar months that have ended, at most
 * MAX_REPORT_MONTHS of them.
 *
 * Why whole months: suppression is decided per month (suppression.ts); a period that starts or
 * ends mid-month would let two reports one day apart differ by one day's deliveries — a few
 * clients', in full. Why ended months: a month still under way changes by the day, so the same
 * report asked twice would differ by that day's deliveries. Why a bound: a report's cost to the
 * voucher system grows with its months (every delivery in them is read), and 24 months cover any
 * comparison of a year with the one before.
 */
import { badUserInput } from '../../lib/errors.js';

export const MAX_REPORT_MONTHS = 24;

/**
 * Today in Finland (Europe/Helsinki), YYYY-MM-DD. One formatter for every report: making an
 * Intl.DateTimeFormat (lib/write-input.ts's todayInFinland makes one a call) costs more than
 * the rest of a report answered from the read model's kept reports.
 */
const FINNISH_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit' });
export const todayInFinland = (now = new Date()): string => FINNISH_DAY.format(now);

/** "2026-11" of "2026-11-20". */
const monthOf = (date: string) => date.slice(0, 7);

/** "2026-02-28" of "2026-02". */
export function lastDayOf(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, m, 0)).toISOString().slice(0, 10);
}

function nextMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
}

/**
 * The months of [from, to] ("2026-01", …), or BAD_USER_INPUT naming `from` or `to`. The dates
 * are valid calendar dates already (the Date scalar checked them).
 */
export function reportMonths(from: string, to: string, today = todayInFinland()): string[] {
  if (!from.endsWith('-01'))
    throw badUserInput(`from must be the first day of a month (a report covers whole months), not ${from}`, { argumentName: 'from' });
  if (to !== lastDayOf(monthOf(to)))
    throw badUserInput(`to must be the last day of a month (a report covers whole months), e.g. ${lastDayOf(monthOf(to))}`, {
      argumentName: 'to',
    });
  if (from > to) throw badUserInput('from must not be after to', { argumentName: 'to' });
  if (monthOf(to) >= monthOf(today))
    throw badUserInput(`a report covers months that have ended: to must be at most ${lastDayOf(previousMonth(monthOf(today)))}`, {
      argumentName: 'to',
    });
  const months = [monthOf(from)];
  while (months.at(-1)! < monthOf(to)) {
    months.push(nextMonth(months.at(-1)!));
    if (months.length > MAX_REPORT_MONTHS) throw badUserInput(`a report spans at most ${MAX_REPORT_MONTHS} months`, { argumentName: 'to' });
  }
  return months;
}

export function previousMonth(month: string): string {
  return monthsBefore(month, 1);
}

/** The month `n` months before `month` ("2026-10", 23 → "2024-11"). */
export function monthsBefore(month: string, n: number): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (m - 1) - n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}
