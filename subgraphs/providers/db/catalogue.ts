/**
 * Opens the provider catalogue (lib/database.ts: Postgres with a database URL, PGlite
 * otherwise, the same migrations for both) and loads its reference data. Demo providers are
 * not the catalogue's business: the seed folder's catalogue.ts writes them, from outside the product.
 */
import type { Kysely } from 'kysely';
import { openDatabase, type DatabaseOptions } from '../../../lib/database.js';
import { migrationProvider } from './migrations/index.js';
import type { Database } from './schema.js';
import { loadReferenceData, type ReferenceDataResult } from './reference-data.js';

export type CatalogueOptions = DatabaseOptions;

export interface Catalogue {
  readonly db: Kysely<Database>;
  readonly kind: 'postgres' | 'pglite';
  readonly schema: string | null;
  /** SQL statements sent since the catalogue was opened (failed ones included). */
  readonly queryCount: number;
  /** Applies pending migrations; returns the names applied now. */
  migrate(): Promise<string[]>;
  /** Inserts the municipalities and service types (lib/reference.ts) that are not there yet. */
  loadReferenceData(): Promise<ReferenceDataResult>;
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
    loadReferenceData: () => loadReferenceData(store.db),
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
