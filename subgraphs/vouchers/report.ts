/**
 * Query.spendingReport: checks the arguments (whole ended months, at most 24 — report-period.ts;
 * groupBy non-empty without repeats), narrows the municipalities by policy, notes the run in the
 * audit log, waits its turn (report-gate.ts), reads the raw report and publishes it through the
 * month's suppression pattern (report-patterns.ts, suppression.ts).
 *
 * The raw figures come from the reporting read model (reporting-model.ts), caught up with the
 * voucher system's change feed before each report, or from the system itself when it has no
 * feed. A published report is kept by the versions of its months in the model: asked again
 * with nothing changed in them, it is the same report, answered without working it out again
 * (still narrowed by the caller's policy first: the municipality is part of what is kept by).
 *
 * A row is shown only when its cell is visible in every month of the period; the total only
 * when the report's whole area is visible in every month — otherwise the report is refused, as
 * its total would give a small group away. Every call to the system carries the caller's
 * signal: when the gateway gives up, the system's work stops too.
 */
import { badUserInput, forbidden } from '../../lib/errors.js';
import type { ReportDimension as GraphDimension } from '../../lib/__generated__/enums.js';
import type { ReportDimension } from '../../lib/voucher-client.js';
import type { Context } from './context.js';
import type { SpendingReportModel } from './models.js';
import { reportMonths } from './report-period.js';
import { monthPatterns } from './report-patterns.js';
import { reportSource } from './reporting-model.js';

/** The SDL's ReportDimension (the voucher system's own names are the values below). */
type Dimension = GraphDimension;

const DIMENSION: Record<Dimension, ReportDimension> = {
  SERVICE_TYPE: 'serviceType',
  MUNICIPALITY: 'municipality',
  PROVIDER: 'provider',
  MONTH: 'month',
};

/** Subject of the audit log's entries for report runs (not one client's data: the write log). */
export const REPORT_AUDIT_SUBJECT = 'Report/spending';

/** Published reports by their arguments, with the versions of their months they were worked out at; one set a system (tests run several). */
const PUBLISHED_SIZE = 200;
const publishedOf = new WeakMap<object, Map<string, { version: string; report: SpendingReportModel }>>();

export async function spendingReport(
  ctx: Context,
  args: { from: string; to: string; groupBy: Dimension[]; municipalityCode?: string | null },
): Promise<SpendingReportModel> {
  const months = reportMonths(args.from, args.to);
  if (!args.groupBy.length) throw badUserInput('groupBy needs at least one dimension', { argumentName: 'groupBy' });
  if (new Set(args.groupBy).size !== args.groupBy.length)
    throw badUserInput('groupBy must not repeat a dimension', { argumentName: 'groupBy' });
  if (args.municipalityCode != null && !/^\d{3}$/.test(args.municipalityCode)) {
    throw badUserInput('municipalityCode is a three-digit code such as "205"', { argumentName: 'municipalityCode' });
  }
  const municipality = ctx.policy.municipalityOf('SpendingReport', args.municipalityCode);
  return ctx.reports.run(ctx.viewer, ctx.signal, async (signal) => {
    // Who ran which report is kept whether or not it can be published: the asking is the fact.
    ctx.audit.recordSubjectWrite(
      REPORT_AUDIT_SUBJECT,
      `spendingReport groupBy=${args.groupBy.join(',')} from=${args.from} to=${args.to} municipality=${municipality ?? 'all'}`,
    );
    const groupBy = args.groupBy.map((d) => DIMENSION[d]);
    const source = await reportSource(ctx.voucherSystem, signal);
    // Taken before anything is read: a report worked out while its months changed is kept under the older versions.
    const version = source.months ? months.map((m) => source.months!.version(m)).join(',') : null;
    const key = JSON.stringify([args.from, args.to, groupBy, municipality ?? null]);
    const published = publishedOf.get(ctx.voucherSystem) ?? publishedOf.set(ctx.voucherSystem, new Map()).get(ctx.voucherSystem)!;
    const kept = published.get(key);
    if (kept && kept.version === version) return kept.report;
    const raw = await source.spendingReport(
      { from: args.from, to: args.to, groupBy, municipalities: municipality ? [municipality] : undefined },
      signal,
    );
    const patterns = await monthPatterns(source, months, signal);
    const byMonth = groupBy.includes('month');
    // A row's cell in the month tables: its values, the report's municipality when it is not a
    // dimension of its own, "all" for the rest.
    const cellOf = (row: { serviceTypeCode?: string; municipalityCode?: string; providerId?: string }) => [
      row.serviceTypeCode ?? null,
      row.municipalityCode ?? municipality ?? null,
      row.providerId ?? null,
    ];
    // The row's figures must be those the patterns were worked out from: a cell they never saw
    // (a delivery reported between the reads) is not shown.
    const visibleThroughout = (at: (string | null)[], month?: string) => {
      const its = month ? [month] : months;
      return its.some((m) => patterns.has(m, at)) && its.every((m) => patterns.visible(m, at));
    };
    // An empty report (no deliveries at all) is published: its zero gives nobody away.
    const hiddenMonths = patterns.unpublishable.length ? patterns.unpublishable : months.filter((m) => !patterns.visible(m, cellOf({})));
    if (hiddenMonths.length) {
      throw forbidden(
        `the report cannot be published: its total would reveal figures of fewer than 5 clients in ${hiddenMonths.join(', ')}; choose other months or a wider area`,
      );
    }
    const rows = raw.rows.map((r) => {
      const shown = visibleThroughout(cellOf(r), byMonth ? r.month : undefined);
      return {
        serviceTypeCode: r.serviceTypeCode ?? null,
        municipalityCode: r.municipalityCode ?? null,
        providerId: r.providerId ?? null,
        month: r.month ?? null,
        suppressed: !shown,
        clients: shown ? r.clients : null,
        orders: shown ? r.orders : null,
        amountCents: shown ? r.amountCents : null,
      };
    });
    const report = { rows, totalCents: raw.totalCents };
    if (version !== null) {
      if (published.size >= PUBLISHED_SIZE) published.delete(published.keys().next().value!);
      published.set(key, { version, report });
    }
    return report;
  });
}
