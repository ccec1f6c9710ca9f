/**
 * The whole graph through the gateway, as each party uses it: real stand-ins over HTTP, the
 * four subgraphs (catalogue and audit log on PGlite), the gateway verifying real tokens.
 */
import { FinnishSSN } from 'finnish-ssn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getWorld } from '../seed/world.js';
import { ask, cents, claims, codes, errorAt } from './support/index.js';
import { ASSIGNED_ORDERS, PROVIDERS, SHARED_PLAN, SPENDING } from './queries.js';
import { startStack, type Stack } from './stack.js';

const world = getWorld();
let stack: Stack;
let caseWorker205: string;

beforeAll(async () => {
  stack = await startStack();
  caseWorker205 = await stack.token(claims.caseWorker());
});
afterAll(async () => {
  await stack?.close();
});

describe('authentication at the gateway', () => {
  it('answers UNAUTHENTICATED and no data without a token', async () => {
    const res = await stack.query('{ me { role } serviceTypes { code } }', {}, null);
    expect(res.status).toBe(401);
    expect(res.data ?? null).toBeNull();
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses a token signed by another key', async () => {
    const { DevIssuer } = await import('../gateway/auth/index.js');
    const stranger = await DevIssuer.ephemeral();
    const forged = await stranger.sign({ role: 'ADMIN', subject: 'admin' });
    const res = await stack.query('{ me { role } }', {}, forged);
    expect(res.data ?? null).toBeNull();
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
  });

  it('tells every party who they are', async () => {
    const token = await stack.token(claims.provider());
    const res = await stack.query('{ me { subject role providerId clientId municipalityCode } }', {}, token);
    expect(res.data).toEqual({
      me: { subject: 'system-pr-0001', role: 'PROVIDER', providerId: 'pr-0001', clientId: null, municipalityCode: null },
    });
  });

  it('answers GET /health without a token', async () => {
    const res = await fetch(`${stack.gateway.origin}/health`);
    expect(res.status).toBe(200);
  });

  it('is ready when every subgraph answers', async () => {
    const res = await fetch(`${stack.gateway.origin}/ready`);
    expect(await res.json()).toMatchObject({ status: 'ready' });
  });
});

describe('case worker: the shared plan', () => {
  it('reads the whole plan of a client of their municipality, from all three systems', async () => {
    const res = await ask(stack, SHARED_PLAN, { id: 'cl-00002' }, caseWorker205);
    expect(res.errors).toBeUndefined();
    const client = res.data.client;
    const seeded = world.clients.find((c) => c.id === 'cl-00002')!;
    expect(client.personalIdentityCode).toBe(seeded.hetu);
    expect(FinnishSSN.validate(client.personalIdentityCode)).toBe(true);
    expect(client.municipality).toEqual({ code: '205', name: 'Kajana' });
    const plan = client.currentPlan;
    expect(plan.status).toBe('ACTIVE');
    expect(plan.services).toHaveLength(30);
    const home = plan.services.find((s: any) => s.serviceType.code === 'kotihoito')!;
    expect(home.serviceType).toEqual({ code: 'kotihoito', name: 'Kotihoito', unit: 'HOUR' });
    // Offerings: approved providers serving Kajaani, cheapest first.
    const prices = home.availableOfferings.map((o: any) => cents(o.price));
    expect(prices.length).toBeGreaterThan(0);
    expect([...prices].sort((a, b) => a - b)).toEqual(prices);
    // Budget: total is the sum of its lines; remaining = total − committed − spent.
    const budget = plan.budget;
    expect(budget.lines).toHaveLength(30);
    const lineSum = budget.lines.reduce((s: number, l: any) => s + cents(l.amount), 0);
    expect(cents(budget.total)).toBe(lineSum);
    expect(cents(budget.remaining)).toBe(cents(budget.total) - cents(budget.committed) - cents(budget.spent));
    expect(budget.total.currency).toBe('EUR');
    // The voucher recorded for the plan holds the same budget.
    const voucher = client.vouchers.find((v: any) => v.status === 'ACTIVE')!;
    expect(cents(voucher.granted)).toBe(cents(budget.total));
    // Orders with their provider and deliveries; client share = max(0, price − voucher value).
    const orders = plan.services.flatMap((s: any) => s.orders);
    expect(orders.length).toBeGreaterThan(0);
    for (const o of orders) {
      expect(o.provider.name).toEqual(expect.any(String));
      expect(cents(o.clientShare)).toBe(Math.max(0, cents(o.unitPrice) - cents(o.voucherValue)));
    }
    const spent = orders.flatMap((o: any) => o.deliveries).reduce((s: number, d: any) => s + cents(d.amount), 0);
    expect(cents(budget.spent)).toBe(spent);
  });

  it('does not see clients of another municipality', async () => {
    const other = world.clients.find((c) => c.municipalityCode === '905')!;
    const res = await stack.query('query($id: ID!) { client(id: $id) { id firstName } }', { id: other.id }, caseWorker205);
    expect(res.data?.client).toBeNull();
    expect(codes(res)).toContain('FORBIDDEN');
  });

  it('lists only their municipality’s clients, page by page', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    do {
      const res: any = await stack.query(
        'query($after: String) { clients(first: 7, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id municipality { code } } } } }',
        { after },
        caseWorker205,
      );
      expect(res.errors).toBeUndefined();
      total = res.data.clients.totalCount;
      seen.push(...res.data.clients.edges.map((e: any) => e.node.id));
      for (const e of res.data.clients.edges) expect(e.node.municipality.code).toBe('205');
      after = res.data.clients.pageInfo.hasNextPage ? res.data.clients.pageInfo.endCursor : null;
    } while (after);
    const expected = world.clients.filter((c) => c.municipalityCode === '205').map((c) => c.id);
    expect(total).toBe(expected.length);
    expect([...seen].sort()).toEqual([...expected].sort());
  });

  it('rejects first > 100 with BAD_USER_INPUT', async () => {
    const res = await stack.query('{ clients(first: 101) { totalCount } }', {}, caseWorker205);
    expect(codes(res)).toContain('BAD_USER_INPUT');
  });
});

describe('client: own plan only', () => {
  it('reads their own plan, budget and vouchers', async () => {
    const token = await stack.token(claims.client());
    const res = await ask(stack, SHARED_PLAN, { id: 'cl-00001' }, token);
    expect(res.errors).toBeUndefined();
    expect(res.data.client.currentPlan.services).toHaveLength(1);
    expect(res.data.client.personalIdentityCode).toBe(world.clients[0].hetu);
  });

  it('gets null and FORBIDDEN for someone else', async () => {
    const token = await stack.token(claims.client());
    const res = await stack.query('{ client(id: "cl-00002") { id firstName } }', {}, token);
    expect(res.data?.client).toBeNull();
    expect(codes(res)).toContain('FORBIDDEN');
  });
});

describe('provider: assigned orders with what delivery needs', () => {
  it('pages through its orders with the client data needed to deliver', async () => {
    const token = await stack.token(claims.provider());
    const ids: string[] = [];
    let after: string | null = null;
    let total = 0;
    // Every status: a provider's system polls all of its orders, declined and cancelled ones too.
    const live = ['REQUESTED', 'ACCEPTED', 'COMPLETED', 'DECLINED', 'CANCELLED'];
    do {
      const res: any = await stack.query(ASSIGNED_ORDERS, { first: 25, after, status: live }, token);
      expect(res.errors).toBeUndefined();
      total = res.data.assignedOrders.totalCount;
      for (const { node } of res.data.assignedOrders.edges) {
        expect(node.provider.id).toBe('pr-0001');
        expect(node.client.firstName).toEqual(expect.any(String));
        expect(node.client.address.line).toEqual(expect.any(String));
        expect(node.plannedService.serviceType.name).toEqual(expect.any(String));
        ids.push(node.id);
      }
      after = res.data.assignedOrders.pageInfo.hasNextPage ? res.data.assignedOrders.pageInfo.endCursor : null;
    } while (after);
    const expected = world.orders.filter((o) => o.providerId === 'pr-0001' && live.includes(o.status));
    expect(total).toBe(expected.length);
    expect(new Set(ids).size).toBe(expected.length);
  });

  it('does not see identity codes or situation texts', async () => {
    const token = await stack.token(claims.provider());
    const res: any = await stack.query(
      '{ assignedOrders(first: 1) { edges { node { client { firstName personalIdentityCode } } } } }',
      {},
      token,
    );
    expect(res.data.assignedOrders.edges[0].node.client.firstName).toEqual(expect.any(String));
    expect(res.data.assignedOrders.edges[0].node.client.personalIdentityCode).toBeNull();
    expect(errorAt(res, ['assignedOrders', 'edges', 0, 'node', 'client', 'personalIdentityCode'])?.extensions?.code).toBe('FORBIDDEN');
  });

  it('cannot read clients directly', async () => {
    const token = await stack.token(claims.provider());
    const res = await stack.query('{ client(id: "cl-00001") { id } }', {}, token);
    expect(res.data?.client ?? null).toBeNull();
    expect(codes(res)).toContain('FORBIDDEN');
  });
});

describe('analyst: aggregates only', () => {
  it('gets a spending report with small cells suppressed but counted in the total', async () => {
    const token = await stack.token(claims.analyst());
    const res: any = await stack.query(
      SPENDING,
      { from: '2026-01-01', to: '2026-10-31', groupBy: ['MUNICIPALITY', 'SERVICE_TYPE'] },
      token,
    );
    expect(res.errors).toBeUndefined();
    const { rows, total } = res.data.spendingReport;
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      if (r.suppressed) expect([r.clients, r.orders, r.amount]).toEqual([null, null, null]);
      else expect(r.clients).toBeGreaterThanOrEqual(5);
    }
    const inRange = world.deliveries.filter((d) => d.date >= '2026-01-01' && d.date <= '2026-10-31');
    expect(cents(total)).toBe(inRange.reduce((s, d) => s + d.amountCents, 0));
    expect(rows.some((r: any) => r.suppressed)).toBe(true);
  });

  it('cannot read a client', async () => {
    const token = await stack.token(claims.analyst());
    const res = await stack.query('{ client(id: "cl-00001") { id firstName } }', {}, token);
    expect(res.data?.client ?? null).toBeNull();
    expect(codes(res)).toContain('FORBIDDEN');
  });
});

describe('catalogue: comparing providers', () => {
  it('filters approved providers by service type, municipality and language', async () => {
    const token = await stack.token(claims.client());
    const res: any = await stack.query(PROVIDERS, { first: 50, filter: { serviceTypeCode: 'kotihoito', municipalityCode: '205' } }, token);
    expect(res.errors).toBeUndefined();
    const nodes = res.data.providers.edges.map((e: any) => e.node);
    expect(nodes.length).toBeGreaterThan(0);
    for (const p of nodes) {
      expect(p.status).toBe('APPROVED');
      expect(p.municipalities.map((m: any) => m.code)).toContain('205');
      expect(p.offerings.map((o: any) => o.serviceType.code)).toContain('kotihoito');
    }
    const expected = world.providers.filter(
      (p) =>
        p.status === 'APPROVED' &&
        p.municipalityCodes.includes('205') &&
        world.offerings.some((o) => o.providerId === p.id && o.serviceTypeCode === 'kotihoito'),
    );
    expect(res.data.providers.totalCount).toBe(expected.length);
  });

  it('names service types in Finnish, Swedish and English', async () => {
    const token = await stack.token(claims.admin());
    const res: any = await stack.query('{ serviceTypes { code fi: name sv: name(lang: SV) en: name(lang: EN) unit } }', {}, token);
    expect(res.data.serviceTypes).toContainEqual({ code: 'kotihoito', fi: 'Kotihoito', sv: 'Hemvård', en: 'Home care', unit: 'HOUR' });
    expect(res.data.serviceTypes).toHaveLength(10);
  });
});
