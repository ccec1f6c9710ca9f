/**
 * The write path through the gateway, as the parties use it, each with its own token: the case
 * worker writes and approves a plan (FHIR CarePlan + Goals; the budget becomes a balance
 * voucher), the client orders the cheapest offering, the provider's system accepts it and
 * reports deliveries, the administrator settles, and every party then reads the same, consistent
 * figures. Then the refusals, each on its cause, and what a refusal leaves behind (nothing).
 */
import FinnishBankUtils from 'finnish-bank-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cents, claims, codes, roleTokens } from './support/index.js';
import { startStack, type Stack } from './stack.js';

let stack: Stack;
const tokens: Record<string, string> = {};

/** Days from today (UTC) as a Date string: the tests' dates follow the calendar they run on. */
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

const PLAN_FIELDS =
  'id version status validFrom validTo situation goals approvedAt services { id quantity unit per schedule serviceType { code } } budget { total { amount } committed { amount } spent { amount } remaining { amount } }';
const ORDER_FIELDS =
  'id version status quantity delivered planVersion unitPrice { amount } voucherValue { amount } clientShare { amount } provider { id } plannedService { id }';

const CREATE = `mutation CreatePlan($input: CreatePlanInput!) { createPlan(input: $input) { ${PLAN_FIELDS} } }`;
const UPDATE = `mutation UpdatePlan($input: UpdatePlanInput!) { updatePlan(input: $input) { ${PLAN_FIELDS} } }`;
const APPROVE = `mutation ApprovePlan($input: ApprovePlanInput!) { approvePlan(input: $input) { ${PLAN_FIELDS} voucher { id status granted { amount } balance { amount } validFrom validTo } } }`;
const REVOKE = `mutation RevokePlan($input: RevokePlanInput!) { revokePlan(input: $input) { id version status revocationReason } }`;
const ORDER = `mutation OrderService($input: OrderServiceInput!) { orderService(input: $input) { ${ORDER_FIELDS} } }`;
const CANCEL = `mutation CancelOrder($input: CancelOrderInput!) { cancelOrder(input: $input) { ${ORDER_FIELDS} } }`;
const ACCEPT = `mutation AcceptOrder($input: OrderDecisionInput!) { acceptOrder(input: $input) { ${ORDER_FIELDS} } }`;
const DECLINE = `mutation DeclineOrder($input: OrderDecisionInput!) { declineOrder(input: $input) { ${ORDER_FIELDS} } }`;
const DELIVER = `mutation ReportDelivery($input: ReportDeliveryInput!) { reportDelivery(input: $input) { id date quantity amount { amount } settled order { id status delivered version } } }`;
const CORRECT = `mutation CorrectDelivery($input: CorrectDeliveryInput!) { correctDelivery(input: $input) { id quantity amount { amount } correctionReason settled } }`;
const SETTLE = `mutation Settle($input: SettlePaymentsInput!) { settlePayments(input: $input) { id amount { amount } iban reference status provider { id } deliveries { id amount { amount } settled } } }`;
const OFFERINGS = `query Offerings($id: ID!) { client(id: $id) { currentPlan { id version services { id serviceType { code } availableOfferings(first: 10) { id price { amount } provider { id name } } } } } }`;

const services = [
  {
    serviceTypeCode: 'kotihoito',
    quantity: '3',
    per: 'WEEK',
    schedule: 'Mon, Wed, Fri mornings',
    location: 'at home',
    instructions: 'help with washing',
  },
  { serviceTypeCode: 'ateriapalvelu', quantity: '7', per: 'WEEK' },
];

beforeAll(async () => {
  stack = await startStack();
  Object.assign(
    tokens,
    await roleTokens(stack, {
      otherCaseWorker: claims.caseWorker('905', 'cw-9999'),
      client: claims.client('cl-00006'),
      otherClient: claims.client(),
      admin: claims.admin('admin-1'),
      analyst: claims.analyst('an-1'),
    }),
  );
});
afterAll(async () => {
  await stack?.close();
});

async function ok<T = any>(query: string, input: unknown, token: string): Promise<T> {
  const res = await stack.query(query, { input }, token);
  expect(res.errors ?? []).toEqual([]);
  return Object.values(res.data as object)[0] as T;
}

describe('the plan-to-payment flow, each party with its own token', () => {
  let plan: any;
  let order: any;
  let providerToken: string;
  const deliveries: any[] = [];

  it('the case worker creates a DRAFT plan for a client of their municipality (FHIR CarePlan + Goals)', async () => {
    plan = await ok(
      CREATE,
      {
        clientId: 'cl-00006',
        validFrom: day(-30),
        validTo: day(334),
        situation: 'Lives alone; needs help at home.',
        goals: ['Manage at home', 'Eat warm meals'],
        services,
      },
      tokens.caseWorker,
    );
    expect(plan).toMatchObject({ status: 'DRAFT', goals: ['Manage at home', 'Eat warm meals'], approvedAt: null });
    expect(plan.services.map((s: any) => [s.serviceType.code, s.quantity, s.unit, s.per])).toEqual([
      ['kotihoito', '3', 'HOUR', 'WEEK'],
      ['ateriapalvelu', '7', 'MEAL', 'WEEK'],
    ]);
  });

  it('revises the draft: every change a new version; a stale version is CONFLICT', async () => {
    const revised = await ok(
      UPDATE,
      { planId: plan.id, expectedVersion: plan.version, situation: 'Lives alone; needs help at home and with meals.' },
      tokens.caseWorker,
    );
    expect(revised.version).not.toBe(plan.version);
    expect(revised.situation).toBe('Lives alone; needs help at home and with meals.');
    const stale = await stack.query(
      UPDATE,
      { input: { planId: plan.id, expectedVersion: plan.version, situation: 'x' } },
      tokens.caseWorker,
    );
    expect(codes(stale)).toEqual(['CONFLICT']);
    expect(stale.data?.updatePlan ?? null).toBeNull();
    plan = revised;
  });

  it("approves it: ACTIVE, the budget granted as the plan's balance voucher", async () => {
    const approved = await ok(APPROVE, { planId: plan.id, expectedVersion: plan.version }, tokens.caseWorker);
    expect(approved.status).toBe('ACTIVE');
    expect(approved.approvedAt).toBeTruthy();
    expect(approved.voucher).toMatchObject({ status: 'ACTIVE', validFrom: plan.validFrom, validTo: plan.validTo });
    expect(cents(approved.voucher.granted)).toBe(cents(approved.budget.total));
    expect(cents(approved.budget.total)).toBeGreaterThan(0);
    expect(cents(approved.budget.committed)).toBe(0);
    plan = approved;
  });

  it('the client orders the cheapest offering of a planned service, pinned to the plan version', async () => {
    const view = await stack.query(OFFERINGS, { id: 'cl-00006' }, tokens.client);
    expect(view.errors ?? []).toEqual([]);
    const service = view.data.client.currentPlan.services.find((s: any) => s.serviceType.code === 'kotihoito');
    const cheapest = service.availableOfferings[0];
    expect(cheapest).toBeTruthy();
    order = await ok(
      ORDER,
      { plannedServiceId: service.id, offeringId: cheapest.id, quantity: '10', idempotencyKey: 'flow-order-1' },
      tokens.client,
    );
    expect(order).toMatchObject({
      status: 'REQUESTED',
      quantity: '10',
      delivered: '0',
      planVersion: plan.version,
      provider: { id: cheapest.provider.id },
      plannedService: { id: service.id },
    });
    expect(cents(order.unitPrice)).toBe(cents(cheapest.price));
    expect(cents(order.clientShare)).toBe(Math.max(0, cents(order.unitPrice) - cents(order.voucherValue)));
    providerToken = await stack.token(claims.provider(cheapest.provider.id, cheapest.provider.id));
  });

  it('the same idempotency key returns the first order and creates nothing new', async () => {
    const again = await ok(
      ORDER,
      {
        plannedServiceId: order.plannedService.id,
        offeringId: (await offeringOf(order)).id,
        quantity: '10',
        idempotencyKey: 'flow-order-1',
      },
      tokens.client,
    );
    expect(again.id).toBe(order.id);
    const other = await stack.query(
      ORDER,
      {
        input: {
          plannedServiceId: order.plannedService.id,
          offeringId: (await offeringOf(order)).id,
          quantity: '11',
          idempotencyKey: 'flow-order-1',
        },
      },
      tokens.client,
    );
    expect(codes(other)).toEqual(['CONFLICT']);
  });

  it("the provider's system sees the order with the client data it needs, and accepts it", async () => {
    const polled = await stack.query(
      `{ assignedOrders(first: 50, status: [REQUESTED]) { edges { node { id version client { firstName lastName address { city } } plannedService { schedule location instructions } } } } }`,
      {},
      providerToken,
    );
    expect(polled.errors ?? []).toEqual([]);
    const mine = polled.data.assignedOrders.edges.map((e: any) => e.node).find((n: any) => n.id === order.id);
    expect(mine.client.firstName).toBeTruthy();
    expect(mine.plannedService).toMatchObject({
      schedule: 'Mon, Wed, Fri mornings',
      location: 'at home',
      instructions: 'help with washing',
    });
    const accepted = await ok(ACCEPT, { orderId: order.id, expectedVersion: mine.version }, providerToken);
    expect(accepted.status).toBe('ACCEPTED');
    expect(accepted.version).not.toBe(mine.version);
    const stale = await stack.query(DECLINE, { input: { orderId: order.id, expectedVersion: mine.version } }, providerToken);
    expect(codes(stale)).toEqual(['CONFLICT']);
    order = accepted;
  });

  it('reports two deliveries, each charged to the voucher once, however often retried', async () => {
    for (const [i, quantity] of ['3', '2.5'].entries()) {
      const input = { orderId: order.id, date: day(-1 - i), quantity, idempotencyKey: `flow-delivery-${i}` };
      const [first, retry] = [await ok(DELIVER, input, providerToken), await ok(DELIVER, input, providerToken)];
      expect(retry.id).toBe(first.id);
      expect(first).toMatchObject({ quantity, settled: false, order: { status: 'ACCEPTED' } });
      expect(cents(first.amount)).toBe(Math.round(Number(quantity) * cents(order.voucherValue)));
      deliveries.push(first);
    }
    const tooMuch = await stack.query(
      DELIVER,
      { input: { orderId: order.id, date: day(-1), quantity: '5', idempotencyKey: 'flow-delivery-too-much' } },
      providerToken,
    );
    expect(codes(tooMuch)).toEqual(['BAD_USER_INPUT']);
    const future = await stack.query(
      DELIVER,
      { input: { orderId: order.id, date: day(3), quantity: '1', idempotencyKey: 'flow-delivery-future' } },
      providerToken,
    );
    expect(codes(future)).toEqual(['BAD_USER_INPUT']);
  });

  it('corrects a delivery before settlement', async () => {
    const corrected = await ok(
      CORRECT,
      { deliveryId: deliveries[1].id, quantity: '2', reason: 'reported half an hour too much' },
      providerToken,
    );
    expect(corrected).toMatchObject({ quantity: '2', correctionReason: 'reported half an hour too much', settled: false });
    deliveries[1] = { ...deliveries[1], ...corrected };
  });

  it('the administrator settles: one payment to the provider, checked IBAN and reference; settled deliveries cannot be corrected', async () => {
    const payments = await ok<any[]>(
      SETTLE,
      { through: day(-1), providerId: order.provider.id, idempotencyKey: 'flow-settle-1' },
      tokens.admin,
    );
    expect(payments).toHaveLength(1);
    const [payment] = payments;
    expect(payment.provider.id).toBe(order.provider.id);
    expect(FinnishBankUtils.isValidFinnishIBAN(payment.iban)).toBe(true);
    expect(FinnishBankUtils.isValidFinnishRefNumber(payment.reference)).toBe(true);
    const paidIds = payment.deliveries.map((d: any) => d.id).sort();
    expect(paidIds).toEqual(expect.arrayContaining(deliveries.map((d) => d.id)));
    const ours = payment.deliveries.filter((d: any) => deliveries.some((x) => x.id === d.id));
    expect(ours.every((d: any) => d.settled)).toBe(true);
    expect(cents(payment.amount)).toBe(payment.deliveries.reduce((sum: number, d: any) => sum + cents(d.amount), 0));
    const retry = await ok<any[]>(
      SETTLE,
      { through: day(-1), providerId: order.provider.id, idempotencyKey: 'flow-settle-1' },
      tokens.admin,
    );
    expect(retry.map((p) => p.id)).toEqual([payment.id]);
    const late = await stack.query(CORRECT, { input: { deliveryId: deliveries[0].id, quantity: '1', reason: 'too late' } }, providerToken);
    expect(codes(late)).toEqual(['CONFLICT']);
    const listed = await stack.query(
      `query($p: ID) { payments(first: 5, providerId: $p) { totalCount edges { node { id } } } }`,
      { p: order.provider.id },
      tokens.admin,
    );
    expect(listed.data.payments.edges.map((e: any) => e.node.id)).toContain(payment.id);
    const own = await stack.query(
      `query($p: ID!) { provider(id: $p) { payments(first: 5) { edges { node { id reference } } } } }`,
      { p: order.provider.id },
      providerToken,
    );
    expect(own.data.provider.payments.edges.map((e: any) => e.node.id)).toContain(payment.id);
  });

  it('every party reads the same, consistent result', async () => {
    const delivered = deliveries.reduce((sum, d) => sum + cents(d.amount), 0);
    const voucherValue = cents(order.voucherValue);
    const committed = 10 * voucherValue - delivered;
    const q = `query($id: ID!) { client(id: $id) { currentPlan { budget { total { amount } committed { amount } spent { amount } remaining { amount } } voucher { granted { amount } balance { amount } } } orders { id status delivered } } }`;
    for (const token of [tokens.client, tokens.caseWorker]) {
      const res = await stack.query(q, { id: 'cl-00006' }, token);
      expect(res.errors ?? []).toEqual([]);
      const { budget, voucher } = res.data.client.currentPlan;
      expect(cents(budget.spent)).toBe(delivered);
      expect(cents(budget.committed)).toBe(committed);
      expect(cents(budget.remaining)).toBe(cents(budget.total) - delivered - committed);
      expect(cents(voucher.balance)).toBe(cents(voucher.granted) - delivered - committed);
      expect(res.data.client.orders.find((o: any) => o.id === order.id)).toMatchObject({ status: 'ACCEPTED', delivered: '5' });
    }
    const seen = await stack.query(
      `{ assignedOrders(first: 50) { edges { node { id delivered deliveries { amount { amount } } } } } }`,
      {},
      providerToken,
    );
    const node = seen.data.assignedOrders.edges.map((e: any) => e.node).find((n: any) => n.id === order.id);
    expect(node.delivered).toBe('5');
  });

  it('the client sees the writes to their data in myAccessLog', async () => {
    const log = await stack.query(`{ myAccessLog(first: 50) { edges { node { actorRole operation dataWritten } } } }`, {}, tokens.client);
    expect(log.errors ?? []).toEqual([]);
    const written = log.data.myAccessLog.edges.flatMap((e: any) => e.node.dataWritten as string[]);
    for (const action of ['createPlan', 'updatePlan', 'approvePlan', 'orderService', 'acceptOrder', 'reportDelivery', 'correctDelivery']) {
      expect(written.some((w: string) => w.startsWith(action))).toBe(true);
    }
  });

  it('revoking the plan cancels the voucher and the open orders', async () => {
    const current = await stack.query(`{ client(id: "cl-00006") { currentPlan { id version } } }`, {}, tokens.caseWorker);
    const { id, version } = current.data.client.currentPlan;
    const revoked = await ok(REVOKE, { planId: id, expectedVersion: version, reason: 'moved to a care home' }, tokens.caseWorker);
    expect(revoked).toMatchObject({ status: 'REVOKED', revocationReason: 'moved to a care home' });
    const after = await stack.query(
      `{ client(id: "cl-00006") { currentPlan { id } vouchers { status } orders { id status } } }`,
      {},
      tokens.caseWorker,
    );
    expect(after.data.client.currentPlan).toBeNull();
    expect(after.data.client.vouchers.map((v: any) => v.status)).toContain('CANCELLED');
    expect(after.data.client.orders.find((o: any) => o.id === order.id).status).toBe('CANCELLED');
  });

  async function offeringOf(o: any): Promise<{ id: string }> {
    const res = await stack.query(`{ client(id: "cl-00006") { orders { id offering { id } } } }`, {}, tokens.client);
    return res.data.client.orders.find((x: any) => x.id === o.id).offering;
  }
});

describe('refusals, each on its cause, and nothing written', () => {
  it("only a case worker of the client's municipality writes plans", async () => {
    const input = { clientId: 'cl-00014', validFrom: day(-1), services };
    const before = await stack.query(`{ client(id: "cl-00014") { plans { id version } } }`, {}, tokens.caseWorker);
    for (const token of [tokens.otherCaseWorker, tokens.client, tokens.admin, tokens.analyst]) {
      const res = await stack.query(CREATE, { input }, token);
      expect(codes(res)).toEqual(['FORBIDDEN']);
      expect(res.data?.createPlan ?? null).toBeNull();
    }
    const plans = await stack.query(`{ client(id: "cl-00014") { plans { id } } }`, {}, tokens.caseWorker);
    expect(plans.data.client.plans).toEqual(before.data.client.plans.map((p: any) => ({ id: p.id })));
  });

  it('bad input is BAD_USER_INPUT naming the argument', async () => {
    const cases: [unknown, string][] = [
      [
        { clientId: 'cl-00014', validFrom: day(0), services: [{ serviceTypeCode: 'no-such', quantity: '1', per: 'WEEK' }] },
        'input.services[0].serviceTypeCode',
      ],
      [
        { clientId: 'cl-00014', validFrom: day(0), services: [{ serviceTypeCode: 'kotihoito', quantity: '0', per: 'WEEK' }] },
        'input.services[0].quantity',
      ],
      [
        { clientId: 'cl-00014', validFrom: day(0), services: [{ serviceTypeCode: 'kotihoito', quantity: '1.234', per: 'WEEK' }] },
        'input.services[0].quantity',
      ],
      [{ clientId: 'cl-00014', validFrom: day(0), validTo: day(-5), services }, 'input.validTo'],
      [{ clientId: 'cl-00014', validFrom: day(0), situation: 'a\u0000b', services }, 'input.situation'],
    ];
    for (const [input, argumentName] of cases) {
      const res = await stack.query(CREATE, { input }, tokens.caseWorker);
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].extensions!.argumentName).toBe(argumentName);
    }
  });

  it('a client with an ACTIVE plan cannot get a second one approved (CONFLICT)', async () => {
    const draft = await ok(CREATE, { clientId: 'cl-00001', validFrom: day(0), services }, tokens.caseWorker);
    const res = await stack.query(APPROVE, { input: { planId: draft.id, expectedVersion: draft.version } }, tokens.caseWorker);
    expect(codes(res)).toEqual(['CONFLICT']);
    const still = await stack.query(`{ client(id: "cl-00001") { plans { id status } } }`, {}, tokens.caseWorker);
    expect(still.data.client.plans.find((p: any) => p.id === draft.id).status).toBe('DRAFT');
  });

  it("ordering outside the ACTIVE plan is NOT_IN_PLAN; someone else's plan FORBIDDEN; more than the budget BUDGET_EXCEEDED", async () => {
    const view = await stack.query(OFFERINGS, { id: 'cl-00001' }, tokens.otherClient);
    const service = view.data.client.currentPlan.services[0];
    const offering = service.availableOfferings[0];
    // Another client's planned service.
    const foreign = await stack.query(
      ORDER,
      { input: { plannedServiceId: service.id, offeringId: offering.id, quantity: '1', idempotencyKey: 'foreign-1' } },
      tokens.client,
    );
    expect(codes(foreign)).toEqual(['FORBIDDEN']);
    // An offering of another service type.
    const providers = await stack.query(
      `{ providers(first: 5, filter: { serviceTypeCode: "fysioterapia", municipalityCode: "205" }) { edges { node { offerings { id serviceType { code } } } } } }`,
      {},
      tokens.otherClient,
    );
    const physio = providers.data.providers.edges
      .flatMap((e: any) => e.node.offerings)
      .find((o: any) => o.serviceType.code === 'fysioterapia');
    const wrongType = await stack.query(
      ORDER,
      { input: { plannedServiceId: service.id, offeringId: physio.id, quantity: '1', idempotencyKey: 'wrong-type-1' } },
      tokens.otherClient,
    );
    expect(codes(wrongType)).toEqual(['NOT_IN_PLAN']);
    // More than the whole budget.
    const tooMuch = await stack.query(
      ORDER,
      { input: { plannedServiceId: service.id, offeringId: offering.id, quantity: '99999', idempotencyKey: 'too-much-1' } },
      tokens.otherClient,
    );
    expect(codes(tooMuch)).toEqual(['BUDGET_EXCEEDED']);
    // Not a planned service at all.
    const missing = await stack.query(
      ORDER,
      { input: { plannedServiceId: 'ps-nowhere', offeringId: offering.id, quantity: '1', idempotencyKey: 'missing-1' } },
      tokens.otherClient,
    );
    expect(codes(missing)).toEqual(['NOT_IN_PLAN']);
  });

  it('analysts and administrators order nothing; providers act only on their own orders', async () => {
    for (const token of [tokens.analyst, tokens.admin]) {
      const res = await stack.query(
        ORDER,
        { input: { plannedServiceId: 'ps-x', offeringId: 'of-x', quantity: '1', idempotencyKey: 'k' } },
        token,
      );
      expect(codes(res)).toEqual(['FORBIDDEN']);
    }
    const orders = await stack.query(`{ client(id: "cl-00001") { orders { id version provider { id } } } }`, {}, tokens.otherClient);
    const someOrder = orders.data.client.orders[0];
    const stranger = await stack.token(claims.provider('pr-0999', 'pr-0999'));
    const res = await stack.query(ACCEPT, { input: { orderId: someOrder.id, expectedVersion: someOrder.version } }, stranger);
    expect(codes(res)).toEqual(['FORBIDDEN']);
    const settle = await stack.query(SETTLE, { input: { through: day(-1), idempotencyKey: 'k-1' } }, tokens.caseWorker);
    expect(codes(settle)).toEqual(['FORBIDDEN']);
    const cancel = await stack.query(CANCEL, { input: { orderId: someOrder.id, expectedVersion: someOrder.version } }, tokens.client);
    expect(codes(cancel)).toEqual(['FORBIDDEN']);
  });
});

describe('concurrency and idempotency, enforced by the voucher system', () => {
  it('50 concurrent orders against a budget that fits only some: committed + spent never exceeds the total, every refusal BUDGET_EXCEEDED', async () => {
    const draft = await ok(
      CREATE,
      {
        clientId: 'cl-00014',
        validFrom: day(-10),
        validTo: day(19),
        services: [{ serviceTypeCode: 'kotihoito', quantity: '1', per: 'MONTH' }],
      },
      tokens.caseWorker,
    );
    const plan = await ok(APPROVE, { planId: draft.id, expectedVersion: draft.version }, tokens.caseWorker);
    const total = cents(plan.budget.total);
    const client = await stack.token(claims.client('cl-00014'));
    const view = await stack.query(OFFERINGS, { id: 'cl-00014' }, client);
    const service = view.data.client.currentPlan.services[0];
    const offering = service.availableOfferings[0];
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        stack.query(
          ORDER,
          { input: { plannedServiceId: service.id, offeringId: offering.id, quantity: '0.1', idempotencyKey: `race-${i}` } },
          i % 2 ? client : tokens.caseWorker,
        ),
      ),
    );
    const accepted = results.filter((r) => r.data?.orderService);
    const refused = results.filter((r) => !r.data?.orderService);
    expect(refused.every((r) => codes(r).join() === 'BUDGET_EXCEEDED')).toBe(true);
    expect(accepted.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    const budget = await stack.query(
      `{ client(id: "cl-00014") { currentPlan { budget { total { amount } committed { amount } spent { amount } } voucher { balance { amount } } } orders { id } } }`,
      {},
      tokens.caseWorker,
    );
    const b = budget.data.client.currentPlan.budget;
    expect(cents(b.committed) + cents(b.spent)).toBeLessThanOrEqual(total);
    expect(cents(budget.data.client.currentPlan.voucher.balance)).toBeGreaterThanOrEqual(0);
    expect(budget.data.client.orders).toHaveLength(accepted.length);
    console.log(
      `concurrency: 50 orders tried, ${accepted.length} accepted, ${refused.length} refused (BUDGET_EXCEEDED); committed ${b.committed.amount} + spent ${b.spent.amount} ≤ total ${b.total.amount}`,
    );
  });

  it('the same idempotencyKey sent 10 times at once creates one order, and one delivery', async () => {
    const client = await stack.token(claims.client('cl-00014'));
    // Room for one more order: cancel one of the race's orders first.
    const before = await stack.query(
      `{ client(id: "cl-00014") { orders { id version status } currentPlan { services { id availableOfferings { id provider { id } } } } } }`,
      {},
      client,
    );
    const open = before.data.client.orders.find((o: any) => o.status === 'REQUESTED');
    await ok(CANCEL, { orderId: open.id, expectedVersion: open.version, reason: 'changed my mind' }, client);
    const service = before.data.client.currentPlan.services[0];
    const offering = service.availableOfferings[0];
    const input = { plannedServiceId: service.id, offeringId: offering.id, quantity: '0.1', idempotencyKey: 'same-key-10' };
    const results = await Promise.all(Array.from({ length: 10 }, () => stack.query(ORDER, { input }, client)));
    for (const r of results) expect(r.errors ?? []).toEqual([]);
    const ids = new Set(results.map((r) => r.data.orderService.id));
    expect(ids.size).toBe(1);
    const after = await stack.query(`{ client(id: "cl-00014") { orders { id } } }`, {}, client);
    expect(after.data.client.orders.length).toBe(before.data.client.orders.length + 1);

    const [orderId] = [...ids];
    const provider = await stack.token(claims.provider(offering.provider.id, offering.provider.id));
    const polled = await stack.query(
      `query { assignedOrders(first: 100, status: [REQUESTED]) { edges { node { id version } } } }`,
      {},
      provider,
    );
    const node = polled.data.assignedOrders.edges.map((e: any) => e.node).find((n: any) => n.id === orderId);
    await ok(ACCEPT, { orderId, expectedVersion: node.version }, provider);
    const delivery = { orderId, date: day(-1), quantity: '0.1', idempotencyKey: 'same-delivery-10' };
    const reports = await Promise.all(Array.from({ length: 10 }, () => stack.query(DELIVER, { input: delivery }, provider)));
    for (const r of reports) expect(r.errors ?? []).toEqual([]);
    expect(new Set(reports.map((r) => r.data.reportDelivery.id)).size).toBe(1);
    const done = await stack.query(`{ client(id: "cl-00014") { orders { id status delivered deliveries { id } } } }`, {}, client);
    const order = done.data.client.orders.find((o: any) => o.id === orderId);
    expect(order).toMatchObject({ status: 'COMPLETED', delivered: '0.1' });
    expect(order.deliveries).toHaveLength(1);
  });
});

describe('a failure half-way between the two systems leaves nothing a party can act on, and the retry completes it', () => {
  /** The client-record system answers the first `n` requests, then is down (503) until healed. */
  const downAfter = (n: number) => {
    let seen = 0;
    stack.systems.clientRecords.setFaults({ failureRate: 1, random: () => (++seen <= n ? 1 : 0) });
  };
  const heal = () => stack.systems.clientRecords.setFaults({ failureRate: 0, random: Math.random });

  it('revokePlan: the voucher is cancelled, the plan write fails; no order can be made; the retry revokes', async () => {
    const current = await stack.query(
      `{ client(id: "cl-00014") { currentPlan { id version services { id availableOfferings { id } } } } }`,
      {},
      tokens.caseWorker,
    );
    const plan = current.data.client.currentPlan;
    downAfter(2); // the plan's read and its client's read pass; the plan write fails
    const cut = await stack.query(
      REVOKE,
      { input: { planId: plan.id, expectedVersion: plan.version, reason: 'moved away' } },
      tokens.caseWorker,
    );
    heal();
    expect(codes(cut)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(cut.errors![0].extensions!.system).toBe('client-record-system');
    const between = await stack.query(
      `{ client(id: "cl-00014") { currentPlan { id version status voucher { status } } orders { status } } }`,
      {},
      tokens.caseWorker,
    );
    expect(between.data.client.currentPlan).toMatchObject({
      id: plan.id,
      version: plan.version,
      status: 'ACTIVE',
      voucher: { status: 'CANCELLED' },
    });
    expect(between.data.client.orders.filter((o: any) => o.status === 'REQUESTED' || o.status === 'ACCEPTED')).toEqual([]);
    const client = await stack.token(claims.client('cl-00014'));
    const order = await stack.query(
      ORDER,
      {
        input: {
          plannedServiceId: plan.services[0].id,
          offeringId: plan.services[0].availableOfferings[0].id,
          quantity: '0.1',
          idempotencyKey: 'between-1',
        },
      },
      client,
    );
    expect(codes(order)).toEqual(['NOT_IN_PLAN']);
    const retry = await ok(REVOKE, { planId: plan.id, expectedVersion: plan.version, reason: 'moved away' }, tokens.caseWorker);
    expect(retry.status).toBe('REVOKED');
  });

  it('approvePlan: the voucher is granted, the plan write fails; nothing can be ordered on a DRAFT plan; the retry approves with the same voucher', async () => {
    const draft = await ok(
      CREATE,
      {
        clientId: 'cl-00014',
        validFrom: day(-10),
        validTo: day(50),
        services: [{ serviceTypeCode: 'kotihoito', quantity: '1', per: 'WEEK' }],
      },
      tokens.caseWorker,
    );
    downAfter(3); // the plan's read, its client's read and the search for another ACTIVE plan pass; the plan write fails
    const cut = await stack.query(APPROVE, { input: { planId: draft.id, expectedVersion: draft.version } }, tokens.caseWorker);
    heal();
    expect(codes(cut)).toEqual(['UPSTREAM_UNAVAILABLE']);
    const between = await stack.query(
      `query($id: ID!) { client(id: "cl-00014") { currentPlan { id } plans { id status } } }`.replace('query($id: ID!) ', ''),
      {},
      tokens.caseWorker,
    );
    expect(between.data.client.currentPlan).toBeNull();
    expect(between.data.client.plans.find((p: any) => p.id === draft.id).status).toBe('DRAFT');
    const retry = await ok(APPROVE, { planId: draft.id, expectedVersion: draft.version }, tokens.caseWorker);
    expect(retry.status).toBe('ACTIVE');
    const vouchers = await stack.query(`{ client(id: "cl-00014") { vouchers { id status plan { id } } } }`, {}, tokens.caseWorker);
    const ofPlan = vouchers.data.client.vouchers.filter((v: any) => v.plan?.id === draft.id);
    expect(ofPlan.map((v: any) => v.status)).toEqual(['ACTIVE']);
    expect(cents(retry.voucher.granted)).toBe(cents(retry.budget.total));
  });
});
