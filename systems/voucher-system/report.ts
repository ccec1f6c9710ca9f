/**
 * The spending report: deliveries dated within [from, to], grouped by any of service type,
 * municipality, provider and month, with distinct clients and orders per row and overall.
 * Raw figures: the system of record does not suppress small numbers; whoever publishes does.
 * Corrected deliveries count at their corrected amount; voided ones (quantity 0) not at all.
 *
 * Why over the date-sorted deliveries: the range is found by binary search, so a month's
 * report at the national scale reads that month's deliveries only.
 */
import type { Delivery, Order } from '../../seed/world.js';

export const DIMENSIONS = ['serviceType', 'municipality', 'provider', 'month'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface SpendingRowResource {
  serviceTypeCode?: string;
  municipalityCode?: string;
  providerId?: string;
  month?: string;
  clients: number;
  orders: number;
  amountCents: number;
}

export interface SpendingReportResource {
  from: string;
  to: string;
  groupBy: Dimension[];
  rows: SpendingRowResource[];
  totalCents: number;
  totalClients: number;
  totalOrders: number;
}

const FIELD: Record<Dimension, keyof SpendingRowResource> = {
  serviceType: 'serviceTypeCode',
  municipality: 'municipalityCode',
  provider: 'providerId',
  month: 'month',
};

function valueOf(dimension: Dimension, d: Delivery, o: Order): string {
  switch (dimension) {
    case 'serviceType':
      return o.serviceTypeCode;
    case 'municipality':
      return o.municipalityCode;
    case 'provider':
      return o.providerId;
    case 'month':
      return d.date.slice(0, 7);
  }
}

/** First index whose date is ≥ date (deliveries sorted by date). */
function lowerBound(deliveries: readonly Delivery[], date: string): number {
  let [lo, hi] = [0, deliveries.length];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (deliveries[mid].date < date) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function spendingReport(
  deliveriesByDate: readonly Delivery[],
  orderOf: (id: string) => Order | undefined,
  query: { from: string; to: string; groupBy: Dimension[]; municipalities: string[] },
): SpendingReportResource {
  const groups = new Map<string, { values: string[]; clients: Set<string>; orders: Set<string>; cents: number }>();
  const clients = new Set<string>();
  const orders = new Set<string>();
  let totalCents = 0;
  const end = lowerBound(deliveriesByDate, `${query.to}\u0000`); // past every delivery dated `to`
  for (let i = lowerBound(deliveriesByDate, query.from); i < end; i++) {
    const d = deliveriesByDate[i];
    if (d.quantity === 0) continue; // voided by a correction: nothing was delivered
    const o = orderOf(d.orderId);
    if (!o) continue;
    if (query.municipalities.length && !query.municipalities.includes(o.municipalityCode)) continue;
    let key = '';
    for (const dim of query.groupBy) key += `${valueOf(dim, d, o)}\u0000`;
    let g = groups.get(key);
    if (!g)
      groups.set(key, (g = { values: query.groupBy.map((dim) => valueOf(dim, d, o)), clients: new Set(), orders: new Set(), cents: 0 }));
    g.clients.add(o.clientId);
    g.orders.add(o.id);
    g.cents += d.amountCents;
    clients.add(o.clientId);
    orders.add(o.id);
    totalCents += d.amountCents;
  }
  const rows = [...groups.values()]
    .sort((a, b) => {
      for (let i = 0; i < a.values.length; i++) if (a.values[i] !== b.values[i]) return a.values[i] < b.values[i] ? -1 : 1;
      return 0;
    })
    .map((g) => {
      const row: SpendingRowResource = { clients: g.clients.size, orders: g.orders.size, amountCents: g.cents };
      query.groupBy.forEach((dim, i) => ((row as unknown as Record<string, string>)[FIELD[dim]] = g.values[i]));
      return row;
    });
  return { from: query.from, to: query.to, groupBy: query.groupBy, rows, totalCents, totalClients: clients.size, totalOrders: orders.size };
}
