/**
 * The write endpoints of the voucher system, one module per resource: vouchers (grant, adjust,
 * cancel), orders (order, accept/decline/complete/cancel), deliveries (report, correct),
 * settlements (pay providers), the provider register and the municipalities' unit costs. They share one body parser and one
 * store of Idempotency-Keys (scoped per operation).
 *
 * Why the system of record checks everything itself: callers check first for a clear error,
 * but only the system sees every concurrent request; its handlers decide and change in one
 * synchronous step, so its invariants (no overdrawn voucher, nothing delivered twice, nothing
 * paid twice) hold whatever the callers do.
 */
import express, { type Express } from 'express';
import { deliveryRoutes } from './delivery-writes.js';
import { orderRoutes } from './order-writes.js';
import { providerRoutes } from './providers.js';
import { settlementRoutes } from './settlement.js';
import type { VoucherStore } from './store.js';
import { unitCostRoutes } from './unit-cost-writes.js';
import { voucherRoutes } from './voucher-writes.js';
import { IdempotencyKeys } from './write-support.js';

export function writeRoutes(app: Express, store: VoucherStore): void {
  const keys = new IdempotencyKeys();
  const json = express.json({ limit: '64kb' });
  voucherRoutes(app, store, keys, json);
  orderRoutes(app, store, keys, json);
  deliveryRoutes(app, store, keys, json);
  settlementRoutes(app, store, keys, json);
  providerRoutes(app, store, json);
  unitCostRoutes(app, store, json);
}
