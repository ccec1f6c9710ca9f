/**
 * The voucher system's data, in memory, with the indexes its API reads by: every batch read
 * (`id=`, `clientId=`, `planId=`, `plannedServiceId=`, `providerId=`, `orderId=`) is a map
 * lookup, deliveries are kept in date order for reports, and the delivered totals of every order
 * are kept up to date, so no request scans the ~1M deliveries of the national scale.
 *
 * Why copies of the world's records: writes change vouchers, orders, deliveries and payments,
 * and the world is shared by every stand-in in the process (tests start several).
 *
 * Why every mutation is a plain synchronous method: the write handlers check an invariant and
 * change the data with no `await` in between, so two requests never interleave between the
 * check and the change (no overdrawn voucher under concurrency) and a refused write has
 * changed nothing. The methods here keep the indexes and totals consistent; the rules live in
 * the write modules.
 */
import { createHash } from 'node:crypto';
import { centsToDecimal, divRound } from '../../lib/money.js';
import { serviceTypeByCode } from '../../lib/reference.js';
import type { Delivery, Order, Payment, Provider, UnitCost, Voucher, World } from '../../seed/world.js';
import { ChangeLog, deliveryChange, orderCreated } from './changes.js';
import { insertSorted, sortBy, type Ordering } from './paging.js';

/** Quantities travel as decimal strings: 1250 hundredths → "12.5". */
export function quantityToDecimal(hundredths: number): string {
  return centsToDecimal(hundredths)
    .replace(/\.00$/, '')
    .replace(/(\.\d)0$/, '$1');
}

/** What a quantity costs at a value per unit: hundredths × cents / 100, rounded half up to the cent, exactly. */
export function chargeCents(hundredths: number, valueCents: number): number {
  return Number(divRound(BigInt(hundredths) * BigInt(valueCents), 100n));
}

// ---- records (what the store keeps) ----

/** A unit cost as a voucher fixed it when it was granted. */
export interface FixedUnitCost {
  serviceTypeCode: string;
  unitCostCents: number;
}

export interface VoucherRecord extends Voucher {
  /** 1 when granted, +1 whenever its representation changes (grant, validity, status, balance). */
  version: number;
  /**
   * The municipality's unit costs in effect when the voucher was granted, one per service type.
   * Why fixed: a service-voucher decision fixes the voucher's value (palvelusetelin arvo), so a
   * unit cost set later changes neither this voucher's orders nor its budget.
   */
  unitCosts: readonly FixedUnitCost[];
  statusReason: string | null;
  updatedAt: string;
}
export interface OrderRecord extends Order {
  /** 1 when ordered, +1 on every change (status, a delivery reported or corrected). */
  version: number;
  statusReason: string | null;
}
export interface DeliveryRecord extends Delivery {
  paymentId: string | null;
  correctedAt: string | null;
  correctionReason: string | null;
}
export type PaymentStatus = 'PENDING' | 'PAID';
export interface PaymentRecord extends Omit<Payment, 'month' | 'paidAt'> {
  status: PaymentStatus;
  createdAt: string;
  /** The calendar month of the deliveries, when they all fall in one. */
  month?: string;
  paidAt?: string;
}
export interface ProviderRecord {
  id: string;
  businessId: string;
  name: string;
  iban: string;
  updatedAt: string;
}

// ---- resources (what the API answers) ----

export interface UnitCostResource {
  municipalityCode: string;
  serviceTypeCode: string;
  unit: string;
  unitCostCents: number;
  validFrom: string;
  validTo: string | null;
}
export interface VoucherResource {
  id: string;
  clientId: string;
  planId: string;
  municipalityCode: string;
  status: Voucher['status'];
  statusReason: string | null;
  grantedCents: number;
  deliveredCents: number;
  committedCents: number;
  balanceCents: number;
  validFrom: string;
  validTo: string;
  unitCosts: readonly FixedUnitCost[];
  version: number;
  createdAt: string;
  updatedAt: string;
}
export interface OrderResource extends Omit<OrderRecord, 'quantity'> {
  quantity: string;
  deliveredQuantity: string;
  deliveredCents: number;
}
export interface DeliveryResource extends Omit<DeliveryRecord, 'quantity'> {
  quantity: string;
}
export type PaymentResource = PaymentRecord;
export type ProviderResource = ProviderRecord;

/**
 * Strong ETag of a representation. A versioned resource (orders, vouchers) is tagged with its
 * version, `"3"`, which If-Match compares against; anything else with a digest of what the
 * client receives.
 */
export function etagOf(resource: unknown): string {
  const version = (resource as { version?: unknown } | null)?.version;
  if (Number.isSafeInteger(version)) return `"${version}"`;
  return `"${createHash('sha1').update(JSON.stringify(resource)).digest('base64url').slice(0, 22)}"`;
}

export const orderOrdering: Ordering<OrderRecord> = { key: (o) => [o.updatedAt, o.id], directions: [-1, 1] };
export const voucherOrdering: Ordering<VoucherRecord> = { key: (v) => [v.createdAt, v.id], directions: [-1, 1] };
export const deliveryOrdering: Ordering<DeliveryRecord> = { key: (d) => [d.date, d.id], directions: [1, 1] };
export const paymentOrdering: Ordering<PaymentRecord> = { key: (p) => [p.createdAt, p.id], directions: [-1, 1] };
export const unitCostOrdering: Ordering<UnitCost> = { key: (u) => [u.municipalityCode, u.serviceTypeCode], directions: [1, 1] };
/** A unit cost's history as the API lists it: newest validFrom first. */
export const unitCostHistoryOrdering: Ordering<UnitCost> = { key: (u) => [u.validFrom], directions: [-1] };
/** A unit cost's history as the store keeps it: oldest first, so "in effect on" is the last that started. */
const byValidFrom: Ordering<UnitCost> = { key: (u) => [u.validFrom], directions: [1] };

function indexBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) push(map, key(item), item);
  return map;
}

function push<T>(map: Map<string, T[]>, key: string, item: T): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}

function pushSorted<T>(map: Map<string, T[]>, key: string, item: T, ordering: Ordering<T>): void {
  const list = map.get(key);
  if (list) insertSorted(list, item, ordering);
  else map.set(key, [item]);
}

const pairKey = (municipalityCode: string, serviceTypeCode: string) => `${municipalityCode}/${serviceTypeCode}`;
const serialOf = (id: string) => Number(id.replace(/\D/g, '')) || 0;
const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** The day before a date, "2027-01-01" → "2026-12-31". */
function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** One formatter for every call: making one costs more than formatting (60 000 vouchers at the national scale). */
const FINNISH_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar day in Finland of an instant: what "in effect at the grant" is judged by. */
function finnishDay(instant: string): string {
  return FINNISH_DAY.format(new Date(instant));
}

/** deliveryOrdering's order, compared in place. */
const byDateThenId = (a: DeliveryRecord, b: DeliveryRecord) =>
  a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/**
 * Deliveries in deliveryOrdering's order (date, then id). Why by day: the seed's are in id
 * order, and a stable split by their few hundred days keeps it within each day — the national
 * 1.3 million in one pass instead of a sort's twenty comparisons each.
 */
function byDate(deliveries: readonly DeliveryRecord[]): DeliveryRecord[] {
  if (!deliveries.every((d, i) => i === 0 || deliveries[i - 1]!.id < d.id)) return [...deliveries].sort(byDateThenId);
  const days = new Map<string, DeliveryRecord[]>();
  for (const d of deliveries) push(days, d.date, d);
  return [...days.keys()].sort().flatMap((day) => days.get(day)!);
}

/** The day after a month ends, when the monthly payment run of the seed made its payments. */
function runAfter(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return `${m === 12 ? y + 1 : y}-${pad(m === 12 ? 1 : m + 1, 2)}-01T06:00:00Z`;
}

/**
 * Records by id where ids are a prefix and a serial (`de-0000042`): an array slot per serial,
 * a Map for any other id. Why: a Map of the national 1.3 million deliveries' ids costs seconds
 * of hashing and garbage collection at start; an array of them, milliseconds.
 */
class BySerial<T extends { id: string }> {
  private readonly slots: (T | undefined)[] = [];
  private readonly others = new Map<string, T>();
  constructor(private readonly prefix: string) {}
  private serial(id: string): number {
    if (!id.startsWith(this.prefix)) return -1;
    const digits = id.slice(this.prefix.length);
    return /^\d{1,9}$/.test(digits) ? Number(digits) : -1;
  }
  get(id: string): T | undefined {
    const n = this.serial(id);
    if (n < 0) return this.others.get(id);
    const found = this.slots[n];
    return found?.id === id ? found : this.others.get(id);
  }
  set(id: string, record: T): void {
    const n = this.serial(id);
    // A slot holds the id it was made from ("de-42" and "de-0000042" share a serial, not a slot).
    if (n >= 0 && (this.slots[n] === undefined || this.slots[n]!.id === id)) this.slots[n] = record;
    else this.others.set(id, record);
  }
}

export interface OrderFilter {
  ids?: string[];
  clientIds?: string[];
  planIds?: string[];
  plannedServiceIds?: string[];
  providerIds?: string[];
  statuses?: string[];
  updatedSince?: string;
}

/** What a voucher holds: delivered amounts and the open orders' commitment. */
export interface VoucherFigures {
  deliveredCents: number;
  committedCents: number;
}

export class VoucherStore {
  /**
   * Every unit cost a municipality has had or has scheduled, per `municipality/serviceType`,
   * by validFrom ascending: an entry holds from its validFrom to the day before the next one's.
   */
  private readonly unitCostHistory = new Map<string, UnitCost[]>();
  /** One entry per municipality × service type with a history, in the list order (municipality, service type). */
  private readonly unitCostPairs: UnitCost[];
  private readonly municipalities: Set<string>;
  private readonly serviceTypes: Set<string>;

  private readonly vouchers = new Map<string, VoucherRecord>();
  private readonly vouchersSorted: VoucherRecord[];
  private readonly vouchersByClient: Map<string, VoucherRecord[]>;
  private readonly vouchersByPlan: Map<string, VoucherRecord[]>;
  private voucherSerial = 0;

  private readonly orders = new Map<string, OrderRecord>();
  private ordersSorted: OrderRecord[];
  private ordersDirty = false;
  private readonly ordersByClient: Map<string, OrderRecord[]>;
  private readonly ordersByPlan: Map<string, OrderRecord[]>;
  private readonly ordersByPlannedService: Map<string, OrderRecord[]>;
  private readonly ordersByProvider: Map<string, OrderRecord[]>;
  private readonly ordersByVoucher: Map<string, OrderRecord[]>;
  private orderSerial: number;

  private readonly deliveries = new BySerial<DeliveryRecord>('de-');
  /** Every delivery, in the order they were recorded. */
  private readonly allDeliveries: DeliveryRecord[];
  /** allDeliveries by date, then id, made at the first report (reports only read it). */
  private byDateCache: DeliveryRecord[] | null = null;
  private readonly deliveriesByOrder: Map<string, DeliveryRecord[]>;
  /** Delivered hundredths and cents per order. */
  private readonly delivered = new Map<string, { quantity: number; cents: number }>();
  /** Deliveries not in a payment yet: what a settlement pays. */
  private readonly unsettled = new Set<DeliveryRecord>();
  private deliverySerial: number;

  private readonly payments = new Map<string, PaymentRecord>();
  private readonly paymentsSorted: PaymentRecord[];
  private readonly paymentsByProvider: Map<string, PaymentRecord[]>;
  private paymentSerial: number;

  private readonly providers = new Map<string, ProviderRecord>();

  /** What changed, in order (GET /changes): the seed's orders and deliveries, then every change since. */
  readonly changes: ChangeLog;

  constructor(world: World) {
    this.changes = new ChangeLog(world.orders, world.deliveries);
    for (const u of sortBy([...world.unitCosts], byValidFrom))
      push(this.unitCostHistory, pairKey(u.municipalityCode, u.serviceTypeCode), { ...u });
    this.unitCostPairs = sortBy(
      [...this.unitCostHistory.values()].map((h) => h[0]),
      unitCostOrdering,
    );
    this.municipalities = new Set(world.unitCosts.map((u) => u.municipalityCode));
    this.serviceTypes = new Set(world.unitCosts.map((u) => u.serviceTypeCode));

    // The seed's vouchers were granted with the seed's unit costs: those in effect on their day,
    // or the earliest ones for a voucher granted before the history starts. One shared array per
    // municipality and day, so the national scale's 60 000 vouchers do not each hold a copy.
    const fixedOf = new Map<string, readonly FixedUnitCost[]>();
    const seededFixed = (municipalityCode: string, createdAt: string): readonly FixedUnitCost[] => {
      const day = finnishDay(createdAt);
      const slot = `${municipalityCode}@${day}`;
      let fixed = fixedOf.get(slot);
      if (!fixed) fixedOf.set(slot, (fixed = Object.freeze(this.unitCostsInEffect(municipalityCode, day, true))));
      return fixed;
    };
    const vouchers: VoucherRecord[] = world.vouchers.map((v) => ({
      ...v,
      version: 1,
      statusReason: null,
      updatedAt: v.createdAt,
      unitCosts: seededFixed(v.municipalityCode, v.createdAt),
    }));
    for (const v of vouchers) this.vouchers.set(v.id, v);
    this.vouchersSorted = sortBy([...vouchers], voucherOrdering);
    this.vouchersByClient = indexBy(this.vouchersSorted, (v) => v.clientId);
    this.vouchersByPlan = indexBy(this.vouchersSorted, (v) => v.planId);

    const orders: OrderRecord[] = world.orders.map((o) => ({ ...o, version: 1, statusReason: null }));
    for (const o of orders) this.orders.set(o.id, o);
    this.ordersSorted = sortBy([...orders], orderOrdering);
    this.ordersByClient = indexBy(orders, (o) => o.clientId);
    this.ordersByPlan = indexBy(orders, (o) => o.planId);
    this.ordersByPlannedService = indexBy(orders, (o) => o.plannedServiceId);
    this.ordersByProvider = indexBy(orders, (o) => o.providerId);
    this.ordersByVoucher = indexBy(orders, (o) => o.voucherId);
    this.orderSerial = orders.reduce((max, o) => Math.max(max, serialOf(o.id)), 0);

    // Fields written out, not spread: a literal of known shape is several times cheaper, 1.3 million times.
    const deliveries: DeliveryRecord[] = world.deliveries.map((d) => ({
      id: d.id,
      orderId: d.orderId,
      date: d.date,
      quantity: d.quantity,
      amountCents: d.amountCents,
      reportedAt: d.reportedAt,
      paymentId: null,
      correctedAt: null,
      correctionReason: null,
    }));
    for (const d of deliveries) {
      this.deliveries.set(d.id, d);
      this.addDelivered(d.orderId, d.quantity, d.amountCents);
    }
    for (const p of world.payments) for (const id of p.deliveryIds) this.deliveries.get(id)!.paymentId = p.id;
    for (const d of deliveries) if (!d.paymentId) this.unsettled.add(d);
    this.allDeliveries = deliveries;
    // Each order's deliveries by date: the seed's mostly are already.
    this.deliveriesByOrder = indexBy(deliveries, (d) => d.orderId);
    for (const list of this.deliveriesByOrder.values())
      if (!list.every((d, i) => i === 0 || byDateThenId(list[i - 1]!, d) < 0)) list.sort(byDateThenId);
    this.deliverySerial = deliveries.reduce((max, d) => Math.max(max, serialOf(d.id)), 0);

    // Seeded payments were made by monthly runs (none later than the world's day) and have been paid.
    const asOf = `${world.asOf}T06:00:00Z`;
    const payments: PaymentRecord[] = world.payments.map((p) => {
      const run = runAfter(p.month);
      return { ...p, status: 'PAID', createdAt: run < asOf ? run : asOf };
    });
    for (const p of payments) this.payments.set(p.id, p);
    this.paymentsSorted = sortBy([...payments], paymentOrdering);
    this.paymentsByProvider = indexBy(this.paymentsSorted, (p) => p.providerId);
    this.paymentSerial = payments.reduce((max, p) => Math.max(max, serialOf(p.id)), 0);

    // The system pays providers, so it keeps their accounts; the seed's providers are registered.
    for (const p of world.providers) this.providers.set(p.id, providerRecord(p));
  }

  // ---- unit costs ----

  /** The unit cost of a municipality and service type in effect on `date` (YYYY-MM-DD), if any. */
  unitCostOn(municipalityCode: string, serviceTypeCode: string, date: string): UnitCost | undefined {
    const history = this.unitCostHistory.get(pairKey(municipalityCode, serviceTypeCode)) ?? [];
    let found: UnitCost | undefined;
    for (const entry of history) {
      if (entry.validFrom > date) break;
      found = entry;
    }
    return found;
  }

  /** A municipality this system serves (it has unit costs there). */
  knowsMunicipality(code: string): boolean {
    return this.municipalities.has(code);
  }

  /** A service type this system prices (some municipality has a unit cost for it). */
  knowsServiceType(code: string): boolean {
    return this.serviceTypes.has(code);
  }

  /** The unit costs in effect on `validOn` of the given municipalities × service types (empty: every one), by municipality then service type. */
  findUnitCosts(municipalities: string[], serviceTypes: string[], validOn: string): UnitCost[] {
    return this.unitCostPairs
      .filter(
        (p) =>
          (!municipalities.length || municipalities.includes(p.municipalityCode)) &&
          (!serviceTypes.length || serviceTypes.includes(p.serviceTypeCode)),
      )
      .map((p) => this.unitCostOn(p.municipalityCode, p.serviceTypeCode, validOn))
      .filter((u): u is UnitCost => !!u);
  }

  /** Every entry of a unit cost's history, past, current and scheduled, newest validFrom first. */
  unitCostHistoryOf(municipalityCode: string, serviceTypeCode: string): UnitCost[] {
    return [...(this.unitCostHistory.get(pairKey(municipalityCode, serviceTypeCode)) ?? [])].reverse();
  }

  /** The entry of a unit cost's history that starts on `validFrom`, if any. */
  unitCostEntry(municipalityCode: string, serviceTypeCode: string, validFrom: string): UnitCost | undefined {
    return this.unitCostHistory.get(pairKey(municipalityCode, serviceTypeCode))?.find((u) => u.validFrom === validFrom);
  }

  /**
   * Sets the unit cost from `validFrom` on: a new entry of the history, or the entry that starts
   * that day replaced. True when the entry is new. (The write module checks the date is not past.)
   */
  setUnitCost(entry: UnitCost): boolean {
    const key = pairKey(entry.municipalityCode, entry.serviceTypeCode);
    const history = this.unitCostHistory.get(key);
    const existing = history?.find((u) => u.validFrom === entry.validFrom);
    if (existing) {
      existing.cents = entry.cents;
      return false;
    }
    if (history) insertSorted(history, { ...entry }, byValidFrom);
    else {
      const created = { ...entry };
      this.unitCostHistory.set(key, [created]);
      insertSorted(this.unitCostPairs, created, unitCostOrdering);
    }
    return true;
  }

  /**
   * What a voucher granted on `date` fixes: every service type's unit cost in effect that day in
   * the municipality, by service type. `orEarliest` (the seed only) takes a history's first
   * entry for a day before it starts.
   */
  unitCostsInEffect(municipalityCode: string, date: string, orEarliest = false): FixedUnitCost[] {
    const fixed: FixedUnitCost[] = [];
    for (const p of this.unitCostPairs) {
      if (p.municipalityCode !== municipalityCode) continue;
      const entry =
        this.unitCostOn(p.municipalityCode, p.serviceTypeCode, date) ??
        (orEarliest ? this.unitCostHistory.get(pairKey(p.municipalityCode, p.serviceTypeCode))![0] : undefined);
      if (entry) fixed.push({ serviceTypeCode: entry.serviceTypeCode, unitCostCents: entry.cents });
    }
    return fixed;
  }

  /** An entry as the API answers it: `validTo` is the day before the next entry starts (null for the last). */
  unitCostResource(u: UnitCost): UnitCostResource {
    const history = this.unitCostHistory.get(pairKey(u.municipalityCode, u.serviceTypeCode)) ?? [];
    const next = history.find((x) => x.validFrom > u.validFrom);
    return {
      municipalityCode: u.municipalityCode,
      serviceTypeCode: u.serviceTypeCode,
      unit: serviceTypeByCode.get(u.serviceTypeCode)?.unit ?? 'HOUR',
      unitCostCents: u.cents,
      validFrom: u.validFrom,
      validTo: next ? dayBefore(next.validFrom) : null,
    };
  }

  // ---- vouchers ----
  voucher(id: string): VoucherRecord | undefined {
    return this.vouchers.get(id);
  }

  vouchersOfPlan(planId: string): VoucherRecord[] {
    return this.vouchersByPlan.get(planId) ?? [];
  }

  findVouchers(f: { ids: string[]; clientIds: string[]; planIds: string[]; statuses: string[] }): VoucherRecord[] {
    const candidates: VoucherRecord[][] = [];
    if (f.ids.length) candidates.push(f.ids.map((id) => this.vouchers.get(id)).filter((v): v is VoucherRecord => !!v));
    if (f.clientIds.length) candidates.push(f.clientIds.flatMap((id) => this.vouchersByClient.get(id) ?? []));
    if (f.planIds.length) candidates.push(f.planIds.flatMap((id) => this.vouchersByPlan.get(id) ?? []));
    const base = candidates.length ? candidates.reduce((a, b) => (a.length <= b.length ? a : b)) : this.vouchersSorted;
    const matches = base.filter(
      (v) =>
        (!f.ids.length || f.ids.includes(v.id)) &&
        (!f.clientIds.length || f.clientIds.includes(v.clientId)) &&
        (!f.planIds.length || f.planIds.includes(v.planId)) &&
        (!f.statuses.length || f.statuses.includes(v.status)),
    );
    return candidates.length ? sortBy(matches, voucherOrdering) : matches;
  }

  /** Delivered and committed of a voucher, from its orders' running totals. */
  voucherFigures(v: Pick<Voucher, 'id'>): VoucherFigures {
    let deliveredCents = 0;
    let committedCents = 0;
    for (const o of this.ordersByVoucher.get(v.id) ?? []) {
      const done = this.deliveredOf(o.id);
      deliveredCents += done.cents;
      committedCents += openCommitmentCents(o, done.quantity);
    }
    return { deliveredCents, committedCents };
  }

  voucherResource(v: VoucherRecord): VoucherResource {
    const { deliveredCents, committedCents } = this.voucherFigures(v);
    return {
      id: v.id,
      clientId: v.clientId,
      planId: v.planId,
      municipalityCode: v.municipalityCode,
      status: v.status,
      statusReason: v.statusReason,
      grantedCents: v.grantedCents,
      deliveredCents,
      committedCents,
      balanceCents: v.grantedCents - deliveredCents - committedCents,
      validFrom: v.validFrom,
      validTo: v.validTo,
      unitCosts: v.unitCosts,
      version: v.version,
      createdAt: v.createdAt,
      updatedAt: v.updatedAt,
    };
  }

  /** Adds a newly granted voucher to every index. */
  addVoucher(fields: Omit<VoucherRecord, 'id' | 'version' | 'statusReason' | 'updatedAt'>): VoucherRecord {
    const voucher: VoucherRecord = {
      id: `vo-${pad(++this.voucherSerial, 6)}`,
      ...fields,
      version: 1,
      statusReason: null,
      updatedAt: fields.createdAt,
    };
    this.vouchers.set(voucher.id, voucher);
    insertSorted(this.vouchersSorted, voucher, voucherOrdering);
    pushSorted(this.vouchersByClient, voucher.clientId, voucher, voucherOrdering);
    pushSorted(this.vouchersByPlan, voucher.planId, voucher, voucherOrdering);
    return voucher;
  }

  /** Marks a voucher changed: a new version. */
  touchVoucher(voucher: VoucherRecord, updatedAt: string): void {
    voucher.version++;
    voucher.updatedAt = updatedAt;
  }

  /** A new version when the voucher's figures moved since `before` (its balance is part of it). */
  touchVoucherIfMoved(voucherId: string, before: VoucherFigures, updatedAt: string): void {
    const voucher = this.vouchers.get(voucherId);
    if (!voucher) return;
    const after = this.voucherFigures(voucher);
    if (after.deliveredCents !== before.deliveredCents || after.committedCents !== before.committedCents)
      this.touchVoucher(voucher, updatedAt);
  }

  // ---- orders ----
  order(id: string): OrderRecord | undefined {
    return this.orders.get(id);
  }

  private sortedOrders(): OrderRecord[] {
    if (this.ordersDirty) {
      sortBy(this.ordersSorted, orderOrdering);
      this.ordersDirty = false;
    }
    return this.ordersSorted;
  }

  /** Orders matching every given filter, by updatedAt desc then id; the narrowest index serves. */
  findOrders(f: OrderFilter): OrderRecord[] {
    const lookups: [string[] | undefined, (id: string) => OrderRecord[]][] = [
      [f.ids, (id) => (this.orders.has(id) ? [this.orders.get(id)!] : [])],
      [f.clientIds, (id) => this.ordersByClient.get(id) ?? []],
      [f.planIds, (id) => this.ordersByPlan.get(id) ?? []],
      [f.plannedServiceIds, (id) => this.ordersByPlannedService.get(id) ?? []],
      [f.providerIds, (id) => this.ordersByProvider.get(id) ?? []],
    ];
    const candidates = lookups.filter(([keys]) => keys?.length).map(([keys, get]) => [...new Set(keys!.flatMap(get))]);
    let base: OrderRecord[];
    if (candidates.length) base = candidates.reduce((a, b) => (a.length <= b.length ? a : b));
    else {
      base = this.sortedOrders();
      if (f.updatedSince) {
        // Sorted by updatedAt descending: the orders updated since are a prefix.
        const since = new Date(f.updatedSince).toISOString();
        let [lo, hi] = [0, base.length];
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (isoAtLeast(base[mid].updatedAt, since)) lo = mid + 1;
          else hi = mid;
        }
        base = base.slice(0, lo);
      }
    }
    const since = f.updatedSince ? new Date(f.updatedSince).toISOString() : null;
    const matches = base.filter(
      (o) =>
        (!f.ids?.length || f.ids.includes(o.id)) &&
        (!f.clientIds?.length || f.clientIds.includes(o.clientId)) &&
        (!f.planIds?.length || f.planIds.includes(o.planId)) &&
        (!f.plannedServiceIds?.length || f.plannedServiceIds.includes(o.plannedServiceId)) &&
        (!f.providerIds?.length || f.providerIds.includes(o.providerId)) &&
        (!f.statuses?.length || f.statuses.includes(o.status)) &&
        (!since || isoAtLeast(o.updatedAt, since)),
    );
    return candidates.length ? sortBy(matches, orderOrdering) : matches;
  }

  orderResource(o: OrderRecord): OrderResource {
    const done = this.deliveredOf(o.id);
    return {
      ...o,
      quantity: quantityToDecimal(o.quantity),
      deliveredQuantity: quantityToDecimal(done.quantity),
      deliveredCents: done.cents,
    };
  }

  ordersOfVoucher(voucherId: string): OrderRecord[] {
    return this.ordersByVoucher.get(voucherId) ?? [];
  }

  deliveredOf(orderId: string): { quantity: number; cents: number } {
    return this.delivered.get(orderId) ?? { quantity: 0, cents: 0 };
  }

  private addDelivered(orderId: string, hundredths: number, cents: number): void {
    const sum = this.delivered.get(orderId) ?? { quantity: 0, cents: 0 };
    sum.quantity += hundredths;
    sum.cents += cents;
    this.delivered.set(orderId, sum);
  }

  /** Adds a new order to every index. */
  addOrder(fields: Omit<OrderRecord, 'id' | 'version' | 'statusReason'>): OrderRecord {
    const order: OrderRecord = { id: `or-${pad(++this.orderSerial, 6)}`, ...fields, version: 1, statusReason: null };
    this.orders.set(order.id, order);
    this.ordersSorted.push(order);
    this.ordersDirty = true;
    push(this.ordersByClient, order.clientId, order);
    push(this.ordersByPlan, order.planId, order);
    push(this.ordersByPlannedService, order.plannedServiceId, order);
    push(this.ordersByProvider, order.providerId, order);
    push(this.ordersByVoucher, order.voucherId, order);
    this.changes.record(orderCreated(order));
    return order;
  }

  /** Marks an order changed: a new version, and its place in the updatedAt order moves. */
  touchOrder(order: OrderRecord, updatedAt: string): void {
    order.version++;
    order.updatedAt = updatedAt;
    this.ordersDirty = true;
  }

  // ---- deliveries ----
  /**
   * Every delivery by date, then id: reports take a date range of it by binary search. Why made
   * on first use: only reports read it, and sorting the national 1.3 million holds up the start.
   */
  get deliveriesByDate(): DeliveryRecord[] {
    return (this.byDateCache ??= byDate(this.allDeliveries));
  }

  delivery(id: string): DeliveryRecord | undefined {
    return this.deliveries.get(id);
  }

  findDeliveries(f: { ids: string[]; orderIds: string[] }): DeliveryRecord[] {
    const candidates: DeliveryRecord[][] = [];
    if (f.ids.length) candidates.push(f.ids.map((id) => this.deliveries.get(id)).filter((d): d is DeliveryRecord => !!d));
    if (f.orderIds.length) candidates.push(f.orderIds.flatMap((id) => this.deliveriesByOrder.get(id) ?? []));
    const base = candidates.length ? candidates.reduce((a, b) => (a.length <= b.length ? a : b)) : this.deliveriesByDate;
    const matches = base.filter((d) => (!f.ids.length || f.ids.includes(d.id)) && (!f.orderIds.length || f.orderIds.includes(d.orderId)));
    return candidates.length ? sortBy(matches, deliveryOrdering) : matches;
  }

  /** The latest date delivered against any order of a voucher, if any. */
  lastDeliveryDate(voucherId: string): string | null {
    let last: string | null = null;
    for (const o of this.ordersOfVoucher(voucherId)) {
      for (const d of this.deliveriesByOrder.get(o.id) ?? []) if (d.quantity > 0 && (!last || d.date > last)) last = d.date;
    }
    return last;
  }

  static deliveryResource(d: DeliveryRecord): DeliveryResource {
    return { ...d, quantity: quantityToDecimal(d.quantity) };
  }

  /** Adds a reported delivery: to the date order, its order's list and totals, and the unsettled. */
  addDelivery(fields: Omit<DeliveryRecord, 'id' | 'paymentId' | 'correctedAt' | 'correctionReason'>): DeliveryRecord {
    const delivery: DeliveryRecord = {
      id: `de-${pad(++this.deliverySerial, 7)}`,
      ...fields,
      paymentId: null,
      correctedAt: null,
      correctionReason: null,
    };
    this.deliveries.set(delivery.id, delivery);
    this.allDeliveries.push(delivery);
    if (this.byDateCache) insertSorted(this.byDateCache, delivery, deliveryOrdering);
    pushSorted(this.deliveriesByOrder, delivery.orderId, delivery, deliveryOrdering);
    this.addDelivered(delivery.orderId, delivery.quantity, delivery.amountCents);
    this.unsettled.add(delivery);
    this.changes.record(deliveryChange('delivery-reported', delivery));
    return delivery;
  }

  /** Sets a delivery's quantity and amount, keeping its order's totals. */
  correctDelivery(delivery: DeliveryRecord, hundredths: number, amountCents: number, reason: string, at: string): void {
    this.addDelivered(delivery.orderId, hundredths - delivery.quantity, amountCents - delivery.amountCents);
    const previous = { quantity: delivery.quantity, amountCents: delivery.amountCents };
    delivery.quantity = hundredths;
    delivery.amountCents = amountCents;
    delivery.correctedAt = at;
    delivery.correctionReason = reason;
    this.changes.record(deliveryChange('delivery-corrected', delivery, previous));
  }

  /** Unsettled deliveries with something to pay (voided ones are not paid), by date then id. */
  unsettledDeliveries(through: string): DeliveryRecord[] {
    return sortBy(
      [...this.unsettled].filter((d) => d.date <= through && d.quantity > 0),
      deliveryOrdering,
    );
  }

  // ---- payments ----
  payment(id: string): PaymentRecord | undefined {
    return this.payments.get(id);
  }

  findPayments(f: { ids: string[]; providerIds: string[]; months: string[] }): PaymentRecord[] {
    let base: PaymentRecord[];
    if (f.ids.length)
      base = sortBy(
        f.ids.map((id) => this.payments.get(id)).filter((p): p is PaymentRecord => !!p),
        paymentOrdering,
      );
    else if (f.providerIds.length)
      base = sortBy(
        f.providerIds.flatMap((id) => this.paymentsByProvider.get(id) ?? []),
        paymentOrdering,
      );
    else base = this.paymentsSorted;
    return base.filter(
      (p) =>
        (!f.ids.length || f.ids.includes(p.id)) &&
        (!f.providerIds.length || f.providerIds.includes(p.providerId)) &&
        (!f.months.length || (p.month !== undefined && f.months.includes(p.month))),
    );
  }

  /** The next payment's serial: its id and its reference number are made from it. */
  nextPaymentSerial(): number {
    return this.paymentSerial + 1;
  }

  /** Records a payment and marks its deliveries settled. */
  addPayment(payment: PaymentRecord, deliveries: DeliveryRecord[]): void {
    this.paymentSerial = Math.max(this.paymentSerial, serialOf(payment.id));
    this.payments.set(payment.id, payment);
    insertSorted(this.paymentsSorted, payment, paymentOrdering);
    pushSorted(this.paymentsByProvider, payment.providerId, payment, paymentOrdering);
    for (const d of deliveries) {
      d.paymentId = payment.id;
      this.unsettled.delete(d);
    }
  }

  // ---- providers (the payee register) ----
  provider(id: string): ProviderRecord | undefined {
    return this.providers.get(id);
  }

  putProvider(record: ProviderRecord): void {
    this.providers.set(record.id, record);
  }
}

function providerRecord(p: Provider): ProviderRecord {
  return { id: p.id, businessId: p.businessId, name: p.name, iban: p.iban, updatedAt: p.approvedAt ?? p.appliedAt };
}

/** What an open order still holds of the voucher: (ordered − delivered) × voucher value, rounded half up. */
export function openCommitmentCents(o: Pick<Order, 'status' | 'quantity' | 'voucherValueCents'>, deliveredHundredths: number): number {
  if (o.status !== 'REQUESTED' && o.status !== 'ACCEPTED') return 0;
  const open = Math.max(0, o.quantity - deliveredHundredths);
  return chargeCents(open, o.voucherValueCents);
}

/** ISO instants compare as instants, whatever their fractional digits. */
function isoAtLeast(value: string, since: string): boolean {
  return Date.parse(value) >= Date.parse(since);
}
