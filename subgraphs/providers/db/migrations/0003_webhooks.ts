/**
 * Providers' webhooks (docs/contract.md "Providers' systems hear of changes"): one webhook per
 * provider, and the queue of deliveries to it.
 *
 * Why the queue is a table: deliveries are retried for more than 24 hours and must survive a
 * restart of the process that sends them, so the table is the queue — a row is due when it is
 * PENDING and its next_attempt_at has passed; a sender claims it by pushing next_attempt_at a
 * lease ahead, so a sender that dies mid-send leaves a row that falls due again by itself.
 * Why event_key is unique: a write retried with the same idempotency key records its event
 * again, and the key (event + ids) makes the second record a no-op.
 * Written in Kysely's schema builder plus plain SQL, so it runs unchanged on PGlite and Postgres.
 */
import { sql, type Kysely } from 'kysely';

const events = sql`('ORDER_REQUESTED', 'ORDER_CANCELLED', 'PLAN_CHANGED', 'PAYMENT_SETTLED')`;
const eventArray = sql`array['ORDER_REQUESTED', 'ORDER_CANCELLED', 'PLAN_CHANGED', 'PAYMENT_SETTLED']::text[]`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('webhook')
    .addColumn('provider_id', 'text', (c) => c.primaryKey().references('provider.id').onDelete('cascade'))
    .addColumn('url', 'text', (c) => c.notNull().check(sql`length(url) <= 2000 and url ~ '^https?://'`))
    .addColumn('events', sql`text[]`, (c) => c.notNull().check(sql`cardinality(events) > 0 and events <@ ${eventArray}`))
    // The signing key itself (whsec_…): HMAC needs it in the clear to sign, so it cannot be hashed.
    .addColumn('secret', 'text', (c) => c.notNull().check(sql`secret like 'whsec_%'`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('webhook_delivery')
    // The webhook-id header (msg_…): the same for every attempt, so the receiver can drop repeats.
    .addColumn('id', 'text', (c) => c.primaryKey().check(sql`left(id, 4) = 'msg_'`))
    .addColumn('provider_id', 'text', (c) => c.notNull().references('provider.id').onDelete('cascade'))
    .addColumn('event', 'text', (c) => c.notNull().check(sql`event in ${events}`))
    // Ids only (orderId, planId, …): never personal data.
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('event_key', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('PENDING')
        .check(sql`status in ('PENDING', 'DELIVERED', 'FAILED')`),
    )
    .addColumn('attempts', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`attempts >= 0`),
    )
    .addColumn('next_attempt_at', 'timestamptz')
    .addColumn('last_attempt_at', 'timestamptz')
    .addColumn('last_response_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('delivered_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // A pending row always has a time it falls due; a finished one has none.
    .addCheckConstraint('webhook_delivery_next_attempt_check', sql`(status = 'PENDING') = (next_attempt_at is not null)`)
    .execute();
  // The sender's question, "what is due?", reads only pending rows.
  await sql`create index webhook_delivery_due_idx on webhook_delivery (next_attempt_at) where status = 'PENDING'`.execute(db);
  // The provider's log, newest first (also the keyset of its cursors).
  await db.schema
    .createIndex('webhook_delivery_provider_idx')
    .on('webhook_delivery')
    .columns(['provider_id', 'created_at desc', 'id desc'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('webhook_delivery').execute();
  await db.schema.dropTable('webhook').execute();
}
