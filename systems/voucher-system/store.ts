/**
 * The voucher system's data, in memory, with the indexes its API reads by: every batch read
 * (`id=`, `clientId=`, `planId=`, `plannedServiceId=`, `providerId=`, `orderId=`) is a map
 * lookup, deliveries are kept in date order for reports, and the delivered totals of every order
 * are kept up to date, so no request scans the ~1M deliveries of the national scale.
 *
 * Why copies of the world's orders: writes change orders, and the world is shared by every
 * stand-in in the process (tests start several).
 */
import { createHash } from 'node:crypto';
import { centsToDecimal } from '../../lib/money.js';
import { serviceTypeByCode } from '../../lib/reference.js';
import type { Delivery, Order, Payment, UnitCost, Voucher, World } from '../../seed/world.js';
import { sortBy, type Ordering } from './paging.js';

/** Quantities travel as decimal strings: 1250 hundredths → "12.5". */
export function quantityToDecimal(hundredths: number): string {
  return centsToDecimal(hundredths).replace(/\.00$/, '').replace(/(\.\d)0$/, '$1');
}

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
  grantedCents: number;
  deliveredCents: number;
  committedCents: number;
  balanceCents: number;
  validFrom: string;
  validTo: string;
  createdAt: string;
}
export interface OrderResource extends Omit<Order, 'quantity'> {
  quantity: string;
  deliveredQuantity: string;
  deliveredCents: number;
}
export interface DeliveryResource extends Omit<Delivery, 'quantity'> {
  quantity: string;
}
export type PaymentResource = Payment;

/** Strong ETag of a representation: a digest of what the client receives. */
export function etagOf(resource: unknown): string {
  return `"${createHash('sha1').update(JSON.stringify(resource)).digest('base64url').slice(0, 22)}"`;
}

export const orderOrdering: Ordering<Order> = { key: (o) => [o.updatedAt, o.id], directions: [-1, 1] };
export const voucherOrdering: Ordering<Voucher> = { key: (v) => [v.createdAt, v.id], directions: [-1, 1] };
export const deliveryOrdering: Ordering<Delivery> = { key: (d) => [d.date, d.id], directions: [1, 1] };
export const paymentOrdering: Ordering<Payment> = { key: (p) => [p.month, p.id], directions: [-1, 1] };
export const unitCostOrdering: Ordering<UnitCost> = { key: (u) => [u.municipalityCode, u.serviceTypeCode], directions: [1, 1] };

function indexBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

function push<T>(map: Map<string, T[]>, key: string, item: T): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
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

export class VoucherStore {
  readonly unitCosts: UnitCost[];
  private readonly unitCostByKey: Map<string, UnitCost>;

  private readonly vouchers = new Map<string, Voucher>();
  private readonly vouchersSorted: Voucher[];
  private readonly vouchersByClient: Map<string, Voucher[]>;
  private readonly vouchersByPlan: Map<string, Voucher[]>;

  private readonly orders = new Map<string, Order>();
  private ordersSorted: Order[];
  private ordersDirty = false;
  private readonly ordersByClient: Map<string, Order[]>;
  private readonly ordersByPlan: Map<string, Order[]>;
  private readonly ordersByPlannedService: Map<string, Order[]>;
  private readonly ordersByProvider: Map<string, Order[]>;
  private readonly ordersByVoucher: Map<string, Order[]>;
  private orderSerial: number;

  private readonly deliveries = new Map<string, Delivery>();
  /** Every delivery by date, then id: reports take a date range of it by binary search. */
  readonly deliveriesByDate: Delivery[];
  private readonly deliveriesByOrder: Map<string, Delivery[]>;
  /** Delivered hundredths and cents per order. */
  private readonly delivered = new Map<string, { quantity: number; cents: number }>();

  private readonly paymentsSorted: Payment[];
  private readonly paymentsByProvider: Map<string, Payment[]>;

  constructor(world: World) {
    this.unitCosts = sortBy([...world.unitCosts], unitCostOrdering);
    this.unitCostByKey = new Map(this.unitCosts.map((u) => [`${u.municipalityCode}/${u.serviceTypeCode}`, u]));

    for (const v of world.vouchers) this.vouchers.set(v.id, v);
    this.vouchersSorted = sortBy([...world.vouchers], voucherOrdering);
    this.vouchersByClient = indexBy(this.vouchersSorted, (v) => v.clientId);
    this.vouchersByPlan = indexBy(this.vouchersSorted, (v) => v.planId);

    const orders = world.orders.map((o) => ({ ...o }));
    for (const o of orders) this.orders.set(o.id, o);
    this.ordersSorted = sortBy([...orders], orderOrdering);
    this.ordersByClient = indexBy(orders, (o) => o.clientId);
    this.ordersByPlan = indexBy(orders, (o) => o.planId);
    this.ordersByPlannedService = indexBy(orders, (o) => o.plannedServiceId);
    this.ordersByProvider = indexBy(orders, (o) => o.providerId);
    this.ordersByVoucher = indexBy(orders, (o) => o.voucherId);
    this.orderSerial = orders.reduce((max, o) => Math.max(max, Number(o.id.replace(/\D/g, '')) || 0), 0);

    for (const d of world.deliveries) {
      this.deliveries.set(d.id, d);
      const sum = this.delivered.get(d.orderId) ?? { quantity: 0, cents: 0 };
      sum.quantity += d.quantity;
      sum.cents += d.amountCents;
      this.delivered.set(d.orderId, sum);
    }
    this.deliveriesByDate = sortBy([...world.deliveries], deliveryOrdering);
    this.deliveriesByOrder = indexBy(this.deliveriesByDate, (d) => d.orderId);

    this.paymentsSorted = sortBy([...world.payments], paymentOrdering);
    this.paymentsByProvider = indexBy(this.paymentsSorted, (p) => p.providerId);
  }

  // ---- unit costs ----
  unitCost(municipalityCode: string, serviceTypeCode: string): UnitCost | undefined {
    return this.unitCostByKey.get(`${municipalityCode}/${serviceTypeCode}`);
  }

  findUnitCosts(municipalities: string[], serviceTypes: string[]): UnitCost[] {
    if (municipalities.length && serviceTypes.length) {
      const out = municipalities.flatMap((m) => serviceTypes.map((s) => this.unitCost(m, s))).filter((u): u is UnitCost => !!u);
      return sortBy(out, unitCostOrdering);
    }
    return this.unitCosts.filter(
      (u) => (!municipalities.length || municipalities.includes(u.municipalityCode)) && (!serviceTypes.length || serviceTypes.includes(u.serviceTypeCode)),
    );
  }

  static unitCostResource(u: UnitCost): UnitCostResource {
    return {
      municipalityCode: u.municipalityCode,
      serviceTypeCode: u.serviceTypeCode,
      unit: serviceTypeByCode.get(u.serviceTypeCode)?.unit ?? 'HOUR',
      unitCostCents: u.cents,
      validFrom: u.validFrom,
      validTo: null,
    };
  }

  // ---- vouchers ----
  voucher(id: string): Voucher | undefined {
    return this.vouchers.get(id);
  }

  findVouchers(f: { ids: string[]; clientIds: string[]; planIds: string[]; statuses: string[] }): Voucher[] {
    const candidates: Voucher[][] = [];
    if (f.ids.length) candidates.push(f.ids.map((id) => this.vouchers.get(id)).filter((v): v is Voucher => !!v));
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

  voucherResource(v: Voucher): VoucherResource {
    let deliveredCents = 0;
    let committedCents = 0;
    for (const o of this.ordersByVoucher.get(v.id) ?? []) {
      const done = this.delivered.get(o.id) ?? { quantity: 0, cents: 0 };
      deliveredCents += done.cents;
      committedCents += openCommitmentCents(o, done.quantity);
    }
    return {
      id: v.id,
      clientId: v.clientId,
      planId: v.planId,
      municipalityCode: v.municipalityCode,
      status: v.status,
      grantedCents: v.grantedCents,
      deliveredCents,
      committedCents,
      balanceCents: v.grantedCents - deliveredCents - committedCents,
      validFrom: v.validFrom,
      validTo: v.validTo,
      createdAt: v.createdAt,
    };
  }

  // ---- orders ----
  order(id: string): Order | undefined {
    return this.orders.get(id);
  }

  private sortedOrders(): Order[] {
    if (this.ordersDirty) {
      sortBy(this.ordersSorted, orderOrdering);
      this.ordersDirty = false;
    }
    return this.ordersSorted;
  }

  /** Orders matching every given filter, by updatedAt desc then id; the narrowest index serves. */
  findOrders(f: OrderFilter): Order[] {
    const lookups: [string[] | undefined, (id: string) => Order[]][] = [
      [f.ids, (id) => (this.orders.has(id) ? [this.orders.get(id)!] : [])],
      [f.clientIds, (id) => this.ordersByClient.get(id) ?? []],
      [f.planIds, (id) => this.ordersByPlan.get(id) ?? []],
      [f.plannedServiceIds, (id) => this.ordersByPlannedService.get(id) ?? []],
      [f.providerIds, (id) => this.ordersByProvider.get(id) ?? []],
    ];
    const candidates = lookups.filter(([keys]) => keys?.length).map(([keys, get]) => [...new Set(keys!.flatMap(get))]);
    let base: Order[];
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

  orderResource(o: Order): OrderResource {
    const done = this.delivered.get(o.id) ?? { quantity: 0, cents: 0 };
    return { ...o, quantity: quantityToDecimal(o.quantity), deliveredQuantity: quantityToDecimal(done.quantity), deliveredCents: done.cents };
  }

  ordersOfVoucher(voucherId: string): Order[] {
    return this.ordersByVoucher.get(voucherId) ?? [];
  }

  deliveredOf(orderId: string): { quantity: number; cents: number } {
    return this.delivered.get(orderId) ?? { quantity: 0, cents: 0 };
  }

  /** Adds a new order to every index. */
  addOrder(fields: Omit<Order, 'id'>): Order {
    const order: Order = { id: `or-${String(++this.orderSerial).padStart(6, '0')}`, ...fields };
    this.orders.set(order.id, order);
    this.ordersSorted.push(order);
    this.ordersDirty = true;
    push(this.ordersByClient, order.clientId, order);
    push(this.ordersByPlan, order.planId, order);
    push(this.ordersByPlannedService, order.plannedServiceId, order);
    push(this.ordersByProvider, order.providerId, order);
    push(this.ordersByVoucher, order.voucherId, order);
    return order;
  }

  /** Marks an order changed; its place in the updatedAt order moves. */
  touchOrder(order: Order, updatedAt: string): void {
    order.updatedAt = updatedAt;
    this.ordersDirty = true;
  }

  // ---- deliveries ----
  findDeliveries(f: { ids: string[]; orderIds: string[] }): Delivery[] {
    const candidates: Delivery[][] = [];
    if (f.ids.length) candidates.push(f.ids.map((id) => this.deliveries.get(id)).filter((d): d is Delivery => !!d));
    if (f.orderIds.length) candidates.push(f.orderIds.flatMap((id) => this.deliveriesByOrder.get(id) ?? []));
    const base = candidates.length ? candidates.reduce((a, b) => (a.length <= b.length ? a : b)) : this.deliveriesByDate;
    const matches = base.filter((d) => (!f.ids.length || f.ids.includes(d.id)) && (!f.orderIds.length || f.orderIds.includes(d.orderId)));
    return candidates.length ? sortBy(matches, deliveryOrdering) : matches;
  }

  static deliveryResource(d: Delivery): DeliveryResource {
    return { ...d, quantity: quantityToDecimal(d.quantity) };
  }

  // ---- payments ----
  findPayments(f: { providerIds: string[]; months: string[] }): Payment[] {
    const base = f.providerIds.length ? sortBy(f.providerIds.flatMap((id) => this.paymentsByProvider.get(id) ?? []), paymentOrdering) : this.paymentsSorted;
    return f.months.length ? base.filter((p) => f.months.includes(p.month)) : base;
  }
}

/** What an open order still holds of the voucher: (ordered − delivered) × voucher value. */
export function openCommitmentCents(o: Pick<Order, 'status' | 'quantity' | 'voucherValueCents'>, deliveredHundredths: number): number {
  if (o.status !== 'REQUESTED' && o.status !== 'ACCEPTED') return 0;
  const open = Math.max(0, o.quantity - deliveredHundredths);
  return Math.round((open * o.voucherValueCents) / 100);
}

/** ISO instants compare as instants, whatever their fractional digits. */
function isoAtLeast(value: string, since: string): boolean {
  return Date.parse(value) >= Date.parse(since);
}
