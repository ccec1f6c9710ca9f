/**
 * Principle 6 through the gateway: a failing system fails only its fields — partial data, an
 * UPSTREAM_UNAVAILABLE error naming the system, within a bounded time.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './stack.js';
import { claims } from './support/index.js';

let stack: Stack;
let token: string;
// Nullable fields only: the contract's non-null lists (Client.vouchers, PlannedService.orders)
// would carry a failure up to the nearest nullable parent, as GraphQL prescribes.
const PLAN =
  '{ client(id: "cl-00001") { firstName currentPlan { status services { serviceType { name } } budget { total { amount } } } } }';

beforeAll(async () => {
  stack = await startStack();
  token = await stack.token(claims.caseWorker());
});
/** Asks until the answer is clean (the circuits closed again), within `ms`; returns how long it took. */
async function untilRecovered(ms: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const res: any = await stack.query(PLAN, {}, token);
    if (!res.errors) return Date.now() - started;
    if (Date.now() - started > ms) throw new Error(`not recovered in ${ms} ms: ${res.errors[0].message}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeEach(async () => {
  stack.systems.vouchers.setFaults({ failureRate: 0, latencyMs: 0 });
  stack.systems.clientRecords.setFaults({ failureRate: 0, latencyMs: 0 });
  // A previous test may have opened a circuit: it closes by itself once the system answers.
  await untilRecovered(10_000);
}, 15_000);
afterAll(async () => stack?.close());

describe('a failing system', () => {
  it('voucher system down: the plan is there, the budget fails with the system named', async () => {
    stack.systems.vouchers.setFaults({ failureRate: 1 });
    const started = Date.now();
    const res: any = await stack.query(PLAN, {}, token);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(res.data.client.firstName).toEqual(expect.any(String));
    expect(res.data.client.currentPlan.services[0].serviceType.name).toBe('Kotihoito');
    expect(res.data.client.currentPlan.budget).toBeNull();
    const upstream = res.errors.filter((e: any) => e.extensions?.code === 'UPSTREAM_UNAVAILABLE');
    expect(upstream.length).toBeGreaterThan(0);
    expect(upstream.every((e: any) => e.extensions.system === 'voucher-system')).toBe(true);
  });

  it('client-record system down: the client fails with the system named, the catalogue still answers', async () => {
    stack.systems.clientRecords.setFaults({ failureRate: 1 });
    const res: any = await stack.query(`${PLAN.slice(0, -1)} serviceTypes { code } }`, {}, token);
    expect(res.data.client).toBeNull();
    expect(res.data.serviceTypes).toHaveLength(10);
    expect(res.errors.map((e: any) => [e.extensions?.code, e.extensions?.system])).toContainEqual([
      'UPSTREAM_UNAVAILABLE',
      'client-record-system',
    ]);
  });

  it('a slow system is cut off within the bounded time', async () => {
    stack.systems.vouchers.setFaults({ latencyMs: 6_000 });
    const started = Date.now();
    const res: any = await stack.query(PLAN, {}, token);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(6_000);
    expect(res.data.client.firstName).toEqual(expect.any(String));
    expect(res.errors.some((e: any) => e.extensions?.code === 'UPSTREAM_UNAVAILABLE' && e.extensions?.system === 'voucher-system')).toBe(
      true,
    );
  }, 20_000);

  it('recovers when the system is back: a transient 503 is retried for reads', async () => {
    const res: any = await stack.query(PLAN, {}, token);
    expect(res.errors).toBeUndefined();
    expect(res.data.client.currentPlan.budget.total.amount).toMatch(/^\d+\.\d\d$/);
  });

  it('a system that stays down opens its circuit: errors come at once, the rest still answers, and it closes by itself', async () => {
    stack.systems.vouchers.setFaults({ latencyMs: 5_000 });
    // Each timed-out call counts; a few requests open the circuit (5 consecutive failures).
    let failingFast: any = null;
    for (let i = 0; i < 8 && !failingFast; i++) {
      const res: any = await stack.query(PLAN, {}, token);
      if (res.errors?.some((e: any) => /failing fast/.test(e.message))) failingFast = res;
    }
    expect(failingFast).not.toBeNull();
    const started = Date.now();
    const res: any = await stack.query(PLAN, {}, token);
    expect(Date.now() - started).toBeLessThan(1_000); // no waiting on a system known to be down
    expect(res.data.client.currentPlan.services[0].serviceType.name).toBe('Kotihoito');
    expect(res.data.client.currentPlan.budget).toBeNull();
    expect(res.errors.map((e: any) => [e.extensions.code, e.extensions.system])).toContainEqual(['UPSTREAM_UNAVAILABLE', 'voucher-system']);
    stack.systems.vouchers.setFaults({ latencyMs: 0 });
    expect(await untilRecovered(10_000)).toBeLessThan(10_000);
  }, 60_000);
});
