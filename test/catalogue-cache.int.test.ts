/**
 * The shared plan through the whole stack reads the catalogue from the providers process's
 * cache (subgraphs/providers/catalogue-cache.ts): warm, it sends the catalogue no SQL at all,
 * for a plan of 1 service as for one of 30, and answers exactly what the database would.
 * Counted by the catalogue's statement counter (lib/database.ts), not by time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHARED_PLAN } from './queries.js';
import { startStack, type Stack } from './stack.js';
import { ask, claims } from './support/index.js';

let stack: Stack;
let token: string;
beforeAll(async () => {
  stack = await startStack();
  token = await stack.token(claims.caseWorker());
});
afterAll(async () => stack?.close());

async function statementsFor(clientId: string) {
  const catalogue = stack.subgraphs.providers.catalogue;
  const before = catalogue.queryCount;
  const res = await ask(stack, SHARED_PLAN, { id: clientId }, token);
  expect(res.errors).toBeUndefined();
  return { statements: catalogue.queryCount - before, data: res.data };
}

describe('catalogue statements of the shared-plan query', () => {
  it('are none once warm, for a plan of 1 service and of 30, with the same answer as cold', async () => {
    const cache = stack.subgraphs.providers.cache;
    expect(cache.serving).toBe(true);
    for (const clientId of ['cl-00001', 'cl-00002']) {
      cache.invalidate();
      const cold = await statementsFor(clientId);
      const warm = await statementsFor(clientId);
      console.log(`shared plan of ${clientId}: catalogue statements cold ${cold.statements}, warm ${warm.statements}`);
      expect(cold.statements).toBeGreaterThan(0);
      expect(warm.statements).toBe(0);
      expect(warm.data).toEqual(cold.data);
      expect(warm.data.client.currentPlan.services.flatMap((s: any) => s.availableOfferings).length).toBeGreaterThan(0);
    }
  });
});
