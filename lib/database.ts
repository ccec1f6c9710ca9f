/**
 * Opens a store of ours: Kysely over PostgreSQL (a `pg` Pool) when a database URL is given,
 * over PGlite (embedded Postgres, in memory or in a data folder) otherwise. The same
 * migrations and the same SQL run on both — principle 7 of docs/architecture.md. The provider catalogue
 * and the audit log each open one.
 *
 * Why a `schema` option: stores sharing one database (and isolated tests) each live in their
 * own Postgres schema; every connection gets it as its search_path, so queries stay
 * unqualified. Why a query counter: principle 2 says tests count backend calls; the counter
 * sees every statement Kysely sends, whatever module sent it.
 */
import { PGlite } from '@electric-sql/pglite';
import { Kysely, Migrator, PostgresDialect, sql, type LogEvent, type MigrationProvider } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { createLogger } from './log.js';

export interface DatabaseOptions {
  /** postgres://… — use PostgreSQL; otherwise PGlite. */
  databaseUrl?: string;
  /** PGlite's data folder; in memory when absent. Ignored with a database URL. */
  dataDir?: string;
  /** A schema to create (if missing) and use as the search_path. */
  schema?: string;
  /** Upper bound of one statement on Postgres, so a stuck database fails fast (default 5 s). */
  statementTimeoutMs?: number;
  /** Told of every INSERT, UPDATE, DELETE or TRUNCATE this store sent, with its SQL, once it completed (a cache forgets at once). */
  onWrite?: (sql: string) => void;
}

const WRITE_STATEMENT = /^\s*(insert|update|delete|truncate|merge)\b/i;

export interface Database<DB> {
  readonly db: Kysely<DB>;
  readonly kind: 'postgres' | 'pglite';
  readonly schema: string | null;
  /** SQL statements sent since the store was opened (failed ones included). */
  readonly queryCount: number;
  /** Applies pending migrations; returns the names applied now. */
  migrate(): Promise<string[]>;
  /**
   * Hears `NOTIFY channel` from every session of the database (catalogue caches: a write in one
   * process reaches the caches of all). On Postgres a dedicated connection, re-opened when lost;
   * `onState(false)` says nothing is heard until `onState(true)` (told after LISTEN is in place again).
   */
  listen(channel: string, handlers: ListenHandlers): Promise<Listening>;
  close(): Promise<void>;
}

export interface ListenHandlers {
  onNotify(payload: string): void;
  onState(listening: boolean): void;
  /** Postgres: the first pause before re-opening a lost connection, doubling up to 5 s (default 100 ms). */
  reconnectMs?: number;
}

export interface Listening {
  /** The listening connection's backend pid (Postgres; null on PGlite or while disconnected): tests terminate it. */
  readonly pid: number | null;
  close(): Promise<void>;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export async function openDatabase<DB>(name: string, migrations: MigrationProvider, options: DatabaseOptions = {}): Promise<Database<DB>> {
  const log = createLogger(name);
  const schema = options.schema ?? null;
  if (schema !== null && !SCHEMA_NAME.test(schema)) throw new Error(`not a plain schema name: ${schema}`);
  let queries = 0;
  const onWrite = options.onWrite;
  const onLog = (event: LogEvent) => {
    queries++;
    if (onWrite && WRITE_STATEMENT.test(event.query.sql)) onWrite(event.query.sql);
    if (event.level === 'error') log.warn({ err: (event.error as Error)?.message, ms: event.queryDurationMillis }, 'query failed');
  };

  let db: Kysely<DB>;
  let kind: Database<DB>['kind'];
  let listen: Database<DB>['listen'];
  // Closing the store silences its listeners first: a cache must not outlive its database.
  const listeners = new Set<Listening>();
  const tracked = (open: (channel: string, handlers: ListenHandlers) => Promise<Listening>): Database<DB>['listen'] => {
    return async (channel, handlers) => {
      const listening = await open(channel, handlers);
      const entry: Listening = {
        get pid() {
          return listening.pid;
        },
        async close() {
          listeners.delete(entry);
          await listening.close();
          handlers.onState(false);
        },
      };
      listeners.add(entry);
      return entry;
    };
  };
  if (options.databaseUrl) {
    const databaseUrl = options.databaseUrl;
    listen = tracked((channel, handlers) => listenOnPostgres(databaseUrl, channel, handlers, log));
    kind = 'postgres';
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: Number(process.env.DATABASE_POOL_MAX ?? 10),
      connectionTimeoutMillis: 3000,
      statement_timeout: options.statementTimeoutMs ?? 5000,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
    // An idle client losing its connection must not crash the process; the next query fails instead.
    pool.on('error', (error) => log.error({ err: error.message }, 'idle Postgres connection failed'));
    db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log: onLog });
    // Only when missing: a role that may not create schemas (the audit store's, which may only
    // insert and select) is refused `create schema if not exists` even when it exists.
    if (schema) {
      const found = await sql`select 1 from pg_namespace where nspname = ${schema}`.execute(db);
      if (!found.rows.length) await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
    }
  } else {
    kind = 'pglite';
    const pglite = new PGlite(options.dataDir);
    await pglite.waitReady;
    // One instance, one process: PGlite hands its own NOTIFYs to its listeners as the statement
    // completes (before its promise resolves), so nothing is ever missed or late here.
    listen = tracked(async (channel, handlers) => {
      const stop = await pglite.listen(channel, (payload) => handlers.onNotify(payload));
      handlers.onState(true);
      return { pid: null, close: () => stop().catch(() => undefined) };
    });
    db = new Kysely<DB>({ dialect: new PGliteDialect(pglite), log: onLog });
    // PGlite has one session, so setting the search_path once holds for every query.
    if (schema) {
      await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
      await sql`set search_path to ${sql.id(schema)}`.execute(db);
    }
  }

  return {
    db,
    kind,
    schema,
    get queryCount() {
      return queries;
    },
    async migrate() {
      // Always name the schema of the migration tables: unnamed, Kysely looks for them in every
      // schema, finds another store's (the audit log's, in schema `audit`, on the same database),
      // and then reads its own lock table where none was made.
      const migrator = new Migrator({ db, provider: migrations, migrationTableSchema: schema ?? 'public' });
      const { error, results } = await migrator.migrateToLatest();
      if (error) throw error instanceof Error ? error : new Error(String(error));
      return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    },
    listen,
    async close() {
      await Promise.all([...listeners].map((l) => l.close()));
      await db.destroy();
    },
  };
}

const CHANNEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * LISTEN on a connection of its own (a pooled one may be handed to anyone and LISTEN is per
 * session), re-opened after a loss with a growing pause. Why the state callback: while the
 * connection is down notifications are lost, so whoever caches must stop trusting its cache
 * until LISTEN is in place again (and then forget what it held).
 */
async function listenOnPostgres(
  databaseUrl: string,
  channel: string,
  handlers: ListenHandlers,
  log: ReturnType<typeof createLogger>,
): Promise<Listening> {
  if (!CHANNEL_NAME.test(channel)) throw new Error(`not a plain channel name: ${channel}`);
  let client: pg.Client | null = null;
  let pid: number | null = null;
  let closed = false;
  const firstRetryMs = handlers.reconnectMs ?? 100;
  let retryMs = firstRetryMs;
  let timer: NodeJS.Timeout | undefined;

  const lost = (current: pg.Client, why: string) => {
    if (client !== current) return;
    client = null;
    pid = null;
    handlers.onState(false);
    current.end().catch(() => undefined);
    if (closed) return;
    log.warn({ err: why, retryMs }, 'LISTEN connection lost; reconnecting');
    timer = setTimeout(() => void connect().catch(() => undefined), retryMs);
    retryMs = Math.min(retryMs * 2, Math.max(5000, firstRetryMs));
  };

  const connect = async () => {
    const next = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3000, keepAlive: true });
    client = next;
    next.on('error', (error) => lost(next, error.message));
    next.on('end', () => lost(next, 'connection ended'));
    next.on('notification', (n) => {
      if (n.channel === channel) handlers.onNotify(n.payload ?? '');
    });
    try {
      await next.connect();
      const row = await next.query<{ pid: number }>(`listen ${channel}; select pg_backend_pid() as pid`);
      const result = Array.isArray(row) ? row[row.length - 1] : row;
      if (client !== next) return;
      pid = result.rows[0]?.pid ?? null;
      retryMs = firstRetryMs;
      handlers.onState(true);
    } catch (error) {
      lost(next, (error as Error).message);
      throw error;
    }
  };

  // Down at start is like down later: reads bypass the cache until the retry succeeds.
  await connect().catch(() => undefined);
  return {
    get pid() {
      return pid;
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      const current = client;
      client = null;
      pid = null;
      await current?.end().catch(() => undefined);
    },
  };
}
