/**
 * The spending report's read model: the voucher system's deliveries pre-aggregated by month and
 * order — an order's service type, municipality, provider and client never change, so an order
 * is the finest cell of month × service type × municipality × provider × client — kept current
 * from the system's change feed (GET /changes). A report is then arithmetic over typed arrays
 * in this process instead of the system aggregating a year of deliveries (~650 000 at the
 * national scale) for every grouping that suppression needs.
 *
 * Why orders and not pre-summed cells: `clients` and `orders` are distinct counts, which do not
 * add up across cells (one client has several service types, one order delivers in several
 * months). Kept per order and month (live deliveries, cents), every grouping's distinct counts
 * are exact: a row counts the orders live in its months and the distinct clients of those —
 * the system's figures, for any grouping and any whole months. At the national scale that is
 * ~220 000 orders × the months with deliveries, 6 bytes each (Uint16 live count, Int32 cents).
 *
 * Why catch up before every answer: a report must include every delivery the system accepted
 * before the report began. current() starts a read of the feed after it is called (joining one
 * not yet started), up to the feed's head; when nothing changed that is one small request.
 *
 * Memory at the national scale: the per-month columns above plus the orders' ids (a Map).
 */
import { createLogger } from '../../lib/log.js';
import { SystemRefusal } from '../../lib/errors.js';
import type { ChangeModel, ReportDimension, SpendingReportResource, VoucherClient } from '../../lib/voucher-client.js';
import { lastDayOf } from './report-period.js';

/** Changes read per request: the national feed starts with ~1.5 million. */
const PAGE = 10_000;

type Row = SpendingReportResource['rows'][number];
export interface ReportQuery {
  from: string;
  to: string;
  groupBy: ReportDimension[];
  municipalities?: string[];
}
/** What a report reads: the model, or the system itself where the model cannot answer. */
export interface ReportSource {
  spendingReport(q: ReportQuery, signal?: AbortSignal): Promise<SpendingReportResource>;
}

/** A growable column of numbers per order, one per month. */
class MonthColumns<A extends Int32Array | Uint16Array> {
  readonly byMonth = new Map<string, A>();
  constructor(
    private readonly make: (n: number) => A,
    private capacity: number,
  ) {}
  of(month: string): A {
    let column = this.byMonth.get(month);
    if (!column) this.byMonth.set(month, (column = this.make(this.capacity)));
    return column;
  }
  /** Room for `n` orders in every month. */
  grow(n: number): void {
    if (n <= this.capacity) return;
    this.capacity = Math.max(n, this.capacity * 2);
    for (const [month, column] of this.byMonth) {
      const bigger = this.make(this.capacity);
      bigger.set(column);
      this.byMonth.set(month, bigger as A);
    }
  }
}

/** Values of one dimension, interned: orders hold their index. */
class Values {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();
  of(value: string): number {
    let i = this.index.get(value);
    if (i === undefined) this.index.set(value, (i = this.list.push(value) - 1));
    return i;
  }
  /** Each index's rank in the values' sorted order (rows sort as the system sorts them: by string). */
  ranks(): Int32Array {
    const order = this.list.map((_, i) => i).sort((a, b) => (this.list[a]! < this.list[b]! ? -1 : this.list[a]! > this.list[b]! ? 1 : 0));
    const rank = new Int32Array(this.list.length);
    order.forEach((i, r) => (rank[i] = r));
    return rank;
  }
}

/** One read of the feed up to its head, and how many callers still wait on it. */
interface Pull {
  controller: AbortController;
  interest: number;
  done: Promise<void>;
}

const FIELD = { serviceType: 'serviceTypeCode', municipality: 'municipalityCode', provider: 'providerId', month: 'month' } as const;
const live = (quantity: string) => Number(quantity) > 0;

export class ReportingModel {
  private cursor = '0';
  /** +1 for every change applied: answers computed at the same version are the same. */
  version = 0;
  private readonly orderOrdinal = new Map<string, number>();
  /** Per order ordinal: its client and its service type, municipality and provider (interned). */
  private orderClient = new Int32Array(1024);
  private orderServiceType = new Int32Array(1024);
  private orderMunicipality = new Int32Array(1024);
  private orderProvider = new Int32Array(1024);
  private orders = 0;
  private readonly clients = new Values();
  private readonly serviceTypes = new Values();
  private readonly municipalities = new Values();
  private readonly providers = new Values();
  /** Per month, per order: its live (not voided) deliveries dated in the month, and their cents. */
  private readonly live = new MonthColumns((n) => new Uint16Array(n), 1024);
  private readonly cents = new MonthColumns((n) => new Int32Array(n), 1024);
  private pulling: Pull | null = null;
  private queued: Pull | null = null;
  /** False once the system answered that it has no change feed: reports then read the system. */
  supported = true;

  constructor(private readonly system: VoucherClient) {}

  /**
   * Resolves when the model holds every change the system had accepted before the call. Callers
   * at the same moment share one read of the feed; when every caller waiting on a read has
   * given up (their `signal` aborted), the read itself is cut, so the system stops serving it.
   */
  current(signal?: AbortSignal): Promise<void> {
    let pull = this.queued;
    if (!pull) {
      const controller = new AbortController();
      const before = this.pulling?.done ?? Promise.resolve();
      pull = this.queued = { controller, interest: 0, done: Promise.resolve() };
      const started = pull;
      started.done = before
        .catch(() => undefined)
        .then(() => {
          this.queued = null;
          this.pulling = started;
          return this.pull(controller.signal);
        })
        .finally(() => {
          if (this.pulling === started) this.pulling = null;
        });
    }
    pull.interest++;
    if (!signal) return pull.done;
    const joined = pull;
    return new Promise<void>((resolve, reject) => {
      const leave = () => {
        if (--joined.interest === 0) joined.controller.abort(signal.reason);
        reject(signal.reason);
      };
      if (signal.aborted) return leave();
      signal.addEventListener('abort', leave, { once: true });
      joined.done.then(resolve, reject).finally(() => signal.removeEventListener('abort', leave));
    });
  }

  private async pull(signal: AbortSignal): Promise<void> {
    for (;;) {
      signal.throwIfAborted();
      let page;
      try {
        page = await this.system.changes(this.cursor, PAGE, signal);
      } catch (error) {
        if (error instanceof SystemRefusal && error.status === 404) {
          this.supported = false;
          return;
        }
        throw error;
      }
      for (const change of page.items) this.apply(change);
      this.cursor = page.cursor;
      if (!page.hasMore) return;
    }
  }

  private apply(change: ChangeModel): void {
    this.version++;
    if (change.type === 'order-created' && change.order) {
      const o = change.order;
      if (this.orderOrdinal.has(o.id)) return;
      const n = this.orders++;
      if (n >= this.orderClient.length) this.growOrders(2 * this.orderClient.length);
      this.orderOrdinal.set(o.id, n);
      this.orderClient[n] = this.clients.of(o.clientId);
      this.orderServiceType[n] = this.serviceTypes.of(o.serviceTypeCode);
      this.orderMunicipality[n] = this.municipalities.of(o.municipalityCode);
      this.orderProvider[n] = this.providers.of(o.providerId);
      return;
    }
    const d = change.delivery;
    if (!d) return;
    const order = this.orderOrdinal.get(d.orderId);
    if (order === undefined) return; // the system's report leaves out a delivery of no known order too
    const month = d.date.slice(0, 7);
    if (change.type === 'delivery-corrected' && change.previous && live(change.previous.quantity)) {
      this.live.of(month)[order]!--;
      this.cents.of(month)[order]! -= change.previous.amountCents;
    }
    if (live(d.quantity)) {
      this.live.of(month)[order]!++;
      this.cents.of(month)[order]! += d.amountCents;
    }
  }

  private growOrders(n: number): void {
    const grow = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.orderClient = grow(this.orderClient);
    this.orderServiceType = grow(this.orderServiceType);
    this.orderMunicipality = grow(this.orderMunicipality);
    this.orderProvider = grow(this.orderProvider);
    this.live.grow(n);
    this.cents.grow(n);
  }

  /**
   * The system's GET /reports/spending for whole months, from the model as it is now. Null for
   * a period that does not start and end with a month (the system answers those).
   *
   * How: every order falls in one group of the dimensions other than month (its service type,
   * municipality, provider never change); the orders are bucketed by that group, and each
   * bucket is read month by month — an order counts in a month when it has live deliveries
   * dated in it, a client when any of their orders counts. Distinct counts by stamping each
   * client (order) with the group being counted. Linear in orders × months.
   */
  report(q: ReportQuery): SpendingReportResource | null {
    const first = q.from.slice(0, 7);
    const last = q.to.slice(0, 7);
    if (!q.from.endsWith('-01') || q.to !== lastDayOf(last)) return null;
    const months = [...this.live.byMonth.keys()].filter((m) => m >= first && m <= last).sort();
    const live = months.map((m) => this.live.of(m));
    const cents = months.map((m) => this.cents.of(m));
    const byMonth = q.groupBy.includes('month');
    const by = (d: ReportDimension) => q.groupBy.includes(d);
    const only = q.municipalities?.length ? new Set(q.municipalities) : null;
    const [nMunicipalities, nProviders] = [this.municipalities.list.length, this.providers.list.length];

    // The group (of the dimensions other than month) of every order in the report, by a number.
    const groupOf = new Int32Array(this.orders).fill(-1);
    // Group numbers by their key: at most service types × municipalities × providers (~450 000 nationally).
    const groupIndex = new Int32Array((by('serviceType') ? this.serviceTypes.list.length : 1) * nMunicipalities * nProviders).fill(-1);
    const groupOrder: number[] = []; // a member order of each group, for its values
    const inMunicipality = only ? this.municipalities.list.map((m) => only.has(m)) : null;
    for (let o = 0; o < this.orders; o++) {
      if (inMunicipality && !inMunicipality[this.orderMunicipality[o]!]) continue;
      const key =
        ((by('serviceType') ? this.orderServiceType[o]! : 0) * nMunicipalities + (by('municipality') ? this.orderMunicipality[o]! : 0)) *
          nProviders +
        (by('provider') ? this.orderProvider[o]! : 0);
      let g = groupIndex[key]!;
      if (g < 0) groupIndex[key] = g = groupOrder.push(o) - 1;
      groupOf[o] = g;
    }
    // Orders bucketed by group (a counting sort).
    const start = new Int32Array(groupOrder.length + 1);
    for (let o = 0; o < this.orders; o++) if (groupOf[o]! >= 0) start[groupOf[o]! + 1]!++;
    for (let g = 0; g < groupOrder.length; g++) start[g + 1]! += start[g]!;
    const members = new Int32Array(start[groupOrder.length]!);
    const fill = start.slice(0, groupOrder.length);
    for (let o = 0; o < this.orders; o++) if (groupOf[o]! >= 0) members[fill[groupOf[o]!]!++] = o;

    const clientSeen = new Int32Array(this.clients.list.length);
    let round = 0;
    /** Clients, orders and cents of a group's members in the months `from`…`to` (indexes into months). */
    const figures = (from: number, to: number, begin: number, end: number) => {
      round++;
      let clients = 0;
      let orders = 0;
      let sum = 0;
      for (let i = begin; i < end; i++) {
        const o = members[i]!;
        let counted = false;
        for (let m = from; m < to; m++) {
          if (live[m]![o] === 0) continue;
          sum += cents[m]![o]!;
          counted = true;
        }
        if (!counted) continue;
        orders++;
        const c = this.orderClient[o]!;
        if (clientSeen[c] !== round) {
          clientSeen[c] = round;
          clients++;
        }
      }
      return { clients, orders, cents: sum };
    };

    const rows: { rank: number[]; row: Row }[] = [];
    const ranks = {
      serviceType: this.serviceTypes.ranks(),
      municipality: this.municipalities.ranks(),
      provider: this.providers.ranks(),
    };
    const valueOf = (d: ReportDimension, o: number, m: number): [number, string] => {
      switch (d) {
        case 'serviceType':
          return [ranks.serviceType[this.orderServiceType[o]!]!, this.serviceTypes.list[this.orderServiceType[o]!]!];
        case 'municipality':
          return [ranks.municipality[this.orderMunicipality[o]!]!, this.municipalities.list[this.orderMunicipality[o]!]!];
        case 'provider':
          return [ranks.provider[this.orderProvider[o]!]!, this.providers.list[this.orderProvider[o]!]!];
        case 'month':
          return [m, months[m]!];
      }
    };
    for (let g = 0; g < groupOrder.length; g++) {
      for (let m = byMonth ? 0 : -1; m < (byMonth ? months.length : 0); m++) {
        const f = byMonth ? figures(m, m + 1, start[g]!, start[g + 1]!) : figures(0, months.length, start[g]!, start[g + 1]!);
        if (!f.orders) continue;
        const row: Row = { clients: f.clients, orders: f.orders, amountCents: f.cents };
        const rank: number[] = [];
        for (const d of q.groupBy) {
          const [r, value] = valueOf(d, groupOrder[g]!, m);
          rank.push(r);
          (row as Record<string, unknown>)[FIELD[d]] = value;
        }
        rows.push({ rank, row });
      }
    }
    rows.sort((a, b) => {
      for (let i = 0; i < a.rank.length; i++) if (a.rank[i] !== b.rank[i]) return a.rank[i]! - b.rank[i]!;
      return 0;
    });
    // The totals: every order of the report in one group.
    const total = figures(0, months.length, 0, members.length);
    return {
      from: q.from,
      to: q.to,
      groupBy: q.groupBy,
      rows: rows.map((r) => r.row),
      totalCents: total.cents,
      totalClients: total.clients,
      totalOrders: total.orders,
    };
  }

  /** What the model holds, for the figures of memory. */
  get size() {
    return {
      orders: this.orders,
      clients: this.clients.list.length,
      months: this.live.byMonth.size,
      providers: this.providers.list.length,
    };
  }
}

const models = new WeakMap<VoucherClient, ReportingModel>();
const log = createLogger('vouchers');

/** The model over this client's system (one a subgraph process: it has one client). */
export function reportingModelOf(system: VoucherClient): ReportingModel {
  return models.get(system) ?? models.set(system, new ReportingModel(system)).get(system)!;
}

/**
 * Builds the model at the subgraph's start, so the first report does not read the whole feed.
 * A failure here is not fatal: the first report catches up instead.
 */
export function startReportingModel(system: VoucherClient): void {
  const model = reportingModelOf(system);
  const started = performance.now();
  model.current().then(
    () => log.info({ ms: Math.round(performance.now() - started), ...model.size }, 'reporting model built from the change feed'),
    (error: unknown) => log.warn({ err: String(error) }, 'reporting model not built at start; the first report catches up'),
  );
}

/**
 * Where a report reads from: the model, caught up to the system's head; the system itself when
 * it has no change feed or for a period the model does not cut (not whole months).
 */
export async function reportSource(system: VoucherClient, signal?: AbortSignal): Promise<ReportSource & { version: number | null }> {
  const model = reportingModelOf(system);
  if (model.supported) await model.current(signal);
  if (!model.supported) return { version: null, spendingReport: (q, signal) => system.spendingReport(q, signal) };
  return {
    version: model.version,
    spendingReport: async (q, signal) => model.report(q) ?? system.spendingReport(q, signal),
  };
}
