/**
 * The voucher system's typed client against the running stand-in: its write methods, and how
 * the system's answers come back — a refusal on the merits as SystemRefusal with the system's
 * reason as `kind`, an outage as UpstreamError — and that writes are never retried.
 */
import FinnishBankUtils from 'finnish-bank-utils';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SystemRefusal, UpstreamError } from './errors.js';
import { getWorld } from '../seed/world.js';
import type { RunningStandIn } from '../systems/http.js';
import { startVoucherSystem } from '../systems/voucher-system/server.js';
import { registrationsOf } from '../systems/registrations.js';
import { ephemeralSystemCredentials } from './system-credentials.js';
import { createVoucherClient, refusalOf, type VoucherClient } from './voucher-client.js';
import { newOrder } from '../test/support/voucher-orders.js';

const world = getWorld();
let system: RunningStandIn;
let client: VoucherClient;
const credentials = await ephemeralSystemCredentials();

/** Today in Finland, and days from it: the system refuses deliveries dated in the future. */
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
  new Date(),
);
function addDays(days: number): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
let serial = 0;
const key = (what: string) => `${what}-client-${++serial}-${Date.now()}`;
const kotihoito = world.unitCosts.find((u) => u.municipalityCode === '205' && u.serviceTypeCode === 'kotihoito')!.cents;

/** The refusal a call ends in (fails the test when it does not end in one). */
async function refusal(call: Promise<unknown>): Promise<SystemRefusal> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SystemRefusal);
  return error as SystemRefusal;
}

const grant = (grantedCents: number, planId = `pl-client-${++serial}`) =>
  client.grantVoucher(
    { clientId: 'cl-00001', planId, municipalityCode: '205', grantedCents, validFrom: addDays(-100), validTo: addDays(100) },
    key('grant'),
  );

beforeAll(async () => {
  system = await startVoucherSystem({ world, clients: registrationsOf(credentials).voucherSystem });
  client = createVoucherClient(system.url, { timeoutMs: 2000, retries: 2, backoffMs: 1 }, credentials.voucherSystem);
});
afterAll(async () => {
  await system.close();
});
beforeEach(() => {
  system.setFaults({ failureRate: 0, latencyMs: 0 });
});

describe('the voucher client', () => {
  it('grants, adjusts and cancels vouchers by version; stale versions and second grants are refused', async () => {
    const voucher = await grant(100_000);
    expect(voucher).toMatchObject({ status: 'ACTIVE', version: 1, balanceCents: 100_000 });
    const again = await refusal(grant(5, voucher.planId));
    expect(again).toMatchObject({ system: 'voucher-system', status: 409, kind: 'voucher-exists' });
    expect(again.detail).toContain(voucher.id);

    const raised = await client.changeVoucher(voucher.id, 1, { grantedCents: 150_000 });
    expect(raised).toMatchObject({ grantedCents: 150_000, version: 2 });
    expect(await client.voucher(voucher.id)).toEqual(raised);
    expect(await refusal(client.changeVoucher(voucher.id, 1, { grantedCents: 1 }))).toMatchObject({ status: 412, kind: 'stale' });

    const order = await client.createOrder(newOrder(voucher.id, '10'), key('order'));
    const used = await client.voucher(voucher.id);
    expect(await refusal(client.changeVoucher(voucher.id, used!.version, { grantedCents: 10 * kotihoito - 1 }))).toMatchObject({
      status: 409,
      kind: 'balance-exceeded',
    });

    const cancelled = await client.changeVoucher(voucher.id, used!.version, { status: 'CANCELLED', reason: 'plan revoked' });
    expect(cancelled).toMatchObject({ status: 'CANCELLED', committedCents: 0 });
    expect(await client.order(order.id)).toMatchObject({ status: 'CANCELLED', version: 2 });
    expect(await refusal(client.changeVoucher(voucher.id, cancelled.version, { grantedCents: 1 }))).toMatchObject({
      status: 409,
      kind: 'invalid-transition',
    });
    expect(await client.voucher('vo-none')).toBeNull();
    expect(await refusal(client.changeVoucher('vo-none', 1, { grantedCents: 1 }))).toMatchObject({ status: 404, kind: 'not-found' });
  });

  it('pays a provider cheaper than the unit cost its price: the voucher value is never more than the price', async () => {
    const voucher = await grant(5 * kotihoito);
    const cheap = await client.createOrder({ ...newOrder(voucher.id, '2'), unitPriceCents: kotihoito - 1000 }, key('order'));
    expect(cheap).toMatchObject({ unitPriceCents: kotihoito - 1000, voucherValueCents: kotihoito - 1000 });
    const dear = await client.createOrder({ ...newOrder(voucher.id, '1'), unitPriceCents: kotihoito + 950 }, key('order'));
    expect(dear).toMatchObject({ unitPriceCents: kotihoito + 950, voucherValueCents: kotihoito });
    // The budget commits what the voucher pays, not the unit cost.
    expect((await client.voucher(voucher.id))!.committedCents).toBe(2 * (kotihoito - 1000) + kotihoito);
  });

  it('orders, changes order statuses by version, and names the reason of every refusal', async () => {
    const voucher = await grant(5 * kotihoito);
    const orderKey = key('order');
    const order = await client.createOrder(newOrder(voucher.id, '2'), orderKey);
    expect(order).toMatchObject({ status: 'REQUESTED', version: 1, quantity: '2' });
    expect((await client.createOrder(newOrder(voucher.id, '2'), orderKey)).id).toBe(order.id);
    expect(await refusal(client.createOrder(newOrder(voucher.id, '3'), orderKey))).toMatchObject({
      status: 422,
      kind: 'idempotency-mismatch',
    });
    expect(await refusal(client.createOrder(newOrder(voucher.id, '4'), key('order')))).toMatchObject({
      status: 409,
      kind: 'balance-exceeded',
    });
    const invalid = await refusal(client.createOrder({ ...newOrder(voucher.id, '1'), quantity: '1.234' }, key('order')));
    expect(invalid).toMatchObject({ status: 400, kind: 'invalid', invalidParams: [{ name: 'quantity', reason: expect.any(String) }] });
    expect(await refusal(client.createOrder(newOrder('vo-none', '1'), key('order')))).toMatchObject({ status: 404, kind: 'not-found' });

    const accepted = await client.changeOrderStatus(order.id, 1, 'ACCEPTED', 'starting Monday');
    expect(accepted).toMatchObject({ status: 'ACCEPTED', version: 2, statusReason: 'starting Monday' });
    expect(await refusal(client.changeOrderStatus(order.id, 1, 'CANCELLED'))).toMatchObject({ status: 412, kind: 'stale' });
    expect(await refusal(client.changeOrderStatus(order.id, 2, 'DECLINED'))).toMatchObject({ status: 409, kind: 'invalid-transition' });
    expect(await client.order('or-999999')).toBeNull();
  });

  it('reports and corrects deliveries, settles them, and refuses to correct a settled one', async () => {
    const voucher = await grant(100_000);
    const order = await client.createOrder(newOrder(voucher.id, '3'), key('order'));
    await client.changeOrderStatus(order.id, order.version, 'ACCEPTED');
    const deliveryKey = key('deliver');
    const delivery = await client.reportDelivery({ orderId: order.id, date: addDays(-2), quantity: '1.5' }, deliveryKey);
    expect(delivery).toMatchObject({ orderId: order.id, quantity: '1.5', amountCents: 1.5 * kotihoito, paymentId: null });
    expect((await client.reportDelivery({ orderId: order.id, date: addDays(-2), quantity: '1.5' }, deliveryKey)).id).toBe(delivery.id);
    expect(await refusal(client.reportDelivery({ orderId: order.id, date: addDays(-1), quantity: '2' }, key('deliver')))).toMatchObject({
      status: 409,
      kind: 'quantity-exceeded',
    });
    const future = await refusal(client.reportDelivery({ orderId: order.id, date: addDays(1), quantity: '1' }, key('deliver')));
    expect(future).toMatchObject({ status: 400, kind: 'invalid' });
    expect(future.invalidParams.map((p) => p.name)).toEqual(['date']);

    const corrected = await client.correctDelivery(delivery.id, { quantity: '1', reason: 'one visit was shorter' });
    expect(corrected).toMatchObject({ quantity: '1', amountCents: kotihoito, correctionReason: 'one visit was shorter' });
    expect(await client.order(order.id)).toMatchObject({ deliveredQuantity: '1', version: 4 });

    // A provider without a registered IBAN is skipped; registered, it is paid.
    const elsewhere = await client.createOrder({ ...newOrder(voucher.id, '1'), providerId: 'pr-9101' }, key('order'));
    await client.changeOrderStatus(elsewhere.id, 1, 'ACCEPTED');
    const theirs = await client.reportDelivery({ orderId: elsewhere.id, date: addDays(-2), quantity: '1' }, key('deliver'));
    expect(await client.provider('pr-9101')).toBeNull();

    const run = await client.settle({ through: today }, key('settle'));
    const mine = run.payments.find((p) => p.deliveryIds.includes(delivery.id))!;
    expect(mine).toMatchObject({ providerId: 'pr-0001', status: 'PENDING', iban: (await client.provider('pr-0001'))!.iban });
    expect(FinnishBankUtils.isValidFinnishRefNumber(mine.reference)).toBe(true);
    expect(FinnishBankUtils.isValidFinnishIBAN(mine.iban)).toBe(true);
    expect(run.skipped).toEqual([{ providerId: 'pr-9101', reason: expect.any(String) }]);
    expect(await refusal(client.correctDelivery(delivery.id, { quantity: '0', reason: 'void' }))).toMatchObject({
      status: 409,
      kind: 'delivery-settled',
    });
    expect(await refusal(client.settle({ through: addDays(1) }, key('settle')))).toMatchObject({ status: 400, kind: 'invalid' });

    const registered = await client.registerProvider('pr-9101', {
      businessId: '1347601-6',
      name: 'Testihoiva Oy',
      iban: 'FI21 1234 5600 0007 85',
    });
    expect(registered.iban).toBe('FI2112345600000785');
    expect(
      await refusal(client.registerProvider('pr-9102', { businessId: '1347601-6', name: 'X', iban: 'FI2112345600000786' })),
    ).toMatchObject({ status: 400, kind: 'invalid', invalidParams: [{ name: 'iban', reason: expect.any(String) }] });
    const second = await client.settle({ through: today, providerId: 'pr-9101' }, key('settle'));
    expect(second.payments.map((p) => p.deliveryIds)).toEqual([[theirs.id]]);
    expect((await client.settle({ through: today }, key('settle'))).payments).toEqual([]);

    const paid = await client.payments({ ids: [mine.id, second.payments[0].id] });
    expect(paid.map((p) => p.id).sort()).toEqual([mine.id, second.payments[0].id].sort());
    const all = await client.payments({ providerIds: ['pr-0001'] });
    expect(all.length).toBe(world.payments.filter((p) => p.providerId === 'pr-0001').length + 1);
  });

  it('answers an outage with UpstreamError and never retries a write', async () => {
    system.setFaults({ failureRate: 1 });
    system.requests.reset();
    const error = await client.createOrder(newOrder('vo-00001-1', '1'), key('order')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).not.toBeInstanceOf(SystemRefusal);
    expect(system.requests.count((r) => r.method === 'POST')).toBe(1);
    // Reads are retried (the policy allows two more attempts).
    await client.voucher('vo-00001-1').catch(() => null);
    expect(system.requests.count((r) => r.method === 'GET')).toBe(3);
  });
});

describe('refusalOf', () => {
  it("takes the kind from the problem type's last segment, or from the status for generic types", () => {
    const cases: [number, unknown, string][] = [
      [409, { type: '/problems/balance-exceeded' }, 'balance-exceeded'],
      [409, { type: '/problems/conflict' }, 'conflict'],
      [409, {}, 'conflict'],
      [412, { type: '/problems/precondition-failed' }, 'stale'],
      [428, { type: '/problems/precondition-required' }, 'precondition-required'],
      [404, { type: '/problems/not-found' }, 'not-found'],
      [400, { type: '/problems/invalid-request' }, 'invalid'],
      [422, { type: '/problems/idempotency-mismatch' }, 'idempotency-mismatch'],
      [422, null, 'invalid'],
      [409, { type: 'about:blank' }, 'conflict'],
    ];
    for (const [status, problem, kind] of cases) expect(refusalOf(status, problem, 'x').kind, JSON.stringify(problem)).toBe(kind);
    const r = refusalOf(
      400,
      { detail: 'bad', invalidParams: [{ name: 'date', reason: 'future', extra: 1 }, { name: 3 }] },
      'POST /deliveries',
    );
    expect(r).toMatchObject({ system: 'voucher-system', status: 400, detail: 'bad', invalidParams: [{ name: 'date', reason: 'future' }] });
  });
});

describe('a voucher system answering outside its contract', () => {
  // A real HTTP server standing in for a broken deployment of the system: its answers are
  // well-formed JSON, but not what the OpenAPI document promises.
  let broken: import('node:http').Server;
  let answer: { status: number; body: unknown };
  let brokenClient: VoucherClient;

  beforeAll(async () => {
    const { createServer } = await import('node:http');
    // Its token endpoint works: what is broken is the API behind it.
    const token = { access_token: 'token-of-a-broken-deployment', token_type: 'Bearer', expires_in: 300 };
    broken = createServer((req, res) =>
      res
        .writeHead(req.url === '/oauth/token' ? 200 : answer.status, { 'content-type': 'application/json' })
        .end(JSON.stringify(req.url === '/oauth/token' ? token : answer.body)),
    );
    await new Promise<void>((r) => broken.listen(0, '127.0.0.1', r));
    const { port } = broken.address() as import('node:net').AddressInfo;
    brokenClient = createVoucherClient(
      `http://127.0.0.1:${port}`,
      { timeoutMs: 1000, retries: 0, backoffMs: 10, breakerThreshold: 1000 },
      credentials.voucherSystem,
    );
  });
  afterAll(async () => {
    broken.closeAllConnections();
    await new Promise((r) => broken.close(r));
  });

  it.each([
    ['an empty object for a page', { status: 200, body: {} }],
    [
      'a voucher with a status the contract does not know',
      { status: 200, body: { items: [{ ...world.vouchers[0], status: 'FROZEN' }], nextCursor: null } },
    ],
    ['a list of the wrong things', { status: 200, body: { items: [{ id: 5 }], nextCursor: null } }],
  ])('%s is the system failing: UpstreamError naming it, not data', async (_what, a) => {
    answer = a;
    const error = await brokenClient.vouchers({ ids: ['vo-00001-1'] }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ system: 'voucher-system' });
    expect((error as Error).message).toMatch(/^voucher-system answered GET \/vouchers with data outside its contract/);
  });

  it('a 4xx of any shape is still a refusal on the merits', async () => {
    answer = { status: 404, body: { unexpected: true } };
    expect(await brokenClient.voucher('vo-00001-1')).toBeNull();
    answer = { status: 409, body: 'not even an object' };
    expect((await refusal(brokenClient.changeOrderStatus('or-1', 1, 'CANCELLED'))).status).toBe(409);
  });
});
