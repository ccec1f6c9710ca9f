/**
 * Query.spendingReport: checks the arguments (from ≤ to, at most five years, groupBy non-empty
 * without repeats), narrows the municipalities by policy, reads the system's raw report and
 * publishes it through the suppression rules.
 */
import { badUserInput, forbidden } from '../../lib/errors.js';
import type { Context } from './context.js';
import type { SpendingReportModel } from './models.js';
import { spendingReportScope } from './policy.js';
import { reportPublishable, suppressRows } from './suppression.js';
import type { ReportDimension } from '../../lib/voucher-client.js';

export const MAX_REPORT_YEARS = 5;

const DIMENSION: Record<'SERVICE_TYPE' | 'MUNICIPALITY' | 'PROVIDER' | 'MONTH', ReportDimension> = {
  SERVICE_TYPE: 'serviceType',
  MUNICIPALITY: 'municipality',
  PROVIDER: 'provider',
  MONTH: 'month',
};

function addYears(date: string, years: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
}

export async function spendingReport(
  ctx: Context,
  args: { from: string; to: string; groupBy: (keyof typeof DIMENSION)[]; municipalityCode?: string | null },
): Promise<SpendingReportModel> {
  if (args.from > args.to) throw badUserInput('from must not be after to', { argumentName: 'to' });
  if (args.to >= addYears(args.from, MAX_REPORT_YEARS)) throw badUserInput(`a report spans at most ${MAX_REPORT_YEARS} years`, { argumentName: 'to' });
  if (!args.groupBy.length) throw badUserInput('groupBy needs at least one dimension', { argumentName: 'groupBy' });
  if (new Set(args.groupBy).size !== args.groupBy.length) throw badUserInput('groupBy must not repeat a dimension', { argumentName: 'groupBy' });
  if (args.municipalityCode != null && !/^\d{3}$/.test(args.municipalityCode)) {
    throw badUserInput('municipalityCode is a three-digit code such as "205"', { argumentName: 'municipalityCode' });
  }
  const municipality = spendingReportScope(ctx.viewer, args.municipalityCode);
  const raw = await ctx.voucherSystem.spendingReport({
    from: args.from,
    to: args.to,
    groupBy: args.groupBy.map((d) => DIMENSION[d]),
    municipalities: municipality ? [municipality] : undefined,
  });
  if (!reportPublishable(raw.totalClients)) {
    throw forbidden('the report covers fewer than 5 clients and cannot be published; widen the period or the area');
  }
  const rows = suppressRows(raw.rows).map((r) => ({
    serviceTypeCode: r.serviceTypeCode ?? null,
    municipalityCode: r.municipalityCode ?? null,
    providerId: r.providerId ?? null,
    month: r.month ?? null,
    suppressed: r.suppressed,
    clients: r.clients,
    orders: r.orders,
    amountCents: r.amountCents,
  }));
  return { rows, totalCents: raw.totalCents };
}
