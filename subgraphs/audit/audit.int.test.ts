/**
 * The audit subgraph on its own: an append-only store (the database refuses changes), an
 * ingest endpoint only the gateway can write to, and who may read whose log.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_INGEST_PATH, signAuditBatch, type AuditEntry } from '../../lib/audit-ingest.js';
import { signViewer, VIEWER_HEADER, type Viewer } from '../../lib/viewer.js';
import { startAuditSubgraph } from './server.js';

const secret = new TextEncoder().encode(randomBytes(32).toString('hex'));
const databaseUrl = process.env.DATABASE_URL;
const viewer = (v: Partial<Viewer> & Pick<Viewer, 'role'>): Viewer => ({ subject: 's', municipalityCode: null, providerId: null, clientId: null, ...v });
const entry = (clientId: string, municipalityCode: string | null, actor = 'cw-0001'): AuditEntry => ({
  actorRole: 'CASE_WORKER',
  actorId: actor,
  clientId,
  municipalityCode,
  operation: 'SharedPlan',
  requestId: 'r-1',
  dataRead: ['Client', 'ClientPlan'],
});

function suite(label: string, options: { databaseUrl?: string; schema?: string }) {
  describe(label, () => {
    let audit: Awaited<ReturnType<typeof startAuditSubgraph>>;
    const ingest = (body: string) => fetch(new URL(AUDIT_INGEST_PATH, audit.url), { method: 'POST', headers: { 'content-type': 'application/jwt' }, body });
    const gql = async (v: Viewer, query: string, variables: object = {}) => {
      const res = await fetch(audit.url, { method: 'POST', headers: { 'content-type': 'application/json', [VIEWER_HEADER]: await signViewer(v, secret) }, body: JSON.stringify({ query, variables }) });
      return (await res.json()) as any;
    };
    const LOG = 'query($id: ID!, $after: String) { accessLog(clientId: $id, first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { actorRole actorId operation clientId dataRead at } } } }';

    beforeAll(async () => {
      audit = await startAuditSubgraph({ signingSecret: secret, ...options });
      expect(await ingest(await signAuditBatch([entry('cl-a', '205'), entry('cl-a', '205', 'cw-0002'), entry('cl-a', '205', 'cw-0003'), entry('cl-b', '905')], secret))).toHaveProperty('status', 204);
    });
    afterAll(async () => {
      if (options.schema && audit) await sql`drop schema ${sql.id(options.schema)} cascade`.execute(audit.store.database.db);
      await audit?.close();
    });

    it('refuses to update, delete or truncate the log', async () => {
      const { db } = audit.store.database;
      await expect(db.updateTable('access_log').set({ actor_id: 'someone-else' }).execute()).rejects.toThrow(/append-only/);
      await expect(db.deleteFrom('access_log').execute()).rejects.toThrow(/append-only/);
      await expect(sql`truncate access_log`.execute(db)).rejects.toThrow(/append-only/);
      const count = await db.selectFrom('access_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(4);
    });

    it('takes batches only when the gateway signed them', async () => {
      const forged = await signAuditBatch([entry('cl-a', '205', 'intruder')], new TextEncoder().encode(randomBytes(32).toString('hex')));
      expect((await ingest(forged)).status).toBe(401);
      expect((await ingest('not a jws')).status).toBe(401);
      const malformed = await signAuditBatch([{ ...entry('cl-a', '205'), actorRole: 'KING' as never }], secret);
      expect((await ingest(malformed)).status).toBe(401);
      const res = await gql(viewer({ role: 'ADMIN' }), LOG, { id: 'cl-a' });
      expect(res.data.accessLog.totalCount).toBe(3);
    });

    it('pages a client’s log, newest first', async () => {
      const first = await gql(viewer({ role: 'ADMIN' }), LOG, { id: 'cl-a' });
      expect(first.data.accessLog.edges.map((e: any) => e.node.actorId)).toEqual(['cw-0003', 'cw-0002']);
      const second = await gql(viewer({ role: 'ADMIN' }), LOG, { id: 'cl-a', after: first.data.accessLog.pageInfo.endCursor });
      expect(second.data.accessLog.edges.map((e: any) => e.node.actorId)).toEqual(['cw-0001']);
      expect(second.data.accessLog.pageInfo.hasNextPage).toBe(false);
      expect(second.data.accessLog.edges[0].node).toMatchObject({ actorRole: 'CASE_WORKER', operation: 'SharedPlan', clientId: 'cl-a', dataRead: ['Client', 'ClientPlan'] });
    });

    it('lets a client read only their own log', async () => {
      const own = await gql(viewer({ role: 'CLIENT', clientId: 'cl-b' }), '{ myAccessLog { totalCount edges { node { actorId } } } }');
      expect(own.data.myAccessLog.totalCount).toBe(1);
      const other = await gql(viewer({ role: 'CLIENT', clientId: 'cl-b' }), LOG, { id: 'cl-a' });
      expect(other.data).toBeNull();
      expect(other.errors[0].extensions.code).toBe('FORBIDDEN');
    });

    it('lets a case worker read the log of their own municipality’s clients only', async () => {
      expect((await gql(viewer({ role: 'CASE_WORKER', municipalityCode: '205' }), LOG, { id: 'cl-a' })).data.accessLog.totalCount).toBe(3);
      const other = await gql(viewer({ role: 'CASE_WORKER', municipalityCode: '205' }), LOG, { id: 'cl-b' });
      expect(other.errors[0].extensions.code).toBe('FORBIDDEN');
    });

    it('refuses providers, analysts, and myAccessLog for non-clients', async () => {
      for (const v of [viewer({ role: 'PROVIDER', providerId: 'pr-0001' }), viewer({ role: 'ANALYST' })]) {
        expect((await gql(v, LOG, { id: 'cl-a' })).errors[0].extensions.code).toBe('FORBIDDEN');
      }
      expect((await gql(viewer({ role: 'ADMIN' }), '{ myAccessLog { totalCount } }')).errors[0].extensions.code).toBe('FORBIDDEN');
    });

    it('refuses requests that did not come through the gateway', async () => {
      const res = await fetch(audit.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ _entities(representations: [{ __typename: "Client", id: "cl-a" }]) { ... on Client { accessLog { totalCount } } } }' }) });
      const body = (await res.json()) as any;
      expect(body.data ?? null).toBeNull();
      expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    });
  });
}

suite('audit store (PGlite)', {});

if (!databaseUrl) console.warn('postgres: audit store suite skipped (DATABASE_URL not set)');
describe.skipIf(!databaseUrl)(`postgres: audit store${databaseUrl ? '' : ' (DATABASE_URL not set)'}`, () => {
  suite('on PostgreSQL', { databaseUrl, schema: `audit_test_${randomBytes(4).toString('hex')}` });
});
