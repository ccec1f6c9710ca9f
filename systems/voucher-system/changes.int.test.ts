/**
 * The change feed as columns (GET /changes?encoding=columns), over real HTTP with every answer
 * checked against the OpenAPI document: read back row by row, it is the same changes as the
 * items encoding — from the start, page for page with the same cursors, and with orders,
 * deliveries, corrections and voids made at run time — and it takes pages of up to 250 000
 * changes where items take 10 000.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ephemeralSystemCredentials } from '../../lib/system-credentials.js';
import { createVoucherClient } from '../../lib/voucher-client.js';
import { getWorld } from '../../seed/world.js';
import type { RunningStandIn } from '../http.js';
import { registrationsOf } from '../registrations.js';
import type { ChangeColumns, ChangeResource, DictionaryColumn } from './changes.js';
import { startVoucherSystem } from './server.js';
import { TEST_CLIENT, contractCalls } from './testing.js';
import { acceptedOrder } from '../../test/support/voucher-orders.js';

const world = getWorld();
const credentials = await ephemeralSystemCredentials();
let system: RunningStandIn;
const { get } = contractCalls(() => system.url);

beforeAll(async () => {
  system = await startVoucherSystem({ world, clients: [TEST_CLIENT, ...registrationsOf(credentials).voucherSystem] });
});
afterAll(async () => {
  await system.close();
});

const at = (column: DictionaryColumn, row: number) => column.values[column.index[row]!]!;

/** A page of columns read back as the items it stands for (sequences from `after` + 1). */
function itemsOf(after: number, page: ChangeColumns): ChangeResource[] {
  let [o, d, p] = [0, 0, 0];
  return page.type.index.map((_, i) => {
    const type = at(page.type, i) as ChangeResource['type'];
    const sequence = after + 1 + i;
    if (type === 'order-created') {
      const row = o++;
      const { order } = page;
      return {
        sequence,
        type,
        order: {
          id: order.id[row]!,
          clientId: at(order.clientId, row),
          municipalityCode: at(order.municipalityCode, row),
          serviceTypeCode: at(order.serviceTypeCode, row),
          providerId: at(order.providerId, row),
        },
      };
    }
    const row = d++;
    const { delivery, previous } = page;
    const change: ChangeResource = {
      sequence,
      type,
      delivery: {
        id: delivery.id[row]!,
        orderId: at(delivery.orderId, row),
        date: at(delivery.date, row),
        quantity: at(delivery.quantity, row),
        amountCents: delivery.amountCents[row]!,
      },
    };
    if (type === 'delivery-corrected') {
      const before = p++;
      change.previous = { quantity: at(previous.quantity, before), amountCents: previous.amountCents[before]! };
    }
    return change;
  });
}

/** Every change from the start, in pages of `limit`: the items, and the cursors and hasMore of each page. */
async function readAll(encoding: 'items' | 'columns', limit: number) {
  const items: ChangeResource[] = [];
  const pages: { cursor: string; hasMore: boolean }[] = [];
  let after = 0;
  for (;;) {
    const { status, body } = await get('/changes', `/changes?after=${after}&limit=${limit}&encoding=${encoding}`);
    expect(status).toBe(200);
    items.push(...(encoding === 'columns' ? itemsOf(after, body as ChangeColumns) : (body.items as ChangeResource[])));
    pages.push({ cursor: body.cursor, hasMore: body.hasMore });
    if (!body.hasMore) return { items, pages };
    after = Number(body.cursor);
  }
}

describe('the change feed as columns', () => {
  it('holds the same changes as items, page for page, with changes made at run time among them', async () => {
    // Run-time changes: an order, two deliveries, a correction and a void, after the seed's.
    const client = createVoucherClient(system.url, { timeoutMs: 5000, retries: 0, backoffMs: 1 }, credentials.voucherSystem);
    const { order, run } = await acceptedOrder(client, { label: 'columns', validFrom: '2026-01-01' });
    const first = await client.reportDelivery({ orderId: order.id, date: '2026-10-01', quantity: '2' }, `deliver-columns-1-${run}`);
    const second = await client.reportDelivery({ orderId: order.id, date: '2026-10-15', quantity: '1.5' }, `deliver-columns-2-${run}`);
    await client.correctDelivery(first.id, { quantity: '1', reason: 'shorter visit' });
    await client.correctDelivery(second.id, { quantity: '0', reason: 'not delivered' });

    const items = await readAll('items', 997);
    const columns = await readAll('columns', 997);
    expect(columns.pages).toEqual(items.pages);
    expect(columns.items).toEqual(items.items);
    // Every seeded order and delivery, then the run-time ones — the void as a correction to "0".
    expect(items.items).toHaveLength(world.orders.length + world.deliveries.length + 5);
    expect(items.items.slice(-5).map((c) => c.type)).toEqual([
      'order-created',
      'delivery-reported',
      'delivery-reported',
      'delivery-corrected',
      'delivery-corrected',
    ]);
    expect(items.items.at(-1)).toMatchObject({
      delivery: { id: second.id, quantity: '0', amountCents: 0 },
      previous: { quantity: '1.5', amountCents: second.amountCents },
    });
    // In one page of columns, each repeating value is written once.
    const whole = (await get('/changes', '/changes?encoding=columns&limit=250000')).body as ChangeColumns;
    expect(whole.hasMore).toBe(false);
    expect(whole.delivery.orderId.values).toHaveLength(new Set(whole.delivery.orderId.values).size);
    expect(whole.delivery.orderId.values.length).toBeLessThan(whole.delivery.orderId.index.length);
    expect(itemsOf(0, whole)).toEqual(items.items);
  });

  it('takes up to 250 000 changes a page as columns and 10 000 as items, and names a bad encoding', async () => {
    expect((await get('/changes', '/changes?encoding=columns&limit=250000')).status).toBe(200);
    expect((await get('/changes', '/changes?limit=10000')).status).toBe(200);
    for (const [path, names] of [
      ['/changes?limit=10001', ['limit']],
      ['/changes?encoding=columns&limit=250001', ['limit']],
      ['/changes?encoding=rows', ['encoding']],
      ['/changes?encoding=columns&encoding=items', ['encoding']],
    ] as const) {
      const { status, body } = await get('/changes', path);
      expect(status, path).toBe(400);
      expect(
        body.invalidParams.map((p: { name: string }) => p.name),
        path,
      ).toEqual(names);
    }
  });
});
