/**
 * Authentication to the existing systems through the whole running stack (issue 10, item 3).
 * A fresh stack answers the shared plan to 20 case workers' queries at once with at most one
 * token request (and, for FHIR, one discovery) per subgraph client — not one per query or per
 * call — and none for later queries. A subgraph whose credentials the voucher system refuses
 * gives the case worker everything else, the voucher fields null with UPSTREAM_UNAVAILABLE
 * naming the voucher system, and nothing of the cause: no secret, no URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAuthRequest, SMART_CONFIGURATION_PATH, TOKEN_PATH } from '../systems/oauth.js';
import { SHARED_PLAN } from './queries.js';
import { startStack, type Stack } from './stack.js';
import { ask, claims } from './support/index.js';

/** Subgraphs that hold a client of each system (client-records, vouchers, providers). */
const CLIENTS_PER_SYSTEM = 3;

describe('a fresh stack under 20 concurrent shared-plan queries', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => stack?.close());

  it('asks each system for at most one token per subgraph client, and for none afterwards', async () => {
    const token = await stack.token(claims.caseWorker());
    const { clientRecords, vouchers } = stack.systems;
    const answers = await Promise.all(Array.from({ length: 20 }, () => stack.query(SHARED_PLAN, { id: 'cl-00002' }, token)));
    for (const res of answers) expect(res.errors).toBeUndefined();
    const first = {
      fhirTokens: clientRecords.requests.count((r) => r.path === TOKEN_PATH),
      fhirDiscoveries: clientRecords.requests.count((r) => r.path.endsWith(SMART_CONFIGURATION_PATH)),
      voucherTokens: vouchers.requests.count((r) => r.path === TOKEN_PATH),
      apiCalls: clientRecords.requests.count((r) => !isAuthRequest(r)) + vouchers.requests.count((r) => !isAuthRequest(r)),
    };
    console.log('20 concurrent shared-plan queries on a fresh stack', first);
    expect(first.fhirTokens).toBeGreaterThanOrEqual(1);
    expect(first.fhirTokens).toBeLessThanOrEqual(CLIENTS_PER_SYSTEM);
    expect(first.fhirDiscoveries).toBe(first.fhirTokens);
    expect(first.voucherTokens).toBeGreaterThanOrEqual(1);
    expect(first.voucherTokens).toBeLessThanOrEqual(CLIENTS_PER_SYSTEM);
    expect(first.apiCalls).toBeGreaterThanOrEqual(20);

    clientRecords.requests.reset();
    vouchers.requests.reset();
    await Promise.all(Array.from({ length: 20 }, () => stack.query(SHARED_PLAN, { id: 'cl-00001' }, token)));
    expect(clientRecords.requests.count(isAuthRequest) + vouchers.requests.count(isAuthRequest)).toBe(0);
    expect(clientRecords.requests.count((r) => r.status === 401) + vouchers.requests.count((r) => r.status === 401)).toBe(0);
  });
});

describe('subgraphs whose voucher-system secret is wrong', () => {
  let stack: Stack;
  const WRONG_SECRET = 'a-secret-the-voucher-system-never-issued';
  beforeAll(async () => {
    stack = await startStack({ subgraphCredentials: { voucherSystem: { clientId: 'client-plan-graph', clientSecret: WRONG_SECRET } } });
  });
  afterAll(async () => stack?.close());

  it('give the shared plan without its voucher fields: UPSTREAM_UNAVAILABLE naming the voucher system, nothing of the cause', async () => {
    const token = await stack.token(claims.caseWorker());
    const res = await ask(stack, SHARED_PLAN, { id: 'cl-00001' }, token);
    expect(res.status).toBe(200);
    expect(res.data.client.firstName).toEqual(expect.any(String));
    expect(res.data.client.currentPlan.services.length).toBeGreaterThan(0);
    expect(res.data.client.vouchers).toBeNull();
    expect(res.data.client.currentPlan.budget).toBeNull();
    const codes = [...new Set(res.errors!.map((e) => `${e.extensions?.code} ${e.extensions?.system}`))];
    expect(codes).toEqual(['UPSTREAM_UNAVAILABLE voucher-system']);
    const text = JSON.stringify(res.errors);
    expect(text).not.toContain(WRONG_SECRET);
    expect(text).not.toMatch(/oauth|token|client-plan-graph|https?:|invalid_client/i);
    // Nothing reached the API: every request the voucher system saw was a refused token request.
    expect(stack.systems.vouchers.requests.entries.every((r) => r.path === TOKEN_PATH && r.status === 401)).toBe(true);
  });
});
