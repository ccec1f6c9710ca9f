/**
 * The catalogue on PostgreSQL: the same migrations and seed as on PGlite, then the whole
 * subgraph suite, each in a fresh schema of the DATABASE_URL database, dropped afterwards.
 * Skipped — visibly — when DATABASE_URL is not set; CI sets it and checks that the
 * `postgres:` suite ran.
 */
import { FinnishBusinessIds } from 'finnish-business-ids';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCatalogue } from '../../seed/catalogue.js';
import { openCatalogue, type Catalogue } from './db/catalogue.js';
import { offeringsByIds, providersByIds } from './repository.js';
import { defineSubgraphSuite } from './subgraph-suite.js';
import { world } from './test-support.js';

const url = process.env.DATABASE_URL;
if (!url)
  console.warn('postgres: provider catalogue suite SKIPPED — DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test)');

const freshSchema = (what: string) => `providers_${what}_${process.pid}_${Date.now().toString(36)}`;

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

async function schemaExists(schema: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query('select 1 from information_schema.schemata where schema_name = $1', [schema])).rowCount === 1;
  } finally {
    await client.end();
  }
}

describe.skipIf(!url)(url ? 'postgres: provider catalogue' : 'postgres: provider catalogue (DATABASE_URL not set)', () => {
  describe('store', () => {
    const schema = freshSchema('store');
    let catalogue: Catalogue;
    beforeAll(async () => {
      catalogue = await openCatalogue({ databaseUrl: url, schema });
    });
    afterAll(async () => {
      await catalogue?.close();
      await dropSchema(schema);
      expect(await schemaExists(schema)).toBe(false);
    });

    it('applies the same migrations, in its own schema', async () => {
      expect(catalogue.kind).toBe('postgres');
      expect(await catalogue.migrate()).toEqual(['0001_catalogue', '0002_provider_side', '0003_webhooks', '0004_catalogue_notify']);
      expect(await catalogue.migrate()).toEqual([]);
      const tables = await sql<{
        table_name: string;
      }>`select table_name from information_schema.tables where table_schema = ${schema} order by table_name`.execute(catalogue.db);
      expect(tables.rows.map((r) => r.table_name)).toEqual([
        'kysely_migration',
        'kysely_migration_lock',
        'municipality',
        'offering_price',
        'provider',
        'provider_language',
        'provider_municipality',
        'service_offering',
        'service_type',
        'webhook',
        'webhook_delivery',
      ]);
    });

    it('seeds the world once; a second seed changes nothing', async () => {
      const w = world();
      const first = await seedCatalogue(catalogue, { scale: 'trial', seed: 2026 });
      expect(first).toMatchObject({
        municipalities: 15,
        serviceTypes: 10,
        providers: 60,
        offerings: w.offerings.length,
        offeringPrices: w.offerings.length,
      });
      const second = await seedCatalogue(catalogue, { scale: 'trial', seed: 2026 });
      expect(Object.values(second).every((n) => n === 0)).toBe(true);
      const rows = await catalogue.db.selectFrom('provider').select(['id', 'business_id']).orderBy('id').execute();
      expect(rows).toHaveLength(60);
      for (const r of rows) expect(FinnishBusinessIds.isValidBusinessId(r.business_id)).toBe(true);
    });

    it('reads bigint cents (a string from pg) back exactly', async () => {
      const big = 2 ** 40 + 7;
      // One offering per provider and service type: a provider that does not offer home care yet.
      const w = world();
      const other = w.providers.find((p) => !w.offerings.some((o) => o.providerId === p.id && o.serviceTypeCode === 'kotihoito'))!.id;
      await catalogue.db
        .insertInto('service_offering')
        .values({ id: 'of-big', provider_id: other, service_type_code: 'kotihoito', price_cents: big, unit: 'HOUR', description: null })
        .execute();
      expect((await offeringsByIds(catalogue.db, ['of-big']))[0].priceCents).toBe(big);
      await expect(
        catalogue.db
          .insertInto('service_offering')
          .values({
            id: 'of-zero',
            provider_id: other,
            service_type_code: 'turvapuhelin',
            price_cents: 0,
            unit: 'MONTH',
            description: null,
          })
          .execute(),
      ).rejects.toThrow(/check/i);
      await expect(
        catalogue.db
          .insertInto('service_offering')
          .values({ id: 'of-twice', provider_id: other, service_type_code: 'kotihoito', price_cents: 100, unit: 'HOUR', description: null })
          .execute(),
      ).rejects.toThrow(/unique|duplicate/i);
    });

    it('serves concurrent reads from the pool', async () => {
      const ids = world().providers.map((p) => p.id);
      const results = await Promise.all(ids.map((id) => providersByIds(catalogue.db, [id])));
      expect(results.map((r) => r[0]?.id)).toEqual(ids);
    });
  });

  describe('subgraph', () => {
    const schema = freshSchema('subgraph');
    defineSubgraphSuite({
      options: async () => ({ databaseUrl: url, schema }),
      afterClose: async () => {
        await dropSchema(schema);
      },
    });
  });
});
