/**
 * Principle 2, measured: the calls the shared-plan query makes to each system do not grow
 * with the plan. cl-00001 has 1 planned service, cl-00002 has 30 (with their orders,
 * deliveries, offerings and budget lines).
 *
 * The counts themselves are asserted too, so a change that adds a call shows here: 2 FHIR
 * searches (the client with their case worker, `_include=Patient:general-practitioner`; then
 * their plans) and 4 voucher-system reads (the
 * client's vouchers; the plan's vouchers, for its budget and for the voucher value the
 * offerings are priced against; the planned services' orders, once; their deliveries). Before
 * issue 12 the budget read the plan's orders as well, and the plan's vouchers were read twice —
 * once per fetch of the gateway's plan; the gateway now sends a round's fetches to a subgraph as
 * one request (gateway/subgraph-fetch/batching.ts), so they share the subgraph's loaders: 6 reads then.
 *
 * The gateway's requests to the subgraphs are counted too: the fetches of one round of its
 * plan to one subgraph go as one request (gateway/subgraph-fetch/batching.ts).
 *
 * Token requests (and SMART discovery) are counted apart from the query's calls: a fresh
 * stack's first query also obtains each subgraph client's access token, once; later queries
 * reuse it until it nears expiry (5 minutes), so they make none — asserted below, not hidden.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHARED_PLAN } from './queries.js';
import { isAuthRequest } from '../systems/oauth.js';
import { startStack, type Stack } from './stack.js';
import { ask, claims } from './support/index.js';

let stack: Stack;
let token: string;
beforeAll(async () => {
  stack = await startStack();
  token = await stack.token(claims.caseWorker());
});
afterAll(async () => stack?.close());

/** Operations each subgraph has answered so far (its Prometheus counter). */
async function subgraphOperations(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const name of ['client-records', 'vouchers', 'providers'] as const) {
    const text = await (await fetch(new URL('/metrics', stack.subgraphUrls[name]))).text();
    counts[name] = [...text.matchAll(/^subgraph_operations_total\{[^}]*\} (\d+)/gm)].reduce((n, m) => n + Number(m[1]), 0);
  }
  return counts;
}

async function callsFor(clientId: string) {
  stack.systems.clientRecords.requests.reset();
  stack.systems.vouchers.requests.reset();
  const before = await subgraphOperations();
  const res = await ask(stack, SHARED_PLAN, { id: clientId }, token);
  expect(res.errors).toBeUndefined();
  const after = await subgraphOperations();
  return {
    subgraphRequests: Object.fromEntries(Object.entries(after).map(([name, n]) => [name, n - before[name]])),
    services: res.data.client.currentPlan.services.length,
    orders: res.data.client.currentPlan.services.flatMap((s: any) => s.orders).length,
    clientRecordSystem: stack.systems.clientRecords.requests.count((r) => !isAuthRequest(r)),
    voucherSystem: stack.systems.vouchers.requests.count((r) => !isAuthRequest(r)),
    orderReads: stack.systems.vouchers.requests.count((r) => r.method === 'GET' && r.path === '/orders'),
    tokenRequests: stack.systems.clientRecords.requests.count(isAuthRequest) + stack.systems.vouchers.requests.count(isAuthRequest),
  };
}

describe('backend calls of the shared-plan query', () => {
  it('are the same for a plan of 1 service and of 30', async () => {
    const one = await callsFor('cl-00001');
    const thirty = await callsFor('cl-00002');
    console.log('shared-plan calls', { one, thirty });
    expect(one.services).toBe(1);
    expect(thirty.services).toBe(30);
    expect(thirty.orders).toBeGreaterThan(one.orders);
    expect(one.clientRecordSystem).toBeGreaterThan(0);
    expect(one.voucherSystem).toBeGreaterThan(0);
    expect(thirty.clientRecordSystem).toBe(one.clientRecordSystem);
    expect(thirty.voucherSystem).toBe(one.voucherSystem);
    for (const calls of [one, thirty]) {
      // The gateway's requests to the subgraphs: one per round of its plan and subgraph — the
      // providers subgraph is asked in two rounds (the municipality's and service types' names
      // with the vouchers; the orders' providers and the offerings after them).
      expect(calls.subgraphRequests).toEqual({ 'client-records': 1, vouchers: 1, providers: 2 });
      expect(calls.clientRecordSystem).toBe(2);
      expect(calls.voucherSystem).toBe(4);
      // The budget and the planned services' orders share one read of the orders.
      expect(calls.orderReads).toBe(1);
    }
    // The first query fetched the tokens (at most a discovery and a token per subgraph client); the second reuses them.
    expect(one.tokenRequests).toBeGreaterThan(0);
    expect(one.tokenRequests).toBeLessThanOrEqual(9);
    expect(thirty.tokenRequests).toBe(0);
  });
});
