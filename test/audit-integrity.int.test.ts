/**
 * Attacks on the audit trail (issue 10, items 6, 7 and 11), each performed through the running
 * graph over real HTTP; each test fails while its attack works.
 *   6. Existence checks: a case worker tests whether a person is a client by asking a search
 *      only for its count, a cursor or __typename; tells another municipality's client from an
 *      unknown id by the error; tells whether someone has access-log entries by the refusal.
 *   7. The trail itself: a captured batch replayed to the audit log; the store's database role
 *      able to disable the log's triggers; a count-only query logged as reads of every client
 *      on the page; the caller's own operation name shown as if it said what happened.
 *  11. A provider's system reading a client's data is a disclosure: the client's log must say
 *      who received it and why (the order, the planned service).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authFromDevIssuer } from '../gateway/auth/index.js';
import { startGateway, type RunningGateway } from '../gateway/server.js';
import { AUDIT_INGEST_PATH, signAuditBatch, type AuditEntry } from '../lib/audit-ingest.js';
import { getWorld } from '../seed/world.js';
import { startAuditSubgraph } from '../subgraphs/audit/server.js';
import { openAuditStore } from '../subgraphs/audit/store.js';
import { signViewer, VIEWER_HEADER, type Viewer } from '../lib/viewer.js';
import { startStack, TEST_RATE_LIMITS, type GraphQLResponse, type Stack } from './stack.js';
import { claims, roleTokens, viewerOf } from './support/index.js';

const world = getWorld();
const databaseUrl = process.env.DATABASE_URL;
/** A Kajaani client, and two of Vaasa: one the log has entries of, one nobody has read. */
const target = world.clients.find((c) => c.municipalityCode === '205' && c.id !== 'cl-00001')!;
const [vaasaRead, vaasaUnread] = world.clients.filter((c) => c.municipalityCode === '905');

let stack: Stack;
const tokens = {} as Record<'caseWorker' | 'vaasaWorker' | 'provider' | 'admin' | 'target', string>;
beforeAll(async () => {
  stack = await startStack();
  Object.assign(tokens, await roleTokens(stack, { vaasaWorker: claims.caseWorker('905', 'cw-vaasa'), target: claims.client(target.id) }));
});
afterAll(async () => stack?.close());

interface Entry {
  actorRole: string;
  actorId: string;
  accessKind: string;
  recipient: string | null;
  basis: string[];
  operationClaimed: string | null;
  dataRead: string[];
  dataWritten: string[];
}
const LOG = `query Log($id: ID!) { accessLog(clientId: $id, first: 100) { edges { node {
  actorRole actorId accessKind recipient basis operationClaimed dataRead dataWritten } } } }`;
/** A client's log as the administrator reads it, newest first. */
async function logOf(clientId: string): Promise<Entry[]> {
  const res: any = await stack.query(LOG, { id: clientId }, tokens.admin);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data.accessLog.edges.map((e: any) => e.node);
}
const named = async (clientId: string, operation: string) => (await logOf(clientId)).filter((e) => e.operationClaimed === operation);

describe('6. existence checks are audited, and refusals tell nothing', () => {
  it('a search that shows only a count, a cursor or __typename is recorded in the person’s log', async () => {
    const probes = {
      ProbeCount: 'query ProbeCount($s: String) { clients(search: $s) { totalCount } }',
      ProbeCursor: 'query ProbeCursor($s: String) { clients(search: $s) { edges { cursor } } }',
      ProbeTypename: 'query ProbeTypename($s: String) { clients(search: $s) { edges { node { __typename } } } }',
      // Past the page: the count still says the person is a client.
      ProbePastPage: 'query ProbePastPage($s: String) { clients(search: $s, after: "eyJvIjowfQ") { totalCount pageInfo { hasNextPage } } }',
    };
    for (const [name, query] of Object.entries(probes)) {
      const res: any = await stack.query(query, { s: target.hetu }, tokens.caseWorker);
      expect(res.errors, name).toBeUndefined();
      expect(JSON.stringify(res.data)).toMatch(/1|cursor|Client/);
      expect(await named(target.id, name), name).toEqual([
        {
          actorRole: 'CASE_WORKER',
          actorId: 'cw-0001',
          accessKind: 'EXISTENCE',
          recipient: null,
          basis: [],
          operationClaimed: name,
          dataRead: ['Existence'],
          dataWritten: [],
        },
      ]);
    }
  });

  it('so is a lookup by id that asks for nothing but __typename', async () => {
    const res: any = await stack.query(`query ProbeLookup { client(id: "${target.id}") { __typename } }`, {}, tokens.caseWorker);
    expect(res.data.client).toEqual({ __typename: 'Client' });
    expect((await named(target.id, 'ProbeLookup')).map((e) => [e.accessKind, e.dataRead])).toEqual([['EXISTENCE', ['Existence']]]);
  });

  it('a count of the municipality’s clients, without a search, singles no one out and records no one', async () => {
    const counted: any = await stack.query(
      'query CountAll { clients(first: 5) { totalCount pageInfo { hasNextPage } } }',
      {},
      tokens.caseWorker,
    );
    expect(counted.data.clients.totalCount).toBeGreaterThan(5);
    const listed: any = await stack.query('query FirstFive { clients(first: 5) { edges { node { id } } } }', {}, tokens.caseWorker);
    const ids = listed.data.clients.edges.map((e: any) => e.node.id as string);
    for (const id of ids) {
      expect(await named(id, 'CountAll')).toEqual([]);
      // Their ids were released, and that is all: that they are clients.
      expect((await named(id, 'FirstFive')).map((e) => e.accessKind)).toEqual(['EXISTENCE']);
    }
  });

  it('another municipality’s client is refused exactly as an id that is nobody’s', async () => {
    const ask = (id: string) => stack.query('query Peek($id: ID!) { client(id: $id) { id firstName } }', { id }, tokens.caseWorker);
    const foreign = await ask(vaasaRead!.id);
    expect(foreign.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await ask('cl-99999')).toEqual(foreign);
    expect(await ask(vaasaUnread!.id)).toEqual(foreign);
  });

  it('another municipality’s access log is refused the same whether or not it has entries', async () => {
    // The Vaasa client's log gets an entry; the other Vaasa client's log has none.
    expect((await stack.query(`{ client(id: "${vaasaRead!.id}") { firstName } }`, {}, tokens.vaasaWorker)).errors).toBeUndefined();
    expect((await logOf(vaasaRead!.id)).length).toBeGreaterThan(0);
    expect(await logOf(vaasaUnread!.id)).toEqual([]);
    const ask = (id: string) => stack.query('query Log($id: ID!) { accessLog(clientId: $id) { totalCount } }', { id }, tokens.caseWorker);
    const withEntries = await ask(vaasaRead!.id);
    expect(withEntries.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await ask(vaasaUnread!.id)).toEqual(withEntries);
    expect(await ask('cl-99999')).toEqual(withEntries);
    // Their own clients' logs stay theirs to read.
    expect((await ask(target.id)).errors).toBeUndefined();
  });
});

/** A pass-through HTTP proxy that keeps every audit batch it forwards: a party between the gateway and the audit log. */
async function recordingProxy(target: string): Promise<{ url: string; batches: string[]; close(): Promise<void> }> {
  const batches: string[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    if (req.url === AUDIT_INGEST_PATH) batches.push(body.toString('utf8'));
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([k, v]) => typeof v === 'string' && !['host', 'connection', 'content-length'].includes(k)),
    ) as Record<string, string>;
    const answer = await fetch(new URL(req.url!, target), { method: req.method, headers, body: req.method === 'GET' ? undefined : body });
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/graphql`, batches, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('7. the audit trail itself', () => {
  it('a captured batch replayed to the audit log stores nothing more: one entry per batch, request and client', async () => {
    const proxy = await recordingProxy(stack.subgraphUrls.audit);
    let gateway: RunningGateway | undefined;
    try {
      gateway = await startGateway({
        auth: authFromDevIssuer(stack.issuer),
        signingSecret: stack.signingSecret,
        subgraphUrls: { ...stack.subgraphUrls, audit: proxy.url },
        rateLimits: TEST_RATE_LIMITS,
      });
      const res = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.caseWorker}` },
        body: JSON.stringify({ query: `query Replayed { client(id: "${target.id}") { firstName } }` }),
      });
      expect(((await res.json()) as GraphQLResponse<any>).errors).toBeUndefined();
      expect(proxy.batches).toHaveLength(1);
      const ingest = new URL(AUDIT_INGEST_PATH, stack.subgraphUrls.audit);
      const replays = await Promise.all(
        [1, 2, 3].map(() => fetch(ingest, { method: 'POST', headers: { 'content-type': 'application/jwt' }, body: proxy.batches[0] })),
      );
      expect(replays.map((r) => r.status)).toEqual([409, 409, 409]);
      expect((await named(target.id, 'Replayed')).map((e) => e.accessKind)).toEqual(['READ']);
    } finally {
      await gateway?.close();
      await proxy.close();
    }
  });

  it('a provider that counts its orders has read no client’s order', async () => {
    const counted: any = await stack.query(
      'query CountOnly { assignedOrders(first: 10) { totalCount pageInfo { hasNextPage } edges { cursor } } }',
      {},
      tokens.provider,
    );
    expect(counted.errors).toBeUndefined();
    expect(counted.data.assignedOrders.totalCount).toBeGreaterThan(1);
    const listed: any = await stack.query(
      'query WhoseOrders { assignedOrders(first: 10) { edges { node { client { id } } } } }',
      {},
      tokens.provider,
    );
    const clients = [...new Set<string>(listed.data.assignedOrders.edges.map((e: any) => e.node.client.id))];
    expect(clients.length).toBeGreaterThan(1);
    for (const id of clients) {
      expect(await named(id, 'CountOnly')).toEqual([]);
      expect((await named(id, 'WhoseOrders')).map((e) => e.dataRead)).toEqual([['Order']]);
    }
  });

  it('the client sees the kind of access the graph recorded; the operation’s name only as the caller’s claim', async () => {
    // A case worker names a read as if it were something else.
    const read = await stack.query(`query ClientAskedForThisBackup { client(id: "${target.id}") { firstName } }`, {}, tokens.caseWorker);
    expect(read.errors).toBeUndefined();
    const mine: any = await stack.query(
      '{ myAccessLog(first: 1) { edges { node { actorRole accessKind operationClaimed dataRead dataWritten } } } }',
      {},
      tokens.target,
    );
    expect(mine.errors).toBeUndefined();
    expect(mine.data.myAccessLog.edges[0].node).toEqual({
      actorRole: 'CASE_WORKER',
      accessKind: 'READ',
      operationClaimed: 'ClientAskedForThisBackup',
      dataRead: ['Client'],
      dataWritten: [],
    });
  });
});

describe('11. a provider’s read is a disclosure, with its recipient and basis', () => {
  it('the client’s log says who read, who received, and why: the orders and the planned services', async () => {
    const res: any = await stack.query(
      'query Deliver { assignedOrders(first: 20) { edges { node { id client { id firstName address { line } } plannedService { id schedule } } } } }',
      {},
      tokens.provider,
    );
    expect(res.errors).toBeUndefined();
    const nodes = res.data.assignedOrders.edges.map((e: any) => e.node).filter((n: any) => n.client && n.plannedService);
    const client = nodes[0].client.id as string;
    const theirs = nodes.filter((n: any) => n.client.id === client);
    const [entry] = await named(client, 'Deliver');
    expect(entry).toMatchObject({
      actorRole: 'PROVIDER',
      actorId: 'system-pr-0001',
      accessKind: 'DISCLOSURE',
      recipient: 'pr-0001',
      dataWritten: [],
    });
    expect(entry!.dataRead).toEqual(expect.arrayContaining(['Client', 'Order', 'PlannedService']));
    for (const n of theirs)
      expect(entry!.basis).toEqual(expect.arrayContaining([`Order/${n.id}`, `PlannedService/${n.plannedService.id}`]));
    expect(entry!.basis.every((b) => /^(Order|PlannedService)\//.test(b))).toBe(true);
    // The basis is the provider's own relation to the client: orders of no other provider.
    const ownOrders = new Set(world.orders.filter((o) => o.providerId === 'pr-0001').map((o) => `Order/${o.id}`));
    expect(entry!.basis.filter((b) => b.startsWith('Order/')).every((b) => ownOrders.has(b))).toBe(true);
  });
});

/** The audit store's database role: the service must not be able to rewrite its own log. */
describe.skipIf(!databaseUrl)('postgres: 7. the running audit store may only insert and select', () => {
  const schema = `audit_priv_${randomBytes(4).toString('hex')}`;
  const role = 'audit_store_test';
  const secret = new TextEncoder().encode(randomBytes(32).toString('hex'));
  const asRole = () => {
    const url = new URL(databaseUrl!);
    url.username = role;
    url.password = '';
    return url.toString();
  };
  let audit: Awaited<ReturnType<typeof startAuditSubgraph>>;
  let owner: pg.Client;

  beforeAll(async () => {
    owner = new pg.Client({ connectionString: databaseUrl });
    await owner.connect();
    // A login role of its own, as an operator would create it (CREATE ROLE … LOGIN PASSWORD …).
    await owner.query(`do $$ begin create role ${role} login; exception when duplicate_object then null; end $$`);
    audit = await startAuditSubgraph({ signingSecret: secret, databaseUrl, appendDatabaseUrl: asRole(), schema });
  });
  afterAll(async () => {
    await audit?.close();
    await owner?.query(`drop schema if exists ${schema} cascade`);
    await owner?.end();
  });

  it('appends and reads the log over HTTP, but cannot disable its triggers, rewrite or empty it', async () => {
    const entry = {
      actorRole: 'CASE_WORKER',
      actorId: 'cw-0001',
      clientId: 'cl-p',
      municipalityCode: '205',
      operation: 'SharedPlan',
      requestId: 'r-p',
      dataRead: ['Client'],
      dataWritten: [],
      accessKind: 'READ',
      recipient: null,
      basis: [],
    } satisfies AuditEntry;
    const ingest = await fetch(new URL(AUDIT_INGEST_PATH, audit.url), {
      method: 'POST',
      headers: { 'content-type': 'application/jwt' },
      body: await signAuditBatch([entry], secret),
    });
    expect(ingest.status).toBe(204);
    const admin: Viewer = viewerOf(claims.admin());
    const body = JSON.stringify({ query: '{ accessLog(clientId: "cl-p") { totalCount } }' });
    const read = await fetch(audit.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [VIEWER_HEADER]: await signViewer(admin, secret, { audience: 'audit', body }) },
      body,
    });
    expect(((await read.json()) as any).data.accessLog.totalCount).toBe(1);

    // What the service's own connection could do before: switch the triggers off and rewrite.
    const { db } = audit.store.database;
    expect((await sql<{ me: string }>`select current_user as me`.execute(db)).rows[0]!.me).toBe(role);
    for (const attack of [
      sql`alter table access_log disable trigger user`,
      sql`drop trigger access_log_no_change on access_log`,
      sql`update access_log set actor_id = 'someone-else'`,
      sql`delete from access_log`,
      sql`truncate access_log`,
      sql`alter table write_log disable trigger all`,
      sql`create table access_log_copy as select * from access_log`,
    ]) {
      await expect(attack.execute(db)).rejects.toThrow(/permission denied|must be owner/);
    }
    expect((await sql<{ n: string }>`select count(*) as n from access_log`.execute(db)).rows[0]!.n).toBe('1');
  });

  it('refuses to run as a role that may do more (the owner)', async () => {
    await expect(openAuditStore({ databaseUrl, appendDatabaseUrl: databaseUrl, schema })).rejects.toThrow(
      /may do more than insert and select/,
    );
  });
});
