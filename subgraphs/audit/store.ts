/**
 * The audit store: appends entries (reads and writes of a client's data) and reads a client's
 * log, newest first, a page at a time.
 * Postgres (in its own schema, `audit` by default) with DATABASE_URL; PGlite otherwise.
 *
 * Who it is on Postgres: DATABASE_URL is the owner of the log's tables, and runs the
 * migrations; AUDIT_DATABASE_URL is the role the store then works as, which may only insert
 * and select (db/migrations.ts 0005). Why: the append-only triggers bind every role but the
 * owner, who can disable them and rewrite the log — the running service must not be able to.
 * The store makes that role a member of the appender role, then checks what it may do and
 * refuses to start when it may do more (update, delete, truncate, triggers, ownership). Without
 * AUDIT_DATABASE_URL it runs as the owner and says so (production requires it: lib/settings.ts).
 * PGlite is one user in one process: there the triggers are the protection.
 */
import { CompiledQuery, Kysely, sql } from 'kysely';
import { accessKindOf } from '../../lib/audit.js';
import { openDatabase, type Database, type DatabaseOptions } from '../../lib/database.js';
import { UpstreamError } from '../../lib/errors.js';
import { createLogger } from '../../lib/log.js';
import type { AuditEntry } from '../../lib/audit-ingest.js';
import type { AuditDatabase } from './db/schema.js';
import { APPENDER_ROLE, auditMigrations } from './db/migrations.js';

/** An entry as the gateway sends it (lib/audit-ingest.ts), once stored. */
export interface AccessLogEntryRow extends AuditEntry {
  id: string;
  at: string;
}

export interface AuditStoreOptions extends DatabaseOptions {
  /**
   * Postgres: the role the running store connects as, which may only insert and select
   * (AUDIT_DATABASE_URL). `databaseUrl` is then the owner's, used for the migrations only.
   */
  appendDatabaseUrl?: string;
}

/** A batch whose entries are stored already (the same batch, request and client): a replay. Nothing of it was stored. */
export class AuditReplayError extends Error {
  constructor() {
    super('the batch repeats entries already in the log');
    this.name = 'AuditReplayError';
  }
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
  /** The database as the running store works with it (on Postgres with AUDIT_DATABASE_URL: insert and select only). */
  readonly database: Database<AuditDatabase>;
  /** Appends a signed batch's entries, whole or not at all; AuditReplayError when they are in the log already. */
  append(entries: AuditEntry[], batchId: string): Promise<void>;
  /** A page of the client's log, newest first, after the entry `afterId` when given. */
  page(
    clientId: string,
    first: number,
    afterId: string | null,
  ): Promise<{ rows: AccessLogEntryRow[]; totalCount: number; hasNextPage: boolean }>;
  /** A page of the writes of one subject (or of every subject), newest first. */
  writePage(
    subject: string | null,
    first: number,
    afterId: string | null,
  ): Promise<{ rows: WriteLogEntryRow[]; totalCount: number; hasNextPage: boolean }>;
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
function entryOf(r: {
  id: string | number;
  at: Date | string;
  actor_role: AuditEntry['actorRole'];
  actor_id: string;
  operation: string | null;
  request_id: string;
  data_written: string[];
}) {
  return {
    id: String(r.id),
    at: new Date(r.at).toISOString(),
    actorRole: r.actor_role,
    actorId: r.actor_id,
    operation: r.operation,
    requestId: r.request_id,
    dataWritten: r.data_written,
  };
}

/** Postgres's unique_violation: the batch, request and client (or subject) are in the log already (db/migrations.ts 0006). */
const isUniqueViolation = (error: unknown) => (error as { code?: unknown })?.code === '23505';

/**
 * The INSERT of a batch's client entries, from the JSON array in parameter `rows` (the entries
 * as the gateway sent them, lib/audit-ingest.ts); `at` is the column's default, now(). An entry
 * without `dataWritten` or `basis` (from before they existed) stores {}, as the defaults would.
 */
const insertAccess = (rows: string, batch: string) =>
  `insert into access_log (actor_role, actor_id, client_id, municipality_code, operation, request_id, data_read, data_written, access_kind, recipient, basis, batch_id)
  select "actorRole", "actorId", "clientId", "municipalityCode", operation, "requestId", "dataRead", coalesce("dataWritten", '{}'), "accessKind", recipient, coalesce(basis, '{}'), ${batch}::text
  from json_to_recordset(${rows}::json) as e("actorRole" text, "actorId" text, "clientId" text, "municipalityCode" text, operation text,
    "requestId" text, "dataRead" text[], "dataWritten" text[], "accessKind" text, recipient text, basis text[])`;

/** The INSERT of a batch's subject writes (writes that changed no client's data), likewise. */
const insertWrites = (rows: string, batch: string) =>
  `insert into write_log (actor_role, actor_id, subject, operation, request_id, data_written, batch_id)
  select "actorRole", "actorId", subject, operation, "requestId", "dataWritten", ${batch}::text
  from json_to_recordset(${rows}::json) as e("actorRole" text, "actorId" text, subject text, operation text, "requestId" text, "dataWritten" text[])`;

const APPEND_ACCESS = insertAccess('$1', '$2');
const APPEND_WRITES = insertWrites('$1', '$2');
/** Both kinds in one statement: the subject writes in a data-modifying CTE, run to completion with it. */
const APPEND_BOTH = `with written as (${insertWrites('$2', '$3')}) ${insertAccess('$1', '$3')}`;

/**
 * A batch's entries as one INSERT statement: a single statement is atomic on its own, so the
 * batch is stored whole or not at all (the gateway withholds the answer then) without BEGIN and
 * COMMIT around it. Why: most of an append's CPU in the audit process was per statement —
 * PGlite answers each in six protocol round trips (parse, describe, bind, describe, execute,
 * sync) — and four (BEGIN, two INSERTs, COMMIT) became one. The rows travel as one JSON
 * parameter per table, so the SQL text is one of three constants whatever the batch's size,
 * and nothing is compiled row by row. Null when the batch stores nothing.
 */
function appendStatement(all: AuditEntry[], batchId: string): CompiledQuery | null {
  const entries = all.filter((e) => e.clientId !== null);
  const subjectWrites = all.filter((e) => e.clientId === null && e.subject);
  if (entries.length && subjectWrites.length)
    return CompiledQuery.raw(APPEND_BOTH, [JSON.stringify(entries), JSON.stringify(subjectWrites), batchId]);
  if (entries.length) return CompiledQuery.raw(APPEND_ACCESS, [JSON.stringify(entries), batchId]);
  if (subjectWrites.length) return CompiledQuery.raw(APPEND_WRITES, [JSON.stringify(subjectWrites), batchId]);
  return null;
}

/**
 * Makes the login role of `appendDatabaseUrl` a member of the appender role, when it is not
 * yet. Asked on a connection of its own, closed before the store's are opened: a session
 * resolves its search_path without the schema it had no usage of, and keeps it so.
 */
async function grantAppender(owner: Kysely<AuditDatabase>, appendDatabaseUrl: string): Promise<void> {
  const probe = await openDatabase<AuditDatabase>('audit-store', auditMigrations, { databaseUrl: appendDatabaseUrl });
  let name: string;
  try {
    name = (await sql<{ name: string }>`select current_user as name`.execute(probe.db)).rows[0]!.name;
  } finally {
    await probe.close();
  }
  const {
    rows: [member],
  } = await sql<{
    yes: boolean;
  }>`select exists (select from pg_roles where rolname = ${APPENDER_ROLE}) and pg_has_role(${name}, ${APPENDER_ROLE}, 'MEMBER') as yes`.execute(
    owner,
  );
  if (!member?.yes) await sql`grant ${sql.id(APPENDER_ROLE)} to ${sql.id(name)}`.execute(owner);
}

/**
 * Checks that the running store's role may insert and select the logs and nothing more.
 * Throws otherwise: better no audit service than one that can rewrite its log.
 */
async function checkAppender(appender: Kysely<AuditDatabase>): Promise<void> {
  const {
    rows: [me],
  } = await sql<{ name: string }>`select current_user as name`.execute(appender);
  const {
    rows: [may],
  } = await sql<{ superuser: boolean; owns: boolean; more: boolean; enough: boolean }>`
    select
      (select rolsuper or rolbypassrls from pg_roles where rolname = current_user) as superuser,
      coalesce(bool_or(pg_has_role(current_user, t.tableowner, 'USAGE')), false) as owns,
      coalesce(bool_or(has_table_privilege(format('%I.%I', t.schemaname, t.tablename), 'UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES')), false) as more,
      count(*) = 2 and bool_and(has_table_privilege(format('%I.%I', t.schemaname, t.tablename), 'INSERT') and has_table_privilege(format('%I.%I', t.schemaname, t.tablename), 'SELECT')) as enough
    from pg_tables t
    where t.schemaname = current_schema() and t.tablename in ('access_log', 'write_log')`.execute(appender);
  if (may?.superuser || may?.owns || may?.more)
    throw new Error(
      `the audit store's role ${me!.name} may do more than insert and select the log: give AUDIT_DATABASE_URL a role of its own`,
    );
  if (!may?.enough) throw new Error(`the audit store's role ${me!.name} may not insert and select the log: grant it ${APPENDER_ROLE}`);
}

/** A page of rows read newest first, one more than asked (so that we know whether more follow). */
function pageOf<R, T>(rows: R[], first: number, counted: { n: string | number }, toEntry: (r: R) => T) {
  return { rows: rows.slice(0, first).map(toEntry), totalCount: Number(counted.n), hasNextPage: rows.length > first };
}

/** Opens the owner's database, migrates it, and — with an appender URL — hands over to that role. */
async function openAs(options: AuditStoreOptions): Promise<Database<AuditDatabase>> {
  const { appendDatabaseUrl, ...ownerOptions } = options;
  const schema = options.schema ?? (options.databaseUrl ? 'audit' : undefined);
  if (appendDatabaseUrl && !options.databaseUrl)
    throw new Error('AUDIT_DATABASE_URL needs DATABASE_URL: the owner of the log runs its migrations');
  const owner = await openDatabase<AuditDatabase>('audit-store', auditMigrations, { ...ownerOptions, schema });
  try {
    await owner.migrate();
    if (!appendDatabaseUrl) {
      if (owner.kind === 'postgres')
        log.warn(
          'the audit store runs as the owner of the log, which can disable its triggers: set AUDIT_DATABASE_URL to a role that may only insert and select',
        );
      return owner;
    }
    await grantAppender(owner.db, appendDatabaseUrl);
    const appender = await openDatabase<AuditDatabase>('audit-store', auditMigrations, {
      databaseUrl: appendDatabaseUrl,
      schema,
      statementTimeoutMs: options.statementTimeoutMs,
    });
    try {
      await checkAppender(appender.db);
    } catch (error) {
      await appender.close();
      throw error;
    }
    await owner.close();
    return appender;
  } catch (error) {
    await owner.close().catch(() => undefined);
    throw error;
  }
}

export async function openAuditStore(options: AuditStoreOptions = {}): Promise<AuditStore> {
  const database = await openAs(options);
  const { db } = database;
  return {
    database,
    async append(entries, batchId) {
      const statement = appendStatement(entries, batchId);
      if (!statement) return;
      await db.executeQuery(statement).catch((error: unknown) => {
        throw isUniqueViolation(error) ? new AuditReplayError() : error;
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
        const [rows, counted] = await Promise.all([
          query
            .orderBy('id', 'desc')
            .limit(first + 1)
            .execute(),
          count.executeTakeFirstOrThrow(),
        ]);
        return pageOf(rows, first, counted, (r) => ({ ...entryOf(r), subject: r.subject }));
      }),
    page: (clientId, first, afterId) =>
      guard(async () => {
        let query = db.selectFrom('access_log').selectAll().where('client_id', '=', clientId);
        if (afterId) query = query.where('id', '<', afterId);
        const [rows, count] = await Promise.all([
          query
            .orderBy('id', 'desc')
            .limit(first + 1)
            .execute(),
          db
            .selectFrom('access_log')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('client_id', '=', clientId)
            .executeTakeFirstOrThrow(),
        ]);
        return pageOf(rows, first, count, (r) => {
          const entry = {
            ...entryOf(r),
            clientId: r.client_id,
            municipalityCode: r.municipality_code,
            dataRead: r.data_read,
            recipient: r.recipient,
            basis: r.basis,
          };
          // Rows from before the kind was stored: derived from the row by the same rule.
          return { ...entry, accessKind: r.access_kind ?? accessKindOf(entry) };
        });
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
