/**
 * Statistical disclosure control of spending reports: the voucher system reports raw figures,
 * the graph publishes only what cannot identify a client.
 *
 * 1. Primary: a row covering fewer than MIN_CLIENTS (5) distinct clients is suppressed
 *    (clients, orders and amount hidden); it still counts in the report's total.
 * 2. Secondary: the total is published, so a single suppressed row could be recovered as
 *    total − the visible rows. When exactly one row is suppressed, the next-smallest row (fewest
 *    clients, then smallest amount, then first in order) is suppressed too; two or more
 *    suppressed rows reveal only their sum.
 * 3. The total itself: a report covering 1–4 clients in all cannot be published at all (its total
 *    would be one small group's amount); `reportPublishable` says so.
 * Known limit: this protects one report; differencing two overlapping reports (e.g. shifting the
 * period by a day) is not prevented here and is the auditing's concern.
 */
export const MIN_CLIENTS = 5;

export interface RawRow {
  clients: number;
  orders: number;
  amountCents: number;
}

export type Suppressed<R extends RawRow> = Omit<R, 'clients' | 'orders' | 'amountCents'> & {
  suppressed: boolean;
  clients: number | null;
  orders: number | null;
  amountCents: number | null;
};

/** Which rows to suppress, primary and secondary, by index. */
export function suppressedIndexes(rows: readonly RawRow[], minClients = MIN_CLIENTS): Set<number> {
  const hidden = new Set<number>();
  rows.forEach((r, i) => {
    if (r.clients < minClients) hidden.add(i);
  });
  if (hidden.size === 1 && rows.length > 1) {
    let next = -1;
    rows.forEach((r, i) => {
      if (hidden.has(i)) return;
      const best = rows[next];
      if (next < 0 || r.clients < best.clients || (r.clients === best.clients && r.amountCents < best.amountCents)) next = i;
    });
    hidden.add(next);
  }
  return hidden;
}

export function suppressRows<R extends RawRow>(rows: readonly R[], minClients = MIN_CLIENTS): Suppressed<R>[] {
  const hidden = suppressedIndexes(rows, minClients);
  return rows.map((r, i) =>
    hidden.has(i) ? { ...r, suppressed: true, clients: null, orders: null, amountCents: null } : { ...r, suppressed: false },
  );
}

/** A report may be published when it covers no client at all or at least MIN_CLIENTS. */
export function reportPublishable(totalClients: number, minClients = MIN_CLIENTS): boolean {
  return totalClients === 0 || totalClients >= minClients;
}
