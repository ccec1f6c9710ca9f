/**
 * The catalogue and the audit log on one PostgreSQL database, the catalogue in the default
 * schema (no CATALOGUE_SCHEMA) and the audit log in its own: the way a small deployment runs them.
 * Kysely used to find the audit log's migration tables and then read the catalogue's lock table
 * where none was made, so the providers subgraph would not start. A database of its own, dropped
 * afterwards, because the default schema of the shared test database belongs to nobody.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditStore } from '../subgraphs/audit/store.js';
import { openCatalogue } from '../subgraphs/providers/db/catalogue.js';

const url = process.env.DATABASE_URL;
if (!url) console.warn('postgres: shared database suite SKIPPED — DATABASE_URL is not set');
const name = `shared_db_${process.pid}_${Date.now()}`;
const admin = async (statement: string) => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
};
const urlOf = (database: string) => {
  const u = new URL(url!);
  u.pathname = `/${database}`;
  return u.toString();
};

describe.skipIf(!url)(
  url ? 'postgres: catalogue beside the audit log on one database' : 'postgres: shared database (DATABASE_URL not set)',
  () => {
    beforeAll(() => admin(`create database ${name}`));
    afterAll(() => admin(`drop database if exists ${name} with (force)`));

    it('migrates the catalogue in the default schema after the audit log migrated in its own', async () => {
      const audit = await openAuditStore({ databaseUrl: urlOf(name) });
      await audit.close();
      const catalogue = await openCatalogue({ databaseUrl: urlOf(name) });
      try {
        expect(catalogue.kind).toBe('postgres');
        expect(await catalogue.migrate()).toEqual(['0001_catalogue', '0002_provider_side', '0003_webhooks', '0004_catalogue_notify']);
        const tables = await catalogue.db.introspection.getTables();
        expect(tables.filter((t) => t.schema === 'public').map((t) => t.name)).toEqual(
          expect.arrayContaining(['provider', 'service_offering', 'municipality', 'service_type']),
        );
        expect(tables.some((t) => t.schema === 'audit' && t.name === 'access_log')).toBe(true);
      } finally {
        await catalogue.close();
      }
    });
  },
);
