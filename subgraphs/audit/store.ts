/**
 * The audit store: appends entries (reads and writes of a client's data) and reads a client's
 * log, newest first, a page at a time.
 * Postgres (in its own schema, `audit` by default) with DATABASE_URL; PGlite otherwise.
 */
import { sql } from 'kysely';
import { openDatabase, type Database, type DatabaseOptions } from '../../lib/database.js';
import { UpstreamError } from '../../lib/errors.js';
import { createLogger } from '../../lib/log.js';
import type { AuditEntry } from '../../lib/audit-ingest.js';
import type { AuditDatabase } from './db/schema.js';
import { auditMigrations } from './db/migrations.js';

/** An entry as the gateway sends it (lib/audit-ingest.ts), once stored. */
export interface AccessLogEntryRow extends AuditEntry {
  id: string;
  at: string;
}

/** A write that changed no client's data, once stored. */
export interface WriteLogEntryRow {
  id: string;
  at: string;
  actorRole: AuditEntry['actorRole'];
  actorId: string;
  subject: string;
  operation: string | null;
  requestId: string;
  dataWritten: string[];
}

export interface AuditStore {
  readonly database: Database<AuditDatabase>;
  append(entries: AuditEntry[]): Promise<void>;
  /** A page of the client's log, newest first, after the entry `afterId` when given. */
  page(clientId: string, first: number, afterId: string | null): Promise<{ rows: AccessLogEntryRow[]; totalCount: number; hasNextPage: boolean }>;
  /** A page of the writes of one subject (or of every subject), newest first. */
  writePage(subject: string | null, first: number, afterId: string | null): Promise<{ rows: WriteLogEntryRow[]; totalCount: number; hasNextPage: boolean }>;
  /** The municipality recorded for the client (for the case-worker rule), or null. */
  municipalityOf(clientId: string): Promise<string | null>;
  /** Resolves when the database answers (readiness); rejects with its error otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

const log = createLogger('audit-store');

/**
 * Failures of the store surface as UPSTREAM_UNAVAILABLE naming the audit log (a system of its
 * own to callers). The database's own message (SQL, hosts) goes to the log, not to the caller.
 */
async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    log.error({ err: (error as Error).message }, 'audit store query failed');
    throw new UpstreamError('audit-log', 'the audit log is unavailable');
  }
}

/** What entries of both logs share, as the graph shows them. */
function entryOf(r: { id: string | number; at: Date | string; actor_role: AuditEntry['actorRole']; actor_id: string; operation: string | null; request_id: string; data_written: string[] }) {
  return { id: String(r.id), at: new Date(r.at).toISOString(), actorRole: r.actor_role, actorId: r.actor_id, operation: r.operation, requestId: r.request_id, dataWritten: r.data_written };
}

/** A page of rows read newest first, one more than asked (so that we know whether more follow). */
function pageOf<R, T>(rows: R[], first: number, counted: { n: string | number }, toEntry: (r: R) => T) {
  return { rows: rows.slice(0, first).map(toEntry), totalCount: Number(counted.n), hasNextPage: rows.length > first };
}

export async function openAuditStore(options: DatabaseOptions = {}): Promise<AuditStore> {
  const database = await openDatabase<AuditDatabase>('audit-store', auditMigrations, {
    ...options,
    schema: options.schema ?? (options.databaseUrl ? 'audit' : undefined),
  });
  await database.migrate();
  const { db } = database;
  return {
    database,
    async append(all) {
      const entries = all.filter((e) => e.clientId !== null);
      const subjectWrites = all.filter((e) => e.clientId === null && e.subject);
      // One transaction: a batch is stored whole or not at all (the gateway withholds the answer then).
      if (!entries.length && !subjectWrites.length) return;
      await db.transaction().execute(async (trx) => {
        if (subjectWrites.length) {
          await trx
            .insertInto('write_log')
            .values(
              subjectWrites.map((e) => ({
                actor_role: e.actorRole,
                actor_id: e.actorId,
                subject: e.subject!,
                operation: e.operation,
                request_id: e.requestId,
                data_written: e.dataWritten,
                at: new Date(),
              })),
            )
            .execute();
        }
        if (!entries.length) return;
        await trx
          .insertInto('access_log')
          .values(
            entries.map((e) => ({
              actor_role: e.actorRole,
              actor_id: e.actorId,
              client_id: e.clientId!,
              municipality_code: e.municipalityCode,
              operation: e.operation,
              request_id: e.requestId,
              data_read: e.dataRead,
              data_written: e.dataWritten ?? [],
              at: new Date(),
            })),
          )
          .execute();
      });
    },
    writePage: (subject, first, afterId) =>
      guard(async () => {
        let query = db.selectFrom('write_log').selectAll();
        let count = db.selectFrom('write_log').select((eb) => eb.fn.countAll<string>().as('n'));
        if (subject !== null) {
          query = query.where('subject', '=', subject);
          count = count.where('subject', '=', subject);
        }
        if (afterId) query = query.where('id', '<', afterId);
        const [rows, counted] = await Promise.all([query.orderBy('id', 'desc').limit(first + 1).execute(), count.executeTakeFirstOrThrow()]);
        return pageOf(rows, first, counted, (r) => ({ ...entryOf(r), subject: r.subject }));
      }),
    page: (clientId, first, afterId) =>
      guard(async () => {
        let query = db.selectFrom('access_log').selectAll().where('client_id', '=', clientId);
        if (afterId) query = query.where('id', '<', afterId);
        const [rows, count] = await Promise.all([
          query.orderBy('id', 'desc').limit(first + 1).execute(),
          db.selectFrom('access_log').select((eb) => eb.fn.countAll<string>().as('n')).where('client_id', '=', clientId).executeTakeFirstOrThrow(),
        ]);
        return pageOf(rows, first, count, (r) => ({ ...entryOf(r), clientId: r.client_id, municipalityCode: r.municipality_code, dataRead: r.data_read }));
      }),
    municipalityOf: (clientId) =>
      guard(async () => {
        const row = await db
          .selectFrom('access_log')
          .select('municipality_code')
          .where('client_id', '=', clientId)
          .where('municipality_code', 'is not', null)
          .orderBy('id', 'desc')
          .limit(1)
          .executeTakeFirst();
        return row?.municipality_code ?? null;
      }),
    async ping() {
      await sql`select 1`.execute(db);
    },
    close: () => database.close(),
  };
}
