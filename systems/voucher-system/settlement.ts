/**
 * Settlement: POST /settlements pays providers for their delivered, planned services — one
 * payment per provider for its unsettled deliveries dated up to `through`, to the IBAN in the
 * system's provider register, with a Finnish payment reference (viitenumero). Money goes from
 * the municipality to the provider, never through the client.
 *
 * Why a provider without a valid registered IBAN is skipped rather than failing the run: the
 * other providers must be paid; the skipped one's deliveries stay unsettled and are paid by a
 * later run, once its account is registered. Why an Idempotency-Key: a retried run must pay
 * nothing twice (a second run finds nothing new anyway; the key also returns the first answer).
 */
import type { Express, RequestHandler } from 'express';
import FinnishBankUtils from 'finnish-bank-utils';
import { isDate } from './params.js';
import type { DeliveryRecord, PaymentRecord, VoucherStore } from './store.js';
import { BodyReader, IdempotencyKeys, now, today } from './write-support.js';

/**
 * The payment reference of a payment serial: "1" and the serial in eight digits, then the 7-3-1
 * check digit. Deterministic, unique per payment, and never one of the seed's (13 digits).
 */
export function referenceFor(serial: number): string {
  const base = `1${String(serial).padStart(8, '0')}`;
  const weights = [7, 3, 1];
  const sum = [...base].reverse().reduce((s, c, i) => s + Number(c) * weights[i % 3], 0);
  const reference = `${base}${(10 - (sum % 10)) % 10}`;
  if (!FinnishBankUtils.isValidFinnishRefNumber(reference)) throw new Error(`computed an invalid payment reference ${reference}`);
  return reference;
}

export interface SkippedProvider {
  providerId: string;
  reason: string;
}

export function settlementRoutes(app: Express, store: VoucherStore, keys: IdempotencyKeys, json: RequestHandler): void {
  app.post('/settlements', json, (req, res) => {
    const write = keys.begin(req, res, 'POST /settlements');
    if (!write) return;
    const body = new BodyReader(req.body, ['through', 'providerId']);
    const through = body.date('through');
    const providerId = body.optionalId('providerId');
    if (isDate(String(through)) && through > today()) body.invalid('through', 'must not be in the future');
    body.done();

    const byProvider = new Map<string, DeliveryRecord[]>();
    for (const d of store.unsettledDeliveries(through)) {
      const order = store.order(d.orderId)!;
      if (providerId && order.providerId !== providerId) continue;
      const list = byProvider.get(order.providerId);
      if (list) list.push(d);
      else byProvider.set(order.providerId, [d]);
    }

    const payments: PaymentRecord[] = [];
    const skipped: SkippedProvider[] = [];
    const at = now();
    for (const [payee, deliveries] of [...byProvider].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const account = store.provider(payee);
      if (!account) {
        skipped.push({ providerId: payee, reason: 'not in the provider register: register it with PUT /providers/{id}' });
        continue;
      }
      if (!FinnishBankUtils.isValidFinnishIBAN(account.iban)) {
        skipped.push({ providerId: payee, reason: 'no valid IBAN registered' });
        continue;
      }
      const serial = store.nextPaymentSerial();
      const months = new Set(deliveries.map((d) => d.date.slice(0, 7)));
      const payment: PaymentRecord = {
        id: `pa-${String(serial).padStart(6, '0')}`,
        providerId: payee,
        ...(months.size === 1 ? { month: [...months][0] } : {}),
        amountCents: deliveries.reduce((sum, d) => sum + d.amountCents, 0),
        iban: account.iban,
        reference: referenceFor(serial),
        deliveryIds: deliveries.map((d) => d.id),
        status: 'PENDING',
        createdAt: at,
      };
      store.addPayment(payment, deliveries);
      payments.push(payment);
    }
    write.send(res, 201, { payments, ...(skipped.length ? { skipped } : {}) });
  });
}
