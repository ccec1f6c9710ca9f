/**
 * Unit costs with a history, through the gateway (issue 9): the administrator sets a
 * municipality's unit cost from a day on; budgets approved before keep the unit costs their
 * vouchers fixed when granted (their totals, their orders' voucher value, a revision of the plan),
 * plans approved after use the new one; the history lists every entry. Then who may set one,
 * the refusals on their causes (changing nothing), PlannedService.voucherValue in ACTIVE and
 * DRAFT plans, and that a voucher-system outage fails only voucherValue.
 *
 * Seed facts used: Kajaani (205) and its case worker cw-0001; cl-00006 and cl-00014 are Kajaani
 * clients without an ACTIVE plan; kotihoito has offerings in Kajaani.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetLineCents, validityDays } from '../lib/budget.js';
import { decimalToHundredths } from '../lib/money.js';
import { todayInFinland } from '../lib/write-input.js';
import { cents, claims, codes, roleTokens } from './support/index.js';
import { startStack, type Stack } from './stack.js';

let stack: Stack;
const tokens: Record<string, string> = {};

/** Dates by the Finnish calendar, as "today or later" is judged. */
const TODAY = todayInFinland();
function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
const VALID_FROM = addDays(TODAY, -30);
const VALID_TO = addDays(TODAY, 334);
let keys = 0;
const key = (what: string) => `unit-costs-${what}-${++keys}`;

const SERVICE_FIELDS = 'id quantity per serviceType { code } voucherValue { amount }';
const PLAN_FIELDS = `id version status services { ${SERVICE_FIELDS} } budget { total { amount } lines { plannedService { id } unitCost { amount } amount { amount } } }`;
const CREATE = `mutation CreatePlan($input: CreatePlanInput!) { createPlan(input: $input) { ${PLAN_FIELDS} } }`;
const UPDATE = `mutation UpdatePlan($input: UpdatePlanInput!) { updatePlan(input: $input) { ${PLAN_FIELDS} voucher { granted { amount } } } }`;
const APPROVE = `mutation ApprovePlan($input: ApprovePlanInput!) { approvePlan(input: $input) { ${PLAN_FIELDS} voucher { id granted { amount } } } }`;
const ORDER = `mutation OrderService($input: OrderServiceInput!) { orderService(input: $input) { id voucherValue { amount } unitPrice { amount } } }`;
const SET = `mutation SetUnitCost($input: SetUnitCostInput!) { setUnitCost(input: $input) { municipalityCode serviceTypeCode unit unitCost { amount } validFrom validTo } }`;
const COSTS = `query UnitCosts($m: String, $s: String, $on: Date) { unitCosts(municipalityCode: $m, serviceTypeCode: $s, validOn: $on) { municipalityCode serviceTypeCode unitCost { amount } validFrom validTo } }`;
const HISTORY = `query History($m: String!, $s: String!) { unitCostHistory(municipalityCode: $m, serviceTypeCode: $s) { unitCost { amount } validFrom validTo } }`;
const CURRENT_PLAN = `query Current($id: ID!) { client(id: $id) { currentPlan { ${PLAN_FIELDS} voucher { granted { amount } } services { id availableOfferings(first: 10) { id price { amount } } } } } }`;

const services = (quantity: string) => [{ serviceTypeCode: 'kotihoito', quantity, per: 'WEEK', schedule: 'Mon, Wed, Fri' }];
/** What a kotihoito line of the test plans comes to at a unit cost. */
const lineCents = (quantity: string, unitCostCents: number) =>
  budgetLineCents(decimalToHundredths(quantity), 'WEEK', validityDays(VALID_FROM, VALID_TO), unitCostCents);

async function ok<T = any>(query: string, variables: Record<string, unknown>, token: string): Promise<T> {
  const res = await stack.query(query, variables, token);
  expect(res.errors ?? []).toEqual([]);
  return Object.values(res.data as object)[0] as T;
}

const costs = async (variables: Record<string, unknown>) => ok<any[]>(COSTS, variables, tokens.admin);
const history = async (s = 'kotihoito', m = '205') => ok<any[]>(HISTORY, { m, s }, tokens.admin);

/** A DRAFT plan of kotihoito for a Kajaani client, then (when asked) approved. */
async function plan(clientId: string, quantity: string, approve: boolean): Promise<any> {
  const draft = await ok(
    CREATE,
    { input: { clientId, validFrom: VALID_FROM, validTo: VALID_TO, services: services(quantity) } },
    tokens.caseWorker,
  );
  return approve ? ok(APPROVE, { input: { planId: draft.id, expectedVersion: draft.version } }, tokens.caseWorker) : draft;
}

/** The client orders the cheapest kotihoito offering of their current plan. */
/**
 * Orders the dearest offering shown (dearer than either unit cost): the voucher pays at most the
 * price, so only an offering at or above the unit cost shows the unit cost as the voucher value.
 */
async function orderKotihoito(clientId: string, token: string, unitCostCents: number): Promise<any> {
  const current = (await ok(CURRENT_PLAN, { id: clientId }, token)).currentPlan;
  const offerings: { id: string; price: { amount: string } }[] = current.services[0].availableOfferings;
  const offering = offerings.reduce((a, b) => (cents(b.price) > cents(a.price) ? b : a));
  expect(cents(offering.price)).toBeGreaterThanOrEqual(unitCostCents);
  return ok(
    ORDER,
    { input: { plannedServiceId: current.services[0].id, offeringId: offering.id, quantity: '2', idempotencyKey: key('order') } },
    token,
  );
}

beforeAll(async () => {
  stack = await startStack();
  Object.assign(
    tokens,
    await roleTokens(stack, {
      admin: claims.admin('admin-1'),
      otherCaseWorker: claims.caseWorker('905', 'cw-9999'),
      client6: claims.client('cl-00006'),
      client14: claims.client('cl-00014'),
      provider: claims.provider('pr-0001', 'pr-0001'),
      analyst: claims.analyst('an-1'),
    }),
  );
});
afterAll(async () => {
  await stack?.close();
});

describe('a new unit cost from today: budgets approved before keep theirs, plans approved after use it', () => {
  let oldCents: number;
  let newCents: number;
  let before: any;

  it('before: a plan approved at the current unit cost, and an order valued at it', async () => {
    const [current] = await costs({ m: '205', s: 'kotihoito' });
    expect(current).toMatchObject({ municipalityCode: '205', serviceTypeCode: 'kotihoito', validTo: null });
    oldCents = cents(current.unitCost);
    newCents = oldCents + 1_000;

    before = await plan('cl-00006', '3', true);
    expect(before.status).toBe('ACTIVE');
    expect(cents(before.budget.total)).toBe(lineCents('3', oldCents));
    expect(cents(before.voucher.granted)).toBe(cents(before.budget.total));
    expect(cents(before.services[0].voucherValue)).toBe(oldCents);
    expect(cents((await orderKotihoito('cl-00006', tokens.client6, oldCents)).voucherValue)).toBe(oldCents);
  });

  it('the administrator sets the unit cost from today', async () => {
    const set = await ok(
      SET,
      { input: { municipalityCode: '205', serviceTypeCode: 'kotihoito', unitCost: (newCents / 100).toFixed(2), validFrom: TODAY } },
      tokens.admin,
    );
    expect(set).toEqual({
      municipalityCode: '205',
      serviceTypeCode: 'kotihoito',
      unit: 'HOUR',
      unitCost: { amount: (newCents / 100).toFixed(2) },
      validFrom: TODAY,
      validTo: null,
    });
    expect((await costs({ m: '205', s: 'kotihoito' })).map((u) => cents(u.unitCost))).toEqual([newCents]);
    const [yesterday] = await costs({ m: '205', s: 'kotihoito', on: addDays(TODAY, -1) });
    expect(cents(yesterday.unitCost)).toBe(oldCents);
    expect(yesterday.validTo).toBe(addDays(TODAY, -1));
  });

  it("the plan approved before keeps its budget, its voucher value and its orders' voucher value", async () => {
    const current = (await ok(CURRENT_PLAN, { id: 'cl-00006' }, tokens.caseWorker)).currentPlan;
    expect(current.id).toBe(before.id);
    expect(current.budget.total).toEqual(before.budget.total);
    expect(current.budget.lines.map((l: any) => cents(l.unitCost))).toEqual([oldCents]);
    expect(current.voucher.granted).toEqual(before.voucher.granted);
    expect(cents(current.services[0].voucherValue)).toBe(oldCents);
    expect(cents((await orderKotihoito('cl-00006', tokens.client6, oldCents)).voucherValue)).toBe(oldCents);
  });

  it('a revision of the plan approved before re-computes its budget at the unit cost its voucher fixed', async () => {
    const current = (await ok(CURRENT_PLAN, { id: 'cl-00006' }, tokens.caseWorker)).currentPlan;
    const revised = await ok(
      UPDATE,
      {
        input: {
          planId: current.id,
          expectedVersion: current.version,
          services: [{ id: current.services[0].id, service: services('4')[0] }],
        },
      },
      tokens.caseWorker,
    );
    expect(cents(revised.budget.total)).toBe(lineCents('4', oldCents));
    expect(cents(revised.voucher.granted)).toBe(cents(revised.budget.total));
    expect(revised.budget.lines.map((l: any) => cents(l.unitCost))).toEqual([oldCents]);
  });

  it("a plan approved after uses the new unit cost: its budget, its voucher and an order's voucher value", async () => {
    const draft = await plan('cl-00014', '3', false);
    expect(draft.status).toBe('DRAFT');
    expect(cents(draft.services[0].voucherValue)).toBe(newCents);
    expect(cents(draft.budget.total)).toBe(lineCents('3', newCents));
    const approved = await ok(APPROVE, { input: { planId: draft.id, expectedVersion: draft.version } }, tokens.caseWorker);
    expect(cents(approved.budget.total)).toBe(lineCents('3', newCents));
    expect(cents(approved.voucher.granted)).toBe(cents(approved.budget.total));
    expect(cents(approved.budget.total)).toBeGreaterThan(cents(before.budget.total));
    expect(cents((await orderKotihoito('cl-00014', tokens.client14, newCents)).voucherValue)).toBe(newCents);
  });

  it('the history lists both entries, newest first, each ending the day before the next starts', async () => {
    expect(await history()).toEqual([
      { unitCost: { amount: (newCents / 100).toFixed(2) }, validFrom: TODAY, validTo: null },
      { unitCost: { amount: (oldCents / 100).toFixed(2) }, validFrom: expect.any(String), validTo: addDays(TODAY, -1) },
    ]);
  });

  it("a change scheduled for later leaves today's unit cost, a DRAFT plan's voucher value and approved budgets as they are", async () => {
    const later = addDays(TODAY, 14);
    await ok(
      SET,
      { input: { municipalityCode: '205', serviceTypeCode: 'kotihoito', unitCost: ((newCents + 500) / 100).toFixed(2), validFrom: later } },
      tokens.admin,
    );
    expect(await costs({ m: '205', s: 'kotihoito' })).toMatchObject([
      { unitCost: { amount: (newCents / 100).toFixed(2) }, validFrom: TODAY, validTo: addDays(later, -1) },
    ]);
    expect(await costs({ m: '205', s: 'kotihoito', on: later })).toMatchObject([
      { unitCost: { amount: ((newCents + 500) / 100).toFixed(2) }, validFrom: later, validTo: null },
    ]);
    expect((await history()).map((u) => u.validFrom).slice(0, 2)).toEqual([later, TODAY]);

    // PlannedService.voucherValue: the ACTIVE plan's fixed unit cost; a DRAFT plan's is today's.
    const draft = await plan('cl-00006', '1', false);
    expect(cents(draft.services[0].voucherValue)).toBe(newCents);
    const active = (await ok(CURRENT_PLAN, { id: 'cl-00006' }, tokens.client6)).currentPlan;
    expect(cents(active.services[0].voucherValue)).toBe(oldCents);
  });

  it("every unit cost write is in the administrators' write log", async () => {
    const res = await stack.query(
      `query WriteLog($s: String) { writeLog(subject: $s) { edges { node { actorRole actorId subject dataWritten } } } }`,
      { s: 'UnitCost/205/kotihoito' },
      tokens.admin,
    );
    expect(res.errors ?? []).toEqual([]);
    const written = res.data.writeLog.edges.flatMap((e: any) => e.node.dataWritten);
    expect(written).toContain(`setUnitCost UnitCost/205/kotihoito/${TODAY}`);
    expect(written).toContain(`setUnitCost UnitCost/205/kotihoito/${addDays(TODAY, 14)}`);
    expect(res.data.writeLog.edges[0].node).toMatchObject({ actorRole: 'ADMIN', actorId: 'admin-1', subject: 'UnitCost/205/kotihoito' });
  });
});

describe("the planned services' offerings through the gateway", () => {
  it("a client reads their plan's services with voucher values and offerings' prices in one query", async () => {
    const res = await stack.query(
      `query Offerings($id: ID!) { client(id: $id) { currentPlan { services { serviceType { code } voucherValue { amount } availableOfferings { price { amount } provider { name } } } } } }`,
      { id: 'cl-00001' },
      await stack.token(claims.client()),
    );
    expect(res.errors ?? []).toEqual([]);
    const [service] = res.data.client.currentPlan.services;
    expect(cents(service.voucherValue)).toBeGreaterThan(0);
    expect(service.availableOfferings.length).toBeGreaterThan(0);
  });
});

describe('voucherValue is batched', () => {
  it('costs the voucher system the same calls for a plan of 1 planned service and of 30', async () => {
    const calls = async (clientId: string) => {
      stack.systems.vouchers.requests.reset();
      const res = await stack.query(
        `query Values($id: ID!) { client(id: $id) { currentPlan { services { voucherValue { amount } } } } }`,
        { id: clientId },
        tokens.caseWorker,
      );
      expect(res.errors ?? []).toEqual([]);
      expect(res.data.client.currentPlan.services.every((s: any) => cents(s.voucherValue) > 0)).toBe(true);
      return { services: res.data.client.currentPlan.services.length, calls: stack.systems.vouchers.requests.count() };
    };
    const one = await calls('cl-00001');
    const thirty = await calls('cl-00002');
    expect([one.services, thirty.services]).toEqual([1, 30]);
    expect(thirty.calls).toBe(one.calls);
    expect(one.calls).toBe(1); // the plans' vouchers, which fixed every unit cost
  });
});

describe('who may set unit costs, and what a refusal changes (nothing)', () => {
  const input = { municipalityCode: '205', serviceTypeCode: 'fysioterapia', unitCost: '99.00', validFrom: addDays(TODAY, 3) };

  it('only administrators: clients, case workers, providers and analysts get FORBIDDEN', async () => {
    const entries = await history('fysioterapia');
    for (const who of ['client6', 'caseWorker', 'provider', 'analyst']) {
      const res = await stack.query(SET, { input }, tokens[who]);
      expect(codes(res), who).toEqual(['FORBIDDEN']);
      expect(res.data?.setUnitCost ?? null).toBeNull();
      // Decided on the role before the input is read.
      expect(codes(await stack.query(SET, { input: { ...input, municipalityCode: '999' } }, tokens[who])), who).toEqual(['FORBIDDEN']);
    }
    expect(await history('fysioterapia')).toEqual(entries);
  });

  it("reads: case workers their own municipality's history; clients and providers none", async () => {
    expect((await ok(HISTORY, { m: '205', s: 'kotihoito' }, tokens.caseWorker)).length).toBeGreaterThan(0);
    expect((await ok(HISTORY, { m: '205', s: 'kotihoito' }, tokens.analyst)).length).toBeGreaterThan(0);
    expect(codes(await stack.query(HISTORY, { m: '205', s: 'kotihoito' }, tokens.otherCaseWorker))).toEqual(['FORBIDDEN']);
    expect(codes(await stack.query(HISTORY, { m: '205', s: 'kotihoito' }, tokens.client6))).toEqual(['FORBIDDEN']);
    expect(codes(await stack.query(COSTS, { m: '205', on: TODAY }, tokens.provider))).toEqual(['FORBIDDEN']);
    expect(codes(await stack.query(HISTORY, { m: '999', s: 'kotihoito' }, tokens.admin))).toEqual(['BAD_USER_INPUT']);
  });

  it('refuses bad input with BAD_USER_INPUT naming the argument, and changes nothing', async () => {
    const entries = await history('fysioterapia');
    const cases: [Record<string, unknown>, string][] = [
      [{ municipalityCode: '999' }, 'input.municipalityCode'],
      [{ serviceTypeCode: 'hieronta' }, 'input.serviceTypeCode'],
      [{ unitCost: '0' }, 'input.unitCost'],
      [{ unitCost: '-12.00' }, 'input.unitCost'],
      [{ unitCost: '12.345' }, 'input.unitCost'],
      [{ unitCost: '100000.01' }, 'input.unitCost'],
      [{ validFrom: addDays(TODAY, -1) }, 'input.validFrom'],
    ];
    for (const [change, argumentName] of cases) {
      const res = await stack.query(SET, { input: { ...input, ...change } }, tokens.admin);
      expect(codes(res), JSON.stringify(change)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].extensions!.argumentName, JSON.stringify(change)).toBe(argumentName);
      expect(res.data?.setUnitCost ?? null).toBeNull();
    }
    expect(await history('fysioterapia')).toEqual(entries);
  });

  it('the same validFrom again replaces the scheduled entry', async () => {
    const first = await ok(SET, { input }, tokens.admin);
    const again = await ok(SET, { input: { ...input, unitCost: '98.50' } }, tokens.admin);
    expect(again).toMatchObject({ validFrom: first.validFrom, unitCost: { amount: '98.50' } });
    expect((await history('fysioterapia')).filter((u) => u.validFrom === input.validFrom)).toEqual([
      { unitCost: { amount: '98.50' }, validFrom: input.validFrom, validTo: null },
    ]);
  });
});

describe('failure isolation', () => {
  it('with the voucher system down, voucherValue is null with UPSTREAM_UNAVAILABLE and the plan still answers', async () => {
    stack.systems.vouchers.setFaults({ failureRate: 1 });
    try {
      const res = await stack.query(
        `query Plan($id: ID!) { client(id: $id) { currentPlan { id status services { id quantity voucherValue { amount } } } } }`,
        { id: 'cl-00006' },
        tokens.caseWorker,
      );
      const service = res.data.client.currentPlan.services[0];
      expect(service.id).toBeTruthy();
      expect(service.voucherValue).toBeNull();
      const error = res.errors?.find((e) => e.path?.at(-1) === 'voucherValue');
      expect(error?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', system: 'voucher-system' });
    } finally {
      stack.systems.vouchers.setFaults({ failureRate: 0 });
    }
  });
});
