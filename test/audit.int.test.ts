/**
 * Principle 4 through the gateway: every read of a client's data is appended to the audit log
 * (who, role, when, which client, which operation); a client reads who has read their data;
 * refused reads and aggregates leave no entry; and when the audit cannot be written, no client
 * data leaves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getWorld } from '../seed/world.js';
import { ASSIGNED_ORDERS, SHARED_PLAN, SPENDING } from './queries.js';
import { startStack, type Stack } from './stack.js';
import { ask, claims } from './support/index.js';

const world = getWorld();
let stack: Stack;
const LOG =
  'query Log($id: ID!) { accessLog(clientId: $id, first: 100) { totalCount edges { node { at actorRole actorId operation clientId dataRead dataWritten } } } }';

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.close());

const token = (claims: Parameters<Stack['token']>[0]) => stack.token(claims);
async function logOf(clientId: string) {
  const res: any = await stack.query(LOG, { id: clientId }, await token(claims.admin()));
  expect(res.errors).toBeUndefined();
  return res.data.accessLog;
}

describe('audit of client-data reads', () => {
  it('records who read the shared plan, and the client can see it', async () => {
    const before = (await logOf('cl-00002')).totalCount;
    const cw = await token(claims.caseWorker());
    const started = Date.now();
    const res = await ask(stack, SHARED_PLAN, { id: 'cl-00002' }, cw);
    expect(res.errors).toBeUndefined();
    const log = await logOf('cl-00002');
    expect(log.totalCount).toBe(before + 1);
    const entry = log.edges[0].node;
    expect(entry).toMatchObject({ actorRole: 'CASE_WORKER', actorId: 'cw-0001', operation: 'SharedPlan', clientId: 'cl-00002' });
    expect(entry.dataRead).toEqual(expect.arrayContaining(['Client']));
    expect(entry.dataWritten).toEqual([]);
    expect(Date.parse(entry.at)).toBeGreaterThanOrEqual(started - 1000);

    const client = await token(claims.client('cl-00002'));
    const mine: any = await stack.query(
      '{ myAccessLog(first: 5) { totalCount edges { node { actorRole actorId operation dataWritten } } } }',
      {},
      client,
    );
    expect(mine.data.myAccessLog.edges[0].node).toEqual({
      actorRole: 'CASE_WORKER',
      actorId: 'cw-0001',
      operation: 'SharedPlan',
      dataWritten: [],
    });
  });

  it('records one entry per client a provider’s order list showed', async () => {
    const provider = await token(claims.provider());
    const res: any = await stack.query(ASSIGNED_ORDERS, { first: 10 }, provider);
    expect(res.errors).toBeUndefined();
    const clients = [...new Set(res.data.assignedOrders.edges.map((e: any) => e.node.client.id))] as string[];
    expect(clients.length).toBeGreaterThan(1);
    for (const id of clients) {
      const entry = (await logOf(id)).edges[0].node;
      expect(entry).toMatchObject({ actorRole: 'PROVIDER', actorId: 'system-pr-0001', operation: 'AssignedOrders', clientId: id });
    }
  });

  it('leaves no entry for a refused read, an aggregate or the catalogue', async () => {
    const other = world.clients.find((c) => c.municipalityCode === '905')!;
    const before = (await logOf(other.id)).totalCount;
    const cw = await token(claims.caseWorker());
    const refused = await stack.query('query Peek($id: ID!) { client(id: $id) { firstName } }', { id: other.id }, cw);
    expect(refused.data?.client ?? null).toBeNull();
    const analyst = await token(claims.analyst());
    await stack.query(SPENDING, { from: '2026-01-01', to: '2026-10-31', groupBy: ['MUNICIPALITY'] }, analyst);
    await stack.query('{ serviceTypes { code } providers(first: 5) { totalCount } }', {}, cw);
    expect((await logOf(other.id)).totalCount).toBe(before);
  });

  it('is not for providers or analysts to read', async () => {
    for (const claims of [
      { role: 'PROVIDER', subject: 'p', providerId: 'pr-0001' },
      { role: 'ANALYST', subject: 'a' },
    ] as const) {
      const res = await stack.query(LOG, { id: 'cl-00001' }, await token(claims));
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });
});

describe('when the audit cannot be written', () => {
  it('withholds the client data (fail closed) but still answers what is not client data', async () => {
    const own = await startStack();
    try {
      await own.subgraphs.audit.close();
      const cw = await own.token(claims.caseWorker());
      const res = await own.query('{ client(id: "cl-00001") { firstName personalIdentityCode } }', {}, cw);
      expect(res.data ?? null).toBeNull();
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', system: 'audit-log' });
      const catalogue: any = await own.query('{ serviceTypes { code } }', {}, cw);
      expect(catalogue.data.serviceTypes).toHaveLength(10);
      // Reading the log itself is reading the audit log: it names the audit log as what is down.
      const log: any = await own.query('{ myAccessLog { totalCount } }', {}, await own.token(claims.client()));
      expect(log.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', system: 'audit-log' });
    } finally {
      await own.close().catch(() => undefined);
    }
  });
});
