/**
 * Who may write, as a matrix: every Mutation of the plan-to-payment flow, for every viewer, on
 * the viewer's own and on others' data, through the running gateway (docs/contract.md "Writes
 * (Mutation)" and "Who may write"). Every cell acts on real data built through the graph itself.
 *
 * Viewers: the client cl-00001 (Kajaani 205, ACTIVE plan in the seed) on own data and on another
 * client's; the case worker cw-0001 of Kajaani on Kajaani data, and a case worker of Vaasa (905)
 * on the same Kajaani data; the provider of an order on it, and another provider on it; an
 * analyst; an administrator.
 *
 * "Another client's data" is that of Kajaani clients without an ACTIVE plan in the seed:
 * cl-00006 (given an ACTIVE plan here, the orders' client) and cl-00014 (drafts; a fresh plan is
 * approved and revoked there by the allowed cells, which leaves it without an ACTIVE plan again).
 *
 * For each mutation: first the refused cells (FORBIDDEN for every viewer the contract does not
 * let write, plus the refusals the state implies for the allowed party, e.g. CONFLICT for a stale
 * version), all on shared targets; then a check that the refusals changed nothing (version and
 * status read again); then the allowed cells, each on fresh data so that its success is real.
 * Last, the CarePlans and Goals the plan writes left in the client-record system validate as R4.
 */
import { Fhir } from 'fhir';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bundle, CarePlan, Goal } from '../lib/fhir-r4.js';
import { getWorld } from '../seed/world.js';
import { cents, claims, codes, roleTokens } from './support/index.js';
import { startStack, type Stack } from './stack.js';

const world = getWorld();

/** Days from today (UTC) as a Date string, as in writes.int.test.ts. */
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
let keys = 0;
const key = (what: string) => `matrix-${what}-${++keys}`;

const VIEWERS = [
  'client:own',
  'client:other',
  'caseWorker:own',
  'caseWorker:other',
  'provider:own',
  'provider:other',
  'analyst',
  'admin',
] as const;
type Viewer = (typeof VIEWERS)[number];

const PLAN_FIELDS =
  'id version status situation approvedAt revocationReason services { id serviceType { code } } budget { total { amount } }';
const ORDER_FIELDS = 'id version status quantity delivered planVersion provider { id } plannedService { id }';
const DELIVERY_FIELDS = 'id date quantity amount { amount } settled correctionReason order { id status delivered version }';
const Q = {
  createPlan: `mutation($input: CreatePlanInput!) { createPlan(input: $input) { ${PLAN_FIELDS} } }`,
  updatePlan: `mutation($input: UpdatePlanInput!) { updatePlan(input: $input) { ${PLAN_FIELDS} } }`,
  approvePlan: `mutation($input: ApprovePlanInput!) { approvePlan(input: $input) { ${PLAN_FIELDS} voucher { id status granted { amount } } } }`,
  revokePlan: `mutation($input: RevokePlanInput!) { revokePlan(input: $input) { ${PLAN_FIELDS} } }`,
  orderService: `mutation($input: OrderServiceInput!) { orderService(input: $input) { ${ORDER_FIELDS} } }`,
  cancelOrder: `mutation($input: CancelOrderInput!) { cancelOrder(input: $input) { ${ORDER_FIELDS} } }`,
  acceptOrder: `mutation($input: OrderDecisionInput!) { acceptOrder(input: $input) { ${ORDER_FIELDS} } }`,
  declineOrder: `mutation($input: OrderDecisionInput!) { declineOrder(input: $input) { ${ORDER_FIELDS} } }`,
  reportDelivery: `mutation($input: ReportDeliveryInput!) { reportDelivery(input: $input) { ${DELIVERY_FIELDS} } }`,
  correctDelivery: `mutation($input: CorrectDeliveryInput!) { correctDelivery(input: $input) { ${DELIVERY_FIELDS} } }`,
  settlePayments: `mutation($input: SettlePaymentsInput!) { settlePayments(input: $input) { id amount { amount } status provider { id } deliveries { id settled } } }`,
};
type MutationName = keyof typeof Q;

const PLANS_OF = `query($id: ID!) { client(id: $id) { currentPlan { id version status } plans { id version status } vouchers { id status } } }`;
const ORDERS_OF = `query($id: ID!) { client(id: $id) { orders { id version status delivered deliveries { id quantity settled } } } }`;
const OFFERINGS = `query($id: ID!) { client(id: $id) { currentPlan { id version services { id serviceType { code } availableOfferings(first: 10) { id provider { id } } } } } }`;

/** The Mutation fields outside the plan-to-payment flow, left to other tests. */
const OUTSIDE_THE_FLOW = [
  'applyAsProvider',
  'setOffering',
  'removeOffering',
  'decideProviderApplication',
  'suspendProvider',
  'setUnitCost',
  'setWebhook',
  'removeWebhook',
];

let stack: Stack;
const tokens = {} as Record<Viewer | 'cl00006' | 'ownProvider', string>;

/** The fixtures every row builds on. */
const fx = {} as {
  /** cl-00006's ACTIVE plan, made and approved here. */
  planA: { id: string; version: string; draftVersion: string };
  /** The kotihoito service of planA and the offering its orders use (provider P), and another provider Q. */
  serviceA: string;
  offeringA: string;
  P: string;
  Qp: string;
  /** cl-00001's seeded ACTIVE plan: a service, an offering and its provider. */
  ownPlan: { id: string; version: string };
  serviceOwn: string;
  offeringOwn: string;
  ownProvider: string;
};
/** Plans the allowed cells leave behind, for the FHIR check. */
const written: { planId: string; note: string }[] = [];

async function ok<T = any>(query: string, input: unknown, token: string): Promise<T> {
  const res = await stack.query(query, { input }, token);
  expect(res.errors ?? [], JSON.stringify(res.errors)).toEqual([]);
  return Object.values(res.data as object)[0] as T;
}
const read = async (query: string, id: string) => {
  const res = await stack.query(query, { id }, tokens['caseWorker:own']);
  expect(res.errors ?? [], JSON.stringify(res.errors)).toEqual([]);
  return res.data.client;
};

const smallPlan = (clientId: string) => ({
  clientId,
  validFrom: day(-30),
  validTo: day(300),
  situation: 'Needs help at home.',
  goals: ['Manage at home'],
  services: [{ serviceTypeCode: 'kotihoito', quantity: '2', per: 'WEEK' }],
});
const draft = (clientId = 'cl-00014') => ok(Q.createPlan, smallPlan(clientId), tokens['caseWorker:own']);
async function activePlan(clientId = 'cl-00014') {
  const d = await draft(clientId);
  return ok(Q.approvePlan, { planId: d.id, expectedVersion: d.version }, tokens['caseWorker:own']);
}
/** A REQUESTED order of cl-00006 with provider P, or of cl-00001 (own) with its provider: small, as little of cl-00001's seeded budget remains. */
const order = (of: 'A' | 'own' = 'A') =>
  of === 'A'
    ? ok(
        Q.orderService,
        { plannedServiceId: fx.serviceA, offeringId: fx.offeringA, quantity: '2', idempotencyKey: key('order') },
        tokens.cl00006,
      )
    : ok(
        Q.orderService,
        { plannedServiceId: fx.serviceOwn, offeringId: fx.offeringOwn, quantity: '0.5', idempotencyKey: key('own-order') },
        tokens['client:own'],
      );
const providerToken = (of: 'A' | 'own') => (of === 'A' ? tokens['provider:own'] : tokens.ownProvider);
async function acceptedOrder(of: 'A' | 'own' = 'A') {
  const o = await order(of);
  return ok(Q.acceptOrder, { orderId: o.id, expectedVersion: o.version }, providerToken(of));
}
async function delivery(of: 'A' | 'own' = 'A') {
  const o = await acceptedOrder(of);
  return ok(Q.reportDelivery, { orderId: o.id, date: day(-1), quantity: '0.5', idempotencyKey: key('delivery') }, providerToken(of));
}
/** What a refusal must leave as it was: the plans (version, status) and vouchers of clients, the orders and deliveries of clients. */
const plansOf = async (...ids: string[]) => Promise.all(ids.map((id) => read(PLANS_OF, id)));
const ordersOf = async (...ids: string[]) => Promise.all(ids.map((id) => read(ORDERS_OF, id)));

interface StateRefusal {
  label: string;
  viewer: Viewer;
  code: string;
  input(t: any): unknown;
}
interface Row {
  name: MutationName;
  /** Viewers for whom the write succeeds (on fresh data); every other viewer is FORBIDDEN. */
  allowed: Viewer[];
  /** The shared targets of the refusals. */
  setup(): Promise<any>;
  /** A refused viewer's input: at cl-00001's own data for client:own, at the shared target otherwise. */
  refusedInput(viewer: Viewer, t: any): unknown;
  /** Refusals the state implies, for a party otherwise allowed. */
  stateRefusals?: StateRefusal[];
  /** What the refusals must leave unchanged. */
  snapshot(t: any): Promise<unknown>;
  /** An allowed viewer's write on fresh data: its input and the check of the result. */
  allow(viewer: Viewer): Promise<{ input: unknown; check(result: any): void | Promise<void> }>;
}

const ROWS: Row[] = [
  {
    name: 'createPlan',
    allowed: ['caseWorker:own'],
    setup: async () => ({}),
    refusedInput: (viewer) => smallPlan(viewer === 'client:own' ? 'cl-00001' : 'cl-00014'),
    snapshot: () => plansOf('cl-00001', 'cl-00014'),
    allow: async () => ({
      input: smallPlan('cl-00014'),
      check: (plan) => {
        expect(plan).toMatchObject({ status: 'DRAFT', situation: 'Needs help at home.', approvedAt: null });
        written.push({ planId: plan.id, note: 'createPlan' });
      },
    }),
  },
  {
    name: 'updatePlan',
    allowed: ['caseWorker:own'],
    setup: async () => {
      const created = await draft();
      const updated = await ok(
        Q.updatePlan,
        { planId: created.id, expectedVersion: created.version, situation: 'Revised once.' },
        tokens['caseWorker:own'],
      );
      written.push({ planId: updated.id, note: 'createPlan + updatePlan' });
      return { plan: updated, stale: created.version };
    },
    refusedInput: (viewer, t) =>
      viewer === 'client:own'
        ? { planId: fx.ownPlan.id, expectedVersion: fx.ownPlan.version, situation: 'Written by a refused viewer.' }
        : { planId: t.plan.id, expectedVersion: t.plan.version, situation: 'Written by a refused viewer.' },
    stateRefusals: [
      {
        label: 'stale expectedVersion',
        viewer: 'caseWorker:own',
        code: 'CONFLICT',
        input: (t) => ({ planId: t.plan.id, expectedVersion: t.stale, situation: 'Stale.' }),
      },
    ],
    snapshot: () => plansOf('cl-00001', 'cl-00014'),
    allow: async () => {
      const d = await draft();
      return {
        input: {
          planId: d.id,
          expectedVersion: d.version,
          situation: 'Revised by the case worker.',
          goals: ['Manage at home', 'Go out weekly'],
        },
        check: (plan) => {
          expect(plan).toMatchObject({ id: d.id, status: 'DRAFT', situation: 'Revised by the case worker.' });
          expect(plan.version).not.toBe(d.version);
          written.push({ planId: plan.id, note: 'updatePlan' });
        },
      };
    },
  },
  {
    name: 'approvePlan',
    allowed: ['caseWorker:own'],
    setup: async () => ({ plan: await draft(), ownDraft: await draft('cl-00001') }),
    refusedInput: (viewer, t) => {
      const plan = viewer === 'client:own' ? t.ownDraft : t.plan;
      return { planId: plan.id, expectedVersion: plan.version };
    },
    stateRefusals: [
      {
        label: 'a second ACTIVE plan for cl-00001',
        viewer: 'caseWorker:own',
        code: 'CONFLICT',
        input: (t) => ({ planId: t.ownDraft.id, expectedVersion: t.ownDraft.version }),
      },
      {
        label: 'a plan already ACTIVE',
        viewer: 'caseWorker:own',
        code: 'CONFLICT',
        input: () => ({ planId: fx.planA.id, expectedVersion: fx.planA.version }),
      },
    ],
    snapshot: () => plansOf('cl-00001', 'cl-00006', 'cl-00014'),
    allow: async () => {
      const d = await draft();
      return {
        input: { planId: d.id, expectedVersion: d.version },
        check: async (plan) => {
          expect(plan).toMatchObject({ id: d.id, status: 'ACTIVE', voucher: { status: expect.any(String) } });
          expect(plan.approvedAt).toBeTruthy();
          expect(cents(plan.budget.total)).toBeGreaterThan(0);
          expect(cents(plan.voucher.granted)).toBe(cents(plan.budget.total));
          written.push({ planId: plan.id, note: 'approvePlan' });
          // Leave cl-00014 without an ACTIVE plan again, for the cells after this one.
          await ok(Q.revokePlan, { planId: plan.id, expectedVersion: plan.version, reason: 'test cleanup' }, tokens['caseWorker:own']);
        },
      };
    },
  },
  {
    name: 'revokePlan',
    allowed: ['caseWorker:own'],
    setup: async () => ({ draft: await draft() }),
    refusedInput: (viewer) =>
      viewer === 'client:own'
        ? { planId: fx.ownPlan.id, expectedVersion: fx.ownPlan.version, reason: 'refused viewer' }
        : { planId: fx.planA.id, expectedVersion: fx.planA.version, reason: 'refused viewer' },
    stateRefusals: [
      {
        label: 'stale expectedVersion',
        viewer: 'caseWorker:own',
        code: 'CONFLICT',
        input: () => ({ planId: fx.planA.id, expectedVersion: fx.planA.draftVersion, reason: 'stale' }),
      },
      {
        label: 'a DRAFT plan',
        viewer: 'caseWorker:own',
        code: 'CONFLICT',
        input: (t) => ({ planId: t.draft.id, expectedVersion: t.draft.version, reason: 'not active' }),
      },
    ],
    snapshot: async () => [await plansOf('cl-00001', 'cl-00006', 'cl-00014'), await ordersOf('cl-00001', 'cl-00006')],
    allow: async () => {
      const plan = await activePlan();
      return {
        input: { planId: plan.id, expectedVersion: plan.version, reason: 'moved away' },
        check: async (revoked) => {
          expect(revoked).toMatchObject({ id: plan.id, status: 'REVOKED', revocationReason: 'moved away' });
          written.push({ planId: revoked.id, note: 'approvePlan + revokePlan' });
          const after = await read(PLANS_OF, 'cl-00014');
          expect(after.currentPlan).toBeNull();
        },
      };
    },
  },
  {
    name: 'orderService',
    allowed: ['client:own', 'caseWorker:own'],
    setup: async () => ({}),
    refusedInput: () => ({ plannedServiceId: fx.serviceA, offeringId: fx.offeringA, quantity: '1', idempotencyKey: key('refused-order') }),
    snapshot: async () => [await ordersOf('cl-00001', 'cl-00006'), await plansOf('cl-00001', 'cl-00006')],
    allow: async (viewer) => {
      const own = viewer === 'client:own';
      return {
        input: {
          plannedServiceId: own ? fx.serviceOwn : fx.serviceA,
          offeringId: own ? fx.offeringOwn : fx.offeringA,
          quantity: '0.5',
          idempotencyKey: key('allowed-order'),
        },
        check: (o) => {
          expect(o).toMatchObject({
            status: 'REQUESTED',
            quantity: '0.5',
            delivered: '0',
            planVersion: own ? fx.ownPlan.version : fx.planA.version,
            plannedService: { id: own ? fx.serviceOwn : fx.serviceA },
          });
          expect(o.provider.id).toBe(own ? fx.ownProvider : fx.P);
        },
      };
    },
  },
  {
    name: 'cancelOrder',
    allowed: ['client:own', 'caseWorker:own'],
    setup: async () => {
      const requested = await order('A');
      const accepted = await ok(Q.acceptOrder, { orderId: requested.id, expectedVersion: requested.version }, tokens['provider:own']);
      return { order: accepted, stale: requested.version };
    },
    refusedInput: (_viewer, t) => ({ orderId: t.order.id, expectedVersion: t.order.version, reason: 'refused viewer' }),
    stateRefusals: [
      {
        label: 'stale expectedVersion',
        viewer: 'caseWorker:own',
        code: 'CONFLICT',
        input: (t) => ({ orderId: t.order.id, expectedVersion: t.stale }),
      },
    ],
    snapshot: () => ordersOf('cl-00001', 'cl-00006'),
    allow: async (viewer) => {
      const o = await order(viewer === 'client:own' ? 'own' : 'A');
      return {
        input: { orderId: o.id, expectedVersion: o.version, reason: 'no longer needed' },
        check: (c) => {
          expect(c).toMatchObject({ id: o.id, status: 'CANCELLED' });
          expect(c.version).not.toBe(o.version);
        },
      };
    },
  },
  ...(['acceptOrder', 'declineOrder'] as const).map((name): Row => ({
    name,
    allowed: ['provider:own'],
    setup: async () => ({ order: await order('A'), own: await order('own') }),
    refusedInput: (viewer, t) => {
      const o = viewer === 'client:own' ? t.own : t.order;
      return { orderId: o.id, expectedVersion: o.version, reason: 'refused viewer' };
    },
    stateRefusals: [
      {
        label: 'an order already CANCELLED',
        viewer: 'provider:own',
        code: 'CONFLICT',
        input: (t) => ({ orderId: t.cancelled.id, expectedVersion: t.cancelled.version }),
      },
    ],
    snapshot: () => ordersOf('cl-00001', 'cl-00006'),
    allow: async () => {
      const o = await order('A');
      return {
        input: { orderId: o.id, expectedVersion: o.version, reason: 'decided' },
        check: (d) => {
          expect(d).toMatchObject({ id: o.id, status: name === 'acceptOrder' ? 'ACCEPTED' : 'DECLINED' });
          expect(d.version).not.toBe(o.version);
        },
      };
    },
  })),
  {
    name: 'reportDelivery',
    allowed: ['provider:own'],
    setup: async () => ({ order: await acceptedOrder('A'), own: await acceptedOrder('own'), requested: await order('A') }),
    refusedInput: (viewer, t) => ({
      orderId: (viewer === 'client:own' ? t.own : t.order).id,
      date: day(-1),
      quantity: '0.5',
      idempotencyKey: key('refused-delivery'),
    }),
    stateRefusals: [
      {
        label: 'an order not yet ACCEPTED',
        viewer: 'provider:own',
        code: 'CONFLICT',
        input: (t) => ({ orderId: t.requested.id, date: day(-1), quantity: '0.5', idempotencyKey: key('requested-delivery') }),
      },
    ],
    snapshot: () => ordersOf('cl-00001', 'cl-00006'),
    allow: async () => {
      const o = await acceptedOrder('A');
      return {
        input: { orderId: o.id, date: day(-1), quantity: '0.5', idempotencyKey: key('allowed-delivery') },
        check: (d) => {
          expect(d).toMatchObject({ quantity: '0.5', settled: false, order: { id: o.id, status: 'ACCEPTED', delivered: '0.5' } });
          expect(cents(d.amount)).toBeGreaterThan(0);
        },
      };
    },
  },
  {
    name: 'correctDelivery',
    allowed: ['provider:own'],
    setup: async () => ({ delivery: await delivery('A'), own: await delivery('own') }),
    refusedInput: (viewer, t) => ({
      deliveryId: (viewer === 'client:own' ? t.own : t.delivery).id,
      quantity: '0.25',
      reason: 'refused viewer',
    }),
    snapshot: () => ordersOf('cl-00001', 'cl-00006'),
    allow: async () => {
      const d = await delivery('A');
      return {
        input: { deliveryId: d.id, quantity: '0.25', reason: 'half of it' },
        check: (c) => {
          expect(c).toMatchObject({
            id: d.id,
            quantity: '0.25',
            correctionReason: 'half of it',
            settled: false,
            order: { delivered: '0.25' },
          });
          expect(cents(c.amount)).toBe(Math.round(cents(d.amount) / 2));
        },
      };
    },
  },
  {
    name: 'settlePayments',
    allowed: ['admin'],
    setup: async () => ({ delivery: await delivery('A') }),
    refusedInput: () => ({ through: day(-1), providerId: fx.P, idempotencyKey: key('refused-settle') }),
    snapshot: async () => {
      const res = await stack.query(
        `query($p: ID) { payments(first: 100, providerId: $p) { totalCount edges { node { id } } } }`,
        { p: fx.P },
        tokens.admin,
      );
      expect(res.errors ?? []).toEqual([]);
      return [res.data.payments, await ordersOf('cl-00006')];
    },
    allow: async () => ({
      input: { through: day(-1), providerId: fx.P, idempotencyKey: key('allowed-settle') },
      check: async (payments) => {
        expect(payments).toHaveLength(1);
        expect(payments[0].provider.id).toBe(fx.P);
        expect(payments[0].deliveries.every((d: any) => d.settled)).toBe(true);
        const orders = (await read(ORDERS_OF, 'cl-00006')).orders;
        const delivered = orders.flatMap((o: any) => o.deliveries).filter((d: any) => d.quantity !== '0');
        // Every delivery of cl-00006 (all dated yesterday, all with provider P) is now settled.
        expect(delivered.length).toBeGreaterThan(0);
        expect(delivered.every((d: any) => d.settled)).toBe(true);
        expect(payments[0].deliveries.map((d: any) => d.id)).toEqual(expect.arrayContaining(delivered.map((d: any) => d.id)));
      },
    }),
  },
];

/** The matrix as the contract states it, for the report: mutation × viewer → outcome. */
const MATRIX: Record<MutationName, Record<Viewer, string>> = Object.fromEntries(
  ROWS.map((row) => [row.name, Object.fromEntries(VIEWERS.map((v) => [v, row.allowed.includes(v) ? 'ok' : 'FORBIDDEN']))]),
) as Record<MutationName, Record<Viewer, string>>;

beforeAll(async () => {
  stack = await startStack();
  const standard = await roleTokens(stack, { cl00006: claims.client('cl-00006'), vaasaWorker: claims.caseWorker('905', 'cw-vaasa') });
  tokens['client:own'] = standard.client;
  tokens['client:other'] = tokens['client:own'];
  tokens.cl00006 = standard.cl00006;
  tokens['caseWorker:own'] = standard.caseWorker;
  tokens['caseWorker:other'] = standard.vaasaWorker;
  tokens.analyst = standard.analyst;
  tokens.admin = standard.admin;

  // cl-00006: an ACTIVE plan with room for many orders.
  const created = await ok(
    Q.createPlan,
    {
      ...smallPlan('cl-00006'),
      services: [
        { serviceTypeCode: 'kotihoito', quantity: '10', per: 'WEEK' },
        { serviceTypeCode: 'ateriapalvelu', quantity: '7', per: 'WEEK' },
      ],
    },
    tokens['caseWorker:own'],
  );
  const approved = await ok(Q.approvePlan, { planId: created.id, expectedVersion: created.version }, tokens['caseWorker:own']);
  fx.planA = { id: approved.id, version: approved.version, draftVersion: created.version };
  written.push({ planId: approved.id, note: 'createPlan + approvePlan' });
  const viewA = (await stack.query(OFFERINGS, { id: 'cl-00006' }, tokens.cl00006)).data.client.currentPlan;
  const kotihoito = viewA.services.find((s: any) => s.serviceType.code === 'kotihoito');
  fx.serviceA = kotihoito.id;
  fx.offeringA = kotihoito.availableOfferings[0].id;
  fx.P = kotihoito.availableOfferings[0].provider.id;
  fx.Qp =
    kotihoito.availableOfferings.find((o: any) => o.provider.id !== fx.P)?.provider.id ??
    world.providers.find((p) => p.status === 'APPROVED' && p.id !== fx.P)!.id;
  tokens['provider:own'] = await stack.token(claims.provider(fx.P));
  tokens['provider:other'] = await stack.token(claims.provider(fx.Qp));

  // cl-00001's seeded ACTIVE plan.
  const viewOwn = (await stack.query(OFFERINGS, { id: 'cl-00001' }, tokens['client:own'])).data.client.currentPlan;
  fx.ownPlan = { id: viewOwn.id, version: viewOwn.version };
  const ownService = viewOwn.services.find((s: any) => s.availableOfferings.length > 0);
  fx.serviceOwn = ownService.id;
  fx.offeringOwn = ownService.availableOfferings[0].id;
  fx.ownProvider = ownService.availableOfferings[0].provider.id;
  tokens.ownProvider = await stack.token(claims.provider(fx.ownProvider));
}, 60_000);
afterAll(async () => stack?.close());

for (const row of ROWS) {
  describe(`${row.name}: who may write`, () => {
    let targets: any;
    let before: unknown;
    beforeAll(async () => {
      targets = await row.setup();
      // The decisions' CONFLICT case needs a CANCELLED order of provider P.
      if (row.name === 'acceptOrder' || row.name === 'declineOrder') {
        const o = await order('A');
        targets.cancelled = await ok(Q.cancelOrder, { orderId: o.id, expectedVersion: o.version }, tokens['caseWorker:own']);
      }
      before = await row.snapshot(targets);
    }, 60_000);

    const refused = [
      ...VIEWERS.filter((v) => !row.allowed.includes(v)).map((v) => ({
        label: v,
        viewer: v,
        code: 'FORBIDDEN',
        input: (t: any) => row.refusedInput(v, t),
      })),
      ...(row.stateRefusals ?? []).map((s) => ({ ...s, label: `${s.viewer}, ${s.label}` })),
    ];
    it.each(refused)(`${row.name} — $label → $code`, async ({ viewer, code, input }) => {
      const res = await stack.query(Q[row.name], { input: input(targets) }, tokens[viewer]);
      expect(res.status).toBeLessThan(500);
      expect(res.data?.[row.name] ?? null).toBeNull();
      expect(codes(res), JSON.stringify(res.errors)).toEqual([code]);
    });

    it(`${row.name} — the refusals changed nothing (versions and statuses read again)`, async () => {
      expect(await row.snapshot(targets)).toEqual(before);
    });

    it.each(row.allowed)(`${row.name} — %s → ok`, async (viewer) => {
      const { input, check } = await row.allow(viewer);
      const res = await stack.query(Q[row.name], { input }, tokens[viewer]);
      expect(res.errors ?? [], JSON.stringify(res.errors)).toEqual([]);
      expect(res.data?.[row.name]).toBeTruthy();
      await check(res.data[row.name]);
    });
  });
}

describe('the matrix covers the schema', () => {
  it('every Mutation field of the plan-to-payment flow has a row, and every row is a Mutation field', async () => {
    const res: any = await stack.query('{ __schema { mutationType { fields { name } } } }', {}, tokens.admin);
    expect(res.errors ?? []).toEqual([]);
    const fields: string[] = res.data.__schema.mutationType.fields.map((f: any) => f.name);
    const rows = Object.keys(MATRIX);
    expect(fields.filter((f) => !OUTSIDE_THE_FLOW.includes(f) && !rows.includes(f)).sort()).toEqual([]);
    expect(rows.filter((r) => !fields.includes(r))).toEqual([]);
  });
});

describe('the plan writes leave valid FHIR R4 in the client-record system', () => {
  const validator = new Fhir();
  function expectValid(resource: object): void {
    const result = validator.validate(resource, { errorOnUnexpected: true });
    const errors = result.messages.filter((m) => m.severity === 'error');
    expect(errors, JSON.stringify(errors.slice(0, 5))).toEqual([]);
    expect(result.valid).toBe(true);
  }
  async function get<T>(path: string): Promise<T> {
    const response = await stack.systemFetch('clientRecords', path);
    expect(response.status, path).toBe(200);
    return (await response.json()) as T;
  }

  it('CarePlans written by createPlan, updatePlan, approvePlan and revokePlan, every kept version, and their Goals', async () => {
    const notes = written.map((w) => w.note);
    for (const n of [
      'createPlan',
      'updatePlan',
      'createPlan + updatePlan',
      'approvePlan',
      'approvePlan + revokePlan',
      'createPlan + approvePlan',
    ])
      expect(notes).toContain(n);
    const statuses = new Set<string>();
    for (const { planId, note } of written) {
      const plan = await get<CarePlan>(`/CarePlan/${planId}`);
      expectValid(plan);
      expect(plan.id).toBe(planId);
      statuses.add(plan.status);
      const expected =
        note.endsWith('revokePlan') || note === 'approvePlan' ? 'revoked' : note.endsWith('approvePlan') ? 'active' : 'draft';
      expect(plan.status, note).toBe(expected);

      const history = await get<Bundle<CarePlan>>(`/CarePlan/${planId}/_history`);
      expectValid(history);
      expect(history.type).toBe('history');
      const versions = history.entry!.map((e) => e.resource!.meta!.versionId);
      expect(versions[0]).toBe(plan.meta!.versionId);
      // Every change a new version: create 1, each later write one more.
      const writes = note === 'approvePlan' ? 3 : note.split(' + ').length;
      expect(new Set(versions).size, note).toBe(versions.length);
      expect(versions.length, note).toBeGreaterThanOrEqual(writes);
      for (const e of history.entry!) expectValid(e.resource!);

      expect(plan.goal?.length ?? 0).toBeGreaterThan(0);
      for (const ref of plan.goal!) {
        const goal = await get<Goal>(`/${ref.reference}`);
        expectValid(goal);
        expect(goal.resourceType).toBe('Goal');
      }
    }
    expect([...statuses].sort()).toEqual(['active', 'draft', 'revoked']);
  });
});
