/**
 * Balance vouchers: POST /vouchers grants one for an approved plan (Idempotency-Key; at most
 * one ACTIVE voucher per plan), fixing the municipality's unit costs in effect that day, PATCH /vouchers/{id} (If-Match on its version) adjusts the grant
 * and validity when the plan is revised, or cancels it when the plan is revoked.
 *
 * Why cancelling cancels the open orders in the same step: a cancelled voucher must hold
 * nothing and let nothing be delivered, and no caller should be able to see (or act on) a
 * cancelled voucher with orders still open. Deliveries already made stay: they were spent.
 */
import type { Express, RequestHandler } from 'express';
import { sendVersioned } from './api.js';
import { formats, isDate } from './params.js';
import { ProblemError, REFUSALS } from './problem.js';
import { etagOf, type VoucherStore } from './store.js';
import { MAX_REASON, setOrderStatus } from './order-writes.js';
import { BodyReader, IdempotencyKeys, now, requireIfMatch, today } from './write-support.js';

const ACTIVE_STATES = ['ACTIVE', 'EXHAUSTED'];
const FINAL_STATES = ['CANCELLED', 'EXPIRED'];

export function voucherRoutes(app: Express, store: VoucherStore, keys: IdempotencyKeys, json: RequestHandler): void {
  app.post('/vouchers', json, (req, res) => {
    const write = keys.begin(req, res, 'POST /vouchers');
    if (!write) return;
    const body = new BodyReader(req.body, ['clientId', 'planId', 'municipalityCode', 'grantedCents', 'validFrom', 'validTo']);
    const input = {
      clientId: body.id('clientId'),
      planId: body.id('planId'),
      municipalityCode: body.municipality('municipalityCode'),
      grantedCents: body.cents('grantedCents'),
      validFrom: body.date('validFrom'),
      validTo: body.date('validTo'),
    };
    if (formats.MUNICIPALITY.test(String(input.municipalityCode)) && !store.knowsMunicipality(input.municipalityCode)) {
      body.invalid('municipalityCode', 'not a municipality of this system');
    }
    if (isDate(String(input.validFrom)) && isDate(String(input.validTo)) && input.validTo < input.validFrom)
      body.invalid('validTo', 'must not be before validFrom');
    body.done();

    const active = store.vouchersOfPlan(input.planId).find((v) => ACTIVE_STATES.includes(v.status));
    if (active)
      throw new ProblemError(409, `plan ${input.planId} has an active voucher already: ${active.id}`, undefined, REFUSALS.voucherExists);
    // The voucher fixes the unit costs in effect at its grant (the service-voucher decision fixes
    // its value): orders against it are valued at them, whatever is set later — from today on too.
    const voucher = store.addVoucher({
      ...input,
      status: 'ACTIVE',
      createdAt: now(),
      unitCosts: store.unitCostsInEffect(input.municipalityCode, today()),
    });
    const resource = store.voucherResource(voucher);
    write.send(res, 201, resource, { ETag: etagOf(resource), Location: `/vouchers/${voucher.id}` });
  });

  app.patch('/vouchers/:id', json, (req, res) => {
    const id = String(req.params.id);
    const voucher = formats.ID.test(id) ? store.voucher(id) : undefined;
    if (!voucher) throw new ProblemError(404, `no voucher ${id}`);
    requireIfMatch(req, voucher, 'voucher');

    const body = new BodyReader(req.body, ['grantedCents', 'validTo', 'status', 'reason']);
    const cancelling = body.has('status') || body.has('reason');
    let grantedCents: number | undefined;
    let validTo: string | undefined;
    let reason = '';
    if (cancelling) {
      if (body.raw('status') !== 'CANCELLED') body.invalid('status', 'must be CANCELLED (the only status a caller sets)');
      reason = body.text('reason', MAX_REASON);
      for (const name of ['grantedCents', 'validTo']) if (body.has(name)) body.invalid(name, 'a cancellation changes nothing else');
    } else {
      if (!body.has('grantedCents') && !body.has('validTo'))
        body.invalid('body', 'give grantedCents and/or validTo, or { status: CANCELLED, reason }');
      if (body.has('grantedCents')) grantedCents = body.cents('grantedCents');
      if (body.has('validTo')) {
        validTo = body.date('validTo');
        if (isDate(String(validTo)) && validTo < voucher.validFrom)
          body.invalid('validTo', `must not be before validFrom (${voucher.validFrom})`);
      }
    }
    body.done();
    if (FINAL_STATES.includes(voucher.status)) {
      throw new ProblemError(409, `a ${voucher.status} voucher cannot change`, undefined, REFUSALS.invalidTransition);
    }
    const at = now();

    if (cancelling) {
      // Every check is done: from here on nothing can fail, so nothing is left half done.
      for (const order of store.ordersOfVoucher(voucher.id)) {
        if (order.status === 'REQUESTED' || order.status === 'ACCEPTED')
          setOrderStatus(store, order, 'CANCELLED', `voucher cancelled: ${reason}`, at);
      }
      voucher.status = 'CANCELLED';
      voucher.statusReason = reason;
      store.touchVoucher(voucher, at);
      sendVersioned(req, res, store.voucherResource(voucher));
      return;
    }

    const figures = store.voucherFigures(voucher);
    const used = figures.deliveredCents + figures.committedCents;
    if (grantedCents !== undefined && grantedCents < used) {
      throw new ProblemError(
        409,
        `the grant cannot go below what is delivered and committed (${used} cents)`,
        undefined,
        REFUSALS.balanceExceeded,
      );
    }
    const lastDelivery = validTo === undefined ? null : store.lastDeliveryDate(voucher.id);
    if (validTo !== undefined && lastDelivery && validTo < lastDelivery) {
      throw new ProblemError(409, `the validity cannot end before the last delivery (${lastDelivery})`);
    }
    const changed =
      (grantedCents !== undefined && grantedCents !== voucher.grantedCents) || (validTo !== undefined && validTo !== voucher.validTo);
    if (changed) {
      if (grantedCents !== undefined) voucher.grantedCents = grantedCents;
      if (validTo !== undefined) voucher.validTo = validTo;
      store.touchVoucher(voucher, at);
    }
    sendVersioned(req, res, store.voucherResource(voucher));
  });
}
