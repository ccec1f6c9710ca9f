/**
 * Per-request DataLoaders over the voucher system (principle 2: the number of calls for one
 * query does not grow with list lengths). Every loader turns the keys of one tick into a single
 * batched call with repeated query parameters (`clientId=a&clientId=b…`); whatever a loader
 * fetches the by-id loaders find first, so an order read through its plan is not read again by id.
 * Per request, because results are a snapshot for one viewer's query and must not outlive it.
 */
import DataLoader from 'dataloader';
import type { DeliveryModel, OrderModel, UnitCostModel, VoucherModel } from './models.js';
import type { VoucherClient } from '../../lib/voucher-client.js';

/** Keys per call; the system accepts 200 values per parameter. */
const MAX_BATCH = 100;

/** A loader of lists: one call for many keys, the answer grouped by the key each item carries. */
function groupedLoader<T>(
  fetch: (keys: string[]) => Promise<T[]>,
  keyOf: (item: T) => string,
  onLoad: (items: T[]) => void,
): DataLoader<string, T[]> {
  return new DataLoader<string, T[]>(
    async (keys) => {
      const items = await fetch([...keys]);
      onLoad(items);
      const groups = new Map<string, T[]>(keys.map((k) => [k, []]));
      for (const item of items) groups.get(keyOf(item))?.push(item);
      return keys.map((k) => groups.get(k)!);
    },
    { maxBatchSize: MAX_BATCH },
  );
}

/**
 * A loader by id that first looks among the records the list loaders brought (`seen`): what a
 * list read brought is not read again by id. Why not DataLoader's `prime`: it makes two
 * promises per record, and a plan's deliveries are a hundred and more per request, almost none
 * of them asked for by id.
 */
function byIdLoader<T extends { id: string }>(
  fetch: (ids: string[]) => Promise<T[]>,
  seen: ReadonlyMap<string, T>,
): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>(
    async (ids) => {
      const missing = ids.filter((id) => !seen.has(id));
      const found = new Map(missing.length ? (await fetch(missing)).map((item) => [item.id, item]) : []);
      return ids.map((id) => seen.get(id) ?? found.get(id) ?? null);
    },
    { maxBatchSize: MAX_BATCH },
  );
}

/** Records by id as the list loaders brought them: the first one brought stays (a record is one snapshot per request). */
function seenRecords<T extends { id: string }>() {
  const seen = new Map<string, T>();
  const add = (items: T[]) => {
    for (const item of items) if (!seen.has(item.id)) seen.set(item.id, item);
  };
  return { seen, add };
}

export const unitCostKey = (municipalityCode: string, serviceTypeCode: string) => `${municipalityCode}/${serviceTypeCode}`;

export function createLoaders(client: VoucherClient) {
  const orders = seenRecords<OrderModel>();
  const vouchers = seenRecords<VoucherModel>();
  const deliveries = seenRecords<DeliveryModel>();
  const orderById = byIdLoader<OrderModel>((ids) => client.orders({ ids }), orders.seen);
  const voucherById = byIdLoader<VoucherModel>((ids) => client.vouchers({ ids }), vouchers.seen);
  const deliveryById = byIdLoader<DeliveryModel>((ids) => client.deliveries({ ids }), deliveries.seen);
  const primeOrders = orders.add;
  const primeVouchers = vouchers.add;
  const primeDeliveries = deliveries.add;

  return {
    orderById,
    voucherById,
    deliveryById,
    ordersByClient: groupedLoader(
      (clientIds) => client.orders({ clientIds }),
      (o) => o.clientId,
      primeOrders,
    ),
    ordersByPlannedService: groupedLoader(
      (plannedServiceIds) => client.orders({ plannedServiceIds }),
      (o) => o.plannedServiceId,
      primeOrders,
    ),
    vouchersByClient: groupedLoader(
      (clientIds) => client.vouchers({ clientIds }),
      (v) => v.clientId,
      primeVouchers,
    ),
    vouchersByPlan: groupedLoader(
      (planIds) => client.vouchers({ planIds }),
      (v) => v.planId,
      primeVouchers,
    ),
    deliveriesByOrder: groupedLoader(
      (orderIds) => client.deliveries({ orderIds }),
      (d) => d.orderId,
      primeDeliveries,
    ),
    /** Keyed by unitCostKey(municipality, serviceType); one call for all municipalities × types asked. */
    unitCost: new DataLoader<string, UnitCostModel | null>(
      async (keys) => {
        const pairs = keys.map((k) => k.split('/') as [string, string]);
        const costs = await client.unitCosts([...new Set(pairs.map(([m]) => m))], [...new Set(pairs.map(([, s]) => s))]);
        const found = new Map(costs.map((u) => [unitCostKey(u.municipalityCode, u.serviceTypeCode), u]));
        return keys.map((k) => found.get(k) ?? null);
      },
      { maxBatchSize: MAX_BATCH },
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
