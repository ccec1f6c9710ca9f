/**
 * Dates of the synthetic world as ISO strings (YYYY-MM-DD), with the calendar's own rules
 * (JavaScript's UTC date arithmetic: a month after 31 January is 3 March, as before the split).
 *
 * Why memoised: the national world reports about 1.3 million monthly deliveries, each computed
 * from a handful of date steps, while the distinct (date, step) pairs number only thousands.
 * Building a Date for every step was most of the national world's build time.
 */
const days = new Map<string, Map<number, string>>();
const months = new Map<string, Map<number, string>>();

/** The memo of one date (a map per date, so a look-up builds no key string). */
function memoOf(memo: Map<string, Map<number, string>>, date: string): Map<number, string> {
  let steps = memo.get(date);
  if (!steps) memo.set(date, (steps = new Map()));
  return steps;
}

export function addDays(date: string, n: number): string {
  const steps = memoOf(days, date);
  let out = steps.get(n);
  if (out === undefined) {
    const d = new Date(`${date}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + n);
    steps.set(n, (out = d.toISOString().slice(0, 10)));
  }
  return out;
}

export function addMonths(date: string, n: number): string {
  const steps = memoOf(months, date);
  let out = steps.get(n);
  if (out === undefined) {
    const d = new Date(`${date}T00:00:00Z`);
    d.setUTCMonth(d.getUTCMonth() + n);
    steps.set(n, (out = d.toISOString().slice(0, 10)));
  }
  return out;
}

export const pad = (n: number, width: number) => String(n).padStart(width, '0');

const stamps = new Map<string, string[]>();

/**
 * A timestamp on a day, at a whole hour (UTC). Memoised like the dates: every national delivery
 * and its order carry one, from only thousands of distinct (day, hour) pairs, and one shared
 * string each is far less for the garbage collector than a new one per record.
 */
export function at(date: string, hour = 9): string {
  let hours = stamps.get(date);
  if (!hours) stamps.set(date, (hours = []));
  return (hours[hour] ??= `${date}T${pad(hour, 2)}:00:00Z`);
}
