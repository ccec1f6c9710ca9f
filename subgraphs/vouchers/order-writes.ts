/**
 * The writes of the plan-to-payment flow that live in the voucher system (docs/contract.md "Writes"):
 * ordering and cancelling (the client or their case worker), accepting, declining and reporting
 * deliveries (the provider's system), settling payments (the administrator).
 *
 * Each write checks first, for a clear error — who may act (policy.ts), the plan (client-record
 * system), the offering (catalogue), the voucher's balance — and then lets the voucher system,
 * the system of record, decide again: its balance check and the order's insert are one step, so
 * concurrent orders never overdraw a voucher whatever passed the checks here; its If-Match makes
 * a stale `expectedVersion` CONFLICT; its idempotency keys make a retried order, delivery or
 * settlement the first one again.
 *
 * An order spans two systems: the order (voucher system), then its provider recorded as the
 * planned service's performer (client-record system), so that the provider may see the client
 * to deliver. In that order, a failure between them leaves an order whose provider cannot yet
 * see the client (nothing wrong can be done with it), and the retry with the same key finds the
 * order and completes the record. So whatever goes wrong in the second step is told as that:
 * UPSTREAM_UNAVAILABLE naming the client-record system, the order made, the retry completing
 * it — never the system's own refusal text, nor an internal error.
 */
import { GraphQLError } from 'graphql';
import { badUserInput, graphqlError, notFound, SystemRefusal, UpstreamError } from '../../lib/errors.js';
import { FhirRequestError } from '../../lib/fhir-client.js';
import { createLogger } from '../../lib/log.js';
import { decimalToHundredths, hundredthsToDecimal } from '../../lib/money.js';
import {
  identifier,
  idempotencyKey,
  inputDigest,
  orRefusal,
  positiveQuantity,
  requiredText,
  systemKey,
  text,
  todayInFinland,
} from '../../lib/write-input.js';
import type { Context } from './context.js';
import type { DeliveryModel, OrderModel, PaymentModel } from './models.js';
import { ensurePerformer, planOfService } from './plan-record.js';

const notInPlan = (message: string) => graphqlError('NOT_IN_PLAN', message);
const log = createLogger('order-writes');

/**
 * The order's provider recorded as the planned service's performer (plan-record.ts), after the
 * order was made in the voucher system. NOT_IN_PLAN stays what it is (the planned service
 * left the plan); every other failure — the system down, refusing the plan's update, answering
 * a read unexpectedly — is UPSTREAM_UNAVAILABLE saying the order exists and how to complete it.
 * The system's own words go to the log only: they may name its internals.
 */
async function recordPerformer(
  ctx: Context,
  order: OrderModel,
  planId: string,
  plannedServiceId: string,
  provider: { id: string; name?: string | null },
): Promise<void> {
  try {
    await ensurePerformer(ctx.fhir, planId, plannedServiceId, provider);
  } catch (error) {
    if (error instanceof GraphQLError) throw error;
    if (!(error instanceof SystemRefusal || error instanceof FhirRequestError || error instanceof UpstreamError)) throw error;
    log.warn(
      { orderId: order.id, planId, plannedServiceId, providerId: provider.id, error: error.message, requestId: ctx.requestId },
      'the performer of an order was not recorded in the client-record system',
    );
    throw new UpstreamError(
      'client-record-system',
      `order ${order.id} was made, but the client-record system did not record provider ${provider.id} for the planned service; retry with the same idempotency key to complete it`,
    );
  }
}

/** The order as the system has it now (writes never decide on a request's cached copy). */
async function currentOrder(ctx: Context, orderId: string): Promise<OrderModel> {
  identifier(orderId, 'input.orderId');
  const [order] = await ctx.voucherSystem.orders({ ids: [orderId] });
  if (!order) throw notFound(`order ${orderId} does not exist`);
  return order;
}

function expectOrderVersion(order: OrderModel, expectedVersion: string, allowed: readonly OrderModel['status'][], what: string): void {
  if (String(order.version) !== expectedVersion) {
    throw graphqlError('CONFLICT', `order ${order.id} is at version ${order.version}, not ${expectedVersion.slice(0, 40)}: read it again`, {
      currentVersion: String(order.version),
    });
  }
  if (!allowed.includes(order.status))
    throw graphqlError('CONFLICT', `a ${order.status} order cannot be ${what}`, { status: order.status });
}

const STATUS_CODES = { 'invalid-transition': 'CONFLICT', stale: 'CONFLICT' } as const;

export async function orderService(
  ctx: Context,
  input: { plannedServiceId: string; offeringId: string; quantity: string; idempotencyKey: string },
): Promise<OrderModel> {
  ctx.policy.assertMayWrite('orderService');
  const plannedServiceId = identifier(input.plannedServiceId, 'input.plannedServiceId');
  const offeringId = identifier(input.offeringId, 'input.offeringId');
  const quantity = positiveQuantity(input.quantity, 'input.quantity');
  const key = idempotencyKey(input.idempotencyKey);

  const [plan, offering] = await Promise.all([planOfService(ctx.fhir, plannedServiceId), ctx.catalogue.offering(ctx.viewer, offeringId)]);
  if (!plan) throw notInPlan(`planned service ${plannedServiceId} is not in any plan`);
  const municipalityCode = plan.municipalityCode ?? '';
  ctx.policy.assertMayWrite('orderService', { clientId: plan.clientId, municipalityCode });
  if (plan.status !== 'ACTIVE') throw notInPlan(`the plan of planned service ${plannedServiceId} is ${plan.status}, not ACTIVE`);
  const service = plan.services.find((s) => s.id === plannedServiceId)!;
  if (!offering) throw notInPlan(`offering ${offeringId} is not offered (no such offering, or its provider is not approved)`);
  if (offering.provider.status !== 'APPROVED')
    throw notInPlan(`provider ${offering.provider.id} is ${offering.provider.status}, not APPROVED`);
  if (offering.serviceTypeCode !== service.serviceTypeCode)
    throw notInPlan(`offering ${offeringId} is ${offering.serviceTypeCode}; the planned service is ${service.serviceTypeCode}`);
  if (!offering.provider.municipalityCodes.includes(municipalityCode))
    throw notInPlan(`provider ${offering.provider.id} does not serve municipality ${municipalityCode}`);

  const vouchers = await ctx.voucherSystem.vouchers({ planIds: [plan.id] });
  const voucher = vouchers.find((v) => v.status === 'ACTIVE');
  if (!voucher) throw notInPlan(`the plan has no active balance voucher`);
  // The balance is not checked here: a retry of an order that was made (its key known to the
  // system) must get that order back even when it used up the balance, and the voucher system
  // checks the balance atomically with the insert anyway (balance-exceeded → BUDGET_EXCEEDED).

  const order = await orRefusal(
    'the order',
    () =>
      ctx.voucherSystem.createOrder(
        {
          voucherId: voucher.id,
          plannedServiceId,
          serviceTypeCode: service.serviceTypeCode!,
          providerId: offering.provider.id,
          offeringId,
          quantity: hundredthsToDecimal(quantity),
          unitPriceCents: offering.priceCents,
          planVersion: plan.version,
        },
        systemKey(ctx.viewer, 'orderService', key),
        inputDigest({ plannedServiceId, offeringId, quantity }),
      ),
    { 'balance-exceeded': 'BUDGET_EXCEEDED', 'voucher-not-active': 'NOT_IN_PLAN', 'idempotency-mismatch': 'CONFLICT' },
  );
  await recordPerformer(ctx, order, plan.id, plannedServiceId, offering.provider);
  ctx.policy.noteWrite(order, `orderService Order/${order.id}`);
  // After the performer is recorded, so the provider's system can read the client when it hears.
  await ctx.providerEvents.record(ctx.viewer, [{ event: 'ORDER_REQUESTED', providerId: order.providerId, orderId: order.id }]);
  return order;
}

async function changeStatus(
  ctx: Context,
  input: { orderId: string; expectedVersion: string; reason?: string | null },
  write: 'cancelOrder' | 'decideOrder',
  status: 'CANCELLED' | 'ACCEPTED' | 'DECLINED',
  action: string,
): Promise<OrderModel> {
  ctx.policy.assertMayWrite(write);
  const reason = text(input.reason, 'input.reason', 2_000);
  const order = await currentOrder(ctx, input.orderId);
  ctx.policy.assertMayWrite(write, order);
  expectOrderVersion(
    order,
    input.expectedVersion,
    status === 'CANCELLED' ? ['REQUESTED', 'ACCEPTED'] : ['REQUESTED'],
    status.toLowerCase(),
  );
  const changed = await orRefusal(
    `order ${order.id}`,
    () => ctx.voucherSystem.changeOrderStatus(order.id, order.version, status, reason ?? undefined),
    STATUS_CODES,
  );
  ctx.policy.noteWrite(changed, `${action} Order/${order.id}`);
  if (status === 'CANCELLED')
    await ctx.providerEvents.record(ctx.viewer, [{ event: 'ORDER_CANCELLED', providerId: changed.providerId, orderId: changed.id }]);
  return changed;
}

export const cancelOrder = (ctx: Context, input: { orderId: string; expectedVersion: string; reason?: string | null }) =>
  changeStatus(ctx, input, 'cancelOrder', 'CANCELLED', 'cancelOrder');
export const acceptOrder = (ctx: Context, input: { orderId: string; expectedVersion: string; reason?: string | null }) =>
  changeStatus(ctx, input, 'decideOrder', 'ACCEPTED', 'acceptOrder');
export const declineOrder = (ctx: Context, input: { orderId: string; expectedVersion: string; reason?: string | null }) =>
  changeStatus(ctx, input, 'decideOrder', 'DECLINED', 'declineOrder');

export async function reportDelivery(
  ctx: Context,
  input: { orderId: string; date: string; quantity: string; idempotencyKey: string },
): Promise<DeliveryModel> {
  ctx.policy.assertMayWrite('deliver');
  const quantity = positiveQuantity(input.quantity, 'input.quantity');
  const key = idempotencyKey(input.idempotencyKey);
  if (input.date > todayInFinland()) throw badUserInput('input.date must not be in the future', { argumentName: 'input.date' });
  const order = await currentOrder(ctx, input.orderId);
  ctx.policy.assertMayWrite('deliver', order);
  const [voucher] = await ctx.voucherSystem.vouchers({ ids: [order.voucherId] });
  if (voucher && (input.date < voucher.validFrom || input.date > voucher.validTo)) {
    throw badUserInput(`input.date must be within the plan's validity (${voucher.validFrom} – ${voucher.validTo})`, {
      argumentName: 'input.date',
    });
  }
  const delivery = await orRefusal(
    `a delivery of order ${order.id}`,
    () =>
      ctx.voucherSystem.reportDelivery(
        { orderId: order.id, date: input.date, quantity: hundredthsToDecimal(quantity) },
        systemKey(ctx.viewer, 'reportDelivery', key),
        inputDigest({ orderId: order.id, date: input.date, quantity }),
      ),
    {
      'invalid-transition': 'CONFLICT',
      'quantity-exceeded': 'BAD_USER_INPUT',
      'balance-exceeded': 'BUDGET_EXCEEDED',
      'idempotency-mismatch': 'CONFLICT',
    },
  );
  // Checked after the system decided, so a retry of an already reported delivery still answers it.
  ctx.policy.noteWrite(order, `reportDelivery Delivery/${delivery.id}`);
  return delivery;
}

export async function correctDelivery(
  ctx: Context,
  input: { deliveryId: string; quantity: string; reason: string },
): Promise<DeliveryModel> {
  ctx.policy.assertMayWrite('deliver');
  const deliveryId = identifier(input.deliveryId, 'input.deliveryId');
  const reason = requiredText(input.reason, 'input.reason', 2_000);
  let quantity: number;
  try {
    quantity = decimalToHundredths(input.quantity);
  } catch {
    throw badUserInput('input.quantity must be a decimal with at most two decimals', { argumentName: 'input.quantity' });
  }
  if (quantity < 0) throw badUserInput('input.quantity must not be negative (0 voids the delivery)', { argumentName: 'input.quantity' });
  const [delivery] = await ctx.voucherSystem.deliveries({ ids: [deliveryId] });
  if (!delivery) throw notFound(`delivery ${deliveryId} does not exist`);
  const order = await currentOrder(ctx, delivery.orderId);
  ctx.policy.assertMayWrite('deliver', order);
  if (delivery.paymentId)
    throw graphqlError('CONFLICT', `delivery ${deliveryId} is settled (payment ${delivery.paymentId}) and can no longer be corrected`);
  const corrected = await orRefusal(
    `delivery ${deliveryId}`,
    () => ctx.voucherSystem.correctDelivery(deliveryId, { quantity: hundredthsToDecimal(quantity), reason }),
    {
      'delivery-settled': 'CONFLICT',
      'quantity-exceeded': 'BAD_USER_INPUT',
      'balance-exceeded': 'BUDGET_EXCEEDED',
      'invalid-transition': 'CONFLICT',
    },
  );
  ctx.policy.noteWrite(order, `correctDelivery Delivery/${deliveryId}`);
  return corrected;
}

export async function settlePayments(
  ctx: Context,
  input: { through: string; providerId?: string | null; idempotencyKey: string },
): Promise<PaymentModel[]> {
  ctx.policy.assertMayWrite('settlePayments');
  const key = idempotencyKey(input.idempotencyKey);
  const providerId = input.providerId == null ? undefined : identifier(input.providerId, 'input.providerId');
  if (input.through > todayInFinland()) throw badUserInput('input.through must not be in the future', { argumentName: 'input.through' });
  const result = await orRefusal(
    'the settlement',
    () =>
      ctx.voucherSystem.settle(
        { through: input.through, ...(providerId ? { providerId } : {}) },
        systemKey(ctx.viewer, 'settlePayments', key),
        inputDigest({ through: input.through, providerId }),
      ),
    { 'idempotency-mismatch': 'CONFLICT' },
  );
  // A retried settlement answers the same payments; their events' keys make the second record a no-op.
  await ctx.providerEvents.record(
    ctx.viewer,
    result.payments.map((p) => ({ event: 'PAYMENT_SETTLED' as const, providerId: p.providerId, paymentId: p.id })),
  );
  return result.payments;
}
