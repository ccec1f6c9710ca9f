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
 * Why each month has a version: a month's figures change only with a delivery dated in it, so
 * what is worked out from whole months — a published report (report.ts), a month's suppression
 * pattern (report-patterns.ts) — is kept by the versions of its months, and stays valid while
 * deliveries of the current month arrive.
 *
 * At the subgraph's start the model is built and every month a report may cover worked out
 * (startReportingModel) before the subgraph says it is ready, within a bound, so the first
 * report is answered from it. The feed is read as columns (GET /changes?encoding=columns), in
 * pages of 250 000 changes: ~50 MB for the national feed instead of ~240 MB of items.
 *
 * Memory at the national scale: the per-month columns above plus the orders' ids (a Map).
 */
import { createLogger } from '../../lib/log.js';
import { SystemRefusal } from '../../lib/errors.js';
import type { ChangeColumnsModel, ReportDimension, SpendingReportResource, VoucherClient } from '../../lib/voucher-client.js';
import { lastDayOf, MAX_REPORT_MONTHS, monthsBefore, previousMonth, reportMonths, todayInFinland } from './report-period.js';
import { monthPatterns } from './report-patterns.js';

/**
 * Changes read per request, as columns (GET /changes?encoding=columns): the national feed starts
 * with ~1.5 million, six pages of a few MB each.
 */
const PAGE = 250_000;

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
  /**
   * With the model: each month's version — it changes whenever a delivery dated in the month
   * does, so whole-month figures worked out at the same versions are the same — and the model
   * they belong to (caches of them are kept per model). Null when the system itself answers.
   */
  months: { model: object; version(month: string): number } | null;
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
  private ranked = new Int32Array(0);
  /** Each index's rank in the values' sorted order (rows sort as the system sorts them: by string); worked out again when values arrived. */
  ranks(): Int32Array {
    if (this.ranked.length === this.list.length) return this.ranked;
    const order = this.list.map((_, i) => i).sort((a, b) => (this.list[a]! < this.list[b]! ? -1 : this.list[a]! > this.list[b]! ? 1 : 0));
    const rank = new Int32Array(this.list.length);
    order.forEach((i, r) => (rank[i] = r));
    return (this.ranked = rank);
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
const [ORDER_CREATED, REPORTED, CORRECTED] = [0, 1, 2];
const [SERVICE_TYPE, MUNICIPALITY, PROVIDER] = [1, 2, 4];

/** A report's columns: per month of the period, each order's live deliveries and cents; each order's group; the area. */
interface TallyColumns {
  live: Uint16Array[];
  cents: Int32Array[];
  groupOf: Int32Array;
  inArea: Uint8Array | null;
}

/** A report's cells as they are counted, and its totals. */
interface Tally {
  cellOrders: Int32Array;
  cellClients: Int32Array;
  cellCents: Float64Array;
  /** Per cell: the client last counted in it. */
  stamp: Int32Array;
  totalOrders: number;
  totalClients: number;
  totalCents: number;
}

interface Grouping {
  /** Per order ordinal: its group. */
  of: Int32Array;
  /** Per group: one of its orders. */
  members: number[];
  index: Map<number, number>;
  /** Orders assigned a group so far. */
  upTo: number;
}

export class ReportingModel {
  private cursor = '0';
  /** +1 for every change applied: answers computed at the same version are the same. */
  version = 0;
  /** Per month: +1 for every page of changes that changed a delivery dated in it. */
  private readonly monthVersions = new Map<string, number>();
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
  /** Per mask of the dimensions other than month: each order's group (grouping()). */
  private readonly groupings = new Map<number, Grouping>();
  /** The orders by client (ordersByClient()). */
  private byClient = new Int32Array(0);
  private pulling: Pull | null = null;
  private queued: Pull | null = null;
  /** False once the system answered that it has no change feed: reports then read the system. */
  supported = true;

  /** `pageSize`: changes read a request (tests read the feed in small pages). */
  constructor(
    private readonly system: VoucherClient,
    private readonly pageSize = PAGE,
  ) {}

  /**
   * Resolves when the model holds every change the system had accepted before the call. Callers
   * at the same moment share one read of the feed; when every caller waiting on a read has
   * given up (their `signal` aborted), the read itself is cut, so the system stops serving it.
   */
  current(signal?: AbortSignal): Promise<void> {
    let pull = this.queued;
    // A waiting read that every caller gave up on is cut already: a new caller gets a read of its own.
    if (!pull || pull.controller.signal.aborted) {
      const controller = new AbortController();
      const before = this.pulling?.done ?? Promise.resolve();
      pull = this.queued = { controller, interest: 0, done: Promise.resolve() };
      const started = pull;
      started.done = before
        .catch(() => undefined)
        .then(() => {
          if (this.queued === started) this.queued = null;
          // Given up on before it began: it reads nothing, and is no read for others to wait for.
          controller.signal.throwIfAborted();
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

  /**
   * Reads the feed up to its head. The next page is asked for as soon as a page has arrived, so
   * the system encodes it while this process applies the one before.
   */
  private async pull(signal: AbortSignal): Promise<void> {
    // A read may be left unawaited (the pull given up, or a page that failed to apply): its
    // failure is then no unhandled rejection — what is awaited still sees it.
    const read = (after: string) => {
      const page = this.system.changeColumns(after, this.pageSize, signal);
      page.catch(() => undefined);
      return page;
    };
    signal.throwIfAborted();
    let next = read(this.cursor);
    for (;;) {
      let page;
      try {
        page = await next;
      } catch (error) {
        if (error instanceof SystemRefusal && error.status === 404) {
          this.supported = false;
          return;
        }
        throw error;
      }
      signal.throwIfAborted();
      if (page.hasMore) next = read(page.cursor);
      this.apply(page);
      this.cursor = page.cursor;
      if (!page.hasMore) return;
    }
  }

  /**
   * Applies a page of changes in the feed's order. Every distinct value of a column (a date, a
   * quantity, an order's id) is resolved once a page, each row by its index.
   */
  private apply(page: ChangeColumnsModel): void {
    const { type, order, delivery, previous } = page;
    this.version += type.index.length;
    if (this.orders + order.id.length > this.orderClient.length)
      this.growOrders(Math.max(this.orders + order.id.length, 2 * this.orderClient.length));
    // Per distinct value: its interned number, its month's columns, whether the quantity is live.
    const client = order.clientId.values.map((v) => this.clients.of(v));
    const serviceType = order.serviceTypeCode.values.map((v) => this.serviceTypes.of(v));
    const municipality = order.municipalityCode.values.map((v) => this.municipalities.of(v));
    const provider = order.providerId.values.map((v) => this.providers.of(v));
    const liveOf = delivery.date.values.map((d) => this.live.of(d.slice(0, 7)));
    const centsOf = delivery.date.values.map((d) => this.cents.of(d.slice(0, 7)));
    const isLive = delivery.quantity.values.map(live);
    const touched = new Uint8Array(delivery.date.values.length);
    const wasLive = previous.quantity.values.map(live);
    // An order's number, looked up when a row first needs it (its creation precedes its deliveries).
    const ordinal = new Int32Array(delivery.orderId.values.length).fill(-1);
    const kinds = type.values.map((t) => (t === 'order-created' ? ORDER_CREATED : t === 'delivery-corrected' ? CORRECTED : REPORTED));
    let o = 0;
    let d = 0;
    let p = 0;
    for (const k of type.index) {
      const kind = kinds[k]!;
      if (kind === ORDER_CREATED) {
        const id = order.id[o]!;
        if (!this.orderOrdinal.has(id)) {
          const n = this.orders++;
          this.orderOrdinal.set(id, n);
          this.orderClient[n] = client[order.clientId.index[o]!]!;
          this.orderServiceType[n] = serviceType[order.serviceTypeCode.index[o]!]!;
          this.orderMunicipality[n] = municipality[order.municipalityCode.index[o]!]!;
          this.orderProvider[n] = provider[order.providerId.index[o]!]!;
        }
        o++;
        continue;
      }
      const i = d++;
      const corrected = kind === CORRECTED ? p++ : -1;
      const ref = delivery.orderId.index[i]!;
      let n = ordinal[ref]!;
      if (n < 0) {
        const known = this.orderOrdinal.get(delivery.orderId.values[ref]!);
        // The system's report leaves out a delivery of no known order too.
        if (known === undefined) continue;
        ordinal[ref] = n = known;
      }
      const date = delivery.date.index[i]!;
      touched[date] = 1;
      if (corrected >= 0 && wasLive[previous.quantity.index[corrected]!]) {
        liveOf[date]![n]!--;
        centsOf[date]![n]! -= previous.amountCents[corrected]!;
      }
      if (isLive[delivery.quantity.index[i]!]) {
        liveOf[date]![n]!++;
        centsOf[date]![n]! += delivery.amountCents[i]!;
      }
    }
    const months = new Set(delivery.date.values.filter((_, i) => touched[i]).map((d) => d.slice(0, 7)));
    for (const month of months) this.monthVersions.set(month, this.monthVersion(month) + 1);
  }

  /** The month's version (0 while no delivery dated in it has arrived). */
  monthVersion(month: string): number {
    return this.monthVersions.get(month) ?? 0;
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
   * How, in one pass over the orders, client by client: an order counts in a month when it has
   * live deliveries dated in it, and adds to its cell — its group of the dimensions other than
   * month (grouping(); its service type, municipality and provider never change), and the month
   * when that is a dimension. A client counts once in a cell: their orders come one after
   * another, so a cell stamped with the client has counted them. Linear in orders × months.
   */
  report(q: ReportQuery): SpendingReportResource | null {
    const first = q.from.slice(0, 7);
    const last = q.to.slice(0, 7);
    if (!q.from.endsWith('-01') || q.to !== lastDayOf(last)) return null;
    const months = [...this.live.byMonth.keys()].filter((m) => m >= first && m <= last).sort();
    const live = months.map((m) => this.live.of(m));
    const cents = months.map((m) => this.cents.of(m));
    const byMonth = q.groupBy.includes('month');
    const grouping = this.grouping(
      (q.groupBy.includes('serviceType') ? SERVICE_TYPE : 0) |
        (q.groupBy.includes('municipality') ? MUNICIPALITY : 0) |
        (q.groupBy.includes('provider') ? PROVIDER : 0),
    );
    const only = q.municipalities?.length ? new Set(q.municipalities) : null;
    const inArea = only ? Uint8Array.from(this.municipalities.list, (m) => (only.has(m) ? 1 : 0)) : null;

    const perGroup = byMonth ? months.length : 1;
    const cells = grouping.members.length * perGroup;
    const cellOrders = new Int32Array(cells);
    const cellClients = new Int32Array(cells);
    const cellCents = new Float64Array(cells);
    const stamp = new Int32Array(cells).fill(-1);
    const tally = { cellOrders, cellClients, cellCents, stamp, totalOrders: 0, totalClients: 0, totalCents: 0 };
    const columns = { live, cents, groupOf: grouping.of, inArea };
    if (byMonth) this.tallyByMonth(columns, tally);
    else this.tallyOverPeriod(columns, tally);
    const { totalOrders, totalClients, totalCents } = tally;

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
    const rows: { rank: number[]; row: Row }[] = [];
    for (let cell = 0; cell < cells; cell++) {
      if (!cellOrders[cell]) continue;
      const member = grouping.members[Math.floor(cell / perGroup)]!;
      const row: Row = { clients: cellClients[cell]!, orders: cellOrders[cell]!, amountCents: cellCents[cell]! };
      const rank: number[] = [];
      for (const d of q.groupBy) {
        const [r, value] = valueOf(d, member, cell % perGroup);
        rank.push(r);
        (row as Record<string, unknown>)[FIELD[d]] = value;
      }
      rows.push({ rank, row });
    }
    rows.sort((a, b) => {
      for (let i = 0; i < a.rank.length; i++) if (a.rank[i] !== b.rank[i]) return a.rank[i]! - b.rank[i]!;
      return 0;
    });
    return {
      from: q.from,
      to: q.to,
      groupBy: q.groupBy,
      rows: rows.map((r) => r.row),
      totalCents,
      totalClients,
      totalOrders,
    };
  }

  /**
   * Each order of the area, client by client, into its group's cell: its live deliveries over
   * the period's months summed. Two loops, not one with a branch per month: each is its own
   * tight loop for the JIT.
   */
  private tallyOverPeriod(columns: TallyColumns, t: Tally): void {
    const { live, cents, groupOf, inArea } = columns;
    const [orderClient, orderMunicipality, byClient] = [this.orderClient, this.orderMunicipality, this.ordersByClient()];
    let lastClient = -1;
    for (let i = 0; i < byClient.length; i++) {
      const o = byClient[i]!;
      if (inArea && !inArea[orderMunicipality[o]!]) continue;
      let sum = 0;
      let counted = false;
      for (let m = 0; m < live.length; m++) {
        if (live[m]![o] === 0) continue;
        sum += cents[m]![o]!;
        counted = true;
      }
      if (!counted) continue;
      const client = orderClient[o]!;
      const cell = groupOf[o]!;
      t.cellOrders[cell]!++;
      t.cellCents[cell]! += sum;
      if (t.stamp[cell] !== client) {
        t.stamp[cell] = client;
        t.cellClients[cell]!++;
      }
      t.totalOrders++;
      t.totalCents += sum;
      if (lastClient !== client) {
        lastClient = client;
        t.totalClients++;
      }
    }
  }

  /** As tallyOverPeriod, each month of an order into its own cell (group × month). */
  private tallyByMonth(columns: TallyColumns, t: Tally): void {
    const { live, cents, groupOf, inArea } = columns;
    const [orderClient, orderMunicipality, byClient] = [this.orderClient, this.orderMunicipality, this.ordersByClient()];
    const months = live.length;
    let lastClient = -1;
    for (let i = 0; i < byClient.length; i++) {
      const o = byClient[i]!;
      if (inArea && !inArea[orderMunicipality[o]!]) continue;
      const client = orderClient[o]!;
      const base = groupOf[o]! * months;
      let sum = 0;
      let counted = false;
      for (let m = 0; m < months; m++) {
        if (live[m]![o] === 0) continue;
        const amount = cents[m]![o]!;
        const cell = base + m;
        sum += amount;
        counted = true;
        t.cellOrders[cell]!++;
        t.cellCents[cell]! += amount;
        if (t.stamp[cell] !== client) {
          t.stamp[cell] = client;
          t.cellClients[cell]!++;
        }
      }
      if (!counted) continue;
      t.totalOrders++;
      t.totalCents += sum;
      if (lastClient !== client) {
        lastClient = client;
        t.totalClients++;
      }
    }
  }

  /**
   * Each order's group for a set of the dimensions other than month (a mask of SERVICE_TYPE,
   * MUNICIPALITY, PROVIDER), and a member order of each group (for its values). Kept per mask
   * and extended as orders arrive: an order's group never changes.
   */
  private grouping(mask: number): Grouping {
    let grouping = this.groupings.get(mask);
    if (!grouping) this.groupings.set(mask, (grouping = { of: new Int32Array(0), members: [], index: new Map(), upTo: 0 }));
    if (grouping.upTo === this.orders) return grouping;
    if (grouping.of.length < this.orders) {
      const bigger = new Int32Array(this.orderClient.length);
      bigger.set(grouping.of);
      grouping.of = bigger;
    }
    for (let o = grouping.upTo; o < this.orders; o++) {
      // One number for the group's values: service types < 2^17, municipalities < 2^12, providers < 2^24.
      const key =
        ((mask & SERVICE_TYPE ? this.orderServiceType[o]! : 0) * 4096 + (mask & MUNICIPALITY ? this.orderMunicipality[o]! : 0)) * 2 ** 24 +
        (mask & PROVIDER ? this.orderProvider[o]! : 0);
      let g = grouping.index.get(key);
      if (g === undefined) grouping.index.set(key, (g = grouping.members.push(o) - 1));
      grouping.of[o] = g;
    }
    grouping.upTo = this.orders;
    return grouping;
  }

  /** The orders, each client's one after another (a counting sort by client, redone when orders arrived). */
  private ordersByClient(): Int32Array {
    if (this.byClient.length === this.orders) return this.byClient;
    const start = new Int32Array(this.clients.list.length + 1);
    for (let o = 0; o < this.orders; o++) start[this.orderClient[o]! + 1]!++;
    for (let c = 0; c < this.clients.list.length; c++) start[c + 1]! += start[c]!;
    const byClient = new Int32Array(this.orders);
    for (let o = 0; o < this.orders; o++) byClient[start[this.orderClient[o]!]!++] = o;
    return (this.byClient = byClient);
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
 * How long the subgraph's start waits for the model: long enough for the national feed, short
 * enough that a slow system does not hold the subgraph back (the first report then catches up).
 */
export const MODEL_START_WAIT_MS = 12_000;

/**
 * Builds the model at the subgraph's start, and works out the suppression patterns of every
 * month a report may cover (the last MAX_REPORT_MONTHS ended ones) from it, so the first report
 * neither reads the whole feed nor works out a month. Resolves when that is done, when it failed
 * (not fatal: the first report catches up instead) or after `waitMs`, whichever comes first; the
 * work goes on after a timeout.
 */
export async function startReportingModel(system: VoucherClient, waitMs = MODEL_START_WAIT_MS): Promise<void> {
  const model = reportingModelOf(system);
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  const built = (async () => {
    await model.current();
    const builtMs = ms();
    const source = await reportSource(system);
    if (!source.months) return;
    const today = todayInFinland();
    const lastEnded = lastDayOf(previousMonth(today.slice(0, 7)));
    const months = reportMonths(`${monthsBefore(lastEnded.slice(0, 7), MAX_REPORT_MONTHS - 1)}-01`, lastEnded, today);
    await monthPatterns(source, months);
    // A report over the period too (the patterns' reads were all by month), so the first
    // analyst's report does not run the period's tally before the JIT has compiled it.
    for (let i = 0; i < 3; i++) model.report({ from: `${months.at(-12)}-01`, to: lastEnded, groupBy: ['serviceType'] });
    log.info(
      { ms: builtMs, patternsMs: ms() - builtMs, patternMonths: months.length, ...model.size },
      'reporting model built from the change feed',
    );
  })().catch((error: unknown) => log.warn({ err: String(error) }, 'reporting model not built at start; the first report catches up'));
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)));
  await Promise.race([built, waited]);
  clearTimeout(timer);
}

/**
 * Where a report reads from: the model, caught up to the system's head; the system itself when
 * it has no change feed or for a period the model does not cut (not whole months).
 */
export async function reportSource(system: VoucherClient, signal?: AbortSignal): Promise<ReportSource> {
  const model = reportingModelOf(system);
  if (model.supported) await model.current(signal);
  if (!model.supported) return { months: null, spendingReport: (q, signal) => system.spendingReport(q, signal) };
  return {
    months: { model, version: (month) => model.monthVersion(month) },
    spendingReport: async (q, signal) => model.report(q) ?? system.spendingReport(q, signal),
  };
}
