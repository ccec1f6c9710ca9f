/**
 * Principle 2, measured: the calls the shared-plan query makes to each system do not grow
 * with the plan. cl-00001 has 1 planned service, cl-00002 has 30 (with their orders,
 * deliveries, offerings and budget lines).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHARED_PLAN } from './queries.js';
import { startStack, type Stack } from './stack.js';

let stack: Stack;
let token: string;
beforeAll(async () => {
  stack = await startStack();
  token = await stack.token({ role: 'CASE_WORKER', subject: 'cw-0001', municipalityCode: '205' });
});
afterAll(async () => stack?.close());

async function callsFor(clientId: string) {
  stack.systems.clientRecords.requests.reset();
  stack.systems.vouchers.requests.reset();
  const res = await stack.query(SHARED_PLAN, { id: clientId }, token);
  expect(res.errors).toBeUndefined();
  return {
    services: res.data.client.currentPlan.services.length,
    orders: res.data.client.currentPlan.services.flatMap((s: any) => s.orders).length,
    clientRecordSystem: stack.systems.clientRecords.requests.count(),
    voucherSystem: stack.systems.vouchers.requests.count(),
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
  });
});
