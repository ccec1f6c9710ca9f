/**
 * Need-to-know access in the vouchers subgraph, over real HTTP with signed viewer headers: for
 * every party, every root field and every entity the subgraph resolves through `_entities`
 * (Client, ClientPlan, PlannedService, Order, Voucher, Delivery, Provider), what is allowed and
 * what is refused — and the audit notes the subgraph hands the gateway in
 * `extensions.clientDataReads`: the right clients for allowed reads, nothing for refused ones,
 * nothing for aggregates and unit costs.
 *
 * The expectations restate the rules of docs/parties.md's table here, independently of
 * policy.ts, so a change of the policy shows up as a failing row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientDataRead } from '../../lib/audit.js';
import { MUNICIPALITIES, SERVICE_TYPES } from '../../lib/reference.js';
import type { RunningSubgraph } from '../../lib/subgraph-server.js';
import type { Viewer } from '../../lib/viewer.js';
import { getWorld, type Order } from '../../seed/world.js';
import type { RunningStandIn } from '../../systems/http.js';
import { startVoucherSystem } from '../../systems/voucher-system/server.js';
import { registrationsOf } from '../../systems/registrations.js';
import { ephemeralSystemCredentials } from '../../lib/system-credentials.js';
import { startVouchersSubgraph } from './server.js';
import { subgraphClient, testSecret, viewer, type GraphQLResponse } from '../../test/support/index.js';

const world = getWorld();
const secret = testSecret();
let system: RunningStandIn;
let subgraph: RunningSubgraph;

beforeAll(async () => {
  const systemCredentials = await ephemeralSystemCredentials();
  system = await startVoucherSystem({ world, clients: registrationsOf(systemCredentials).voucherSystem });
  subgraph = await startVouchersSubgraph({
    voucherSystemUrl: system.url,
    signingSecret: secret,
    systemCredentials,
    retryPolicy: { timeoutMs: 2000, retries: 1, backoffMs: 5 },
  });
});
afterAll(async () => {
  await subgraph?.close();
  await system?.close();
});

// ---- the fixture: client A of Kajaani, served by provider P and by another provider Q ----

const P = 'pr-0001';
const deliveriesOf = (orderId: string) => world.deliveries.filter((d) => d.orderId === orderId);
const activePlan = (clientId: string) => world.plans.find((p) => p.clientId === clientId && p.status === 'active');
const A = world.clients.find((c) => {
  const orders = world.orders.filter((o) => o.clientId === c.id);
  const plan = activePlan(c.id);
  return (
    c.municipalityCode === '205' &&
    plan &&
    world.vouchers.some((v) => v.planId === plan.id) &&
    orders.some((o) => o.providerId === P && o.planId === plan.id && deliveriesOf(o.id).length) &&
    orders.some((o) => o.providerId !== P && o.planId === plan.id && deliveriesOf(o.id).length)
  );
})!;
const planA = activePlan(A.id)!;
const ordersA = world.orders.filter((o) => o.clientId === A.id);
const orderP = ordersA.find((o) => o.providerId === P && o.planId === planA.id && deliveriesOf(o.id).length)!;
const orderQ = ordersA.find((o) => o.providerId !== P && o.planId === planA.id && deliveriesOf(o.id).length)!;
const Q = orderQ.providerId;
const deliveryP = deliveriesOf(orderP.id)[0];
const deliveryQ = deliveriesOf(orderQ.id)[0];
const voucherA = world.vouchers.find((v) => v.planId === planA.id)!;
const serviceP = planA.services.find((s) => s.id === orderP.plannedServiceId)!;
const serviceQ = planA.services.find((s) => s.id === orderQ.plannedServiceId)!;
/** Another client, of another municipality, with orders: what A must never see. */
const B = world.clients.find((c) => c.municipalityCode === '905' && world.orders.some((o) => o.clientId === c.id))!;
const orderB = world.orders.find((o) => o.clientId === B.id)!;

const VIEWERS = {
  clientOwn: viewer('CLIENT', { clientId: A.id }),
  clientOther: viewer('CLIENT', { clientId: B.id }),
  workerOwn: viewer('CASE_WORKER', { municipalityCode: '205' }),
  workerOther: viewer('CASE_WORKER', { municipalityCode: '905' }),
  providerP: viewer('PROVIDER', { providerId: P }),
  providerQ: viewer('PROVIDER', { providerId: Q }),
  analyst: viewer('ANALYST'),
  admin: viewer('ADMIN'),
};
type Who = keyof typeof VIEWERS;
const WHO = Object.keys(VIEWERS) as Who[];

// ---- the rules, restated: what each party may see of A ----

const seesAllOfA = (who: Who) => who === 'clientOwn' || who === 'workerOwn';
const seesOrder = (who: Who, o: Order) =>
  seesAllOfA(who) || (who === 'providerP' && o.providerId === P) || (who === 'providerQ' && o.providerId === Q);
const seesVouchers = seesAllOfA;
const seesPlanBudgetAndVoucher = seesAllOfA;

// ---- HTTP ----

type Result = GraphQLResponse & { extensions?: { clientDataReads?: ClientDataRead[] } };
const call = subgraphClient({ url: () => subgraph.url, secret, audience: 'vouchers' });
const gql = (who: Who | Viewer, query: string, variables: Record<string, unknown> = {}): Promise<Result> =>
  call(typeof who === 'string' ? VIEWERS[who] : who, query, variables);
const entities = (type: string, body: string) => `query($r: [_Any!]!) { _entities(representations: $r) { ... on ${type} { ${body} } } }`;
const rep = (__typename: string, id: string) => ({ __typename, id });
const sorted = (ids: string[]) => [...ids].sort();

/** FORBIDDEN errors by path, e.g. "_entities.0.budget". */
const forbiddenAt = (r: Result) =>
  sorted((r.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => (e.path ?? []).join('.')));
const otherErrors = (r: Result) => (r.errors ?? []).filter((e) => e.extensions?.code !== 'FORBIDDEN');

/** The audit notes as clientId → kinds; municipality checked against the world. */
function reads(r: Result): Record<string, string[]> {
  // Client-data notes only; runs of reports are notes of another subject (Report/spending).
  const notes = (r.extensions?.clientDataReads ?? []).filter((n) => n.clientId !== undefined);
  for (const n of notes) expect(n.municipalityCode).toBe(world.clients.find((c) => c.id === n.clientId)!.municipalityCode);
  return Object.fromEntries(notes.map((n) => [n.clientId, n.kinds]));
}
const readsOfA = (...kinds: (string | false)[]) => {
  const k = kinds.filter((x): x is string => !!x);
  return k.length ? { [A.id]: sorted(k) } : {};
};

it('the fixture is what the tests assume', () => {
  expect(A && B && orderP && orderQ && deliveryP && deliveryQ && voucherA && serviceP && serviceQ).toBeTruthy();
  expect(serviceP.id).not.toBe(serviceQ.id);
  expect(world.orders.some((o) => o.plannedServiceId === serviceQ.id && o.providerId === P)).toBe(false);
  expect(Q).not.toBe(P);
});

describe('Client (via _entities): vouchers and orders are filtered lists', () => {
  const Q_CLIENT = entities('Client', 'id vouchers { id } orders { id provider { id } deliveries { id } }');

  it.each(WHO)('%s', async (who) => {
    const r = await gql(who, Q_CLIENT, { r: [rep('Client', A.id)] });
    expect(r.errors).toBeUndefined();
    const client = r.data._entities[0];
    expect(client.id).toBe(A.id);
    const vouchers = seesVouchers(who) ? world.vouchers.filter((v) => v.clientId === A.id) : [];
    const orders = ordersA.filter((o) => seesOrder(who, o));
    expect(sorted(client.vouchers.map((v: any) => v.id))).toEqual(sorted(vouchers.map((v) => v.id)));
    expect(sorted(client.orders.map((o: any) => o.id))).toEqual(sorted(orders.map((o) => o.id)));
    for (const o of client.orders) expect(sorted(o.deliveries.map((d: any) => d.id))).toEqual(sorted(deliveriesOf(o.id).map((d) => d.id)));
    const delivered = orders.some((o) => deliveriesOf(o.id).length);
    expect(reads(r)).toEqual(readsOfA(vouchers.length > 0 && 'Voucher', orders.length > 0 && 'Order', delivered && 'Delivery'));
  });

  it('asks the system nothing when the viewer can never see the client’s records', async () => {
    for (const who of ['clientOther', 'analyst', 'admin'] as const) {
      system.requests.reset();
      const r = await gql(who, Q_CLIENT, { r: [rep('Client', A.id)] });
      expect(r.data._entities[0]).toMatchObject({ vouchers: [], orders: [] });
      expect(system.requests.count()).toBe(0);
    }
  });
});

describe('ClientPlan (via _entities): budget and voucher are null with FORBIDDEN, the plan stays', () => {
  const planRep = {
    __typename: 'ClientPlan',
    id: planA.id,
    validFrom: planA.validFrom,
    validTo: planA.validTo,
    municipalityCode: A.municipalityCode,
    services: planA.services.map((s) => ({ id: s.id, serviceTypeCode: s.serviceTypeCode, quantity: String(s.quantity / 100), per: s.per })),
  };
  const Q_PLAN = entities('ClientPlan', 'id budget { total { amount } lines { plannedService { id orders { id } } } } voucher { id }');

  it.each(WHO)('%s', async (who) => {
    const r = await gql(who, Q_PLAN, { r: [planRep] });
    expect(otherErrors(r)).toEqual([]);
    const plan = r.data._entities[0];
    expect(plan.id).toBe(planA.id); // a refused field never nulls its parent
    if (seesPlanBudgetAndVoucher(who)) {
      expect(r.errors).toBeUndefined();
      expect(plan.budget.total.amount).toEqual(expect.any(String));
      expect(plan.voucher.id).toBe(voucherA.id);
      const orderIds = plan.budget.lines.flatMap((l: any) => l.plannedService.orders.map((o: any) => o.id));
      expect(sorted(orderIds)).toEqual(sorted(ordersA.filter((o) => o.planId === planA.id).map((o) => o.id)));
      expect(reads(r)).toEqual(readsOfA('Budget', 'Order', 'Voucher'));
    } else {
      expect(plan.budget).toBeNull();
      expect(plan.voucher).toBeNull();
      expect(forbiddenAt(r)).toEqual(['_entities.0.budget', '_entities.0.voucher']);
      expect(reads(r)).toEqual({});
    }
  });

  it('providers, analysts and administrators are refused before the system is asked', async () => {
    for (const who of ['providerP', 'analyst', 'admin'] as const) {
      system.requests.reset();
      await gql(who, Q_PLAN, { r: [planRep] });
      expect(system.requests.count()).toBe(0);
    }
  });
});

describe('PlannedService (via _entities): orders is a filtered list', () => {
  const Q_SERVICE = entities('PlannedService', 'id orders { id provider { id } }');

  it.each(WHO)('%s', async (who) => {
    const r = await gql(who, Q_SERVICE, { r: [rep('PlannedService', serviceP.id), rep('PlannedService', serviceQ.id)] });
    expect(r.errors).toBeUndefined();
    const visible: Order[] = [];
    r.data._entities.forEach((ps: any, i: number) => {
      const expected = ordersA.filter((o) => o.plannedServiceId === [serviceP, serviceQ][i].id && seesOrder(who, o));
      visible.push(...expected);
      expect(sorted(ps.orders.map((o: any) => o.id))).toEqual(sorted(expected.map((o) => o.id)));
    });
    expect(reads(r)).toEqual(readsOfA(visible.length > 0 && 'Order'));
  });
});

describe('Order (via _entities): null with FORBIDDEN unless the viewer may see it', () => {
  const Q_ORDER = entities('Order', 'id status unitPrice { amount } client { id } deliveries { id }');

  it.each(WHO)('%s', async (who) => {
    const r = await gql(who, Q_ORDER, { r: [rep('Order', orderP.id), rep('Order', orderQ.id)] });
    expect(otherErrors(r)).toEqual([]);
    const expected = [orderP, orderQ].map((o) => (seesOrder(who, o) ? o.id : null));
    expect(r.data._entities.map((o: any) => o?.id ?? null)).toEqual(expected);
    expect(forbiddenAt(r)).toEqual(expected.flatMap((id, i) => (id ? [] : [`_entities.${i}`])));
    const any = expected.some(Boolean);
    expect(reads(r)).toEqual(readsOfA(any && 'Order', any && 'Delivery'));
  });
});

describe('Voucher (via _entities)', () => {
  const Q_VOUCHER = entities('Voucher', 'id granted { amount } balance { amount } client { id } plan { id }');

  it.each(WHO)('%s', async (who) => {
    const r = await gql(who, Q_VOUCHER, { r: [rep('Voucher', voucherA.id)] });
    expect(otherErrors(r)).toEqual([]);
    if (seesVouchers(who)) {
      expect(r.errors).toBeUndefined();
      expect(r.data._entities[0]).toMatchObject({ id: voucherA.id, client: { id: A.id }, plan: { id: planA.id } });
      expect(reads(r)).toEqual(readsOfA('Voucher'));
    } else {
      expect(r.data._entities).toEqual([null]);
      expect(forbiddenAt(r)).toEqual(['_entities.0']);
      expect(reads(r)).toEqual({});
    }
  });
});

describe('Delivery (via _entities): visible exactly when its order is', () => {
  const Q_DELIVERY = entities('Delivery', 'id date quantity amount { amount }');

  it.each(WHO)('%s', async (who) => {
    const r = await gql(who, Q_DELIVERY, { r: [rep('Delivery', deliveryP.id), rep('Delivery', deliveryQ.id)] });
    expect(otherErrors(r)).toEqual([]);
    const expected = [
      [deliveryP, orderP],
      [deliveryQ, orderQ],
    ].map(([d, o]) => (seesOrder(who, o as Order) ? d.id : null));
    expect(r.data._entities.map((d: any) => d?.id ?? null)).toEqual(expected);
    expect(forbiddenAt(r)).toEqual(expected.flatMap((id, i) => (id ? [] : [`_entities.${i}`])));
    expect(reads(r)).toEqual(readsOfA(expected.some(Boolean) && 'Delivery'));
  });
});

/** Notes expected for a page of assigned orders: every client on the page, as "Order". */
function pageReads(nodes: { id: string }[]): Record<string, string[]> {
  const clients = new Set(nodes.map((n) => world.orders.find((o) => o.id === n.id)!.clientId));
  return Object.fromEntries([...clients].map((c) => [c, ['Order']]));
}

describe('Provider.assignedOrders (via _entities): for the provider itself; null with FORBIDDEN for anyone else', () => {
  const Q_PROVIDER = entities('Provider', 'id assignedOrders(first: 5) { totalCount edges { node { id provider { id } } } }');

  it.each(WHO)('%s', async (who) => {
    const r = await gql(who, Q_PROVIDER, { r: [rep('Provider', P)] });
    expect(otherErrors(r)).toEqual([]);
    const provider = r.data._entities[0];
    expect(provider.id).toBe(P); // the provider itself stays
    if (who === 'providerP') {
      expect(r.errors).toBeUndefined();
      expect(provider.assignedOrders.totalCount).toBe(world.orders.filter((o) => o.providerId === P).length);
      const nodes = provider.assignedOrders.edges.map((e: any) => e.node);
      expect(nodes).toHaveLength(5);
      expect(nodes.every((n: any) => n.provider.id === P)).toBe(true);
      expect(reads(r)).toEqual(pageReads(nodes));
    } else {
      expect(provider.assignedOrders).toBeNull();
      expect(forbiddenAt(r)).toEqual(['_entities.0.assignedOrders']);
      expect(reads(r)).toEqual({});
    }
  });
});

describe('Query.assignedOrders: providers only, FORBIDDEN to everyone else', () => {
  const Q_ASSIGNED = '{ assignedOrders(first: 7) { totalCount edges { node { id provider { id } } } } }';

  it.each(WHO)('%s', async (who) => {
    const r = await gql(who, Q_ASSIGNED);
    const provider = who === 'providerP' ? P : who === 'providerQ' ? Q : null;
    if (provider) {
      expect(r.errors).toBeUndefined();
      const nodes = r.data.assignedOrders.edges.map((e: any) => e.node);
      expect(r.data.assignedOrders.totalCount).toBe(world.orders.filter((o) => o.providerId === provider).length);
      expect(nodes.every((n: any) => n.provider.id === provider)).toBe(true);
      expect(reads(r)).toEqual(pageReads(nodes));
    } else {
      expect(r.data ?? null).toBeNull();
      expect(forbiddenAt(r)).toEqual(['assignedOrders']);
      expect(reads(r)).toEqual({});
    }
  });
});

describe('Query.spendingReport: aggregates, never audited as a client read', () => {
  const Q_REPORT = `query($mun: String) { spendingReport(from: "2026-06-01", to: "2026-10-31", groupBy: [MUNICIPALITY], municipalityCode: $mun) {
    total { amount } rows { municipalityCode suppressed clients amount { amount } } } }`;
  const scope: Record<Who, 'all' | string | null> = {
    clientOwn: null,
    clientOther: null,
    workerOwn: '205',
    workerOther: '905',
    providerP: null,
    providerQ: null,
    analyst: 'all',
    admin: 'all',
  };

  it.each(WHO)('%s', async (who) => {
    const r = await gql(who, Q_REPORT);
    expect(reads(r)).toEqual({});
    const s = scope[who];
    if (!s) {
      expect(r.data ?? null).toBeNull();
      expect(forbiddenAt(r)).toEqual(['spendingReport']);
      return;
    }
    expect(r.errors).toBeUndefined();
    const municipalities = new Set(r.data.spendingReport.rows.map((x: any) => x.municipalityCode));
    if (s === 'all') expect(municipalities.size).toBeGreaterThan(5);
    else expect(municipalities).toEqual(new Set([s]));
    // The run itself is noted for the audit's write log: who (the gateway adds), grouping, period, area.
    expect((r.extensions?.clientDataReads as unknown[]).filter((n: any) => n.subject)).toEqual([
      { subject: 'Report/spending', written: [`spendingReport groupBy=MUNICIPALITY from=2026-06-01 to=2026-10-31 municipality=${s}`] },
    ]);
  });

  it('a municipal analyst reads only their own municipality', async () => {
    const analyst205 = viewer('ANALYST', { municipalityCode: '205' });
    const own = await gql(analyst205, Q_REPORT);
    expect(new Set(own.data.spendingReport.rows.map((x: any) => x.municipalityCode))).toEqual(new Set(['205']));
    expect(forbiddenAt(await gql(analyst205, Q_REPORT, { mun: '905' }))).toEqual(['spendingReport']);
  });
});

describe('Query.unitCosts: administrators, case workers (own municipality) and analysts', () => {
  const Q_COSTS = `query($mun: String, $type: String) { unitCosts(municipalityCode: $mun, serviceTypeCode: $type) {
    municipalityCode serviceTypeCode unit unitCost { amount currency } validFrom validTo } }`;
  const cents = (amount: string) => Math.round(Number(amount) * 100);
  const scope: Record<Who, 'all' | string | null> = {
    clientOwn: null,
    clientOther: null,
    workerOwn: '205',
    workerOther: '905',
    providerP: null,
    providerQ: null,
    analyst: 'all',
    admin: 'all',
  };

  it.each(WHO)('%s', async (who) => {
    const r = await gql(who, Q_COSTS);
    expect(reads(r)).toEqual({});
    const s = scope[who];
    if (!s) {
      expect(r.data ?? null).toBeNull();
      expect(forbiddenAt(r)).toEqual(['unitCosts']);
      return;
    }
    expect(r.errors).toBeUndefined();
    const expected = world.unitCosts.filter((u) => s === 'all' || u.municipalityCode === s);
    const got = r.data.unitCosts;
    expect(got).toHaveLength(expected.length);
    for (const u of got) {
      const seeded = world.unitCosts.find((x) => x.municipalityCode === u.municipalityCode && x.serviceTypeCode === u.serviceTypeCode)!;
      expect(cents(u.unitCost.amount)).toBe(seeded.cents);
      expect(u).toMatchObject({
        unitCost: { currency: 'EUR' },
        validFrom: seeded.validFrom,
        unit: SERVICE_TYPES.find((t) => t.code === u.serviceTypeCode)!.unit,
      });
    }
  });

  it('filters by municipality and service type', async () => {
    const type = SERVICE_TYPES[0].code;
    const r = await gql('admin', Q_COSTS, { mun: '905', type });
    expect(r.errors).toBeUndefined();
    const seeded = world.unitCosts.find((u) => u.municipalityCode === '905' && u.serviceTypeCode === type)!;
    expect(r.data.unitCosts).toEqual([
      {
        municipalityCode: '905',
        serviceTypeCode: type,
        unit: SERVICE_TYPES[0].unit,
        unitCost: { amount: (seeded.cents / 100).toFixed(2), currency: 'EUR' },
        validFrom: seeded.validFrom,
        validTo: null,
      },
    ]);
    const byType = await gql('analyst', Q_COSTS, { type });
    expect(byType.data.unitCosts.map((u: any) => u.municipalityCode).sort()).toEqual(
      MUNICIPALITIES.filter((m) => world.unitCosts.some((u) => u.municipalityCode === m.code))
        .map((m) => m.code)
        .sort(),
    );
  });

  it('limits case workers and municipal analysts to their municipality', async () => {
    for (const as of [VIEWERS.workerOwn, viewer('ANALYST', { municipalityCode: '205' })]) {
      const own = await gql(as, Q_COSTS, { mun: '205' });
      expect(own.errors).toBeUndefined();
      expect(new Set(own.data.unitCosts.map((u: any) => u.municipalityCode))).toEqual(new Set(['205']));
      expect(forbiddenAt(await gql(as, Q_COSTS, { mun: '905' }))).toEqual(['unitCosts']);
    }
  });

  it('refuses unknown codes with BAD_USER_INPUT and asks the system nothing', async () => {
    system.requests.reset();
    for (const variables of [{ mun: '999' }, { mun: 'Kajaani' }, { mun: '' }, { type: 'NOPE' }, { mun: '205', type: 'kotihoito ' }]) {
      const r = await gql('admin', Q_COSTS, variables);
      expect(r.data ?? null, JSON.stringify(variables)).toBeNull();
      expect(
        (r.errors ?? []).map((e) => e.extensions?.code),
        JSON.stringify(variables),
      ).toEqual(['BAD_USER_INPUT']);
    }
    expect(system.requests.count()).toBe(0);
  });
});

describe('audit notes in one request that mixes allowed and refused reads', () => {
  it('name only the clients whose data was given, with what was given', async () => {
    const q = `query($r: [_Any!]!) { _entities(representations: $r) {
      ... on Client { id vouchers { id } orders { id } }
      ... on Order { id }
      ... on Voucher { id }
    } }`;
    const voucherB = world.vouchers.find((v) => v.clientId === B.id)!;
    const r = await gql('clientOwn', q, {
      r: [rep('Client', A.id), rep('Client', B.id), rep('Order', orderP.id), rep('Order', orderB.id), rep('Voucher', voucherB.id)],
    });
    expect(r.data._entities[1]).toMatchObject({ vouchers: [], orders: [] });
    expect(r.data._entities.slice(2)).toEqual([{ id: orderP.id }, null, null]);
    expect(forbiddenAt(r)).toEqual(['_entities.3', '_entities.4']);
    expect(reads(r)).toEqual(readsOfA('Order', 'Voucher'));

    // A case worker of Vaasa reading both: only B (of Vaasa) is noted.
    const worker = await gql('workerOther', q, {
      r: [rep('Client', A.id), rep('Client', B.id), rep('Order', orderP.id), rep('Order', orderB.id)],
    });
    expect(forbiddenAt(worker)).toEqual(['_entities.2']);
    expect(Object.keys(reads(worker))).toEqual([B.id]);
    expect(reads(worker)[B.id]).toEqual(expect.arrayContaining(['Order']));
  });
});
