/**
 * The write endpoints: POST /orders with an Idempotency-Key (a retry never orders twice) and
 * PATCH /orders/{id} with If-Match (no lost updates between a provider and a client acting at
 * once). The voucher must be active and its balance must cover the order at the voucher value.
 */
import { createHash } from 'node:crypto';
import express, { type Express } from 'express';
import { decimalToHundredths } from '../../lib/money.js';
import { serviceTypeByCode } from '../../lib/reference.js';
import type { Order, OrderStatus } from '../../seed/world.js';
import { sendVersioned } from './api.js';
import { formats } from './params.js';
import { ProblemError, type InvalidParam } from './problem.js';
import { etagOf, openCommitmentCents, type VoucherStore } from './store.js';

const QUANTITY = /^[0-9]{1,13}(\.[0-9]{1,2})?$/;
const NEW_ORDER_FIELDS = ['voucherId', 'plannedServiceId', 'serviceTypeCode', 'providerId', 'offeringId', 'quantity', 'unitPriceCents', 'planVersion'];

/** Allowed status changes. */
const TRANSITIONS: Record<OrderStatus, OrderStatus[]> = {
  REQUESTED: ['ACCEPTED', 'DECLINED', 'CANCELLED'],
  ACCEPTED: ['COMPLETED', 'CANCELLED'],
  DECLINED: [],
  COMPLETED: [],
  CANCELLED: [],
};

const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

function objectBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ProblemError(400, 'the body must be a JSON object', [{ name: 'body', reason: 'must be a JSON object' }]);
  }
  return body as Record<string, unknown>;
}

function validateNewOrder(body: Record<string, unknown>): InvalidParam[] {
  const problems: InvalidParam[] = [];
  for (const key of Object.keys(body)) if (!NEW_ORDER_FIELDS.includes(key)) problems.push({ name: key, reason: 'unknown field' });
  for (const key of ['voucherId', 'plannedServiceId', 'providerId', 'offeringId']) {
    if (typeof body[key] !== 'string' || !formats.ID.test(body[key] as string)) problems.push({ name: key, reason: 'required identifier' });
  }
  if (typeof body.serviceTypeCode !== 'string' || !formats.CODE.test(body.serviceTypeCode)) problems.push({ name: 'serviceTypeCode', reason: 'required service type code' });
  if (typeof body.quantity !== 'string' || !QUANTITY.test(body.quantity) || decimalToHundredths(body.quantity) <= 0) {
    problems.push({ name: 'quantity', reason: 'required: a positive decimal string with at most two decimals, e.g. "12.5"' });
  }
  if (!Number.isSafeInteger(body.unitPriceCents) || (body.unitPriceCents as number) < 0) problems.push({ name: 'unitPriceCents', reason: 'required: whole cents ≥ 0' });
  if (typeof body.planVersion !== 'string' || !body.planVersion || body.planVersion.length > 32) problems.push({ name: 'planVersion', reason: 'required string' });
  return problems;
}

export function writeRoutes(app: Express, store: VoucherStore): void {
  const idempotency = new Map<string, { digest: string; status: number; body: unknown }>();
  const json = express.json({ limit: '64kb' });

  app.post('/orders', json, (req, res) => {
    const key = req.header('idempotency-key');
    if (!key || key.length < 8 || key.length > 128) {
      throw new ProblemError(400, 'Idempotency-Key header is required (8–128 characters)', [{ name: 'Idempotency-Key', reason: 'required, 8–128 characters' }]);
    }
    const body = objectBody(req.body);
    const digest = createHash('sha256').update(JSON.stringify(body)).digest('hex');
    const earlier = idempotency.get(key);
    if (earlier) {
      if (earlier.digest !== digest) throw new ProblemError(422, 'this Idempotency-Key was used with a different request');
      res.setHeader('ETag', etagOf(earlier.body));
      res.setHeader('Location', `/orders/${(earlier.body as Order).id}`);
      res.status(earlier.status).json(earlier.body);
      return;
    }
    const problems = validateNewOrder(body);
    if (problems.length) throw new ProblemError(400, `invalid field${problems.length > 1 ? 's' : ''}: ${problems.map((p) => p.name).join(', ')}`, problems);
    const input = body as { voucherId: string; plannedServiceId: string; serviceTypeCode: string; providerId: string; offeringId: string; quantity: string; unitPriceCents: number; planVersion: string };
    const voucher = store.voucher(input.voucherId);
    if (!voucher) throw new ProblemError(404, `no voucher ${input.voucherId}`);
    if (voucher.status !== 'ACTIVE') throw new ProblemError(409, `voucher ${voucher.id} is ${voucher.status}`, undefined, '/problems/voucher-not-active');
    const unitCost = store.unitCost(voucher.municipalityCode, input.serviceTypeCode);
    if (!unitCost) throw new ProblemError(400, 'no unit cost for this service type in the voucher\'s municipality', [{ name: 'serviceTypeCode', reason: 'unknown in the municipality' }]);
    const quantity = decimalToHundredths(input.quantity);
    const cost = openCommitmentCents({ status: 'REQUESTED', quantity, voucherValueCents: unitCost.cents }, 0);
    const balance = store.voucherResource(voucher).balanceCents;
    if (cost > balance) {
      throw new ProblemError(409, `the order needs ${cost} cents of the voucher; its balance is ${balance}`, undefined, '/problems/balance-exceeded');
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
      quantity,
      unitPriceCents: input.unitPriceCents,
      voucherValueCents: unitCost.cents,
      planVersion: input.planVersion,
      status: 'REQUESTED',
      createdAt: at,
      updatedAt: at,
    });
    const resource = store.orderResource(order);
    idempotency.set(key, { digest, status: 201, body: resource });
    res.setHeader('Location', `/orders/${order.id}`);
    sendVersioned(req, res, resource, 201);
  });

  app.patch('/orders/:id', json, (req, res) => {
    const id = String(req.params.id);
    const order = formats.ID.test(id) ? store.order(id) : undefined;
    if (!order) throw new ProblemError(404, `no order ${id}`);
    const ifMatch = req.header('if-match');
    if (!ifMatch) throw new ProblemError(428, 'If-Match with the order\'s ETag is required');
    if (ifMatch.trim() !== etagOf(store.orderResource(order))) throw new ProblemError(412, 'the order has changed since it was read');
    const body = objectBody(req.body);
    const extra = Object.keys(body).filter((k) => k !== 'status');
    const status = body.status as OrderStatus;
    if (extra.length || !['ACCEPTED', 'DECLINED', 'COMPLETED', 'CANCELLED'].includes(status)) {
      throw new ProblemError(400, 'the body must be { "status": ACCEPTED | DECLINED | COMPLETED | CANCELLED }', [
        ...extra.map((name) => ({ name, reason: 'unknown field' })),
        ...(['ACCEPTED', 'DECLINED', 'COMPLETED', 'CANCELLED'].includes(status) ? [] : [{ name: 'status', reason: 'must be ACCEPTED, DECLINED, COMPLETED or CANCELLED' }]),
      ]);
    }
    if (!TRANSITIONS[order.status].includes(status)) {
      throw new ProblemError(409, `an order ${order.status} cannot become ${status}`, undefined, '/problems/invalid-transition');
    }
    order.status = status;
    store.touchOrder(order, now());
    sendVersioned(req, res, store.orderResource(order));
  });
}

