/**
 * The audit records what the answer carries (gateway/audit/reach.ts, lib/audit-paths.ts): a
 * subgraph that let a client's data through notes it, but when that data ends null before the
 * answer leaves — a sibling failed non-nullably, in another subgraph — no read happened, and
 * the client's access log must not say one did.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './stack.js';
import { claims } from './support/index.js';

let stack: Stack;
let admin: string;
beforeAll(async () => {
  stack = await startStack();
  admin = await stack.token(claims.admin());
});
afterAll(async () => stack?.close());

const LOG = 'query Log($id: ID!) { accessLog(clientId: $id, first: 100) { edges { node { operation dataRead } } } }';
async function logOf(clientId: string): Promise<{ operation: string; dataRead: string[] }[]> {
  const res: any = await stack.query(LOG, { id: clientId }, admin);
  expect(res.errors).toBeUndefined();
  return res.data.accessLog.edges.map((e: any) => e.node);
}

describe('the audit records what the answer carries', () => {
  it('nothing, when a failing non-null sibling nulls the whole answer', async () => {
    const cw = await stack.token(claims.caseWorker());
    // spendingReport (non-null) of another municipality is FORBIDDEN: `data` is null.
    const res: any = await stack.query(
      'query ClientAndReport { client(id: "cl-00001") { firstName } spendingReport(from: "2026-01-01", to: "2026-10-31", groupBy: [MUNICIPALITY], municipalityCode: "905") { total { amount } } }',
      {},
      cw,
    );
    expect(res.data ?? null).toBeNull();
    expect((await logOf('cl-00001')).filter((e) => e.operation === 'ClientAndReport')).toEqual([]);

    // The same client read alone is recorded (so the absence above means something).
    expect((await stack.query('query ClientAlone { client(id: "cl-00001") { firstName } }', {}, cw)).errors).toBeUndefined();
    expect((await logOf('cl-00001')).filter((e) => e.operation === 'ClientAlone')).toEqual([
      { operation: 'ClientAlone', dataRead: ['Client'] },
    ]);
  });

  it('a provider’s orders, but not the clients a failing field of another subgraph nulled', async () => {
    const provider = await stack.token(claims.provider());
    // accessLog (non-null, audit subgraph) is not for providers: each client — which
    // client-records let through and noted — ends null; the orders stay.
    const res: any = await stack.query(
      'query OrdersWithLog { assignedOrders(first: 5) { edges { node { id client { firstName accessLog { totalCount } } } } } }',
      {},
      provider,
    );
    expect(res.errors.every((e: any) => e.extensions.code === 'FORBIDDEN')).toBe(true);
    const nodes = res.data.assignedOrders.edges.map((e: any) => e.node);
    expect(nodes.length).toBeGreaterThan(1);
    expect(nodes.every((n: any) => n.client === null)).toBe(true);

    // Which clients those orders are of: the same page without the failing field.
    const plain: any = await stack.query(
      'query OrdersPlain { assignedOrders(first: 5) { edges { node { id client { id firstName } } } } }',
      {},
      provider,
    );
    expect(plain.errors).toBeUndefined();
    const clients = [...new Set(plain.data.assignedOrders.edges.map((e: any) => e.node.client.id))] as string[];
    for (const id of clients) {
      const log = await logOf(id);
      expect(log.find((e) => e.operation === 'OrdersWithLog')).toEqual({ operation: 'OrdersWithLog', dataRead: ['Order'] });
      expect(log.find((e) => e.operation === 'OrdersPlain')).toEqual({ operation: 'OrdersPlain', dataRead: ['Client', 'Order'] });
    }
  });
});
