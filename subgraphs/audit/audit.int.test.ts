/**
 * The audit subgraph on its own: an append-only store (the database refuses changes), an
 * ingest endpoint only the gateway can write to and that stores a batch once, who may read
 * whose log, writes recorded beside reads (a column added by a later migration, old rows
 * reading as no writes), and what each entry says happened (its kind, a disclosure's recipient
 * and basis) apart from the caller's own name for its operation.
 */
import { randomBytes } from 'node:crypto';
import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_INGEST_PATH, signAuditBatch, type AuditEntry } from '../../lib/audit-ingest.js';
import { signHs256 } from '../../lib/jws.js';
import { openDatabase } from '../../lib/database.js';
import { UpstreamError } from '../../lib/errors.js';
import type { Viewer } from '../../lib/viewer.js';
import { auditMigrations } from './db/migrations.js';
import type { AuditDatabase } from './db/schema.js';
import { startAuditSubgraph } from './server.js';
import { AuditReplayError, openAuditStore } from './store.js';
import { subgraphClient, testSecret, viewer } from '../../test/support/index.js';

const secret = testSecret();
const databaseUrl = process.env.DATABASE_URL;
let requests = 0;
/** An entry of a request of its own (the log takes one per batch, request and client); its kind is derived at ingest. */
const entry = (clientId: string, municipalityCode: string | null, actor = 'cw-0001'): AuditEntry =>
  ({
    actorRole: 'CASE_WORKER',
    actorId: actor,
    clientId,
    municipalityCode,
    operation: 'SharedPlan',
    requestId: `r-${++requests}`,
    dataRead: ['Client', 'ClientPlan'],
    dataWritten: [],
    recipient: null,
    basis: [],
  }) as Omit<AuditEntry, 'accessKind'> as AuditEntry;

function suite(label: string, options: { databaseUrl?: string; schema?: string }) {
  describe(label, () => {
    const schemas = options.schema ? [options.schema, `${options.schema}_m`] : [];
    let audit: Awaited<ReturnType<typeof startAuditSubgraph>>;
    const ingest = (body: string) =>
      fetch(new URL(AUDIT_INGEST_PATH, audit.url), { method: 'POST', headers: { 'content-type': 'application/jwt' }, body });
    const call = subgraphClient({ url: () => audit.url, secret, audience: 'audit' });
    const gql = (v: Viewer, query: string, variables: Record<string, unknown> = {}): Promise<any> => call(v, query, variables);
    const LOG =
      'query($id: ID!, $after: String) { accessLog(clientId: $id, first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { actorRole actorId operation clientId dataRead at } } } }';

    beforeAll(async () => {
      audit = await startAuditSubgraph({ signingSecret: secret, ...options });
      expect(
        await ingest(
          await signAuditBatch(
            [entry('cl-a', '205'), entry('cl-a', '205', 'cw-0002'), entry('cl-a', '205', 'cw-0003'), entry('cl-b', '905')],
            secret,
          ),
        ),
      ).toHaveProperty('status', 204);
    });
    afterAll(async () => {
      if (audit) for (const schema of schemas) await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(audit.store.database.db);
      await audit?.close();
    });

    it('refuses to update, delete or truncate the log', async () => {
      const { db } = audit.store.database;
      await expect(db.updateTable('access_log').set({ actor_id: 'someone-else' }).execute()).rejects.toThrow(/append-only/);
      await expect(db.deleteFrom('access_log').execute()).rejects.toThrow(/append-only/);
      await expect(sql`truncate access_log`.execute(db)).rejects.toThrow(/append-only/);
      const count = await db
        .selectFrom('access_log')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(4);
    });

    it('takes batches only when the gateway signed them', async () => {
      const forged = await signAuditBatch([entry('cl-a', '205', 'intruder')], new TextEncoder().encode(randomBytes(32).toString('hex')));
      expect((await ingest(forged)).status).toBe(401);
      expect((await ingest('not a jws')).status).toBe(401);
      const malformed = await signAuditBatch([{ ...entry('cl-a', '205'), actorRole: 'KING' as never }], secret);
      expect((await ingest(malformed)).status).toBe(401);
      const res = await gql(viewer('ADMIN'), LOG, { id: 'cl-a' });
      expect(res.data.accessLog.totalCount).toBe(3);
    });

    it('pages a client’s log, newest first', async () => {
      const first = await gql(viewer('ADMIN'), LOG, { id: 'cl-a' });
      expect(first.data.accessLog.edges.map((e: any) => e.node.actorId)).toEqual(['cw-0003', 'cw-0002']);
      const second = await gql(viewer('ADMIN'), LOG, { id: 'cl-a', after: first.data.accessLog.pageInfo.endCursor });
      expect(second.data.accessLog.edges.map((e: any) => e.node.actorId)).toEqual(['cw-0001']);
      expect(second.data.accessLog.pageInfo.hasNextPage).toBe(false);
      expect(second.data.accessLog.edges[0].node).toMatchObject({
        actorRole: 'CASE_WORKER',
        operation: 'SharedPlan',
        clientId: 'cl-a',
        dataRead: ['Client', 'ClientPlan'],
      });
    });

    it('lets a client read only their own log', async () => {
      const own = await gql(viewer('CLIENT', { clientId: 'cl-b' }), '{ myAccessLog { totalCount edges { node { actorId } } } }');
      expect(own.data.myAccessLog.totalCount).toBe(1);
      const other = await gql(viewer('CLIENT', { clientId: 'cl-b' }), LOG, { id: 'cl-a' });
      expect(other.data).toBeNull();
      expect(other.errors[0].extensions.code).toBe('FORBIDDEN');
    });

    it('lets a case worker read the log of their own municipality’s clients only', async () => {
      expect((await gql(viewer('CASE_WORKER', { municipalityCode: '205' }), LOG, { id: 'cl-a' })).data.accessLog.totalCount).toBe(3);
      const other = await gql(viewer('CASE_WORKER', { municipalityCode: '205' }), LOG, { id: 'cl-b' });
      expect(other.errors[0].extensions.code).toBe('FORBIDDEN');
      // A log without entries is refused in the very same words: else the refusal above would
      // tell that cl-b has entries elsewhere — that cl-b is a client of another municipality.
      const none = await gql(viewer('CASE_WORKER', { municipalityCode: '205' }), LOG, { id: 'cl-nobody' });
      expect(none).toEqual(other);
    });

    it('stores a batch once: a replay stores nothing, while another batch of the same request id (a caller’s reused x-request-id) is stored', async () => {
      const batch = await signAuditBatch([entry('cl-r', '205'), entry('cl-r2', '205')], secret);
      expect((await ingest(batch)).status).toBe(204);
      for (let i = 0; i < 3; i++) expect((await ingest(batch)).status).toBe(409);
      const stored = (await gql(viewer('ADMIN'), LOG, { id: 'cl-r' })).data.accessLog;
      expect(stored.totalCount).toBe(1);
      const [first] = (await gql(viewer('ADMIN'), '{ accessLog(clientId: "cl-r") { edges { node { actorId } } } }')).data.accessLog.edges;
      expect(first.node.actorId).toBe('cw-0001');
      // A new batch (the gateway's own id) with the same request id and client: a second request
      // that reused the caller's x-request-id, stored beside the first — and itself not replayable.
      const { rows } = await sql<{ request_id: string }>`select request_id from access_log where client_id = 'cl-r'`.execute(
        audit.store.database.db,
      );
      const again = await signAuditBatch([entry('cl-r3', '205'), { ...entry('cl-r', '205'), requestId: rows[0]!.request_id }], secret);
      expect((await ingest(again)).status).toBe(204);
      expect((await ingest(again)).status).toBe(409);
      expect((await gql(viewer('ADMIN'), LOG, { id: 'cl-r' })).data.accessLog.totalCount).toBe(2);
      expect((await gql(viewer('ADMIN'), LOG, { id: 'cl-r3' })).data.accessLog.totalCount).toBe(1);
      const both = await sql<{
        request_id: string;
        batch_id: string;
      }>`select request_id, batch_id from access_log where client_id = 'cl-r' order by id`.execute(audit.store.database.db);
      expect(new Set(both.rows.map((r) => r.request_id)).size).toBe(1);
      expect(new Set(both.rows.map((r) => r.batch_id)).size).toBe(2);
    });

    it('refuses a batch that has expired, names another audience or issuer, or has no id — and one it cannot parse', async () => {
      const now = Math.floor(Date.now() / 1000);
      const claims = {
        entries: [entry('cl-t', '205')],
        iss: 'client-plan-gateway',
        aud: 'client-plan-audit',
        jti: 'b-t',
        iat: now,
        exp: now + 60,
      };
      const refused = [
        { ...claims, iat: now - 61, exp: now - 1 },
        { ...claims, iat: now - 60, exp: now },
        { ...claims, aud: 'client-plan-vouchers' },
        { ...claims, iss: 'someone-else' },
        { ...claims, jti: undefined },
        { ...claims, exp: undefined },
        { ...claims, entries: [null, 5] },
      ];
      for (const bad of refused) expect((await ingest(signHs256(bad, secret))).status, JSON.stringify(bad)).toBe(401);
      expect((await gql(viewer('ADMIN'), LOG, { id: 'cl-t' })).data.accessLog.totalCount).toBe(0);
      // The gateway's clock a little ahead of ours (its iat in our future) is no reason to refuse.
      expect((await ingest(signHs256({ ...claims, iat: now + 2, exp: now + 62 }, secret))).status).toBe(204);
      expect((await gql(viewer('ADMIN'), LOG, { id: 'cl-t' })).data.accessLog.totalCount).toBe(1);
    });

    it('keeps every string of an entry as it was sent: quotes, commas, braces, backslashes, NULL, any script', async () => {
      const odd = ['NULL', 'a,b', '{x}', 'say "hi"', 'back\\slash', 'ä 😀', ' '];
      const sent = {
        ...entry('cl-odd', '205'),
        operation: 'Plan "x", {y} \\ NULL',
        dataRead: odd,
        dataWritten: odd.map((s) => `approvePlan ${s}`),
      };
      expect((await ingest(await signAuditBatch([sent], secret))).status).toBe(204);
      const res = await gql(viewer('ADMIN'), '{ accessLog(clientId: "cl-odd") { edges { node { operation dataRead dataWritten } } } }');
      expect(res.data.accessLog.edges.map((e: any) => e.node)).toEqual([
        { operation: sent.operation, dataRead: odd, dataWritten: sent.dataWritten },
      ]);
    });

    it('shows what happened — the kind, a disclosure’s recipient and basis — apart from the caller’s claimed name', async () => {
      const disclosed: AuditEntry = {
        ...entry('cl-d', '205', 'system-pr-0001'),
        actorRole: 'PROVIDER',
        operation: 'ClientConsentedToThis',
        dataRead: ['Client', 'Order'],
        accessKind: 'DISCLOSURE',
        recipient: 'pr-0001',
        basis: ['Order/or-1', 'PlannedService/ps-1'],
      };
      expect((await ingest(await signAuditBatch([disclosed, { ...entry('cl-d', '205'), dataRead: ['Existence'] }], secret))).status).toBe(
        204,
      );
      const res = await gql(
        viewer('CLIENT', { clientId: 'cl-d' }),
        '{ myAccessLog { edges { node { actorRole accessKind recipient basis operationClaimed operation dataRead } } } }',
      );
      expect(res.errors).toBeUndefined();
      expect(res.data.myAccessLog.edges.map((e: any) => e.node)).toEqual([
        {
          actorRole: 'CASE_WORKER',
          accessKind: 'EXISTENCE',
          recipient: null,
          basis: [],
          operationClaimed: 'SharedPlan',
          operation: 'SharedPlan',
          dataRead: ['Existence'],
        },
        {
          actorRole: 'PROVIDER',
          accessKind: 'DISCLOSURE',
          recipient: 'pr-0001',
          basis: ['Order/or-1', 'PlannedService/ps-1'],
          operationClaimed: 'ClientConsentedToThis',
          operation: 'ClientConsentedToThis',
          dataRead: ['Client', 'Order'],
        },
      ]);
      // The kind is the graph's: a batch that calls a provider's read anything else is refused.
      expect(
        (await ingest(await signAuditBatch([{ ...disclosed, requestId: 'r-x', accessKind: 'READ', recipient: null }], secret))).status,
      ).toBe(401);
    });

    it('refuses providers, analysts, and myAccessLog for non-clients', async () => {
      for (const v of [viewer('PROVIDER', { providerId: 'pr-0001' }), viewer('ANALYST')]) {
        expect((await gql(v, LOG, { id: 'cl-a' })).errors[0].extensions.code).toBe('FORBIDDEN');
      }
      expect((await gql(viewer('ADMIN'), '{ myAccessLog { totalCount } }')).errors[0].extensions.code).toBe('FORBIDDEN');
    });

    describe('writes', () => {
      const WRITES =
        'query($id: ID!) { accessLog(clientId: $id, first: 10) { totalCount edges { node { actorId operation dataRead dataWritten } } } }';

      it('stores what an operation changed and returns it, reads beside it, and clients only written', async () => {
        const write = {
          ...entry('cl-w', '205', 'cw-0009'),
          operation: 'ApprovePlan',
          dataRead: ['ClientPlan'],
          dataWritten: ['updatePlan ClientPlan/cp-1', 'approvePlan ClientPlan/cp-1'],
        };
        const writeOnly = {
          ...entry('cl-w', '205', 'cw-0009'),
          operation: 'CancelOrder',
          dataRead: [],
          dataWritten: [`cancelOrder Order/${'o'.repeat(182)}`],
        };
        expect((await ingest(await signAuditBatch([write, writeOnly], secret))).status).toBe(204);
        const res = await gql(viewer('ADMIN'), WRITES, { id: 'cl-w' });
        expect(res.errors).toBeUndefined();
        expect(res.data.accessLog.edges.map((e: any) => e.node)).toEqual([
          { actorId: 'cw-0009', operation: 'CancelOrder', dataRead: [], dataWritten: writeOnly.dataWritten },
          {
            actorId: 'cw-0009',
            operation: 'ApprovePlan',
            dataRead: ['ClientPlan'],
            dataWritten: ['updatePlan ClientPlan/cp-1', 'approvePlan ClientPlan/cp-1'],
          },
        ]);
        const own = await gql(viewer('CLIENT', { clientId: 'cl-w' }), '{ myAccessLog { edges { node { operation dataWritten } } } }');
        expect(own.data.myAccessLog.edges[1].node).toEqual({
          operation: 'ApprovePlan',
          dataWritten: ['updatePlan ClientPlan/cp-1', 'approvePlan ClientPlan/cp-1'],
        });
      });

      it('reads entries of a batch without writes (a gateway of the previous version) as writing nothing', async () => {
        const { dataWritten: _none, ...old } = entry('cl-old', '205', 'cw-0008');
        expect((await ingest(await signAuditBatch([old as AuditEntry], secret))).status).toBe(204);
        const res = await gql(viewer('ADMIN'), WRITES, { id: 'cl-old' });
        expect(res.data.accessLog.edges[0].node).toEqual({
          actorId: 'cw-0008',
          operation: 'SharedPlan',
          dataRead: ['Client', 'ClientPlan'],
          dataWritten: [],
        });
      });

      it('refuses a batch whose writes are malformed, writing none of it', async () => {
        const bad = await signAuditBatch([entry('cl-bad', '205'), { ...entry('cl-bad', '205'), dataWritten: ['x'.repeat(201)] }], secret);
        expect((await ingest(bad)).status).toBe(401);
        expect((await gql(viewer('ADMIN'), WRITES, { id: 'cl-bad' })).data.accessLog.totalCount).toBe(0);
      });

      describe("writes that changed no client's data (the write log)", () => {
        const subjectWrite = (subject: string, actor: string, action: string): AuditEntry => ({
          actorRole: actor.startsWith('pr-') ? 'PROVIDER' : 'ADMIN',
          actorId: actor,
          clientId: null,
          subject,
          municipalityCode: null,
          operation: 'Provider',
          requestId: `r-w${++requests}`,
          dataRead: [],
          dataWritten: [action],
          accessKind: 'WRITE',
          recipient: null,
          basis: [],
        });
        const WRITE_LOG =
          'query($s: String) { writeLog(subject: $s, first: 10) { totalCount edges { node { actorRole actorId subject operation dataWritten at } } } }';

        beforeAll(async () => {
          const batch = [
            subjectWrite('Provider/pr-w1', 'pr-w1', 'applyAsProvider Provider/pr-w1'),
            subjectWrite('Provider/pr-w1', 'admin-1', 'decideProviderApplication Provider/pr-w1'),
            subjectWrite('Provider/pr-w2', 'pr-w2', 'setOffering ServiceOffering/of-9'),
            subjectWrite('UnitCost/205/kotihoito', 'admin-1', 'setUnitCost UnitCost/205/kotihoito/2027-01-01'),
            { ...entry('cl-sw', '205', 'cw-0007'), dataWritten: ['approvePlan ClientPlan/cp-9'] },
          ];
          expect((await ingest(await signAuditBatch(batch, secret))).status).toBe(204);
        });

        it('shows administrators every subject, newest first, or the one named', async () => {
          const all = await gql(viewer('ADMIN'), WRITE_LOG, {});
          expect(all.errors).toBeUndefined();
          expect(all.data.writeLog.edges.map((e: any) => [e.node.subject, e.node.actorId])).toEqual([
            ['UnitCost/205/kotihoito', 'admin-1'],
            ['Provider/pr-w2', 'pr-w2'],
            ['Provider/pr-w1', 'admin-1'],
            ['Provider/pr-w1', 'pr-w1'],
          ]);
          const one = await gql(viewer('ADMIN'), WRITE_LOG, { s: 'Provider/pr-w1' });
          expect(one.data.writeLog.totalCount).toBe(2);
          expect(one.data.writeLog.edges[0].node).toMatchObject({
            actorRole: 'ADMIN',
            operation: 'Provider',
            dataWritten: ['decideProviderApplication Provider/pr-w1'],
          });
          // The client entry of the same batch went to the client's access log, not here.
          expect((await gql(viewer('ADMIN'), WRITES, { id: 'cl-sw' })).data.accessLog.edges[0].node.dataWritten).toEqual([
            'approvePlan ClientPlan/cp-9',
          ]);
        });

        it('shows a provider its own writes only, and nobody else any', async () => {
          const own = await gql(viewer('PROVIDER', { providerId: 'pr-w1' }), WRITE_LOG, { s: 'Provider/pr-w1' });
          expect(own.data.writeLog.totalCount).toBe(2);
          for (const s of ['Provider/pr-w2', null]) {
            expect((await gql(viewer('PROVIDER', { providerId: 'pr-w1' }), WRITE_LOG, { s })).errors[0].extensions.code).toBe('FORBIDDEN');
          }
          for (const v of [
            viewer('CLIENT', { clientId: 'cl-sw' }),
            viewer('CASE_WORKER', { municipalityCode: '205' }),
            viewer('ANALYST'),
          ]) {
            const res = await gql(v, WRITE_LOG, { s: 'Provider/pr-w1' });
            expect(res.errors[0].extensions.code).toBe('FORBIDDEN');
            expect(res.data).toBeNull();
          }
        });

        it('refuses a subject entry that claims reads or has no write, storing nothing of the batch', async () => {
          for (const bad of [
            { ...subjectWrite('Provider/pr-bad', 'admin-1', 'x'), dataRead: ['Client'] },
            { ...subjectWrite('Provider/pr-bad', 'admin-1', 'x'), dataWritten: [] },
            { ...subjectWrite('Provider/pr-bad', 'admin-1', 'x'), clientId: 'cl-1' },
          ]) {
            expect((await ingest(await signAuditBatch([bad], secret))).status).toBe(401);
          }
          expect((await gql(viewer('ADMIN'), WRITE_LOG, { s: 'Provider/pr-bad' })).data.writeLog.totalCount).toBe(0);
        });

        it('keeps the write log append-only', async () => {
          const { db } = audit.store.database;
          await expect(db.updateTable('write_log').set({ actor_id: 'someone-else' }).execute()).rejects.toThrow(/append-only/);
          await expect(db.deleteFrom('write_log').execute()).rejects.toThrow(/append-only/);
          await expect(sql`truncate write_log`.execute(db)).rejects.toThrow(/append-only/);
        });
      });

      it('keeps the writes append-only too', async () => {
        const { db } = audit.store.database;
        await expect(sql`update access_log set data_written = '{}' where client_id = 'cl-w'`.execute(db)).rejects.toThrow(/append-only/);
        await expect(db.deleteFrom('access_log').where('client_id', '=', 'cl-w').execute()).rejects.toThrow(/append-only/);
      });

      it('adds the column to a log written before it: old rows read as no writes, and the log stays append-only', async () => {
        const schema = schemas[1];
        const database = await openDatabase<AuditDatabase>('audit-migration-test', auditMigrations, {
          databaseUrl: options.databaseUrl,
          schema,
        });
        try {
          const { db } = database;
          const migrator = new Migrator({ db, provider: auditMigrations, ...(schema ? { migrationTableSchema: schema } : {}) });
          expect((await migrator.migrateTo('0001_access_log')).error).toBeUndefined();
          await sql`insert into access_log (actor_role, actor_id, client_id, municipality_code, operation, request_id, data_read) values ('ADMIN', 'admin', 'cl-1', '205', 'Old', 'r-old', '{Client}')`.execute(
            db,
          );
          expect(await database.migrate()).toEqual([
            '0002_data_written',
            '0003_write_log',
            '0004_entry_identity',
            '0005_appender_role',
            '0006_replay_by_batch',
          ]);
          const rows = await db
            .selectFrom('access_log')
            .select(['operation', 'data_read', 'data_written', 'access_kind', 'basis', 'batch_id'])
            .execute();
          expect(rows).toEqual([
            { operation: 'Old', data_read: ['Client'], data_written: [], access_kind: null, basis: [], batch_id: null },
          ]);
          // A new row must come in a batch, with its kind.
          await expect(
            sql`insert into access_log (actor_role, actor_id, client_id, operation, request_id, data_read) values ('ADMIN', 'admin', 'cl-1', 'New', 'r-new', '{Client}')`.execute(
              db,
            ),
          ).rejects.toThrow(/access_log_new_rows/);
          await expect(sql`update access_log set data_written = '{approvePlan}'`.execute(db)).rejects.toThrow(/append-only/);
          await expect(db.deleteFrom('access_log').execute()).rejects.toThrow(/append-only/);
        } finally {
          await database.close();
        }
      });
    });

    // After the write log's own tests, which list every subject's writes.
    it('stores a batch of both logs whole or not at all: an entry the database refuses, or one part a replay, keeps all of it out', async () => {
      const { db } = audit.store.database;
      const write: AuditEntry = {
        ...entry('cl-x', '205', 'admin-1'),
        actorRole: 'ADMIN',
        clientId: null,
        subject: 'Provider/pr-whole',
        municipalityCode: null,
        dataRead: [],
        dataWritten: ['decideProviderApplication Provider/pr-whole'],
        accessKind: 'WRITE',
      };
      const stored = async () => ({
        writes: (await db.selectFrom('write_log').select('id').where('subject', '=', 'Provider/pr-whole').execute()).length,
        reads: (await db.selectFrom('access_log').select('id').where('client_id', 'in', ['cl-whole', 'cl-whole2']).execute()).length,
      });
      // As the ingest hands entries to the store: with their kind.
      const read = (clientId: string): AuditEntry => ({ ...entry(clientId, '205'), accessKind: 'READ' });
      // The last entry breaks a rule of the table (the ingest checks it too; the store must not lean on that).
      const refused = [write, read('cl-whole'), { ...read('cl-whole2'), municipalityCode: 'x1' }];
      const failure = await audit.store.append(refused, 'b-whole-1').catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(Error);
      expect(failure).not.toBeInstanceOf(AuditReplayError);
      expect(await stored()).toEqual({ writes: 0, reads: 0 });
      await audit.store.append([write, read('cl-whole')], 'b-whole-2');
      expect(await stored()).toEqual({ writes: 1, reads: 1 });
      // The same batch again with a new client entry beside its write: the write repeats, so nothing is stored.
      await expect(audit.store.append([read('cl-whole2'), write], 'b-whole-2')).rejects.toBeInstanceOf(AuditReplayError);
      expect(await stored()).toEqual({ writes: 1, reads: 1 });
    });

    it('reports its failures as the audit log being unavailable', async () => {
      const store = await openAuditStore({ databaseUrl: options.databaseUrl, schema: options.schema });
      await store.close();
      const failure = await store.page('cl-a', 5, null).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(UpstreamError);
      expect(failure).toMatchObject({ system: 'audit-log' });
      expect((failure as Error).message).toBe('the audit log is unavailable');
    });

    it('refuses requests that did not come through the gateway', async () => {
      const res = await fetch(audit.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: '{ _entities(representations: [{ __typename: "Client", id: "cl-a" }]) { ... on Client { accessLog { totalCount } } } }',
        }),
      });
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
