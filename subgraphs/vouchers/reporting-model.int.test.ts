/**
 * The reporting read model against the voucher system it follows (the trial world's stand-in,
 * over HTTP): for many random groupings, periods and municipalities its report equals the
 * system's own GET /reports/spending, before and after orders, deliveries, corrections and
 * voids made at run time; and the change feed pages and refuses a cursor it never gave.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SystemRefusal } from '../../lib/errors.js';
import { ephemeralSystemCredentials } from '../../lib/system-credentials.js';
import { createVoucherClient, type ReportDimension, type VoucherClient } from '../../lib/voucher-client.js';
import { Random } from '../../seed/random.js';
import { getWorld } from '../../seed/world.js';
import type { RunningStandIn } from '../../systems/http.js';
import { registrationsOf } from '../../systems/registrations.js';
import { startVoucherSystem } from '../../systems/voucher-system/server.js';
import { lastDayOf } from './report-period.js';
import { ReportingModel, type ReportQuery } from './reporting-model.js';
import { claims } from '../../test/support/viewers.js';
import { SPENDING } from '../../test/queries.js';
import { startStack, type Stack } from '../../test/stack.js';
import { acceptedOrder } from '../../test/support/voucher-orders.js';

const world = getWorld();
let system: RunningStandIn;
let client: VoucherClient;
const credentials = await ephemeralSystemCredentials();

const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
  new Date(),
);
const DIMENSIONS: ReportDimension[] = ['serviceType', 'municipality', 'provider', 'month'];
const months = [...new Set(world.deliveries.map((d) => d.date.slice(0, 7)).concat(today.slice(0, 7)))].sort();
const municipalities = [...new Set(world.orders.map((o) => o.municipalityCode))].sort();

/** Random whole-month reports: any grouping in any order, any span of months, all or some municipalities. */
function randomQueries(rnd: Random, n: number): ReportQuery[] {
  return Array.from({ length: n }, () => {
    const groupBy = DIMENSIONS.filter(() => rnd.next() < 0.5);
    if (!groupBy.length) groupBy.push(DIMENSIONS[Math.floor(rnd.next() * 4)]!);
    groupBy.sort(() => rnd.next() - 0.5);
    const a = Math.floor(rnd.next() * months.length);
    const b = Math.min(months.length - 1, a + Math.floor(rnd.next() * 14));
    const some = rnd.next() < 0.3 ? municipalities.filter(() => rnd.next() < 0.3) : [];
    return { from: `${months[a]}-01`, to: lastDayOf(months[b]!), groupBy, municipalities: some.length ? some : undefined };
  });
}

async function expectSameAsSystem(model: ReportingModel, queries: ReportQuery[]) {
  await model.current();
  for (const q of queries) expect(model.report(q), JSON.stringify(q)).toEqual(await client.spendingReport(q));
}

beforeAll(async () => {
  system = await startVoucherSystem({ world, clients: registrationsOf(credentials).voucherSystem });
  client = createVoucherClient(system.url, { timeoutMs: 5000, retries: 0, backoffMs: 1 }, credentials.voucherSystem);
});
afterAll(async () => {
  await system.close();
});

describe('the reporting read model', () => {
  it("equals the system's spending report for random groupings, periods and municipalities", async () => {
    const model = new ReportingModel(client);
    const queries = randomQueries(new Random(12), 120);
    // Every grouping over a year, too, and a report of a month with no deliveries.
    queries.push({ from: '2025-11-01', to: '2026-10-31', groupBy: ['serviceType', 'municipality', 'provider', 'month'] });
    queries.push({ from: '2019-01-01', to: '2019-01-31', groupBy: ['municipality'] });
    await expectSameAsSystem(model, queries);
    expect(model.size.orders).toBe(world.orders.length);
    // Not whole months: the model does not cut them (the subgraph asks the system).
    expect(model.report({ from: '2026-01-02', to: '2026-01-31', groupBy: ['month'] })).toBeNull();
  });

  it('is the same read in small pages (the next page asked for while one is applied)', async () => {
    const model = new ReportingModel(client, 7);
    await expectSameAsSystem(model, randomQueries(new Random(56), 20));
    expect(model.size.orders).toBe(world.orders.length);
  });

  it('does not begin a read every caller gave up on while it waited, and reads on for the next caller', async () => {
    const model = new ReportingModel(client, 500);
    const building = model.current();
    await new Promise((resolve) => setImmediate(resolve)); // the build has begun: a caller now waits for the read after it
    const leaving = new AbortController();
    const given = model.current(leaving.signal);
    leaving.abort(new Error('the caller left'));
    await expect(given).rejects.toThrow('the caller left');
    await building;
    system.requests.reset();
    await model.current();
    // One read, from the head: the abandoned one was never sent (nor left to fail unawaited).
    expect(system.requests.entries.filter((r) => r.path === '/changes').map((r) => new URLSearchParams(r.query).get('after'))).toEqual([
      String(world.orders.length + world.deliveries.length),
    ]);
  });

  it('follows orders, deliveries, corrections and voids made after it was built', async () => {
    const model = new ReportingModel(client);
    await model.current();
    const built = model.version;
    const month = today.slice(0, 7);
    const thisMonth = (groupBy: ReportDimension[]) => ({ from: `${month}-01`, to: lastDayOf(month), groupBy });
    const before = model.report(thisMonth(['provider']))!;

    const { order } = await acceptedOrder(client, { label: 'model', validFrom: `${month}-01` });
    const first = await client.reportDelivery({ orderId: order.id, date: `${month}-01`, quantity: '2' }, `deliver-model-1-${Date.now()}`);
    const second = await client.reportDelivery({ orderId: order.id, date: today, quantity: '1.5' }, `deliver-model-2-${Date.now()}`);
    await model.current();
    expect(model.version).toBeGreaterThan(built);
    const after = model.report(thisMonth(['provider']))!;
    expect(after.totalCents).toBe(before.totalCents + first.amountCents + second.amountCents);

    await client.correctDelivery(first.id, { quantity: '1', reason: 'shorter visit' });
    const rnd = new Random(34);
    await expectSameAsSystem(model, [...randomQueries(rnd, 30), thisMonth(['provider', 'municipality']), thisMonth(['serviceType'])]);
    // Voiding both takes the order, and the client when it was their only one, out of the cell.
    await client.correctDelivery(first.id, { quantity: '0', reason: 'not delivered' });
    await client.correctDelivery(second.id, { quantity: '0', reason: 'not delivered' });
    await expectSameAsSystem(model, [...randomQueries(rnd, 30), thisMonth(['provider', 'municipality', 'serviceType', 'month'])]);
    expect(model.report(thisMonth(['provider']))!.totalCents).toBe(before.totalCents);
  });

  it('reads the change feed in pages from a cursor, and refuses a cursor past its head', async () => {
    const page = await client.changes('0', 5);
    expect(page.items.map((c) => c.sequence)).toEqual([1, 2, 3, 4, 5]);
    expect(page).toMatchObject({ cursor: '5', hasMore: true });
    expect(page.items[0]).toMatchObject({ type: 'order-created', order: { id: world.orders[0]!.id } });
    const next = await client.changes(page.cursor, 2);
    expect(next.items.map((c) => c.sequence)).toEqual([6, 7]);
    const past = await client.changes('999999999', 10).catch((e: unknown) => e);
    expect(past).toBeInstanceOf(SystemRefusal);
    expect(past).toMatchObject({ status: 400, invalidParams: [{ name: 'after', reason: expect.any(String) }] });
  });
});

describe('the spending report through the graph', () => {
  // Started before the test (a stack's start is slow on a busy machine; the test's own time is for the test).
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('includes a delivery the system accepted just before the report, also when the same report was asked before', async () => {
    const token = await stack.token(claims.analyst());
    // The last month that has ended: what a report may cover.
    const [y, m] = today.split('-').map(Number) as [number, number];
    const month = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
    const variables = { from: `${month}-01`, to: lastDayOf(month), groupBy: ['MUNICIPALITY'] };
    const totalOf = async () => {
      const res = await stack.query(SPENDING, variables, token);
      expect(res.errors).toBeUndefined();
      return Math.round(Number(res.data.spendingReport.total.amount) * 100);
    };
    // The model was built before the subgraph said it was ready: the first report reads the feed from its head.
    stack.systems.vouchers.requests.reset();
    const before = await totalOf();
    const reads = stack.systems.vouchers.requests.entries.filter((r) => r.path === '/changes');
    expect(reads.map((r) => new URLSearchParams(r.query).get('after'))).toEqual([String(world.orders.length + world.deliveries.length)]);
    expect(await totalOf()).toBe(before); // asked again with nothing changed: the kept report

    const system = createVoucherClient(
      stack.systems.vouchers.url,
      { timeoutMs: 5000, retries: 0, backoffMs: 1 },
      stack.systemCredentials.voucherSystem,
    );
    const { order } = await acceptedOrder(system, { label: 'graph', validFrom: `${month}-01`, quantity: '3' });
    const delivery = await system.reportDelivery({ orderId: order.id, date: `${month}-15`, quantity: '2' }, `deliver-graph-${Date.now()}`);
    expect(await totalOf()).toBe(before + delivery.amountCents);
  });
});
