/**
 * The voucher system's part of the world: each municipality's unit costs, a balance voucher per
 * approved plan (its budget: quantity × unit cost over the plan's validity), orders of planned
 * services from approved providers serving the client's municipality, their monthly deliveries,
 * and the monthly payments to providers.
 *
 * Fixture the tests rely on: pr-0001 has orders of the fixture clients (cl-00001, cl-00002)
 * assigned to it.
 */
import { budgetLineCents, validityDays } from '../lib/budget.js';
import { MUNICIPALITIES, SERVICE_TYPES } from '../lib/reference.js';
import { addDays, addMonths, at, pad } from './calendar.js';
import { referenceFor } from './identity.js';
import type { UnitCostIndex } from './providers.js';
import type { Random } from './random.js';
import type {
  Client,
  Delivery,
  Offering,
  Order,
  OrderStatus,
  Payment,
  Plan,
  PlannedService,
  Provider,
  UnitCost,
  Voucher,
} from './types.js';

/** What the municipality's own production costs, from the start of the year. */
export function makeUnitCosts(rnd: Random): UnitCost[] {
  const unitCosts: UnitCost[] = [];
  for (const mun of MUNICIPALITIES)
    for (const st of SERVICE_TYPES)
      unitCosts.push({
        municipalityCode: mun.code,
        serviceTypeCode: st.code,
        validFrom: '2026-01-01',
        cents: Math.round((st.typicalUnitCostCents * rnd.int(88, 114)) / 100 / 5) * 5,
      });
  return unitCosts;
}

export interface VoucherRecords {
  vouchers: Voucher[];
  orders: Order[];
  deliveries: Delivery[];
  /** A client's vouchers, orders and deliveries, for the plans just generated for them. */
  addClient(client: Client, plans: readonly Plan[], fixture: boolean): void;
}

export function voucherRecordsGenerator(
  rnd: Random,
  unitCost: UnitCostIndex,
  offeringsFor: (serviceTypeCode: string, municipalityCode: string) => readonly Offering[],
  asOf: string,
): VoucherRecords {
  const vouchers: Voucher[] = [];
  const orders: Order[] = [];
  const deliveries: Delivery[] = [];
  return {
    vouchers,
    orders,
    deliveries,
    addClient(client, plans, fixture) {
      const mun = client.municipalityCode;
      for (const plan of plans) {
        if (plan.status !== 'active' && plan.status !== 'completed') continue;
        const days = validityDays(plan.validFrom, plan.validTo);
        const granted = plan.services.reduce(
          (sum, ps) => sum + budgetLineCents(ps.quantity, ps.per, days, unitCost.get(`${mun}/${ps.serviceTypeCode}`)!),
          0,
        );
        const voucher: Voucher = {
          id: `vo-${plan.id.slice(3)}`,
          clientId: client.id,
          planId: plan.id,
          municipalityCode: mun,
          status: plan.status === 'active' ? 'ACTIVE' : 'EXPIRED',
          grantedCents: granted,
          validFrom: plan.validFrom,
          validTo: plan.validTo!,
          createdAt: plan.approvedAt!,
        };
        vouchers.push(voucher);
        for (const ps of plan.services) {
          const choices = offeringsFor(ps.serviceTypeCode, mun);
          // Most planned services get a provider; a few clients are still comparing.
          if (!choices.length || (!fixture && rnd.chance(0.15))) continue;
          const offering = fixture ? (choices.find((o) => o.providerId === 'pr-0001') ?? choices[0]) : rnd.pick(choices);
          makeOrder(rnd, {
            client,
            plan,
            ps,
            offering,
            voucher,
            unitCost: unitCost.get(`${mun}/${ps.serviceTypeCode}`)!,
            asOf,
            orders,
            deliveries,
          });
        }
      }
    },
  };
}

interface OrderInput {
  client: Client;
  plan: Plan;
  ps: PlannedService;
  offering: Offering;
  voucher: Voucher;
  unitCost: number;
  asOf: string;
  orders: Order[];
  deliveries: Delivery[];
}

/** An order covers the planned service for the plan's year; deliveries are reported monthly. */
function makeOrder(rnd: Random, { client, plan, ps, offering, voucher, unitCost, asOf, orders, deliveries }: OrderInput): void {
  // Rounded down to half units, so an order never exceeds what the budget plans for.
  const perMonth = Math.max(
    50,
    ps.per === 'WEEK'
      ? Math.floor((ps.quantity * 365) / 12 / 7 / 50) * 50
      : ps.per === 'YEAR'
        ? Math.floor(ps.quantity / 12 / 50) * 50
        : ps.quantity,
  );
  const quantity = perMonth * 12;
  const createdDay = addDays(plan.validFrom, rnd.int(0, 10));
  const endOfPlan = plan.validTo ?? addMonths(plan.validFrom, 12);
  const lastDay = [asOf, endOfPlan].sort()[0];
  const roll = rnd.next();
  let status: OrderStatus;
  if (plan.status === 'completed') status = 'COMPLETED';
  else if (roll < 0.08) status = 'REQUESTED';
  else if (roll < 0.11) status = 'DECLINED';
  else if (roll < 0.13) status = 'CANCELLED';
  else status = 'ACCEPTED';
  const order: Order = {
    id: `or-${pad(orders.length + 1, 6)}`,
    clientId: client.id,
    planId: plan.id,
    plannedServiceId: ps.id,
    providerId: offering.providerId,
    offeringId: offering.id,
    voucherId: voucher.id,
    municipalityCode: client.municipalityCode,
    serviceTypeCode: ps.serviceTypeCode,
    unit: ps.unit,
    quantity,
    unitPriceCents: offering.priceCents,
    voucherValueCents: unitCost,
    // Some orders were made against an earlier version of the plan.
    planVersion: String(rnd.chance(0.15) && plan.versionId > 1 ? plan.versionId - 1 : plan.versionId),
    status,
    createdAt: at(createdDay, rnd.int(8, 16)),
    updatedAt: at(createdDay, 17),
  };
  orders.push(order);
  if (status !== 'ACCEPTED' && status !== 'COMPLETED') {
    if (status !== 'REQUESTED') order.updatedAt = at(addDays(createdDay, rnd.int(1, 4)), 12);
    return;
  }
  // Monthly delivery reports, up to the ordered quantity and not beyond today.
  let delivered = 0;
  for (let month = 1; ; month++) {
    const date = addDays(addMonths(createdDay, month), -1);
    if (date > lastDay || delivered >= quantity) break;
    const q = Math.min(quantity - delivered, Math.round((perMonth * rnd.int(80, 100)) / 100 / 50) * 50 || 100);
    delivered += q;
    const reportedAt = at(addDays(date, 1), 8);
    deliveries.push({
      id: `de-${pad(deliveries.length + 1, 7)}`,
      orderId: order.id,
      date,
      quantity: q,
      amountCents: Math.round((q * order.voucherValueCents) / 100),
      reportedAt,
    });
    order.updatedAt = reportedAt;
  }
  if (delivered >= quantity) order.status = 'COMPLETED';
}

/** Monthly payments to each provider for the deliveries reported in that month. */
export function makePayments(
  rnd: Random,
  providers: readonly Provider[],
  orders: readonly Order[],
  deliveries: readonly Delivery[],
): Payment[] {
  const orderById = new Map(orders.map((o) => [o.id, o]));
  // Grouped by provider, then month: a key string per group, not per delivery (1.3 million nationally).
  const byProviderMonth = new Map<string, Map<string, Delivery[]>>();
  const monthOf = new Map<string, string>();
  // An order's deliveries come one after another: its provider's months are looked up once for them.
  let lastOrderId: string | undefined;
  let months = new Map<string, Delivery[]>();
  for (const d of deliveries) {
    if (d.orderId !== lastOrderId) {
      lastOrderId = d.orderId;
      const providerId = orderById.get(d.orderId)!.providerId;
      const found = byProviderMonth.get(providerId);
      if (found) months = found;
      else byProviderMonth.set(providerId, (months = new Map()));
    }
    let month = monthOf.get(d.date);
    if (month === undefined) monthOf.set(d.date, (month = d.date.slice(0, 7)));
    let list = months.get(month);
    if (!list) months.set(month, (list = []));
    list.push(d);
  }
  const groups: [string, Delivery[]][] = [];
  for (const [providerId, months] of byProviderMonth) for (const [month, list] of months) groups.push([`${providerId}/${month}`, list]);
  const byProvider = new Map(providers.map((p) => [p.id, p]));
  const payments: Payment[] = [];
  for (const [key, list] of groups.sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [providerId, month] = key.split('/');
    const base = `${month.replace('-', '')}${pad(payments.length + 1, 6)}`;
    payments.push({
      id: `pa-${pad(payments.length + 1, 6)}`,
      providerId,
      month,
      amountCents: list.reduce((s, d) => s + d.amountCents, 0),
      iban: byProvider.get(providerId)!.iban,
      reference: referenceFor(base),
      paidAt: at(addDays(addMonths(`${month}-01`, 1), 14 + rnd.int(0, 3)), 6),
      deliveryIds: list.map((d) => d.id),
    });
  }
  return payments;
}
