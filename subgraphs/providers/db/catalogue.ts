/**
 * Opens the provider catalogue (lib/database.ts: Postgres with a database URL, PGlite
 * otherwise, the same migrations for both) and loads its reference data. Demo providers are
 * not the catalogue's business: the seed folder's catalogue.ts writes them, from outside the product.
 */
import type { Kysely } from 'kysely';
import { openDatabase, type DatabaseOptions, type ListenHandlers, type Listening } from '../../../lib/database.js';
import { CATALOGUE_TABLES } from './migrations/0004_catalogue_notify.js';
import { migrationProvider } from './migrations/index.js';
import type { Database } from './schema.js';
import { loadReferenceData, type ReferenceDataResult } from './reference-data.js';

export type CatalogueOptions = Omit<DatabaseOptions, 'onWrite'>;

/** A statement naming one of the catalogue's tables (the webhooks' tables are not the catalogue). */
const CATALOGUE_TABLE = new RegExp(`\\b(${CATALOGUE_TABLES.join('|')})\\b`);

export interface Catalogue {
  readonly db: Kysely<Database>;
  readonly kind: 'postgres' | 'pglite';
  readonly schema: string | null;
  /** SQL statements sent since the catalogue was opened (failed ones included). */
  readonly queryCount: number;
  /**
   * Writes to the catalogue's tables sent from this process (any module, any transaction): the
   * cache forgets as soon as this moves, before the commit's NOTIFY is heard back.
   */
  readonly localWrites: number;
  /** Applies pending migrations; returns the names applied now. */
  migrate(): Promise<string[]>;
  /** Inserts the municipalities and service types (lib/reference.ts) that are not there yet. */
  loadReferenceData(): Promise<ReferenceDataResult>;
  /** Hears NOTIFY on a channel from every session (lib/database.ts): the cache's invalidation. */
  listen(channel: string, handlers: ListenHandlers): Promise<Listening>;
  close(): Promise<void>;
}

export async function openCatalogue(options: CatalogueOptions = {}): Promise<Catalogue> {
  let localWrites = 0;
  const store = await openDatabase<Database>('provider-catalogue', migrationProvider, {
    ...options,
    onWrite: (statement) => {
      if (CATALOGUE_TABLE.test(statement)) localWrites++;
    },
  });
  return {
    db: store.db,
    kind: store.kind,
    schema: store.schema,
    get queryCount() {
      return store.queryCount;
    },
    get localWrites() {
      return localWrites;
    },
    migrate: () => store.migrate(),
    loadReferenceData: () => loadReferenceData(store.db),
    listen: (channel, handlers) => store.listen(channel, handlers),
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
