/**
 * Contract tests of the voucher system stand-in, over real HTTP: the OpenAPI document is valid
 * OpenAPI 3.1 and every answer in these tests validates against the schema it declares; batch
 * reads, paging to the end, ETag/304, problem+json errors, faults and latency. The writes have
 * their own suite (writes.int.test.ts).
 */
import { createConfig, lint } from '@redocly/openapi-core';
import FinnishBankUtils from 'finnish-bank-utils';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { getWorld } from '../../seed/world.js';
import type { RunningStandIn } from '../http.js';
import { contractValidator } from './contract.js';
import { startVoucherSystem } from './server.js';
import { TEST_CLIENT, contractCalls } from './testing.js';

const world = getWorld();
const contract = contractValidator();
let system: RunningStandIn;

const { get, pageAll } = contractCalls(() => system.url);

beforeAll(async () => {
  system = await startVoucherSystem({ world, clients: [TEST_CLIENT] });
});
afterAll(async () => {
  await system.close();
});
beforeEach(() => {
  system.setFaults({ latencyMs: 0, failureRate: 0 });
});

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 (structure, references) and every component schema compiles as JSON Schema 2020-12', async () => {
    const config = await createConfig({ extends: ['recommended'] } as never);
    const problems = await lint({ ref: new URL('./openapi.yaml', import.meta.url).pathname, config });
    expect(problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    const names = contract.compileAll();
    expect(names).toEqual(expect.arrayContaining(['Order', 'Voucher', 'Delivery', 'Payment', 'UnitCost', 'SpendingReport', 'Problem']));
  });

  it('is served as YAML and JSON', async () => {
    const yaml = await get('/openapi.yaml', '/openapi.yaml');
    expect(yaml.headers.get('content-type')).toMatch(/yaml/);
    const doc = parseYaml(yaml.body);
    expect(doc.openapi).toBe('3.1.0');
    const json = await get('/openapi.json', '/openapi.json');
    expect(json.body).toEqual(doc);
  });

  it('rejects an answer that breaks the schema (the checker can fail)', () => {
    expect(contract.check('GET', '/orders/{id}', 200, 'application/json', { id: 'or-1', quantity: 2.5 })).not.toEqual([]);
  });
});

describe('batch reads', () => {
  it('reads orders by repeated id, in updatedAt-desc order, with delivered totals', async () => {
    const { body } = await get('/orders', '/orders?id=or-000001&id=or-000002&id=or-999999');
    expect(body.items.map((o: any) => o.id).sort()).toEqual(['or-000001', 'or-000002']);
    expect(body.total).toBe(2);
    const o1 = body.items.find((o: any) => o.id === 'or-000001');
    const deliveries = world.deliveries.filter((d) => d.orderId === 'or-000001');
    expect(o1.deliveredCents).toBe(deliveries.reduce((s, d) => s + d.amountCents, 0));
    expect(Math.round(Number(o1.deliveredQuantity) * 100)).toBe(deliveries.reduce((s, d) => s + d.quantity, 0));
    expect(o1.quantity).toMatch(/^\d+(\.\d{1,2})?$/);
  });

  it('reads vouchers by client and by plan; balance = granted − delivered − committed', async () => {
    const { body } = await get('/vouchers', '/vouchers?clientId=cl-00001&clientId=cl-00002');
    expect(body.items.map((v: any) => v.clientId).sort()).toEqual(['cl-00001', 'cl-00002']);
    for (const v of body.items) expect(v.balanceCents).toBe(v.grantedCents - v.deliveredCents - v.committedCents);
    const byPlan = await get('/vouchers', '/vouchers?planId=pl-00002-1');
    expect(byPlan.body.items).toHaveLength(1);
    expect(byPlan.body.items[0].grantedCents).toBe(world.vouchers.find((v) => v.planId === 'pl-00002-1')!.grantedCents);
  });

  it('reads deliveries of many orders in one call', async () => {
    const ids = world.orders.filter((o) => o.clientId === 'cl-00002').map((o) => o.id);
    const { body } = await get('/deliveries', `/deliveries?${ids.map((id) => `orderId=${id}`).join('&')}&limit=500`);
    expect(body.total).toBe(world.deliveries.filter((d) => ids.includes(d.orderId)).length);
    expect(new Set(body.items.map((d: any) => d.orderId)).size).toBeGreaterThan(1);
  });

  it('reads unit costs of municipalities × service types', async () => {
    const { body } = await get(
      '/unit-costs',
      '/unit-costs?municipality=205&municipality=765&serviceType=kotihoito&serviceType=fysioterapia',
    );
    expect(body.total).toBe(4);
    const kajaani = body.items.find((u: any) => u.municipalityCode === '205' && u.serviceTypeCode === 'kotihoito');
    expect(kajaani.unitCostCents).toBe(
      world.unitCosts.find((u) => u.municipalityCode === '205' && u.serviceTypeCode === 'kotihoito')!.cents,
    );
    expect(kajaani.unit).toBe('HOUR');
  });

  it('reads payments of a provider with a valid IBAN and reference number', async () => {
    const { items, totals } = await pageAll('/payments', '/payments?providerId=pr-0001&limit=5');
    expect(items.length).toBe(totals[0]);
    expect(items.length).toBe(world.payments.filter((p) => p.providerId === 'pr-0001').length);
    for (const p of items) {
      expect(FinnishBankUtils.isValidFinnishIBAN(p.iban)).toBe(true);
      expect(FinnishBankUtils.isValidFinnishRefNumber(p.reference)).toBe(true);
    }
  });
});

describe('paging', () => {
  it('pages a provider’s orders to the end: as many as total, no repeats, updatedAt desc then id', async () => {
    const { items, totals, calls } = await pageAll('/orders', '/orders?providerId=pr-0001&limit=7');
    const expected = world.orders.filter((o) => o.providerId === 'pr-0001').length;
    expect(totals.every((t) => t === expected)).toBe(true);
    expect(items).toHaveLength(expected);
    expect(new Set(items.map((o) => o.id)).size).toBe(expected);
    expect(calls).toBe(Math.ceil(expected / 7));
    for (let i = 1; i < items.length; i++) {
      const [a, b] = [items[i - 1], items[i]];
      expect(a.updatedAt > b.updatedAt || (a.updatedAt === b.updatedAt && a.id < b.id)).toBe(true);
    }
  });

  it('pages every delivery to the end', async () => {
    const { items, totals } = await pageAll('/deliveries', '/deliveries?limit=500');
    expect(totals[0]).toBe(world.deliveries.length);
    expect(new Set(items.map((d) => d.id)).size).toBe(world.deliveries.length);
  });

  it('filters orders by status and updatedSince', async () => {
    const since = '2026-11-01T00:00:00Z';
    const { items } = await pageAll('/orders', `/orders?status=REQUESTED&status=DECLINED&updatedSince=${since}&limit=500`);
    const expected = world.orders.filter((o) => ['REQUESTED', 'DECLINED'].includes(o.status) && o.updatedAt >= since);
    expect(items.map((o) => o.id).sort()).toEqual(expected.map((o) => o.id).sort());
    const all = await pageAll('/orders', `/orders?updatedSince=${since}&limit=500`);
    expect(all.items.length).toBe(world.orders.filter((o) => o.updatedAt >= since).length);
  });
});

describe('versions', () => {
  it('answers single reads with an ETag and If-None-Match with 304', async () => {
    for (const [template, path] of [
      ['/orders/{id}', '/orders/or-000001'],
      ['/vouchers/{id}', '/vouchers/vo-00001-1'],
    ]) {
      const first = await get(template, path);
      expect(first.status).toBe(200);
      const etag = first.headers.get('etag');
      expect(etag).toMatch(/^".+"$/);
      const again = await get(template, path, { 'if-none-match': etag! });
      expect(again.status).toBe(304);
      expect(again.body).toBe('');
      const stale = await get(template, path, { 'if-none-match': '"something-else"' });
      expect(stale.status).toBe(200);
    }
  });
});

describe('errors', () => {
  it('answers invalid parameters with 400 problem+json naming each parameter', async () => {
    const cases: [string, string, string[]][] = [
      ['/orders', '/orders?limit=0', ['limit']],
      ['/orders', '/orders?limit=501', ['limit']],
      ['/orders', '/orders?updatedSince=yesterday&status=LOST', ['updatedSince', 'status']],
      ['/orders', '/orders?colour=red', ['colour']],
      ['/orders', '/orders?cursor=not-a-cursor', ['cursor']],
      ['/unit-costs', '/unit-costs?municipality=Kajaani', ['municipality']],
      ['/reports/spending', '/reports/spending?from=2026-02-30&to=2026-01-01&groupBy=serviceType', ['from']],
      ['/reports/spending', '/reports/spending?from=2026-03-01&to=2026-01-01&groupBy=serviceType', ['to']],
      ['/reports/spending', '/reports/spending?from=2026-01-01&to=2026-03-01', ['groupBy']],
      ['/reports/spending', '/reports/spending?from=2026-01-01&to=2026-03-01&groupBy=month&groupBy=month', ['groupBy']],
    ];
    for (const [template, path, names] of cases) {
      const { status, headers, body } = await get(template, path);
      expect(status, path).toBe(400);
      expect(headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(body.status).toBe(400);
      expect(body.invalidParams.map((p: any) => p.name).sort(), path).toEqual([...names].sort());
    }
  });

  it('answers unknown resources with 404 problem+json', async () => {
    for (const [template, path] of [
      ['/orders/{id}', '/orders/or-999999'],
      ['/vouchers/{id}', '/vouchers/vo-nope'],
    ]) {
      const { status, body } = await get(template, path);
      expect(status).toBe(404);
      expect(body).toMatchObject({ status: 404, title: 'Not found' });
    }
  });
});

describe('faults and latency', () => {
  it('answers 503 problem+json with Retry-After at failure rate 1', async () => {
    system.setFaults({ failureRate: 1 });
    const { status, headers, body } = await get('/orders', '/orders?id=or-000001');
    expect(status).toBe(503);
    expect(headers.get('retry-after')).toBe('1');
    expect(body).toMatchObject({ status: 503, type: '/problems/unavailable' });
  });

  it('fails about the configured share of requests', async () => {
    let seed = 42;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    system.setFaults({ failureRate: 0.5, random });
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await get('/unit-costs', '/unit-costs?municipality=205')).status);
    const failed = statuses.filter((s) => s === 503).length;
    expect(failed).toBeGreaterThan(8);
    expect(failed).toBeLessThan(32);
    expect(statuses.filter((s) => s === 200).length).toBe(40 - failed);
  });

  it('adds the configured latency', async () => {
    system.setFaults({ latencyMs: 150 });
    const started = performance.now();
    await get('/unit-costs', '/unit-costs?municipality=205');
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
  });
});

describe('spending report', () => {
  it('aggregates the deliveries dated in [from, to], raw, with distinct clients and orders', async () => {
    const { body } = await get(
      '/reports/spending',
      '/reports/spending?from=2026-01-01&to=2026-06-30&groupBy=municipality&groupBy=serviceType',
    );
    const orders = new Map(world.orders.map((o) => [o.id, o]));
    const inRange = world.deliveries.filter((d) => d.date >= '2026-01-01' && d.date <= '2026-06-30');
    expect(body.totalCents).toBe(inRange.reduce((s, d) => s + d.amountCents, 0));
    expect(body.rows.reduce((s: number, r: any) => s + r.amountCents, 0)).toBe(body.totalCents);
    expect(body.totalClients).toBe(new Set(inRange.map((d) => orders.get(d.orderId)!.clientId)).size);
    const row = body.rows.find((r: any) => r.municipalityCode === '205' && r.serviceTypeCode === 'kotihoito');
    const mine = inRange.filter(
      (d) => orders.get(d.orderId)!.municipalityCode === '205' && orders.get(d.orderId)!.serviceTypeCode === 'kotihoito',
    );
    expect(row).toEqual({
      municipalityCode: '205',
      serviceTypeCode: 'kotihoito',
      clients: new Set(mine.map((d) => orders.get(d.orderId)!.clientId)).size,
      orders: new Set(mine.map((d) => d.orderId)).size,
      amountCents: mine.reduce((s, d) => s + d.amountCents, 0),
    });
    expect(body.rows.some((r: any) => r.clients < 5)).toBe(true); // raw: nothing suppressed here
  });

  it('narrows to municipalities and groups by month', async () => {
    const { body } = await get('/reports/spending', '/reports/spending?from=2026-01-01&to=2026-12-31&groupBy=month&municipality=205');
    expect(body.rows.map((r: any) => r.month)).toEqual([...body.rows.map((r: any) => r.month)].sort());
    expect(body.rows.every((r: any) => /^2026-\d\d$/.test(r.month) && r.municipalityCode === undefined)).toBe(true);
  });
});
