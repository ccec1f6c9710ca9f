/**
 * The voucher system's writes over real HTTP, every answer checked against the OpenAPI document:
 * vouchers (grant, adjust, cancel with its open orders), orders, deliveries (report, correct),
 * the provider register and settlements. The invariants a system of record must hold whatever
 * its callers do are tested under concurrency: 50 orders at once never overdraw a voucher, ten
 * retries of one delivery at once charge it once.
 */
import FinnishBankUtils from 'finnish-bank-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getWorld } from '../../seed/world.js';
import type { RunningStandIn } from '../http.js';
import { startVoucherSystem } from './server.js';
import { TEST_CLIENT, contractCalls, type Answer } from './testing.js';
import { today } from './write-support.js';

const world = getWorld();
let system: RunningStandIn;
const { get, send, pageAll } = contractCalls(() => system.url);

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
const TODAY = today();
const unitCost = (serviceTypeCode: string, municipalityCode = '205') =>
  world.unitCosts.find((u) => u.municipalityCode === municipalityCode && u.serviceTypeCode === serviceTypeCode)!.cents;

/** Keys unique per call, so suites never replay each other's writes. */
let serial = 0;
const key = (what: string) => `${what}-${++serial}-${Math.random().toString(36).slice(2, 8)}`;

const VALIDITY = { validFrom: addDays(TODAY, -300), validTo: addDays(TODAY, 60) };

async function grant(grantedCents: number, overrides: Record<string, unknown> = {}): Promise<Answer> {
  const planId = `pl-t${++serial}`;
  const answer = await send(
    'POST',
    '/vouchers',
    '/vouchers',
    { clientId: 'cl-00001', planId, municipalityCode: '205', grantedCents, ...VALIDITY, ...overrides },
    { 'idempotency-key': key('grant') },
  );
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer;
}

interface OrderOptions {
  serviceTypeCode?: string;
  providerId?: string;
}
async function order(voucherId: string, quantity: string, options: OrderOptions = {}): Promise<Answer> {
  return send(
    'POST',
    '/orders',
    '/orders',
    {
      voucherId,
      plannedServiceId: 'ps-00001-1-01',
      serviceTypeCode: options.serviceTypeCode ?? 'kotihoito',
      providerId: options.providerId ?? 'pr-0001',
      offeringId: 'of-0001-01',
      quantity,
      unitPriceCents: 6300,
      planVersion: '4',
    },
    { 'idempotency-key': key('order') },
  );
}

async function setStatus(o: { id: string; version: number }, status: string, reason?: string): Promise<Answer> {
  return send('PATCH', '/orders/{id}', `/orders/${o.id}`, { status, ...(reason ? { reason } : {}) }, { 'if-match': `"${o.version}"` });
}

/** An ACCEPTED order of `quantity` on the voucher. */
async function acceptedOrder(voucherId: string, quantity: string, options: OrderOptions = {}): Promise<Answer['body']> {
  const created = await order(voucherId, quantity, options);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const accepted = await setStatus(created.body, 'ACCEPTED');
  expect(accepted.status).toBe(200);
  return accepted.body;
}

const deliver = (orderId: string, quantity: string, date = addDays(TODAY, -5), idempotencyKey = key('deliver')) =>
  send('POST', '/deliveries', '/deliveries', { orderId, date, quantity }, { 'idempotency-key': idempotencyKey });
const correct = (id: string, quantity: string, reason = 'reported wrong') =>
  send('PATCH', '/deliveries/{id}', `/deliveries/${id}`, { quantity, reason });
const readOrder = async (id: string) => (await get('/orders/{id}', `/orders/${id}`)).body;
const readVoucher = async (id: string) => (await get('/vouchers/{id}', `/vouchers/${id}`)).body;
const settle = (body: Record<string, unknown>, idempotencyKey = key('settle')) =>
  send('POST', '/settlements', '/settlements', body, { 'idempotency-key': idempotencyKey });

beforeAll(async () => {
  system = await startVoucherSystem({ world, clients: [TEST_CLIENT] });
});
afterAll(async () => {
  await system.close();
});

describe('vouchers', () => {
  it('grants an ACTIVE voucher once per Idempotency-Key, version 1, and refuses the key with another body', async () => {
    const body = { clientId: 'cl-00001', planId: 'pl-grant-1', municipalityCode: '205', grantedCents: 500000, ...VALIDITY };
    expect((await send('POST', '/vouchers', '/vouchers', body)).status).toBe(400);
    const first = await send('POST', '/vouchers', '/vouchers', body, { 'idempotency-key': 'grant-key-0001' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      status: 'ACTIVE',
      version: 1,
      grantedCents: 500000,
      deliveredCents: 0,
      committedCents: 0,
      balanceCents: 500000,
      statusReason: null,
    });
    expect(first.headers.get('etag')).toBe('"1"');
    expect(first.headers.get('location')).toBe(`/vouchers/${first.body.id}`);
    const retry = await send('POST', '/vouchers', '/vouchers', body, { 'idempotency-key': 'grant-key-0001' });
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    const other = await send('POST', '/vouchers', '/vouchers', { ...body, grantedCents: 1 }, { 'idempotency-key': 'grant-key-0001' });
    expect(other.status).toBe(422);
    expect(other.body.type).toBe('/problems/idempotency-mismatch');
    // The same key on another operation is another key.
    const sameKeyElsewhere = await send(
      'POST',
      '/settlements',
      '/settlements',
      { through: TODAY, providerId: 'pr-none' },
      { 'idempotency-key': 'grant-key-0001' },
    );
    expect(sameKeyElsewhere.status).toBe(201);
    // At most one ACTIVE voucher per plan.
    const twice = await send('POST', '/vouchers', '/vouchers', body, { 'idempotency-key': 'grant-key-0002' });
    expect(twice.status).toBe(409);
    expect(twice.body.type).toBe('/problems/voucher-exists');
    expect((await get('/vouchers', '/vouchers?planId=pl-grant-1')).body.total).toBe(1);
  });

  it('refuses invalid grants with 400 naming every field', async () => {
    const bad = await send(
      'POST',
      '/vouchers',
      '/vouchers',
      {
        clientId: 'cl 1',
        planId: 'pl-x',
        municipalityCode: '999',
        grantedCents: -1,
        validFrom: '2026-02-30',
        validTo: '2026-01-01',
        colour: 'red',
      },
      { 'idempotency-key': key('grant') },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.invalidParams.map((p: any) => p.name).sort()).toEqual(
      ['clientId', 'colour', 'grantedCents', 'municipalityCode', 'validFrom'].sort(),
    );
    const backwards = await send(
      'POST',
      '/vouchers',
      '/vouchers',
      { clientId: 'cl-1', planId: 'pl-x', municipalityCode: '205', grantedCents: 1, validFrom: '2026-02-01', validTo: '2026-01-01' },
      { 'idempotency-key': key('grant') },
    );
    expect(backwards.body.invalidParams.map((p: any) => p.name)).toEqual(['validTo']);
    const short = await send('POST', '/vouchers', '/vouchers', { clientId: 'cl-1' }, { 'idempotency-key': 'short' });
    expect(short.status).toBe(400);
    expect(short.body.invalidParams.map((p: any) => p.name)).toEqual(['Idempotency-Key']);
  });

  it('adjusts the grant and validity with If-Match on the version: 428, 412, and never below delivered + committed', async () => {
    const { body: voucher } = await grant(100_000);
    const path = `/vouchers/${voucher.id}`;
    expect((await send('PATCH', '/vouchers/{id}', path, { grantedCents: 90_000 })).status).toBe(428);
    expect((await send('PATCH', '/vouchers/{id}', path, { grantedCents: 90_000 }, { 'if-match': '"7"' })).status).toBe(412);
    const raised = await send(
      'PATCH',
      '/vouchers/{id}',
      path,
      { grantedCents: 120_000, validTo: addDays(TODAY, 90) },
      { 'if-match': '"1"' },
    );
    expect(raised.status).toBe(200);
    expect(raised.body).toMatchObject({ grantedCents: 120_000, validTo: addDays(TODAY, 90), version: 2, balanceCents: 120_000 });
    expect(raised.headers.get('etag')).toBe('"2"');
    expect((await send('PATCH', '/vouchers/{id}', path, { grantedCents: 1 }, { 'if-match': '"1"' })).status).toBe(412);
    // Nothing changed: the same version.
    const same = await send('PATCH', '/vouchers/{id}', path, { grantedCents: 120_000 }, { 'if-match': '"2"' });
    expect(same.body.version).toBe(2);

    // An order commits 2 h × 52.00; a delivery of 1 h spends 52.00.
    const o = await acceptedOrder(voucher.id, '2');
    await deliver(o.id, '1', addDays(TODAY, -3));
    const now = await readVoucher(voucher.id);
    expect(now).toMatchObject({ deliveredCents: unitCost('kotihoito'), committedCents: unitCost('kotihoito') });
    expect(now.version).toBeGreaterThan(2); // its balance moved, so did its version
    const below = await send(
      'PATCH',
      '/vouchers/{id}',
      path,
      { grantedCents: 2 * unitCost('kotihoito') - 1 },
      { 'if-match': `"${now.version}"` },
    );
    expect(below.status).toBe(409);
    expect(below.body.type).toBe('/problems/balance-exceeded');
    const exact = await send(
      'PATCH',
      '/vouchers/{id}',
      path,
      { grantedCents: 2 * unitCost('kotihoito') },
      { 'if-match': `"${now.version}"` },
    );
    expect(exact.status).toBe(200);
    expect(exact.body.balanceCents).toBe(0);
    // The validity cannot end before a delivery made in it.
    const early = await send('PATCH', '/vouchers/{id}', path, { validTo: addDays(TODAY, -4) }, { 'if-match': `"${exact.body.version}"` });
    expect(early.status).toBe(409);
    expect(early.body.type).toBe('/problems/conflict');

    const mixed = await send(
      'PATCH',
      '/vouchers/{id}',
      path,
      { grantedCents: 1, status: 'CANCELLED', reason: 'x' },
      { 'if-match': `"${exact.body.version}"` },
    );
    expect(mixed.status).toBe(400);
    expect(mixed.body.invalidParams.map((p: any) => p.name)).toEqual(['grantedCents']);
    const empty = await send('PATCH', '/vouchers/{id}', path, {}, { 'if-match': `"${exact.body.version}"` });
    expect(empty.status).toBe(400);
    expect((await send('PATCH', '/vouchers/{id}', '/vouchers/vo-nope', { grantedCents: 1 }, { 'if-match': '"1"' })).status).toBe(404);
  });

  it('cancelling cancels every REQUESTED and ACCEPTED order in the same step; deliveries stay; nothing changes after', async () => {
    const { body: voucher } = await grant(1_000_000);
    const requested = (await order(voucher.id, '3')).body;
    const accepted = await acceptedOrder(voucher.id, '4');
    await deliver(accepted.id, '1.5');
    const declined = (await setStatus((await order(voucher.id, '1')).body, 'DECLINED', 'no capacity')).body;
    const before = await readVoucher(voucher.id);

    const cancelled = await send(
      'PATCH',
      '/vouchers/{id}',
      `/vouchers/${voucher.id}`,
      { status: 'CANCELLED', reason: 'plan revoked' },
      { 'if-match': `"${before.version}"` },
    );
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({
      status: 'CANCELLED',
      statusReason: 'plan revoked',
      committedCents: 0,
      deliveredCents: before.deliveredCents,
      version: before.version + 1,
    });

    const { body } = await get('/orders', `/orders?id=${requested.id}&id=${accepted.id}&id=${declined.id}`);
    const byId = new Map(body.items.map((o: any) => [o.id, o]));
    expect(byId.get(requested.id)).toMatchObject({
      status: 'CANCELLED',
      version: requested.version + 1,
      statusReason: 'voucher cancelled: plan revoked',
    });
    expect(byId.get(accepted.id)).toMatchObject({ status: 'CANCELLED', deliveredQuantity: '1.5' });
    expect(byId.get(declined.id)).toMatchObject({ status: 'DECLINED', version: declined.version, statusReason: 'no capacity' });
    expect((await get('/deliveries', `/deliveries?orderId=${accepted.id}`)).body.total).toBe(1);

    const again = await send(
      'PATCH',
      '/vouchers/{id}',
      `/vouchers/${voucher.id}`,
      { grantedCents: 5 },
      { 'if-match': `"${cancelled.body.version}"` },
    );
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('/problems/invalid-transition');
    const orderAfter = await order(voucher.id, '1');
    expect(orderAfter.status).toBe(409);
    expect(orderAfter.body.type).toBe('/problems/voucher-not-active');
    const deliveryAfter = await deliver(accepted.id, '1');
    expect(deliveryAfter.status).toBe(409);
    expect(deliveryAfter.body.type).toBe('/problems/invalid-transition');
    // A new voucher may be granted for the plan now.
    const regrant = await send(
      'POST',
      '/vouchers',
      '/vouchers',
      { clientId: 'cl-00001', planId: voucher.planId, municipalityCode: '205', grantedCents: 1, ...VALIDITY },
      { 'idempotency-key': key('grant') },
    );
    expect(regrant.status).toBe(201);
  });

  it('an EXPIRED voucher of the seed cannot change', async () => {
    const expired = world.vouchers.find((v) => v.status === 'EXPIRED')!;
    const answer = await send(
      'PATCH',
      '/vouchers/{id}',
      `/vouchers/${expired.id}`,
      { grantedCents: expired.grantedCents + 100 },
      { 'if-match': '"1"' },
    );
    expect(answer.status).toBe(409);
    expect(answer.body.type).toBe('/problems/invalid-transition');
  });
});

describe('orders', () => {
  const seededVoucher = 'vo-00001-1';
  const newOrder = {
    voucherId: seededVoucher,
    plannedServiceId: 'ps-00001-1-01',
    serviceTypeCode: 'kotihoito',
    providerId: 'pr-0001',
    offeringId: 'of-0001-01',
    quantity: '1.5',
    unitPriceCents: 6300,
    planVersion: '4',
  };

  it('seeded orders and vouchers are at version 1, tagged "1", and answer If-None-Match with 304', async () => {
    for (const [template, path] of [
      ['/orders/{id}', '/orders/or-000001'],
      ['/vouchers/{id}', `/vouchers/${seededVoucher}`],
    ]) {
      const first = await get(template, path);
      expect(first.body.version).toBe(1);
      expect(first.headers.get('etag')).toBe('"1"');
      expect((await get(template, path, { 'if-none-match': '"1"' })).status).toBe(304);
    }
  });

  it('creates an order once per Idempotency-Key, and refuses the key with another body', async () => {
    expect((await send('POST', '/orders', '/orders', newOrder)).status).toBe(400);
    const first = await send('POST', '/orders', '/orders', newOrder, { 'idempotency-key': 'test-key-0001' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      status: 'REQUESTED',
      clientId: 'cl-00001',
      quantity: '1.5',
      voucherValueCents: unitCost('kotihoito'),
      deliveredCents: 0,
      version: 1,
      statusReason: null,
    });
    expect(first.headers.get('etag')).toBe('"1"');
    const retry = await send('POST', '/orders', '/orders', newOrder, { 'idempotency-key': 'test-key-0001' });
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    const other = await send('POST', '/orders', '/orders', { ...newOrder, quantity: '2' }, { 'idempotency-key': 'test-key-0001' });
    expect(other.status).toBe(422);
    expect(other.body.type).toBe('/problems/idempotency-mismatch');
    const tooMuch = await send('POST', '/orders', '/orders', { ...newOrder, quantity: '9999' }, { 'idempotency-key': 'test-key-0002' });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.type).toBe('/problems/balance-exceeded');
    const bad = await send('POST', '/orders', '/orders', { ...newOrder, quantity: 1.5 }, { 'idempotency-key': 'test-key-0003' });
    expect(bad.status).toBe(400);
    expect(bad.body.invalidParams.map((p: any) => p.name)).toEqual(['quantity']);
    const noVoucher = await send(
      'POST',
      '/orders',
      '/orders',
      { ...newOrder, voucherId: 'vo-nope' },
      { 'idempotency-key': 'test-key-0004' },
    );
    expect(noVoucher.status).toBe(404);
  });

  it('refuses orders against a voucher that is not ACTIVE or no longer valid', async () => {
    const expired = world.vouchers.find((v) => v.status === 'EXPIRED')!;
    const seededExpired = await send(
      'POST',
      '/orders',
      '/orders',
      { ...newOrder, voucherId: expired.id },
      { 'idempotency-key': key('order') },
    );
    expect(seededExpired.status).toBe(409);
    expect(seededExpired.body.type).toBe('/problems/voucher-not-active');
    const { body: ended } = await grant(100_000, { validFrom: addDays(TODAY, -100), validTo: addDays(TODAY, -1) });
    const late = await order(ended.id, '1');
    expect(late.status).toBe(409);
    expect(late.body.type).toBe('/problems/voucher-not-active');
  });

  it('changes status only with the current version in If-Match; the transition table holds; a reason is kept', async () => {
    const { body: voucher } = await grant(100_000);
    const created = (await order(voucher.id, '0.5')).body;
    const path = `/orders/${created.id}`;
    expect((await send('PATCH', '/orders/{id}', path, { status: 'ACCEPTED' })).status).toBe(428);
    expect((await send('PATCH', '/orders/{id}', path, { status: 'ACCEPTED' }, { 'if-match': '"2"' })).status).toBe(412);
    const badBody = await send('PATCH', '/orders/{id}', path, { status: 'LOST', note: 1 }, { 'if-match': '"1"' });
    expect(badBody.status).toBe(400);
    expect(badBody.body.invalidParams.map((p: any) => p.name).sort()).toEqual(['note', 'status']);
    const accepted = await send('PATCH', '/orders/{id}', path, { status: 'ACCEPTED', reason: 'we start on Monday' }, { 'if-match': '"1"' });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'ACCEPTED', version: 2, statusReason: 'we start on Monday' });
    expect(accepted.headers.get('etag')).toBe('"2"');
    const back = await send('PATCH', '/orders/{id}', path, { status: 'DECLINED' }, { 'if-match': '"2"' });
    expect(back.status).toBe(409);
    expect(back.body.type).toBe('/problems/invalid-transition');
    // A provider polling with updatedSince sees the change.
    const { body } = await get('/orders', `/orders?providerId=pr-0001&updatedSince=${accepted.body.updatedAt}`);
    expect(body.items.map((o: any) => o.id)).toContain(created.id);
    expect(body.items.every((o: any) => o.updatedAt >= accepted.body.updatedAt)).toBe(true);
  });

  it('cancelling an order releases its undelivered part of the voucher', async () => {
    const { body: voucher } = await grant(100_000);
    const o = await acceptedOrder(voucher.id, '10');
    await deliver(o.id, '2.5');
    const before = await readVoucher(voucher.id);
    expect(before.committedCents).toBe(Math.round(7.5 * unitCost('kotihoito')));
    const current = await readOrder(o.id);
    const cancelled = await setStatus(current, 'CANCELLED', 'moved to a nursing home');
    expect(cancelled.body).toMatchObject({
      status: 'CANCELLED',
      deliveredQuantity: '2.5',
      statusReason: 'moved to a nursing home',
      version: current.version + 1,
    });
    const after = await readVoucher(voucher.id);
    expect(after).toMatchObject({
      committedCents: 0,
      deliveredCents: before.deliveredCents,
      balanceCents: 100_000 - before.deliveredCents,
      version: before.version + 1,
    });
  });

  it('50 concurrent orders never overdraw a voucher: every refusal is 409 balance-exceeded', async () => {
    const each = 3 * unitCost('kotihoito');
    const { body: voucher } = await grant(6 * each + each / 2); // room for 6 of the 50
    const answers = await Promise.all(Array.from({ length: 50 }, () => order(voucher.id, '3')));
    const created = answers.filter((a) => a.status === 201);
    const refused = answers.filter((a) => a.status !== 201);
    expect(created).toHaveLength(6);
    expect(new Set(created.map((a) => a.body.id)).size).toBe(6);
    for (const r of refused) {
      expect(r.status).toBe(409);
      expect(r.body.type).toBe('/problems/balance-exceeded');
    }
    const after = await readVoucher(voucher.id);
    expect(after.deliveredCents + after.committedCents).toBeLessThanOrEqual(after.grantedCents);
    expect(after.committedCents).toBe(6 * each);
    expect((await get('/orders', `/orders?planId=${voucher.planId}`)).body.total).toBe(6);
  });
});

describe('deliveries', () => {
  it('reports a delivery of an ACCEPTED order: charged half up to the cent, in the order, the voucher, the lists and the report', async () => {
    const { body: voucher } = await grant(1_000_000);
    const o = await acceptedOrder(voucher.id, '2', { serviceTypeCode: 'kotipalvelu' }); // 36.50 € an hour
    const date = addDays(TODAY, -2);
    const reportBefore = (await get('/reports/spending', `/reports/spending?from=${date}&to=${date}&groupBy=provider`)).body;
    const delivered = await deliver(o.id, '0.01', date);
    expect(delivered.status).toBe(201);
    expect(delivered.body).toMatchObject({
      orderId: o.id,
      date,
      quantity: '0.01',
      amountCents: Math.ceil(unitCost('kotipalvelu') / 100),
      paymentId: null,
      correctedAt: null,
      correctionReason: null,
    });
    expect(unitCost('kotipalvelu') % 100).toBe(50); // 36.5 cents: a half, rounded up
    expect(delivered.headers.get('location')).toBe(`/deliveries/${delivered.body.id}`);
    expect((await get('/deliveries/{id}', delivered.headers.get('location')!)).body).toEqual(delivered.body);

    const after = await readOrder(o.id);
    expect(after).toMatchObject({
      status: 'ACCEPTED',
      deliveredQuantity: '0.01',
      deliveredCents: delivered.body.amountCents,
      version: o.version + 1,
    });
    expect(after.updatedAt >= o.updatedAt).toBe(true);
    const v = await readVoucher(voucher.id);
    expect(v.deliveredCents).toBe(delivered.body.amountCents);
    expect(v.balanceCents).toBe(v.grantedCents - v.deliveredCents - v.committedCents);
    expect((await get('/deliveries', `/deliveries?orderId=${o.id}`)).body.items.map((d: any) => d.id)).toEqual([delivered.body.id]);
    const reportAfter = (await get('/reports/spending', `/reports/spending?from=${date}&to=${date}&groupBy=provider`)).body;
    expect(reportAfter.totalCents).toBe(reportBefore.totalCents + delivered.body.amountCents);
  });

  it('keeps every delivery in date order, new ones included', async () => {
    const { body: voucher } = await grant(1_000_000);
    const o = await acceptedOrder(voucher.id, '10');
    for (const days of [-1, -200, -30]) expect((await deliver(o.id, '1', addDays(TODAY, days))).status).toBe(201);
    const { items } = await pageAll('/deliveries', '/deliveries?limit=500');
    for (let i = 1; i < items.length; i++) {
      const [a, b] = [items[i - 1], items[i]];
      expect(a.date < b.date || (a.date === b.date && a.id < b.id), `${a.id} ${a.date} before ${b.id} ${b.date}`).toBe(true);
    }
    expect(items.filter((d) => d.orderId === o.id).map((d) => d.date)).toEqual([
      addDays(TODAY, -200),
      addDays(TODAY, -30),
      addDays(TODAY, -1),
    ]);
  });

  it('refuses deliveries of orders not ACCEPTED, beyond the ordered quantity, of bad quantities and dates', async () => {
    const { body: voucher } = await grant(1_000_000, { validFrom: addDays(TODAY, -30) });
    const requested = (await order(voucher.id, '2')).body;
    const notAccepted = await deliver(requested.id, '1');
    expect(notAccepted.status).toBe(409);
    expect(notAccepted.body.type).toBe('/problems/invalid-transition');

    const o = await acceptedOrder(voucher.id, '2');
    const tooMuch = await deliver(o.id, '2.01');
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.type).toBe('/problems/quantity-exceeded');
    for (const quantity of ['0', '-1', '1.234', 'one']) {
      const bad = await deliver(o.id, quantity);
      expect(bad.status, quantity).toBe(400);
      expect(bad.body.invalidParams.map((p: any) => p.name)).toEqual(['quantity']);
    }
    for (const date of [addDays(TODAY, 1), addDays(TODAY, -31), '2026-02-30']) {
      const bad = await deliver(o.id, '1', date);
      expect(bad.status, date).toBe(400);
      expect(bad.body.invalidParams.map((p: any) => p.name)).toEqual(['date']);
    }
    expect((await deliver('or-999999', '1')).status).toBe(404);
    const noKey = await send('POST', '/deliveries', '/deliveries', { orderId: o.id, date: TODAY, quantity: '1' });
    expect(noKey.status).toBe(400);
    // Nothing of the refused reports was recorded.
    expect((await readOrder(o.id)).deliveredQuantity).toBe('0');
    expect((await get('/deliveries', `/deliveries?orderId=${o.id}`)).body.total).toBe(0);
  });

  it('never takes the voucher above its grant, not even by a rounded cent', async () => {
    // 0.02 h × 36.50 = 0.73 €: the voucher holds exactly that. Delivering 0.01 h charges 0.37 and
    // leaves 0.01 h committed at 0.37: 0.74 would exceed the grant.
    const value = unitCost('kotipalvelu');
    const { body: voucher } = await grant(Math.round((2 * value) / 100));
    const o = await acceptedOrder(voucher.id, '0.02', { serviceTypeCode: 'kotipalvelu' });
    const over = await deliver(o.id, '0.01');
    expect(over.status).toBe(409);
    expect(over.body.type).toBe('/problems/balance-exceeded');
    const whole = await deliver(o.id, '0.02');
    expect(whole.status).toBe(201);
    const v = await readVoucher(voucher.id);
    expect(v.deliveredCents + v.committedCents).toBeLessThanOrEqual(v.grantedCents);
  });

  it('10 concurrent reports with one Idempotency-Key create one delivery', async () => {
    const { body: voucher } = await grant(1_000_000);
    const o = await acceptedOrder(voucher.id, '5');
    const sameKey = key('retry');
    const answers = await Promise.all(Array.from({ length: 10 }, () => deliver(o.id, '2', addDays(TODAY, -1), sameKey)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect((await get('/deliveries', `/deliveries?orderId=${o.id}`)).body.total).toBe(1);
    expect((await readOrder(o.id)).deliveredQuantity).toBe('2');
  });

  it('completes the order when all is delivered, in the same step', async () => {
    const { body: voucher } = await grant(1_000_000);
    const o = await acceptedOrder(voucher.id, '3');
    await deliver(o.id, '1');
    const last = await deliver(o.id, '2');
    expect(last.status).toBe(201);
    const completed = await readOrder(o.id);
    expect(completed).toMatchObject({ status: 'COMPLETED', deliveredQuantity: '3', version: o.version + 2 });
    expect((await readVoucher(voucher.id)).committedCents).toBe(0);
    const more = await deliver(o.id, '0.5');
    expect(more.status).toBe(409);
    expect(more.body.type).toBe('/problems/invalid-transition');
  });

  it('corrects an unsettled delivery: the order re-opens below its quantity, 0 voids it, the same rules hold', async () => {
    const { body: voucher } = await grant(1_000_000);
    const o = await acceptedOrder(voucher.id, '4');
    const first = (await deliver(o.id, '1', addDays(TODAY, -6))).body;
    const second = (await deliver(o.id, '3', addDays(TODAY, -3))).body;
    expect((await readOrder(o.id)).status).toBe('COMPLETED');

    const lowered = await correct(second.id, '2.5', 'the last visit was cut short');
    expect(lowered.status).toBe(200);
    expect(lowered.body).toMatchObject({
      quantity: '2.5',
      amountCents: 2.5 * unitCost('kotihoito'),
      correctionReason: 'the last visit was cut short',
    });
    expect(lowered.body.correctedAt).toBeTruthy();
    const reopened = await readOrder(o.id);
    expect(reopened).toMatchObject({ status: 'ACCEPTED', deliveredQuantity: '3.5' });
    expect((await readVoucher(voucher.id)).committedCents).toBe(unitCost('kotihoito') / 2);

    const over = await correct(first.id, '1.51');
    expect(over.status).toBe(409);
    expect(over.body.type).toBe('/problems/quantity-exceeded');
    const raised = await correct(first.id, '1.5');
    expect(raised.status).toBe(200);
    expect((await readOrder(o.id)).status).toBe('COMPLETED');

    const reportBefore = (await get('/reports/spending', `/reports/spending?from=${first.date}&to=${first.date}&groupBy=provider`)).body;
    const voided = await correct(first.id, '0', 'reported twice by mistake');
    expect(voided.body).toMatchObject({ quantity: '0', amountCents: 0 });
    const reportAfter = (await get('/reports/spending', `/reports/spending?from=${first.date}&to=${first.date}&groupBy=provider`)).body;
    expect(reportAfter.totalCents).toBe(reportBefore.totalCents - 1.5 * unitCost('kotihoito'));
    expect(await readOrder(o.id)).toMatchObject({ status: 'ACCEPTED', deliveredQuantity: '2.5' });
    expect((await get('/deliveries', `/deliveries?orderId=${o.id}`)).body.total).toBe(2); // a voided delivery stays listed

    const noReason = await send('PATCH', '/deliveries/{id}', `/deliveries/${first.id}`, { quantity: '1' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.invalidParams.map((p: any) => p.name)).toEqual(['reason']);
    expect((await correct('de-9999999', '1')).status).toBe(404);
  });

  it('only lowers deliveries of an order no longer ACCEPTED', async () => {
    const { body: voucher } = await grant(1_000_000);
    const o = await acceptedOrder(voucher.id, '4');
    const d = (await deliver(o.id, '2')).body;
    await setStatus(await readOrder(o.id), 'CANCELLED');
    const up = await correct(d.id, '3');
    expect(up.status).toBe(409);
    expect(up.body.type).toBe('/problems/invalid-transition');
    const down = await correct(d.id, '1');
    expect(down.status).toBe(200);
    expect(await readOrder(o.id)).toMatchObject({ status: 'CANCELLED', deliveredQuantity: '1' });
  });

  it('a settled delivery of the seed cannot be corrected', async () => {
    const seeded = world.deliveries[0];
    const answer = await correct(seeded.id, '0');
    expect(answer.status).toBe(409);
    expect(answer.body.type).toBe('/problems/delivery-settled');
    expect((await get('/deliveries/{id}', `/deliveries/${seeded.id}`)).body.paymentId).toMatch(/^pa-/);
  });
});

describe('providers and settlements', () => {
  const unregistered = 'pr-9001';
  // A system of its own: a settlement pays every unsettled delivery, the other suites' too.
  let shared: RunningStandIn;
  beforeAll(async () => {
    shared = system;
    system = await startVoucherSystem({ world, clients: [TEST_CLIENT] });
  });
  afterAll(async () => {
    await system.close();
    system = shared;
  });

  it('keeps a register of the providers it pays, seeded from the world, with checked business IDs and IBANs', async () => {
    const seeded = world.providers[0];
    const { body, headers } = await get('/providers/{id}', `/providers/${seeded.id}`);
    expect(body).toMatchObject({ id: seeded.id, businessId: seeded.businessId, name: seeded.name, iban: seeded.iban });
    expect((await get('/providers/{id}', `/providers/${seeded.id}`, { 'if-none-match': headers.get('etag')! })).status).toBe(304);
    expect((await get('/providers/{id}', `/providers/${unregistered}`)).status).toBe(404);

    const bad = await send('PUT', '/providers/{id}', `/providers/${unregistered}`, {
      businessId: '1234567-2',
      name: '',
      iban: 'FI2112345600000786',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.invalidParams.map((p: any) => p.name).sort()).toEqual(['businessId', 'iban', 'name']);
    expect((await get('/providers/{id}', `/providers/${unregistered}`)).status).toBe(404);
  });

  it('settles unsettled deliveries dated up to `through`, one payment per provider with a valid reference, skipping providers without an IBAN', async () => {
    const { body: voucher } = await grant(10_000_000);
    const mine = await acceptedOrder(voucher.id, '20');
    const theirs = await acceptedOrder(voucher.id, '20', { providerId: unregistered });
    const d1 = (await deliver(mine.id, '2', addDays(TODAY, -20))).body;
    const d2 = (await deliver(mine.id, '1.5', addDays(TODAY, -10))).body;
    const later = (await deliver(mine.id, '1', TODAY)).body;
    const skippedDelivery = (await deliver(theirs.id, '1', addDays(TODAY, -10))).body;

    const future = await settle({ through: addDays(TODAY, 1) });
    expect(future.status).toBe(400);
    expect(future.body.invalidParams.map((p: any) => p.name)).toEqual(['through']);
    expect((await send('POST', '/settlements', '/settlements', { through: TODAY })).status).toBe(400);

    const runKey = key('settle');
    const run = await settle({ through: addDays(TODAY, -1) }, runKey);
    expect(run.status).toBe(201);
    expect(run.body.skipped).toEqual([{ providerId: unregistered, reason: expect.any(String) }]);
    expect(run.body.payments).toHaveLength(1);
    const payment = run.body.payments[0];
    expect(payment).toMatchObject({
      providerId: 'pr-0001',
      status: 'PENDING',
      deliveryIds: [d1.id, d2.id],
      amountCents: d1.amountCents + d2.amountCents,
      iban: world.providers[0].iban,
    });
    expect(FinnishBankUtils.isValidFinnishRefNumber(payment.reference)).toBe(true);
    expect(FinnishBankUtils.isValidFinnishIBAN(payment.iban)).toBe(true);
    expect((await get('/deliveries/{id}', `/deliveries/${d1.id}`)).body.paymentId).toBe(payment.id);
    expect((await get('/deliveries/{id}', `/deliveries/${later.id}`)).body.paymentId).toBeNull();
    expect((await get('/deliveries/{id}', `/deliveries/${skippedDelivery.id}`)).body.paymentId).toBeNull();

    // The same run again answers as before; the key with another body is refused.
    expect((await settle({ through: addDays(TODAY, -1) }, runKey)).body).toEqual(run.body);
    const mismatch = await settle({ through: addDays(TODAY, -2) }, runKey);
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.type).toBe('/problems/idempotency-mismatch');

    // A settled delivery cannot be corrected.
    const settled = await correct(d1.id, '1');
    expect(settled.status).toBe(409);
    expect(settled.body.type).toBe('/problems/delivery-settled');

    // Registered, the skipped provider is paid by the next run, to its checked IBAN.
    const registered = await send('PUT', '/providers/{id}', `/providers/${unregistered}`, {
      businessId: '1347601-6',
      name: 'Hoivapalvelu Testi Oy',
      iban: 'FI21 1234 5600 0007 85',
    });
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({ id: unregistered, iban: 'FI2112345600000785' });
    expect(registered.headers.get('location')).toBe(`/providers/${unregistered}`);
    const again = await send(
      'PUT',
      '/providers/{id}',
      `/providers/${unregistered}`,
      { businessId: '1347601-6', name: 'Hoivapalvelu Testi Oy', iban: 'FI2112345600000785' },
      { 'if-match': registered.headers.get('etag')! },
    );
    expect(again.status).toBe(200);
    expect(
      (
        await send(
          'PUT',
          '/providers/{id}',
          `/providers/${unregistered}`,
          { businessId: '1347601-6', name: 'X', iban: 'FI2112345600000785' },
          { 'if-match': '"stale"' },
        )
      ).status,
    ).toBe(412);

    const onlyTheirs = await settle({ through: TODAY, providerId: unregistered });
    expect(onlyTheirs.body.payments.map((p: any) => [p.providerId, p.iban, p.deliveryIds])).toEqual([
      [unregistered, 'FI2112345600000785', [skippedDelivery.id]],
    ]);
    expect(onlyTheirs.body.skipped).toBeUndefined();
    const rest = await settle({ through: TODAY });
    expect(rest.body.payments.map((p: any) => [p.providerId, p.deliveryIds])).toEqual([['pr-0001', [later.id]]]);
    const nothing = await settle({ through: TODAY });
    expect(nothing.status).toBe(201);
    expect(nothing.body).toEqual({ payments: [] });

    const references = [payment, ...onlyTheirs.body.payments, ...rest.body.payments].map((p: any) => p.reference);
    expect(new Set(references).size).toBe(3);
    for (const r of references) expect(FinnishBankUtils.isValidFinnishRefNumber(r)).toBe(true);

    // Payments read by id, in batches and pages; the seed's are PAID.
    const ids = [payment.id, rest.body.payments[0].id];
    const batch = await get('/payments', `/payments?${ids.map((id) => `id=${id}`).join('&')}`);
    expect(batch.body.items.map((p: any) => p.id).sort()).toEqual([...ids].sort());
    const one = await get('/payments/{id}', `/payments/${payment.id}`);
    expect(one.body).toEqual(payment);
    expect((await get('/payments/{id}', '/payments/pa-999999')).status).toBe(404);
    const seeded = await get('/payments', `/payments?id=${world.payments[0].id}`);
    expect(seeded.body.items[0]).toMatchObject({ status: 'PAID', month: world.payments[0].month, paidAt: world.payments[0].paidAt });
    const { items, totals } = await pageAll('/payments', '/payments?providerId=pr-0001&limit=7');
    expect(items.length).toBe(totals[0]);
    expect(new Set(items.map((p) => p.id)).size).toBe(items.length);
    expect(
      items
        .filter((p) => p.status === 'PENDING')
        .map((p) => p.id)
        .sort(),
    ).toEqual([...ids].sort());
    expect(items[0].status).toBe('PENDING'); // newest first
  });
});
