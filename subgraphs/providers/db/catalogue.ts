/**
 * Opens the provider catalogue: Kysely over PostgreSQL (a `pg` Pool) when a database URL is
 * given, over PGlite (embedded Postgres, in memory or in a data folder) otherwise. The same
 * migrations and the same SQL run on both — principle 7 of DESIGN.md.
 *
 * Why a `schema` option: tests (and several deployments sharing a database) run isolated in
 * their own Postgres schema; every connection gets it as its search_path, so the queries stay
 * unqualified. Why a query counter: DESIGN.md principle 2 says tests count backend calls; the
 * counter sees every statement Kysely sends, whatever module sent it.
 */
import { PGlite } from '@electric-sql/pglite';
import { Kysely, Migrator, PostgresDialect, sql, type LogEvent } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { createLogger } from '../../../lib/log.js';
import { worldOptionsFromEnv, type WorldOptions } from '../../../seed/world.js';
import { migrationProvider } from './migrations/index.js';
import type { Database } from './schema.js';
import { seedCatalogue, type SeedResult } from './seed.js';

export interface CatalogueOptions {
  /** postgres://… — use PostgreSQL; otherwise PGlite. */
  databaseUrl?: string;
  /** PGlite's data folder; in memory when absent. Ignored with a database URL. */
  dataDir?: string;
  /** A schema to create (if missing) and use as the search_path, e.g. for an isolated test. */
  schema?: string;
  /** Upper bound of one statement on Postgres, so a stuck database fails fast (default 5 s). */
  statementTimeoutMs?: number;
}

export interface Catalogue {
  readonly db: Kysely<Database>;
  readonly kind: 'postgres' | 'pglite';
  readonly schema: string | null;
  /** SQL statements sent since the catalogue was opened (failed ones included). */
  readonly queryCount: number;
  /** Applies pending migrations; returns the names applied now. */
  migrate(): Promise<string[]>;
  /** Inserts the reference data and the world's providers that are not there yet. */
  seed(world?: WorldOptions): Promise<SeedResult>;
  close(): Promise<void>;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const log = createLogger('provider-catalogue');

export async function openCatalogue(options: CatalogueOptions = {}): Promise<Catalogue> {
  const schema = options.schema ?? null;
  if (schema !== null && !SCHEMA_NAME.test(schema)) throw new Error(`not a plain schema name: ${schema}`);
  let queries = 0;
  const onLog = (event: LogEvent) => {
    queries++;
    if (event.level === 'error') log.warn({ err: (event.error as Error)?.message, ms: event.queryDurationMillis }, 'catalogue query failed');
  };

  let db: Kysely<Database>;
  let kind: Catalogue['kind'];
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
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: onLog });
    if (schema) await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  } else {
    kind = 'pglite';
    const pglite = new PGlite(options.dataDir);
    await pglite.waitReady;
    db = new Kysely<Database>({ dialect: new PGliteDialect(pglite), log: onLog });
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
      const migrator = new Migrator({ db, provider: migrationProvider, ...(schema ? { migrationTableSchema: schema } : {}) });
      const { error, results } = await migrator.migrateToLatest();
      if (error) throw error instanceof Error ? error : new Error(String(error));
      return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    },
    seed(world = worldOptionsFromEnv()) {
      return seedCatalogue(db, world);
    },
    async close() {
      await db.destroy();
    },
  };
}

/** The catalogue options from the environment: DATABASE_URL, CATALOGUE_DATA_DIR, CATALOGUE_SCHEMA. */
export function catalogueOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): CatalogueOptions {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.CATALOGUE_DATA_DIR || undefined,
    schema: env.CATALOGUE_SCHEMA || undefined,
  };
}
