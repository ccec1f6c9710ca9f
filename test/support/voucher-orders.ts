/**
 * A live order in the voucher system, made at run time through its API as a municipality's
 * system would make one: a voucher granted to cl-00001 and an order of kotihoito at pr-0001
 * under it, accepted by the provider — ready for deliveries. The suites that follow the change
 * feed (the system's own, the reporting model's, a report through the graph) all start from one.
 */
import type { VoucherClient } from '../../lib/voucher-client.js';

/** An order of kotihoito for cl-00001's planned service at pr-0001, under `voucherId`. */
export const newOrder = (voucherId: string, quantity: string) => ({
  voucherId,
  plannedServiceId: 'ps-00001-1-01',
  serviceTypeCode: 'kotihoito',
  providerId: 'pr-0001',
  offeringId: 'of-0001-01',
  quantity,
  unitPriceCents: 6300,
  planVersion: '4',
});

export async function acceptedOrder(
  client: VoucherClient,
  { label, validFrom, quantity = '10' }: { label: string; validFrom: string; quantity?: string },
) {
  // Unique per call: the system keeps idempotency keys and plan ids across a suite's runs.
  const run = `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const voucher = await client.grantVoucher(
    { clientId: 'cl-00001', planId: `pl-${run}`, municipalityCode: '205', grantedCents: 1_000_000, validFrom, validTo: '2027-12-31' },
    `grant-${run}`,
  );
  const order = await client.createOrder(newOrder(voucher.id, quantity), `order-${run}`);
  await client.changeOrderStatus(order.id, order.version, 'ACCEPTED');
  return { voucher, order, run };
}
