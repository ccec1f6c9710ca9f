/**
 * Orders: POST /orders (Idempotency-Key: a retry never orders twice) and PATCH /orders/{id}
 * (If-Match on the order's version: no lost update between a provider and a client acting at
 * once). An order's voucher value per unit is the unit cost its voucher fixed when granted.
 * An order commits (ordered − delivered) × voucher value of its voucher while REQUESTED
 * or ACCEPTED; the voucher must be ACTIVE, not expired, and its balance must cover the order.
 *
 * Why no `await` in the handlers: the balance check and the insert happen in one synchronous
 * step, so concurrent orders can never overdraw a voucher together.
 */
import type { Express, RequestHandler } from 'express';
import { serviceTypeByCode } from '../../lib/reference.js';
import type { OrderStatus } from '../../seed/world.js';
import { sendVersioned } from './api.js';
import { formats } from './params.js';
import { ProblemError, REFUSALS } from './problem.js';
import { etagOf, openCommitmentCents, type OrderRecord, type VoucherStore } from './store.js';
import { BodyReader, IdempotencyKeys, now, requireIfMatch, today } from './write-support.js';

/** Allowed status changes. COMPLETED also follows from deliveries reaching the ordered quantity. */
export const ORDER_TRANSITIONS: Record<OrderStatus, OrderStatus[]> = {
  REQUESTED: ['ACCEPTED', 'DECLINED', 'CANCELLED'],
  ACCEPTED: ['COMPLETED', 'CANCELLED'],
  DECLINED: [],
  COMPLETED: [],
  CANCELLED: [],
};
const TARGETS = ['ACCEPTED', 'DECLINED', 'COMPLETED', 'CANCELLED'] as const;
export const MAX_REASON = 500;

/** Changes an order's status (validated by the caller), with a new version. */
export function setOrderStatus(store: VoucherStore, order: OrderRecord, status: OrderStatus, reason: string | null, at: string): void {
  order.status = status;
  order.statusReason = reason;
  store.touchOrder(order, at);
}

export function orderRoutes(app: Express, store: VoucherStore, keys: IdempotencyKeys, json: RequestHandler): void {
  app.post('/orders', json, (req, res) => {
    const write = keys.begin(req, res, 'POST /orders');
    if (!write) return;
    const body = new BodyReader(req.body, [
      'voucherId',
      'plannedServiceId',
      'serviceTypeCode',
      'providerId',
      'offeringId',
      'quantity',
      'unitPriceCents',
      'planVersion',
    ]);
    const input = {
      voucherId: body.id('voucherId'),
      plannedServiceId: body.id('plannedServiceId'),
      serviceTypeCode: body.code('serviceTypeCode', 'service type code'),
      providerId: body.id('providerId'),
      offeringId: body.id('offeringId'),
      quantity: body.quantity('quantity', true),
      unitPriceCents: body.cents('unitPriceCents'),
      planVersion: body.raw('planVersion') as string,
    };
    if (typeof input.planVersion !== 'string' || !input.planVersion || input.planVersion.length > 32)
      body.invalid('planVersion', 'required string of 1–32 characters');
    body.done();

    const voucher = store.voucher(input.voucherId);
    if (!voucher) throw new ProblemError(404, `no voucher ${input.voucherId}`);
    if (voucher.status !== 'ACTIVE')
      throw new ProblemError(409, `voucher ${voucher.id} is ${voucher.status}`, undefined, REFUSALS.voucherNotActive);
    if (today() > voucher.validTo)
      throw new ProblemError(409, `voucher ${voucher.id} expired on ${voucher.validTo}`, undefined, REFUSALS.voucherNotActive);
    // The voucher's value per unit is the unit cost it fixed when granted; today's only for a
    // service type it fixed none for. Never more than the provider's price: the voucher pays
    // for the service, at most its price — a provider cheaper than the municipality's own cost
    // is paid its price, and the rest stays in the budget.
    const unitCostCents =
      voucher.unitCosts.find((u) => u.serviceTypeCode === input.serviceTypeCode)?.unitCostCents ??
      store.unitCostOn(voucher.municipalityCode, input.serviceTypeCode, today())?.cents;
    const voucherValueCents = unitCostCents === undefined ? undefined : Math.min(unitCostCents, input.unitPriceCents);
    if (voucherValueCents === undefined)
      throw new ProblemError(400, "no unit cost for this service type in the voucher's municipality", [
        { name: 'serviceTypeCode', reason: 'unknown in the municipality' },
      ]);
    const cost = openCommitmentCents({ status: 'REQUESTED', quantity: input.quantity, voucherValueCents }, 0);
    const balance = store.voucherResource(voucher).balanceCents;
    if (cost > balance) {
      throw new ProblemError(
        409,
        `the order needs ${cost} cents of the voucher; its balance is ${balance}`,
        undefined,
        REFUSALS.balanceExceeded,
      );
    }
    const at = now();
    const order = store.addOrder({
      clientId: voucher.clientId,
      planId: voucher.planId,
      plannedServiceId: input.plannedServiceId,
      providerId: input.providerId,
      offeringId: input.offeringId,
      voucherId: voucher.id,
      municipalityCode: voucher.municipalityCode,
      serviceTypeCode: input.serviceTypeCode,
      unit: serviceTypeByCode.get(input.serviceTypeCode)?.unit ?? 'HOUR',
      quantity: input.quantity,
      unitPriceCents: input.unitPriceCents,
      voucherValueCents,
      planVersion: input.planVersion,
      status: 'REQUESTED',
      createdAt: at,
      updatedAt: at,
    });
    if (cost > 0) store.touchVoucher(voucher, at);
    const resource = store.orderResource(order);
    write.send(res, 201, resource, { ETag: etagOf(resource), Location: `/orders/${order.id}` });
  });

  app.patch('/orders/:id', json, (req, res) => {
    const id = String(req.params.id);
    const order = formats.ID.test(id) ? store.order(id) : undefined;
    if (!order) throw new ProblemError(404, `no order ${id}`);
    requireIfMatch(req, order, 'order');
    const body = new BodyReader(req.body, ['status', 'reason']);
    const status = body.raw('status') as OrderStatus;
    if (!(TARGETS as readonly string[]).includes(status)) body.invalid('status', `must be one of ${TARGETS.join(', ')}`);
    const reason = body.optionalText('reason', MAX_REASON);
    body.done();
    if (!ORDER_TRANSITIONS[order.status].includes(status)) {
      throw new ProblemError(409, `an order ${order.status} cannot become ${status}`, undefined, REFUSALS.invalidTransition);
    }
    const at = now();
    const before = store.voucherFigures({ id: order.voucherId });
    setOrderStatus(store, order, status, reason, at);
    store.touchVoucherIfMoved(order.voucherId, before, at);
    sendVersioned(req, res, store.orderResource(order));
  });
}
