/**
 * The migrations, in code. Why not a folder scan (FileMigrationProvider): the same list must
 * run under tsx, vitest and a bundled build alike, and an explicit list cannot pick up stray
 * files. Add a migration by adding a file and a line here; never edit a released one.
 */
import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_catalogue.js';
import * as m0002 from './0002_provider_side.js';
import * as m0003 from './0003_webhooks.js';
import * as m0004 from './0004_catalogue_notify.js';

const MIGRATIONS: Record<string, Migration> = {
  '0001_catalogue': m0001,
  '0002_provider_side': m0002,
  '0003_webhooks': m0003,
  '0004_catalogue_notify': m0004,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
