/**
 * The provider's side of the catalogue (issue 9): applications with the account payments go to,
 * decisions with their reason, withdrawn offerings, and the history of prices.
 *
 * - provider: `iban` (electronic format, checked by finnish-bank-utils before insert; the shape
 *   here), `decided_at` and `status_reason` (the latest decision or suspension). An application
 *   (APPLIED) has no decision; every other status has one. The approval-time CHECK of 0001
 *   still holds: a REJECTED provider that applies again is APPLIED without an approval time,
 *   and only an APPLIED one becomes APPROVED.
 * - service_offering: one offering per provider and service type (UNIQUE), withdrawn with
 *   `removed_at` rather than deleted — orders made from it keep pointing at it — and
 *   re-activated by setOffering with the same id.
 * - offering_price: every price an offering has had and when; the open row (valid_to null) is
 *   today's price, also kept in service_offering.price_cents so the cheapest-first search reads
 *   one table. Why a table and not a column: a client comparing sees today's price, an order
 *   shows the price it was made at, and an administrator can see when a price changed.
 *
 * Existing rows are backfilled: decided_at from the approval (or the application) for decided
 * providers, and one open price row per offering from its current price. Timestamps are cut to
 * milliseconds, the precision the application writes with, so a later change never closes a
 * price before it began.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('provider')
    .addColumn('iban', 'text', (c) => c.check(sql`iban ~ '^FI[0-9]{16}$'`))
    .addColumn('status_reason', 'text')
    .addColumn('decided_at', 'timestamptz')
    .execute();
  await sql`update provider set decided_at = date_trunc('milliseconds', coalesce(approved_at, applied_at)) where status <> 'APPLIED'`.execute(
    db,
  );
  await db.schema
    .alterTable('provider')
    .addCheckConstraint('provider_decided_at_check', sql`(status = 'APPLIED') = (decided_at is null)`)
    .execute();
  // Business IDs are looked up on every application (one provider per Y-tunnus): 0001's UNIQUE indexes it.

  await db.schema.alterTable('service_offering').addColumn('removed_at', 'timestamptz').execute();
  await db.schema
    .alterTable('service_offering')
    .addUniqueConstraint('service_offering_provider_type_key', ['provider_id', 'service_type_code'])
    .execute();

  await db.schema
    .createTable('offering_price')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('offering_id', 'text', (c) => c.notNull().references('service_offering.id').onDelete('cascade'))
    .addColumn('price_cents', 'bigint', (c) => c.notNull().check(sql`price_cents > 0`))
    .addColumn('valid_from', 'timestamptz', (c) => c.notNull())
    .addColumn('valid_to', 'timestamptz')
    .addCheckConstraint('offering_price_period_check', sql`valid_to is null or valid_to >= valid_from`)
    .execute();
  // An offering's history, newest first (priceHistory), and at most one price in force.
  await db.schema
    .createIndex('offering_price_offering_idx')
    .on('offering_price')
    .columns(['offering_id', 'valid_from desc', 'id desc'])
    .execute();
  await sql`create unique index offering_price_current_idx on offering_price (offering_id) where valid_to is null`.execute(db);

  await sql`
    insert into offering_price (offering_id, price_cents, valid_from)
    select id, price_cents, date_trunc('milliseconds', created_at) from service_offering
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('offering_price').execute();
  await db.schema.alterTable('service_offering').dropConstraint('service_offering_provider_type_key').execute();
  await db.schema.alterTable('service_offering').dropColumn('removed_at').execute();
  await db.schema.alterTable('provider').dropConstraint('provider_decided_at_check').execute();
  await db.schema.alterTable('provider').dropColumn('decided_at').dropColumn('status_reason').dropColumn('iban').execute();
}
