/**
 * Bad input is the caller's error, never an outage (docs/contract.md, "Errors"): a date that is no
 * date, a cursor that is not ours, a NUL character, a decimal with letters — each gets
 * BAD_USER_INPUT (naming the argument where there is one), and nothing is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type GraphQLResponse, type Stack } from './stack.js';
import { claims } from './support/index.js';

let stack: Stack;
let caseWorker: string;
let admin: string;
beforeAll(async () => {
  stack = await startStack();
  caseWorker = await stack.token(claims.caseWorker());
  admin = await stack.token(claims.admin('admin-1'));
});
afterAll(async () => stack?.close());

function expectBadInput(res: GraphQLResponse<any>, argument?: string) {
  const codes = (res.errors ?? []).map((e) => e.extensions?.code);
  expect(codes.length).toBeGreaterThan(0);
  expect(codes).not.toContain('UPSTREAM_UNAVAILABLE');
  expect(codes).not.toContain('INTERNAL_SERVER_ERROR');
  expect(codes).toContain('BAD_USER_INPUT');
  for (const e of res.errors!) expect(e.message).not.toMatch(/unavailable|did not answer|https?:\/\/|select /i);
  if (argument) expect(res.errors!.map((e) => e.extensions?.argumentName)).toContain(argument);
}

const CREATE = 'mutation CreatePlan($input: CreatePlanInput!) { createPlan(input: $input) { id } }';
const plan = (validFrom: string) => ({
  clientId: 'cl-00006',
  validFrom,
  services: [{ serviceTypeCode: 'kotihoito', quantity: '4', per: 'WEEK' }],
});

describe('bad input through the gateway', () => {
  it.each(['2026-13-01', '2026-02-30', 'tomorrow', '2026-1-1', ''])(
    'a date "%s" in a variable: BAD_USER_INPUT, no plan made',
    async (date) => {
      const before = stack.systems.clientRecords.requests.count((r) => r.method !== 'GET');
      expectBadInput(await stack.query(CREATE, { input: plan(date) }, caseWorker));
      expect(stack.systems.clientRecords.requests.count((r) => r.method !== 'GET')).toBe(before);
    },
  );

  it('a date in the document: BAD_USER_INPUT', async () => {
    expectBadInput(
      await stack.query(
        '{ spendingReport(from: "2026-02-30", to: "2026-03-01", groupBy: [SERVICE_TYPE]) { total { amount } } }',
        {},
        admin,
      ),
    );
  });

  it('a decimal with letters: BAD_USER_INPUT', async () => {
    expectBadInput(
      await stack.query(
        CREATE,
        { input: { ...plan('2027-01-01'), services: [{ serviceTypeCode: 'kotihoito', quantity: '4 hours', per: 'WEEK' }] } },
        caseWorker,
      ),
    );
  });

  it.each([
    ['providers', '{ providers(first: 5, after: "not-a-cursor") { totalCount } }'],
    ['payments', '{ payments(first: 5, after: "eyJ4IjoxfQ") { totalCount } }'],
  ])('a cursor that is not ours (%s): BAD_USER_INPUT naming after', async (_field, query) => {
    expectBadInput(await stack.query(query, {}, admin), 'after');
  });

  it('a NUL character in a variable or a literal: BAD_USER_INPUT, the catalogue not asked', async () => {
    const variable = await stack.query(
      'query Find($s: String) { providers(filter: { search: $s }) { totalCount } }',
      { s: 'hoiva\u0000' },
      caseWorker,
    );
    expectBadInput(variable, 's');
    expect(variable.status).toBe(400);
    const literal = await stack.query('{ providers(filter: { search: "hoiva\\u0000" }) { totalCount } }', {}, caseWorker);
    expectBadInput(literal);
    expect(literal.status).toBe(400);
    const nested = await stack.query(CREATE, { input: { ...plan('2027-01-01'), situation: 'lives alone\u0000' } }, caseWorker);
    expectBadInput(nested, 'input.situation');
  });

  it("an alias that takes another field's name (a hidden key or @requires field included): BAD_USER_INPUT, 400", async () => {
    const client = await stack.token(claims.client());
    const res = await stack.query(
      'query MyPlan { client(id: "cl-00001") { currentPlan { services { id serviceTypeCode: serviceType { code } availableOfferings(first: 3) { id } } } } }',
      {},
      client,
    );
    expectBadInput(res);
    expect(res.status).toBe(400);
    expect(res.errors![0]!.message).toMatch(/alias "serviceTypeCode" is the name of another field of PlannedService/);
    // An alias of its own name, or a new name, is fine.
    const fine = await stack.query(
      'query MyPlan { client(id: "cl-00001") { currentPlan { services { id: id code: serviceType { code } availableOfferings(first: 3) { id } } } } }',
      {},
      client,
    );
    expect(fine.errors).toBeUndefined();
    expect(fine.data.client.currentPlan.services[0].code.code).toEqual(expect.any(String));
  });
});
