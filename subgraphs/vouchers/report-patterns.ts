/**
 * The suppression pattern of each month a report covers: the month's whole table read from the
 * voucher system — every grouping of service type, municipality and provider, by month, over
 * all municipalities whoever asks, so that every report of the month agrees — and
 * suppression.ts's pattern of it.
 *
 * Why providers drop out of large months: the pattern is exact linear algebra over the month's
 * finest cells, and its work grows with their cube. A trial-scale month has a few hundred; a
 * national one twenty thousand, out of reach within a request. So a month of more than
 * EXACT_PROVIDER_LIMIT clients is worked out over service type × municipality only, and every
 * cell that names a provider is hidden in it: less to publish, never less protected.
 *
 * `system` is the voucher system or the reporting read model (reporting-model.ts): the same answers.
 *
 * Patterns are kept by month and by a hash of the month's figures: a month that has not changed
 * is not worked out again, and one that has (a correction) is. From the reporting read model they
 * are kept by the month's version too: when every month of a report is at the version its
 * pattern was worked out at, the month tables are not even read.
 */
import { createHash } from 'node:crypto';
import { setImmediate as yieldToOthers } from 'node:timers/promises';
import type { ReportDimension, SpendingReportResource, VoucherClient } from '../../lib/voucher-client.js';
import { lastDayOf } from './report-period.js';
import type { ReportSource } from './reporting-model.js';
import { cellKey, suppressionPattern, type Coordinates, type Pattern, type TableCell } from './suppression.js';

/** The table's dimensions, in the order of a cell's coordinates. */
export const TABLE_DIMENSIONS = ['serviceType', 'municipality', 'provider'] as const;
const FIELD = { serviceType: 'serviceTypeCode', municipality: 'municipalityCode', provider: 'providerId' } as const;
const PROVIDER = TABLE_DIMENSIONS.indexOf('provider');

/** Clients in a month above which its providers drop out (see above); trial-scale months have at most ~200. */
export const EXACT_PROVIDER_LIMIT = 500;

export interface MonthPatterns {
  /** Months whose grand total is too small to publish anything of them. */
  unpublishable: string[];
  /** Whether the cell at these coordinates is visible in this month (an empty cell is: its emptiness shows anyway). */
  visible(month: string, at: Coordinates): boolean;
  /** Whether the month's table has the cell (not empty). */
  has(month: string, at: Coordinates): boolean;
}

interface MonthPattern {
  pattern: Pattern;
  /** False when the month was worked out without providers. */
  withProviders: boolean;
  cells: Set<string>;
}

const CACHE_SIZE = 600;
const cache = new Map<string, Pattern>();
/** Per reporting model: each month's pattern with the month's version it was worked out at. */
const byVersion = new WeakMap<object, Map<string, { version: number; pattern: MonthPattern }>>();

/** Every grouping of the table's dimensions, each by month: 2³ of them. */
const groupings = (withProvider: boolean) =>
  Array.from({ length: 1 << TABLE_DIMENSIONS.length }, (_, mask) => TABLE_DIMENSIONS.filter((_, d) => mask & (1 << d))).filter(
    (dims) => dims.includes('provider') === withProvider,
  );

export async function monthPatterns(
  system: Pick<VoucherClient, 'spendingReport'> & Partial<Pick<ReportSource, 'months'>>,
  months: string[],
  signal?: AbortSignal,
): Promise<MonthPatterns> {
  // The versions before any read: a month that changes during the reads is worked out again next time.
  const versioned = system.months ?? null;
  const versions = versioned ? months.map((m) => versioned.version(m)) : null;
  const kept = versioned ? (byVersion.get(versioned.model) ?? byVersion.set(versioned.model, new Map()).get(versioned.model)!) : null;
  if (kept && months.every((m, i) => kept.get(m)?.version === versions![i])) {
    return patternsOf(months, new Map(months.map((m) => [m, kept.get(m)!.pattern])));
  }
  const read = (dims: readonly (typeof TABLE_DIMENSIONS)[number][], first = months[0]!, last = months.at(-1)!) =>
    system
      .spendingReport({ from: `${first}-01`, to: lastDayOf(last), groupBy: [...dims, 'month'] as ReportDimension[] }, signal)
      .then((report) => ({ dims, report }));
  const cells = new Map<string, TableCell[]>(months.map((m) => [m, []]));
  const add = ({ dims, report }: { dims: readonly (typeof TABLE_DIMENSIONS)[number][]; report: SpendingReportResource }) => {
    for (const row of report.rows) {
      const at = TABLE_DIMENSIONS.map((d) => (dims.includes(d) ? (row[FIELD[d]] ?? null) : null));
      cells.get(row.month!)?.push({ at, clients: row.clients });
    }
  };
  // One call at a time: a report's reads queue behind nobody's and nobody's queue behind all of
  // them at once, so the system answers other parties in between (report-gate.ts).
  for (const dims of groupings(false)) add(await read(dims));
  const grandTotal = (m: string) => cells.get(m)!.find((c) => c.at.every((v) => v === null))?.clients ?? 0;
  const small = months.filter((m) => grandTotal(m) <= EXACT_PROVIDER_LIMIT);
  // The provider groupings over the small months only (from the first to the last of them): a
  // large month's are many rows that are never used.
  if (small.length) for (const dims of groupings(true)) add(await read(dims, small[0], small.at(-1)));

  const patterns = new Map<string, MonthPattern>();
  for (const month of months) {
    signal?.throwIfAborted();
    const withProviders = small.includes(month);
    const table = (withProviders ? cells.get(month)! : cells.get(month)!.filter((c) => c.at[PROVIDER] === null)).map((c) => ({
      at: withProviders ? c.at : c.at.filter((_, d) => d !== PROVIDER),
      clients: c.clients,
    }));
    const key = `${month}:${createHash('sha256').update(JSON.stringify(table)).digest('base64url')}`;
    let pattern = cache.get(key);
    if (!pattern) {
      // Each month is a few milliseconds of arithmetic: let other requests in between.
      await yieldToOthers();
      pattern = suppressionPattern(table);
      if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
      cache.set(key, pattern);
    }
    patterns.set(month, { pattern, withProviders, cells: new Set(table.map((c) => cellKey(c.at))) });
  }
  months.forEach((m, i) => kept?.set(m, { version: versions![i]!, pattern: patterns.get(m)! }));
  return patternsOf(months, patterns);
}

function patternsOf(months: string[], patterns: Map<string, MonthPattern>): MonthPatterns {
  return {
    unpublishable: months.filter((m) => !patterns.get(m)!.pattern.publishable),
    visible(month, at) {
      const p = patterns.get(month);
      if (!p) return false;
      if (!p.withProviders) {
        if (at[PROVIDER] !== null) return false;
        at = at.filter((_, d) => d !== PROVIDER);
      }
      const key = cellKey(at);
      return !p.cells.has(key) || !p.pattern.hidden.has(key);
    },
    has(month, at) {
      const p = patterns.get(month);
      return !!p && p.cells.has(cellKey(p.withProviders ? at : at.filter((_, d) => d !== PROVIDER)));
    },
  };
}
