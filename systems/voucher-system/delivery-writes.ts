/**
 * Deliveries: POST /deliveries (Idempotency-Key: a provider's retried report is never charged
 * twice) and PATCH /deliveries/{id} (a correction before the delivery is settled; 0 voids it).
 * A delivery is charged to the voucher at the order's voucher value, quantity × value rounded
 * half up to the cent; the voucher's delivered + committed must stay within its grant, and an
 * order never gets more delivered than ordered.
 *
 * Why the order's status moves here: an order whose deliveries reach the ordered quantity is
 * COMPLETED in the same step (it commits nothing more), and one corrected below it is ACCEPTED
 * again, so the order, the voucher's balance and the reports never disagree.
 */
import type { Express, RequestHandler } from 'express';
import type { OrderStatus } from '../../seed/world.js';
import { sendVersioned } from './api.js';
import { formats } from './params.js';
import { ProblemError, REFUSALS } from './problem.js';
import {
  chargeCents,
  etagOf,
  openCommitmentCents,
  quantityToDecimal,
  VoucherStore,
  type OrderRecord,
  type VoucherFigures,
} from './store.js';
import { MAX_REASON, setOrderStatus } from './order-writes.js';
import { BodyReader, IdempotencyKeys, now, today } from './write-support.js';

/**
 * What a change of an order's delivered quantity (by `deltaHundredths`, `deltaCents`) makes of
 * the order's status — COMPLETED when all is delivered, ACCEPTED again when a correction takes a
 * completed order below — and whether the voucher allows it: delivered + committed must stay
 * within the grant (a change that does not raise them is always allowed). Computed before
 * anything changes, so a refusal leaves everything as it was.
 */
function planChange(
  store: VoucherStore,
  order: OrderRecord,
  deltaHundredths: number,
  deltaCents: number,
): { status: OrderStatus; before: VoucherFigures } {
  const voucher = store.voucher(order.voucherId)!;
  const before = store.voucherFigures(voucher);
  const deliveredBefore = store.deliveredOf(order.id).quantity;
  const delivered = deliveredBefore + deltaHundredths;
  let status = order.status;
  if (status === 'ACCEPTED' && delivered >= order.quantity) status = 'COMPLETED';
  else if (status === 'COMPLETED' && deliveredBefore >= order.quantity && delivered < order.quantity) status = 'ACCEPTED';
  const committed =
    before.committedCents - openCommitmentCents(order, deliveredBefore) + openCommitmentCents({ ...order, status }, delivered);
  const used = before.deliveredCents + deltaCents + committed;
  if (used > voucher.grantedCents && used > before.deliveredCents + before.committedCents) {
    throw new ProblemError(
      409,
      `the delivery would take the voucher's delivered and committed to ${used} cents, above its grant of ${voucher.grantedCents}`,
      undefined,
      REFUSALS.balanceExceeded,
    );
  }
  return { status, before };
}

/** After the change: the order's new version (and status), the voucher's when its figures moved. */
function recordChange(store: VoucherStore, order: OrderRecord, status: OrderStatus, before: VoucherFigures, at: string): void {
  if (status !== order.status)
    setOrderStatus(
      store,
      order,
      status,
      status === 'COMPLETED' ? 'everything ordered was delivered' : 'a delivery was corrected below the ordered quantity',
      at,
    );
  else store.touchOrder(order, at);
  store.touchVoucherIfMoved(order.voucherId, before, at);
}

export function deliveryRoutes(app: Express, store: VoucherStore, keys: IdempotencyKeys, json: RequestHandler): void {
  app.post('/deliveries', json, (req, res) => {
    const write = keys.begin(req, res, 'POST /deliveries');
    if (!write) return;
    const body = new BodyReader(req.body, ['orderId', 'date', 'quantity']);
    const input = { orderId: body.id('orderId'), date: body.date('date'), quantity: body.quantity('quantity', true) };
    body.done();

    const order = store.order(input.orderId);
    if (!order) throw new ProblemError(404, `no order ${input.orderId}`);
    if (order.status !== 'ACCEPTED')
      throw new ProblemError(
        409,
        `an order ${order.status} takes no deliveries (only an ACCEPTED one)`,
        undefined,
        REFUSALS.invalidTransition,
      );
    const voucher = store.voucher(order.voucherId);
    const dateProblem =
      input.date > today()
        ? 'must not be in the future'
        : voucher && (input.date < voucher.validFrom || input.date > voucher.validTo)
          ? `must be within the voucher's validity ${voucher.validFrom}…${voucher.validTo}`
          : null;
    if (dateProblem) throw new ProblemError(400, `invalid field: date ${dateProblem}`, [{ name: 'date', reason: dateProblem }]);
    const open = order.quantity - store.deliveredOf(order.id).quantity;
    if (input.quantity > open) {
      throw new ProblemError(
        409,
        `the order has ${quantityToDecimal(Math.max(0, open))} undelivered; ${quantityToDecimal(input.quantity)} is more`,
        undefined,
        REFUSALS.quantityExceeded,
      );
    }

    const amountCents = chargeCents(input.quantity, order.voucherValueCents);
    const { status, before } = planChange(store, order, input.quantity, amountCents);
    const at = now();
    const delivery = store.addDelivery({ orderId: order.id, date: input.date, quantity: input.quantity, amountCents, reportedAt: at });
    recordChange(store, order, status, before, at);
    const resource = VoucherStore.deliveryResource(delivery);
    write.send(res, 201, resource, { ETag: etagOf(resource), Location: `/deliveries/${delivery.id}` });
  });

  app.patch('/deliveries/:id', json, (req, res) => {
    const id = String(req.params.id);
    const delivery = formats.ID.test(id) ? store.delivery(id) : undefined;
    if (!delivery) throw new ProblemError(404, `no delivery ${id}`);
    const body = new BodyReader(req.body, ['quantity', 'reason']);
    const quantity = body.quantity('quantity', false);
    const reason = body.text('reason', MAX_REASON);
    body.done();
    if (delivery.paymentId)
      throw new ProblemError(
        409,
        `delivery ${delivery.id} is settled in payment ${delivery.paymentId}; it can no longer be corrected`,
        undefined,
        REFUSALS.deliverySettled,
      );
    const order = store.order(delivery.orderId)!;
    if (quantity > delivery.quantity && order.status !== 'ACCEPTED') {
      throw new ProblemError(
        409,
        `an order ${order.status} takes no more deliveries; a correction may only lower the quantity`,
        undefined,
        REFUSALS.invalidTransition,
      );
    }
    const deliveredElsewhere = store.deliveredOf(order.id).quantity - delivery.quantity;
    if (deliveredElsewhere + quantity > order.quantity) {
      throw new ProblemError(
        409,
        `the order has ${quantityToDecimal(order.quantity - deliveredElsewhere)} to deliver against this delivery; ${quantityToDecimal(quantity)} is more`,
        undefined,
        REFUSALS.quantityExceeded,
      );
    }

    const amountCents = chargeCents(quantity, order.voucherValueCents);
    const { status, before } = planChange(store, order, quantity - delivery.quantity, amountCents - delivery.amountCents);
    const at = now();
    store.correctDelivery(delivery, quantity, amountCents, reason, at);
    recordChange(store, order, status, before, at);
    sendVersioned(req, res, VoucherStore.deliveryResource(delivery));
  });
}
