/**
 * The catalogue's first schema: reference tables (municipalities, service types), providers
 * with the municipalities they serve and the languages they serve in, and their offerings.
 *
 * Why the constraints live in the database: the catalogue is ours and other writers (an
 * admin tool, a provider's self-service) will come; CHECKs and foreign keys keep every writer
 * honest. The business ID's checksum is verified by the application with finnish-business-ids
 * before insert; the database checks its shape and uniqueness.
 * Written in Kysely's schema builder plus plain SQL, so it runs unchanged on PGlite and Postgres.
 */
import { sql, type Kysely } from 'kysely';

const units = sql`('HOUR', 'VISIT', 'DAY', 'MEAL', 'TRIP', 'MONTH')`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('municipality')
    .addColumn('code', 'text', (c) => c.primaryKey().check(sql`code ~ '^[0-9]{3}$'`))
    .addColumn('name_fi', 'text', (c) => c.notNull())
    .addColumn('name_sv', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('service_type')
    .addColumn('code', 'text', (c) => c.primaryKey().check(sql`code ~ '^[a-z][a-z-]*$'`))
    .addColumn('name_fi', 'text', (c) => c.notNull())
    .addColumn('name_sv', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull().check(sql`unit in ${units}`))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    // Target of the offerings' (service type, unit) foreign key: an offering's unit is its type's.
    .addUniqueConstraint('service_type_code_unit_key', ['code', 'unit'])
    .execute();

  await db.schema
    .createTable('provider')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('business_id', 'text', (c) =>
      c
        .notNull()
        .unique()
        .check(sql`business_id ~ '^[0-9]{7}-[0-9]$'`),
    )
    .addColumn('name', 'text', (c) => c.notNull().check(sql`length(trim(name)) > 0`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('APPLIED', 'APPROVED', 'SUSPENDED', 'REJECTED')`))
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('applied_at', 'timestamptz', (c) => c.notNull())
    .addColumn('approved_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // An approved (or later suspended) provider has an approval time; an application has none.
    .addCheckConstraint('provider_approved_at_check', sql`(status in ('APPROVED', 'SUSPENDED')) = (approved_at is not null)`)
    .execute();
  // The list order (name, id) is also the keyset of the cursors.
  await db.schema.createIndex('provider_name_id_idx').on('provider').columns(['name', 'id']).execute();
  await db.schema.createIndex('provider_status_idx').on('provider').column('status').execute();

  await db.schema
    .createTable('provider_municipality')
    .addColumn('provider_id', 'text', (c) => c.notNull().references('provider.id').onDelete('cascade'))
    .addColumn('municipality_code', 'text', (c) => c.notNull().references('municipality.code'))
    .addPrimaryKeyConstraint('provider_municipality_pkey', ['provider_id', 'municipality_code'])
    .execute();
  // Providers by municipality (filters and the available-offerings search).
  await db.schema
    .createIndex('provider_municipality_municipality_idx')
    .on('provider_municipality')
    .columns(['municipality_code', 'provider_id'])
    .execute();

  await db.schema
    .createTable('provider_language')
    .addColumn('provider_id', 'text', (c) => c.notNull().references('provider.id').onDelete('cascade'))
    .addColumn('language', 'text', (c) => c.notNull().check(sql`language in ('FI', 'SV', 'EN')`))
    .addPrimaryKeyConstraint('provider_language_pkey', ['provider_id', 'language'])
    .execute();
  await db.schema.createIndex('provider_language_language_idx').on('provider_language').columns(['language', 'provider_id']).execute();

  await db.schema
    .createTable('service_offering')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('provider_id', 'text', (c) => c.notNull().references('provider.id').onDelete('cascade'))
    .addColumn('service_type_code', 'text', (c) => c.notNull())
    .addColumn('price_cents', 'bigint', (c) => c.notNull().check(sql`price_cents > 0`))
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addForeignKeyConstraint('service_offering_type_unit_fkey', ['service_type_code', 'unit'], 'service_type', ['code', 'unit'])
    .execute();
  // Offerings by service type, cheapest first (available offerings); offerings by provider.
  await db.schema
    .createIndex('service_offering_type_price_idx')
    .on('service_offering')
    .columns(['service_type_code', 'price_cents'])
    .execute();
  await db.schema.createIndex('service_offering_provider_idx').on('service_offering').column('provider_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['service_offering', 'provider_language', 'provider_municipality', 'provider', 'service_type', 'municipality']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
