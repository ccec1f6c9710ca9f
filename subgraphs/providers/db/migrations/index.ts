/**
 * The migrations, in code. Why not a folder scan (FileMigrationProvider): the same list must
 * run under tsx, vitest and a bundled build alike, and an explicit list cannot pick up stray
 * files. Add a migration by adding a file and a line here; never edit a released one.
 */
import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_catalogue.js';

const MIGRATIONS: Record<string, Migration> = {
  '0001_catalogue': m0001,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
