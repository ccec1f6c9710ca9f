/**
 * Opens the provider catalogue (lib/database.ts: Postgres with a database URL, PGlite
 * otherwise, the same migrations for both) and seeds it from the synthetic world.
 */
import type { Kysely } from 'kysely';
import { openDatabase, type DatabaseOptions } from '../../../lib/database.js';
import { worldOptionsFromEnv, type WorldOptions } from '../../../seed/world.js';
import { migrationProvider } from './migrations/index.js';
import type { Database } from './schema.js';
import { seedCatalogue, type SeedResult } from './seed.js';

export type CatalogueOptions = DatabaseOptions;

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

export async function openCatalogue(options: CatalogueOptions = {}): Promise<Catalogue> {
  const store = await openDatabase<Database>('provider-catalogue', migrationProvider, options);
  return {
    db: store.db,
    kind: store.kind,
    schema: store.schema,
    get queryCount() {
      return store.queryCount;
    },
    migrate: () => store.migrate(),
    seed: (world = worldOptionsFromEnv()) => seedCatalogue(store.db, world),
    close: () => store.close(),
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
