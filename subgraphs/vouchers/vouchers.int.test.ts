/**
 * The vouchers subgraph over real HTTP, against the voucher system stand-in: authentication,
 * budgets through `_entities` (@requires), assignedOrders paging, the access policy per role,
 * spending-report suppression, call counting (batching) and a failing system.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSubgraph } from '../../lib/subgraph-server.js';
import type { Viewer } from '../../lib/viewer.js';
import { getWorld, type Plan } from '../../seed/world.js';
import type { RunningStandIn } from '../../systems/http.js';
import { startVoucherSystem } from '../../systems/voucher-system/server.js';
import { TEST_CLIENT, bearer } from '../../systems/voucher-system/testing.js';
import { registrationsOf } from '../../systems/registrations.js';
import { ephemeralSystemCredentials } from '../../lib/system-credentials.js';
import { startVouchersSubgraph } from './server.js';
import { cents, codes, forged, subgraphClient, testSecret, viewer, type GraphQLResponse } from '../../test/support/index.js';

const world = getWorld();
const secret = testSecret();
let system: RunningStandIn;
let subgraph: RunningSubgraph;

const V = {
  client1: viewer('CLIENT', { clientId: 'cl-00001' }),
  kajaaniWorker: viewer('CASE_WORKER', { subject: 'cw-0001', municipalityCode: '205' }),
  vaasaWorker: viewer('CASE_WORKER', { municipalityCode: '905' }),
  provider1: viewer('PROVIDER', { providerId: 'pr-0001' }),
  analyst: viewer('ANALYST'),
  kajaaniAnalyst: viewer('ANALYST', { municipalityCode: '205' }),
  admin: viewer('ADMIN'),
};

type Result = GraphQLResponse;
const call = subgraphClient({ url: () => subgraph.url, secret, audience: 'vouchers' });
/** As a viewer, as an administrator signed with a secret the subgraph does not know ('forged'), or with no header (null). */
const gql = (as: Viewer | null | 'forged', query: string, variables: Record<string, unknown> = {}) =>
  call(as === 'forged' ? forged(V.admin) : as, query, variables);

/** A ClientPlan representation as the gateway sends it, with the @requires fields. */
function planRepresentation(plan: Plan) {
  return {
    __typename: 'ClientPlan',
    id: plan.id,
    validFrom: plan.validFrom,
    validTo: plan.validTo,
    municipalityCode: world.clients.find((c) => c.id === plan.clientId)!.municipalityCode,
    services: plan.services.map((s) => ({ id: s.id, serviceTypeCode: s.serviceTypeCode, quantity: String(s.quantity / 100), per: s.per })),
  };
}
const planOf = (clientId: string) => world.plans.find((p) => p.clientId === clientId && p.status === 'active')!;

const BUDGET_QUERY = `query($r: [_Any!]!) { _entities(representations: $r) { ... on ClientPlan {
  id
  voucher { id granted { amount currency } balance { amount } }
  budget {
    total { amount currency } committed { amount } spent { amount } remaining { amount }
    lines { unitCost { amount } amount { amount } plannedService { id orders { id status delivered deliveries { id amount { amount } } } } }
  }
} } }`;

beforeAll(async () => {
  const systemCredentials = await ephemeralSystemCredentials();
  // The subgraph's client, and the suite's own for reading the system directly.
  system = await startVoucherSystem({ world, clients: [...registrationsOf(systemCredentials).voucherSystem, TEST_CLIENT] });
  subgraph = await startVouchersSubgraph({
    voucherSystemUrl: system.url,
    signingSecret: secret,
    systemCredentials,
    retryPolicy: { timeoutMs: 1000, retries: 1, backoffMs: 5 },
  });
});
afterAll(async () => {
  await subgraph.close();
  await system.close();
});
beforeEach(() => {
  system.setFaults({ failureRate: 0, latencyMs: 0 });
});

describe('authentication', () => {
  for (const as of [null, 'forged'] as const) {
    it(`${as ?? 'no'} viewer header → UNAUTHENTICATED and no data, _entities included`, async () => {
      const root = await gql(as, '{ assignedOrders(first: 5) { totalCount } }');
      expect(root.data ?? null).toBeNull();
      expect(codes(root)).toEqual(['UNAUTHENTICATED']);
      const entities = await gql(as, BUDGET_QUERY, { r: [planRepresentation(planOf('cl-00001'))] });
      expect(entities.data ?? null).toBeNull();
      expect(codes(entities)).toEqual(['UNAUTHENTICATED']);
    });
  }
});

describe('ClientPlan.budget', () => {
  for (const clientId of ['cl-00001', 'cl-00002']) {
    it(`for ${clientId}: total = sum of lines = the voucher's granted amount; remaining = total − committed − spent`, async () => {
      const plan = planOf(clientId);
      const r = await gql(V.kajaaniWorker, BUDGET_QUERY, { r: [planRepresentation(plan)] });
      expect(r.errors).toBeUndefined();
      const { budget, voucher } = r.data._entities[0];
      const total = cents(budget.total);
      expect(budget.total.currency).toBe('EUR');
      expect(budget.lines).toHaveLength(plan.services.length);
      expect(budget.lines.reduce((s: number, l: any) => s + cents(l.amount), 0)).toBe(total);
      const seeded = world.vouchers.find((v) => v.planId === plan.id)!;
      expect(total).toBe(seeded.grantedCents);
      expect(cents(voucher.granted)).toBe(seeded.grantedCents);
      expect(cents(budget.remaining)).toBe(total - cents(budget.committed) - cents(budget.spent));
      // Spent and committed recomputed from the world itself.
      const orders = world.orders.filter((o) => o.planId === plan.id);
      const delivered = (id: string) => world.deliveries.filter((d) => d.orderId === id);
      expect(cents(budget.spent)).toBe(orders.flatMap((o) => delivered(o.id)).reduce((s, d) => s + d.amountCents, 0));
      const committed = orders
        .filter((o) => o.status === 'REQUESTED' || o.status === 'ACCEPTED')
        .reduce(
          (s, o) => s + Math.round(((o.quantity - delivered(o.id).reduce((q, d) => q + d.quantity, 0)) * o.voucherValueCents) / 100),
          0,
        );
      expect(cents(budget.committed)).toBe(committed);
      // The voucher system's balance agrees with the graph's remaining.
      expect(cents(voucher.balance)).toBe(cents(budget.remaining));
      const unitCost = world.unitCosts.find((u) => u.municipalityCode === '205' && u.serviceTypeCode === plan.services[0].serviceTypeCode)!;
      expect(cents(budget.lines[0].unitCost)).toBe(unitCost.cents);
    });
  }

  it('makes the same number of calls for 1 and for 30 planned services, with their orders and deliveries', async () => {
    const counts: number[] = [];
    for (const clientId of ['cl-00001', 'cl-00002']) {
      system.requests.reset();
      const r = await gql(V.kajaaniWorker, BUDGET_QUERY, { r: [planRepresentation(planOf(clientId))] });
      expect(r.errors).toBeUndefined();
      const lines = r.data._entities[0].budget.lines;
      const orders = lines.flatMap((l: any) => l.plannedService.orders);
      expect(orders.length).toBe(world.orders.filter((o) => o.planId === planOf(clientId).id).length);
      expect(orders.flatMap((o: any) => o.deliveries).length).toBeGreaterThan(0);
      counts.push(system.requests.count());
    }
    console.log(`voucher-system calls for a budget with orders and deliveries: 1 planned service → ${counts[0]}, 30 → ${counts[1]}`);
    expect(counts[0]).toBe(counts[1]);
    expect(counts[0]).toBeLessThanOrEqual(4);
  });

  it('batches several plans into the same calls', async () => {
    system.requests.reset();
    const plans = ['cl-00001', 'cl-00002', 'cl-00003', 'cl-00004']
      .map(planOf)
      .filter(Boolean)
      .filter((p) => world.clients.find((c) => c.id === p.clientId)!.municipalityCode === '205');
    const r = await gql(V.kajaaniWorker, BUDGET_QUERY, { r: plans.map(planRepresentation) });
    expect(r.errors).toBeUndefined();
    expect(r.data._entities.every((e: any) => e.budget !== null)).toBe(true);
    expect(system.requests.count()).toBeLessThanOrEqual(4);
  });
});

describe('assignedOrders', () => {
  const mine = world.orders.filter((o) => o.providerId === 'pr-0001');
  const PAGE = `query($first: Int, $after: String, $status: [OrderStatus!], $since: DateTime) {
    assignedOrders(first: $first, after: $after, status: $status, updatedSince: $since) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { cursor node { id status updatedAt quantity unitPrice { amount } voucherValue { amount } clientShare { amount } client { id } provider { id } } }
    } }`;

  it('pages a provider’s own orders to the end, newest update first', async () => {
    const seen: any[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const r: Result = await gql(V.provider1, PAGE, { first: 30, after });
      expect(r.errors).toBeUndefined();
      const c = r.data.assignedOrders;
      expect(c.totalCount).toBe(mine.length);
      seen.push(...c.edges.map((e: any) => e.node));
      pages++;
      if (!c.pageInfo.hasNextPage) break;
      after = c.pageInfo.endCursor;
    }
    expect(pages).toBe(Math.ceil(mine.length / 30));
    expect(seen.map((o) => o.id).sort()).toEqual(mine.map((o) => o.id).sort());
    expect(seen.every((o) => o.provider.id === 'pr-0001')).toBe(true);
    for (let i = 1; i < seen.length; i++) expect(seen[i - 1].updatedAt >= seen[i].updatedAt).toBe(true);
    const o = seen[0];
    expect(cents(o.clientShare)).toBe(Math.max(0, cents(o.unitPrice) - cents(o.voucherValue)));
  });

  it('resumes after any edge, not only the last', async () => {
    const first = await gql(V.provider1, PAGE, { first: 10 });
    const fifth = first.data.assignedOrders.edges[4].cursor;
    const next = await gql(V.provider1, PAGE, { first: 3, after: fifth });
    expect(next.data.assignedOrders.edges.map((e: any) => e.node.id)).toEqual(
      first.data.assignedOrders.edges.slice(5, 8).map((e: any) => e.node.id),
    );
  });

  it('filters by status and updatedSince', async () => {
    const since = '2026-11-01T00:00:00Z';
    const r = await gql(V.provider1, PAGE, { first: 100, status: ['ACCEPTED', 'REQUESTED'], since });
    const expected = mine.filter((o) => ['ACCEPTED', 'REQUESTED'].includes(o.status) && o.updatedAt >= since);
    expect(r.data.assignedOrders.totalCount).toBe(expected.length);
    expect(r.data.assignedOrders.edges.map((e: any) => e.node.id).sort()).toEqual(expected.map((o) => o.id).sort());
  });

  it('refuses first outside 1–100 and foreign cursors with BAD_USER_INPUT', async () => {
    for (const variables of [{ first: 101 }, { first: 0 }, { first: 10, after: 'bm90LWEtY3Vyc29y' }]) {
      const r = await gql(V.provider1, PAGE, variables);
      expect(r.data ?? null).toBeNull();
      expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('is FORBIDDEN to every other role', async () => {
    for (const as of [V.client1, V.kajaaniWorker, V.analyst, V.admin]) {
      expect(codes(await gql(as, PAGE, { first: 5 }))).toEqual(['FORBIDDEN']);
    }
  });

  it('Provider.assignedOrders only for the viewer’s own provider; null with FORBIDDEN otherwise, the provider stays', async () => {
    const q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Provider { id assignedOrders(first: 2) { totalCount } } } }`;
    const own = await gql(V.provider1, q, { r: [{ __typename: 'Provider', id: 'pr-0001' }] });
    expect(own.data._entities[0].assignedOrders.totalCount).toBe(mine.length);
    const other = await gql(V.provider1, q, { r: [{ __typename: 'Provider', id: 'pr-0002' }] });
    expect(other.data._entities[0]).toEqual({ id: 'pr-0002', assignedOrders: null });
    expect(codes(other)).toEqual(['FORBIDDEN']);
    expect(other.errors![0].path).toEqual(['_entities', 0, 'assignedOrders']);
  });
});

describe('access policy', () => {
  const CLIENT_Q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Client { id vouchers { id granted { amount } client { id } } orders { id provider { id } deliveries { id } } } } }`;
  const clientRep = (id: string) => ({ __typename: 'Client', id });
  // A Kajaani client with orders from pr-0001 and from other providers.
  const mixed = world.clients.find(
    (c) =>
      c.municipalityCode === '205' &&
      world.orders.some((o) => o.clientId === c.id && o.providerId === 'pr-0001') &&
      world.orders.some((o) => o.clientId === c.id && o.providerId !== 'pr-0001'),
  )!;

  it('a client sees their own vouchers and orders, and nobody else’s', async () => {
    const r = await gql(V.client1, CLIENT_Q, { r: [clientRep('cl-00001'), clientRep('cl-00002')] });
    const [own, other] = r.data._entities;
    expect(own.vouchers.map((v: any) => v.id)).toEqual(world.vouchers.filter((v) => v.clientId === 'cl-00001').map((v) => v.id));
    expect(own.orders.length).toBe(world.orders.filter((o) => o.clientId === 'cl-00001').length);
    expect(other).toMatchObject({ vouchers: [], orders: [] });
    const budget = await gql(V.client1, BUDGET_QUERY, {
      r: [planRepresentation(planOf('cl-00002')), planRepresentation(planOf('cl-00001'))],
    });
    expect(budget.data._entities[0].budget).toBeNull();
    expect(budget.data._entities[0].voucher).toBeNull();
    expect(budget.errors!.every((e) => e.extensions?.code === 'FORBIDDEN' && e.path?.[1] === 0)).toBe(true);
    expect(budget.data._entities[1].budget.total).toBeTruthy();
    const foreignOrder = world.orders.find((o) => o.clientId === 'cl-00002')!;
    const o = await gql(V.client1, `query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { id } } }`, {
      r: [{ __typename: 'Order', id: foreignOrder.id }],
    });
    expect(o.data._entities).toEqual([null]);
    expect(codes(o)).toEqual(['FORBIDDEN']);
  });

  it('a case worker sees clients of their own municipality only', async () => {
    const own = await gql(V.kajaaniWorker, CLIENT_Q, { r: [clientRep(mixed.id)] });
    expect(own.data._entities[0].orders.length).toBe(world.orders.filter((o) => o.clientId === mixed.id).length);
    const other = await gql(V.vaasaWorker, CLIENT_Q, { r: [clientRep(mixed.id)] });
    expect(other.data._entities[0]).toMatchObject({ vouchers: [], orders: [] });
    const budget = await gql(V.vaasaWorker, BUDGET_QUERY, { r: [planRepresentation(planOf('cl-00001'))] });
    expect(budget.data._entities[0].budget).toBeNull();
    expect(codes(budget)).toContain('FORBIDDEN');
  });

  it('a provider sees only the orders assigned to it and their deliveries, no vouchers or budgets', async () => {
    const r = await gql(V.provider1, CLIENT_Q, { r: [clientRep(mixed.id)] });
    const { vouchers, orders } = r.data._entities[0];
    expect(vouchers).toEqual([]);
    const expected = world.orders.filter((o) => o.clientId === mixed.id && o.providerId === 'pr-0001');
    expect(orders.map((o: any) => o.id).sort()).toEqual(expected.map((o) => o.id).sort());
    expect(orders.every((o: any) => o.provider.id === 'pr-0001')).toBe(true);
    const withDeliveries = expected.find((o) => world.deliveries.some((d) => d.orderId === o.id));
    if (withDeliveries) {
      expect(orders.find((o: any) => o.id === withDeliveries.id).deliveries.length).toBe(
        world.deliveries.filter((d) => d.orderId === withDeliveries.id).length,
      );
    }
    const foreign = world.orders.find((o) => o.clientId === mixed.id && o.providerId !== 'pr-0001')!;
    const o = await gql(V.provider1, `query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { id } } }`, {
      r: [{ __typename: 'Order', id: foreign.id }],
    });
    expect(o.data._entities).toEqual([null]);
    expect(codes(o)).toEqual(['FORBIDDEN']);
    const budget = await gql(V.provider1, BUDGET_QUERY, { r: [planRepresentation(planOf('cl-00001'))] });
    expect(budget.data._entities[0].budget).toBeNull();
  });

  it('an analyst and an administrator see no client records', async () => {
    for (const as of [V.analyst, V.admin]) {
      const r = await gql(as, CLIENT_Q, { r: [clientRep('cl-00001')] });
      expect(r.data._entities[0]).toMatchObject({ vouchers: [], orders: [] });
      const budget = await gql(as, BUDGET_QUERY, { r: [planRepresentation(planOf('cl-00001'))] });
      expect(budget.data._entities[0].budget).toBeNull();
      expect(codes(budget)).toContain('FORBIDDEN');
    }
  });

  it('asks the system nothing for a client whose records the viewer can never see', async () => {
    system.requests.reset();
    await gql(V.client1, CLIENT_Q, { r: [clientRep('cl-00002')] });
    await gql(V.analyst, CLIENT_Q, { r: [clientRep('cl-00002')] });
    expect(system.requests.count()).toBe(0);
  });
});

describe('spendingReport', () => {
  const REPORT = `query($from: Date!, $to: Date!, $groupBy: [ReportDimension!]!, $mun: String) {
    spendingReport(from: $from, to: $to, groupBy: $groupBy, municipalityCode: $mun) {
      total { amount } rows { serviceTypeCode municipalityCode providerId month suppressed clients orders amount { amount } }
    } }`;
  const raw = async (query: string) =>
    (
      await fetch(`${system.url}/reports/spending?${query}`, { headers: { authorization: await bearer(system.url) } })
    ).json() as Promise<any>;
  const month = (m: number) => {
    const mm = String(m).padStart(2, '0');
    return [`2026-${mm}-01`, new Date(Date.UTC(2026, m, 0)).toISOString().slice(0, 10)] as const;
  };

  it('suppresses rows under 5 clients, still counts them in the total', async () => {
    // Find, in the deterministic world, a month whose by-municipality report has two or more small rows.
    let period: readonly [string, string] | null = null;
    for (let m = 1; m <= 10 && !period; m++) {
      const probe = await raw(`from=${month(m)[0]}&to=${month(m)[1]}&groupBy=municipality`);
      if (probe.rows.filter((x: any) => x.clients < 5).length >= 2) period = month(m);
    }
    expect(period, 'the world has a month with two small municipalities').not.toBeNull();
    const [from, to] = period!;
    const r = await gql(V.analyst, REPORT, { from, to, groupBy: ['MUNICIPALITY'] });
    expect(r.errors).toBeUndefined();
    const report = r.data.spendingReport;
    const system = await raw(`from=${from}&to=${to}&groupBy=municipality`);
    expect(cents(report.total)).toBe(system.totalCents);
    expect(report.rows).toHaveLength(system.rows.length);
    const small = system.rows.filter((x: any) => x.clients < 5).map((x: any) => x.municipalityCode);
    for (const row of report.rows) {
      if (small.includes(row.municipalityCode)) expect(row).toMatchObject({ suppressed: true, clients: null, orders: null, amount: null });
      if (!row.suppressed) expect(row.clients).toBeGreaterThanOrEqual(5);
    }
    const hidden = report.rows.filter((x: any) => x.suppressed).map((x: any) => x.municipalityCode);
    const hiddenCents = system.rows
      .filter((x: any) => hidden.includes(x.municipalityCode))
      .reduce((s: number, x: any) => s + x.amountCents, 0);
    const visibleCents = report.rows.filter((x: any) => !x.suppressed).reduce((s: number, x: any) => s + cents(x.amount), 0);
    expect(visibleCents + hiddenCents).toBe(cents(report.total));
  });

  it('never leaves a single small row that the total minus the visible rows would give away', async () => {
    // Every month × area × grouping by one dimension with exactly one small row (and a total
    // that can be published): a second row must go with it.
    let checked = 0;
    for (let m = 4; m <= 10; m++) {
      for (const mun of [null, '205', '405', '167', '905', '140']) {
        for (const [dimension, field] of [
          ['MUNICIPALITY', 'municipalityCode'],
          ['SERVICE_TYPE', 'serviceTypeCode'],
          ['PROVIDER', 'providerId'],
        ] as const) {
          const [from, to] = month(m);
          const system = await raw(
            `from=${from}&to=${to}&groupBy=${{ MUNICIPALITY: 'municipality', SERVICE_TYPE: 'serviceType', PROVIDER: 'provider' }[dimension]}${mun ? `&municipality=${mun}` : ''}`,
          );
          if (system.rows.length < 3 || system.rows.filter((x: any) => x.clients < 5).length !== 1) continue;
          const r = await gql(V.admin, REPORT, { from, to, groupBy: [dimension], mun });
          if (codes(r).includes('FORBIDDEN')) continue; // the area's total itself is hidden that month
          expect(r.errors).toBeUndefined();
          const hidden = r.data.spendingReport.rows.filter((x: any) => x.suppressed).map((x: any) => x[field]);
          expect(hidden.length, `${from} ${mun ?? 'all'} by ${dimension}`).toBeGreaterThanOrEqual(2);
          checked++;
        }
      }
    }
    expect(checked, 'the world has such reports').toBeGreaterThan(0);
  });

  it('limits case workers and municipal analysts to their municipality', async () => {
    for (const as of [V.kajaaniWorker, V.kajaaniAnalyst]) {
      const r = await gql(as, REPORT, { from: '2026-06-01', to: '2026-10-31', groupBy: ['MUNICIPALITY', 'SERVICE_TYPE'] });
      expect(r.errors).toBeUndefined();
      expect(new Set(r.data.spendingReport.rows.map((x: any) => x.municipalityCode))).toEqual(new Set(['205']));
      const other = await gql(as, REPORT, { from: '2026-06-01', to: '2026-10-31', groupBy: ['MUNICIPALITY'], mun: '905' });
      expect(codes(other)).toEqual(['FORBIDDEN']);
    }
  });

  it('is FORBIDDEN to clients and providers', async () => {
    for (const as of [V.client1, V.provider1]) {
      expect(codes(await gql(as, REPORT, { from: '2026-01-01', to: '2026-06-30', groupBy: ['MONTH'] }))).toEqual(['FORBIDDEN']);
    }
  });

  it('refuses bad periods and dimensions with BAD_USER_INPUT naming the argument', async () => {
    for (const [variables, argumentName] of [
      [{ from: '2026-06-01', to: '2026-01-31', groupBy: ['MONTH'] }, 'to'],
      // Whole months only: a period one day off another would difference one day's deliveries.
      [{ from: '2026-01-02', to: '2026-06-30', groupBy: ['MONTH'] }, 'from'],
      [{ from: '2026-01-01', to: '2026-06-29', groupBy: ['MONTH'] }, 'to'],
      // At most 24 months, and months that have ended.
      [{ from: '2021-01-01', to: '2025-12-31', groupBy: ['MONTH'] }, 'to'],
      [{ from: '2026-01-01', to: '2099-12-31', groupBy: ['MONTH'] }, 'to'],
      [{ from: '2026-01-01', to: '2026-06-30', groupBy: [] }, 'groupBy'],
      [{ from: '2026-01-01', to: '2026-06-30', groupBy: ['MONTH', 'MONTH'] }, 'groupBy'],
      [{ from: '2026-01-01', to: '2026-06-30', groupBy: ['MONTH'], mun: 'Kajaani' }, 'municipalityCode'],
    ] as const) {
      const r = await gql(V.analyst, REPORT, variables);
      expect(codes(r), JSON.stringify(variables)).toEqual(['BAD_USER_INPUT']);
      expect(r.errors![0]!.extensions?.argumentName, JSON.stringify(variables)).toBe(argumentName);
    }
    // 24 whole months pass the checks (whether they can be published is the suppression's matter).
    const longest = await gql(V.analyst, REPORT, { from: '2024-11-01', to: '2026-10-31', groupBy: ['SERVICE_TYPE'] });
    expect(codes(longest)).not.toContain('BAD_USER_INPUT');
  });

  it('refuses a report covering 1–4 clients in a month', async () => {
    // The world's first month of deliveries covers a handful of clients.
    const first = world.deliveries
      .map((d) => d.date)
      .sort()[0]!
      .slice(0, 7);
    const [from, to] = [
      `${first}-01`,
      new Date(Date.UTC(Number(first.slice(0, 4)), Number(first.slice(5, 7)), 0)).toISOString().slice(0, 10),
    ];
    const check = await raw(`from=${from}&to=${to}&groupBy=month`);
    expect(check.totalClients).toBeLessThan(5);
    const r = await gql(V.admin, REPORT, { from, to, groupBy: ['MONTH'] });
    expect(r.data ?? null).toBeNull();
    expect(codes(r)).toEqual(['FORBIDDEN']);
  });
});

describe('a failing voucher system', () => {
  it('fails only its fields, with UPSTREAM_UNAVAILABLE and the system’s name', async () => {
    system.setFaults({ failureRate: 1 });
    const r = await gql(V.kajaaniWorker, BUDGET_QUERY, { r: [planRepresentation(planOf('cl-00001'))] });
    expect(r.data._entities[0].id).toBe('pl-00001-1');
    expect(r.data._entities[0].budget).toBeNull();
    expect(r.errors!.length).toBeGreaterThan(0);
    for (const e of r.errors!) expect(e.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', system: 'voucher-system' });
    const orders = await gql(V.provider1, '{ assignedOrders(first: 5) { totalCount } }');
    expect(orders.data ?? null).toBeNull();
    expect(orders.errors![0].extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', system: 'voucher-system' });
  });

  it('answers within a bounded time when the system hangs', async () => {
    system.setFaults({ latencyMs: 5000 });
    const started = performance.now();
    const r = await gql(V.provider1, '{ assignedOrders(first: 5) { totalCount } }');
    expect(codes(r)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(performance.now() - started).toBeLessThan(3500); // 2 attempts × 1 s + backoff
  });
});
