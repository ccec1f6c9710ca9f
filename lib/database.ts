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
}

export interface Database<DB> {
  readonly db: Kysely<DB>;
  readonly kind: 'postgres' | 'pglite';
  readonly schema: string | null;
  /** SQL statements sent since the store was opened (failed ones included). */
  readonly queryCount: number;
  /** Applies pending migrations; returns the names applied now. */
  migrate(): Promise<string[]>;
  close(): Promise<void>;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export async function openDatabase<DB>(name: string, migrations: MigrationProvider, options: DatabaseOptions = {}): Promise<Database<DB>> {
  const log = createLogger(name);
  const schema = options.schema ?? null;
  if (schema !== null && !SCHEMA_NAME.test(schema)) throw new Error(`not a plain schema name: ${schema}`);
  let queries = 0;
  const onLog = (event: LogEvent) => {
    queries++;
    if (event.level === 'error') log.warn({ err: (event.error as Error)?.message, ms: event.queryDurationMillis }, 'query failed');
  };

  let db: Kysely<DB>;
  let kind: Database<DB>['kind'];
  if (options.databaseUrl) {
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
    async close() {
      await db.destroy();
    },
  };
}
