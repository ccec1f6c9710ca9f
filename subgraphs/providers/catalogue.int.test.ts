/**
 * The catalogue store on PGlite (always runs): migrations, the seed against the world, the
 * database's own constraints, bigint money, and a data folder that survives a restart.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FinnishBusinessIds } from 'finnish-business-ids';
import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MUNICIPALITIES, SERVICE_TYPES } from '../../lib/reference.js';
import { seedCatalogue } from '../../seed/catalogue.js';
import { openCatalogue, type Catalogue } from './db/catalogue.js';
import { migrationProvider } from './db/migrations/index.js';
import { offerableByPairs, offeringsByIds } from './repository.js';
import { world } from './test-support.js';

const TRIAL = { scale: 'trial', seed: 2026 } as const;

async function counts(c: Catalogue) {
  const n = async (
    table: 'municipality' | 'service_type' | 'provider' | 'provider_municipality' | 'provider_language' | 'service_offering',
  ) =>
    Number(
      (
        await c.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    municipality: await n('municipality'),
    service_type: await n('service_type'),
    provider: await n('provider'),
    provider_municipality: await n('provider_municipality'),
    provider_language: await n('provider_language'),
    service_offering: await n('service_offering'),
  };
}

describe('catalogue store (PGlite)', () => {
  let catalogue: Catalogue;
  beforeAll(async () => {
    catalogue = await openCatalogue();
  });
  afterAll(() => catalogue?.close());

  it('applies the migrations once', async () => {
    expect(await catalogue.migrate()).toEqual(['0001_catalogue', '0002_provider_side', '0003_webhooks', '0004_catalogue_notify']);
    expect(await catalogue.migrate()).toEqual([]);
    const tables = await sql<{
      table_name: string;
    }>`select table_name from information_schema.tables where table_schema = current_schema() order by table_name`.execute(catalogue.db);
    expect(tables.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining([
        'municipality',
        'offering_price',
        'provider',
        'provider_language',
        'provider_municipality',
        'service_offering',
        'service_type',
      ]),
    );
  });

  it('seeds the reference data and the world, and a second seed changes nothing', async () => {
    const w = world();
    const first = await seedCatalogue(catalogue, TRIAL);
    expect(first).toEqual({
      municipalities: MUNICIPALITIES.length,
      serviceTypes: SERVICE_TYPES.length,
      providers: 60,
      providerMunicipalities: w.providers.reduce((n, p) => n + p.municipalityCodes.length, 0),
      providerLanguages: w.providers.reduce((n, p) => n + p.languages.length, 0),
      offerings: w.offerings.length,
      offeringPrices: w.offerings.length,
    });
    const before = await counts(catalogue);
    expect(before).toMatchObject({ municipality: 15, service_type: 10, provider: 60, service_offering: w.offerings.length });

    // An edit made since (an approval of an applicant) must survive reseeding.
    const applicant = w.providers.find((p) => p.status === 'APPLIED')!;
    await catalogue.db
      .updateTable('provider')
      .set({ status: 'APPROVED', approved_at: '2026-11-01T10:00:00Z', decided_at: '2026-11-01T10:00:00Z' })
      .where('id', '=', applicant.id)
      .execute();
    const second = await seedCatalogue(catalogue, TRIAL);
    expect(Object.values(second).every((n) => n === 0)).toBe(true);
    expect(await counts(catalogue)).toEqual(before);
    const edited = await catalogue.db.selectFrom('provider').select('status').where('id', '=', applicant.id).executeTakeFirstOrThrow();
    expect(edited.status).toBe('APPROVED');
    await catalogue.db
      .updateTable('provider')
      .set({ status: 'APPLIED', approved_at: null, decided_at: null })
      .where('id', '=', applicant.id)
      .execute();
  });

  it('holds only valid business IDs, each once, and the world’s providers', async () => {
    const rows = await catalogue.db.selectFrom('provider').select(['id', 'business_id', 'name', 'status']).orderBy('id').execute();
    expect(rows).toHaveLength(60);
    for (const r of rows) expect(FinnishBusinessIds.isValidBusinessId(r.business_id), r.business_id).toBe(true);
    expect(new Set(rows.map((r) => r.business_id)).size).toBe(rows.length);
    expect(rows.map((r) => [r.id, r.business_id, r.name, r.status])).toEqual(
      world().providers.map((p) => [p.id, p.businessId, p.name, p.status]),
    );
  });

  it('enforces its constraints in the database', async () => {
    const provider = {
      id: 'pr-x',
      business_id: '1234567-1',
      name: 'Testi Oy',
      status: 'APPLIED' as const,
      applied_at: '2026-11-01T00:00:00Z',
    };
    const rejects = (run: Promise<unknown>) => expect(run).rejects.toThrow();
    await rejects(
      catalogue.db
        .insertInto('provider')
        .values({ ...provider, business_id: '1234567' })
        .execute(),
    ); // shape
    await rejects(
      catalogue.db
        .insertInto('provider')
        .values({ ...provider, business_id: world().providers[0].businessId })
        .execute(),
    ); // unique
    await rejects(
      catalogue.db
        .insertInto('provider')
        .values({ ...provider, status: 'PENDING' as never })
        .execute(),
    ); // status
    await rejects(
      catalogue.db
        .insertInto('provider')
        .values({ ...provider, status: 'APPROVED' })
        .execute(),
    ); // approved without approved_at
    await rejects(
      catalogue.db
        .insertInto('provider')
        .values({ ...provider, status: 'APPROVED', approved_at: provider.applied_at })
        .execute(),
    ); // decided without decided_at
    await rejects(
      catalogue.db
        .insertInto('provider')
        .values({ ...provider, decided_at: provider.applied_at })
        .execute(),
    ); // an application has no decision
    await rejects(
      catalogue.db
        .insertInto('provider')
        .values({ ...provider, iban: 'FI21 1234 5600 0007 85' })
        .execute(),
    ); // IBAN in electronic format
    const offering = {
      id: 'of-x',
      provider_id: 'pr-0001',
      service_type_code: 'kotihoito',
      price_cents: 100,
      unit: 'HOUR' as const,
      description: null,
    };
    await rejects(catalogue.db.insertInto('service_offering').values(offering).execute()); // one offering per provider and service type
    await rejects(
      catalogue.db
        .insertInto('offering_price')
        .values({ offering_id: 'of-0001-01', price_cents: 100, valid_from: '2026-11-01T00:00:00Z' })
        .execute(),
    ); // one price in force
    await rejects(
      catalogue.db
        .insertInto('offering_price')
        .values({ offering_id: 'of-0001-01', price_cents: 100, valid_from: '2026-11-01T00:00:00Z', valid_to: '2026-10-01T00:00:00Z' })
        .execute(),
    ); // ends before it begins
    await rejects(
      catalogue.db
        .insertInto('service_offering')
        .values({ ...offering, price_cents: 0 })
        .execute(),
    ); // price > 0
    await rejects(
      catalogue.db
        .insertInto('service_offering')
        .values({ ...offering, unit: 'MEAL' })
        .execute(),
    ); // unit of the type
    await rejects(
      catalogue.db
        .insertInto('service_offering')
        .values({ ...offering, service_type_code: 'sauna' })
        .execute(),
    ); // type exists
    await rejects(catalogue.db.insertInto('provider_municipality').values({ provider_id: 'pr-0001', municipality_code: '999' }).execute());
    expect(await catalogue.db.selectFrom('provider').select('id').where('id', '=', 'pr-x').execute()).toEqual([]);
  });

  it('keeps money exact beyond 2^31 cents, and refuses what a JS number cannot hold', async () => {
    const big = 2 ** 40 + 7; // about €11 billion
    const w = world();
    const other = w.providers.find((p) => !w.offerings.some((o) => o.providerId === p.id && o.serviceTypeCode === 'kotihoito'))!.id;
    await catalogue.db
      .insertInto('service_offering')
      .values({ id: 'of-big', provider_id: other, service_type_code: 'kotihoito', price_cents: big, unit: 'HOUR', description: null })
      .execute();
    expect((await offeringsByIds(catalogue.db, ['of-big']))[0].priceCents).toBe(big);
    await catalogue.db
      .updateTable('service_offering')
      .set({ price_cents: 2n ** 60n })
      .where('id', '=', 'of-big')
      .execute();
    await expect(offeringsByIds(catalogue.db, ['of-big'])).rejects.toThrow();
    await catalogue.db.deleteFrom('service_offering').where('id', '=', 'of-big').execute();
  });

  it('ranks offerable offerings per pair in one statement', async () => {
    const before = catalogue.queryCount;
    const rows = await offerableByPairs(
      catalogue.db,
      [
        { serviceTypeCode: 'kotihoito', municipalityCode: '205' },
        { serviceTypeCode: 'fysioterapia', municipalityCode: '905' },
      ],
      ['APPROVED'],
      2,
    );
    expect(catalogue.queryCount - before).toBe(1);
    for (const pair of [
      ['kotihoito', '205'],
      ['fysioterapia', '905'],
    ]) {
      const mine = rows.filter((r) => r.serviceTypeCode === pair[0] && r.municipalityCode === pair[1]);
      expect(mine.length).toBeGreaterThan(0);
      expect(mine.length).toBeLessThanOrEqual(2);
    }
  });
});

describe('catalogue store: migration 0002 on a catalogue that has data', () => {
  it('backfills decisions and one price in force per offering, and the new constraints hold', async () => {
    const catalogue = await openCatalogue();
    try {
      const migrator = new Migrator({ db: catalogue.db, provider: migrationProvider });
      const { error } = await migrator.migrateTo('0001_catalogue');
      expect(error).toBeUndefined();
      await catalogue.db
        .insertInto('municipality')
        .values({ code: '205', name_fi: 'Kajaani', name_sv: 'Kajana', name_en: 'Kajaani' })
        .execute();
      await catalogue.db
        .insertInto('service_type')
        .values({ code: 'kotihoito', name_fi: 'Kotihoito', name_sv: 'Hemvård', name_en: 'Home care', unit: 'HOUR', sort_order: 1 })
        .execute();
      // Microseconds, as now() writes them: the backfill cuts them to the application's milliseconds.
      const appliedAt = '2025-01-10T08:00:00.123456Z';
      await sql`insert into provider (id, business_id, name, status, applied_at, approved_at) values
        ('pr-a', '1572860-0', 'Vanha Oy', 'APPROVED', ${appliedAt}, '2025-02-01T09:00:00Z'),
        ('pr-b', '1145770-0', 'Hakija Oy', 'APPLIED', ${appliedAt}, null),
        ('pr-c', '1234567-1', 'Hylätty Oy', 'REJECTED', ${appliedAt}, null)`.execute(catalogue.db);
      await sql`insert into service_offering (id, provider_id, service_type_code, price_cents, unit, created_at) values
        ('of-a', 'pr-a', 'kotihoito', 4500, 'HOUR', '2025-02-01T09:00:00.987654Z')`.execute(catalogue.db);

      await catalogue.migrate();
      const providers = await catalogue.db
        .selectFrom('provider')
        .select(['id', 'decided_at', 'iban', 'status_reason'])
        .orderBy('id')
        .execute();
      expect(providers.map((p) => [p.id, p.decided_at?.toISOString() ?? null, p.iban, p.status_reason])).toEqual([
        ['pr-a', '2025-02-01T09:00:00.000Z', null, null],
        ['pr-b', null, null, null],
        ['pr-c', '2025-01-10T08:00:00.123Z', null, null],
      ]);
      const prices = await catalogue.db
        .selectFrom('offering_price')
        .select(['offering_id', 'price_cents', 'valid_from', 'valid_to'])
        .execute();
      expect(prices.map((p) => [p.offering_id, Number(p.price_cents), p.valid_from.toISOString(), p.valid_to])).toEqual([
        ['of-a', 4500, '2025-02-01T09:00:00.987Z', null],
      ]);
      await expect(
        catalogue.db
          .insertInto('service_offering')
          .values({ id: 'of-a2', provider_id: 'pr-a', service_type_code: 'kotihoito', price_cents: 100, unit: 'HOUR', description: null })
          .execute(),
      ).rejects.toThrow();
    } finally {
      await catalogue.close();
    }
  });
});

describe('catalogue store (PGlite in a data folder, in a schema)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'catalogue-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('keeps its data across a restart', async () => {
    const first = await openCatalogue({ dataDir: dir, schema: 'catalogue' });
    await first.migrate();
    expect((await seedCatalogue(first, TRIAL)).providers).toBe(60);
    await first.close();

    const again = await openCatalogue({ dataDir: dir, schema: 'catalogue' });
    try {
      expect(await again.migrate()).toEqual([]);
      expect((await seedCatalogue(again, TRIAL)).providers).toBe(0);
      expect((await counts(again)).provider).toBe(60);
      const schema = await sql<{ s: string }>`select current_schema() as s`.execute(again.db);
      expect(schema.rows[0].s).toBe('catalogue');
    } finally {
      await again.close();
    }
  });

  it('refuses a schema name that is not a plain identifier', async () => {
    await expect(openCatalogue({ schema: 'x; drop table provider' })).rejects.toThrow(/schema name/);
  });
});
