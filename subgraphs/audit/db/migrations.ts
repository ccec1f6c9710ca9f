/**
 * The audit store's migrations, the same on PGlite and Postgres. The log is append-only in
 * the database itself: triggers refuse UPDATE, DELETE and TRUNCATE, so no code path of the
 * graph — nor a mistaken one — can rewrite who read a client's data.
 */
import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

const accessLog: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('access_log')
      .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
      .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('actor_role', 'text', (c) => c.notNull().check(sql`actor_role in ('CLIENT', 'CASE_WORKER', 'PROVIDER', 'ANALYST', 'ADMIN')`))
      .addColumn('actor_id', 'text', (c) => c.notNull().check(sql`length(actor_id) between 1 and 64`))
      .addColumn('client_id', 'text', (c) => c.notNull().check(sql`length(client_id) between 1 and 64`))
      .addColumn('municipality_code', 'text', (c) => c.check(sql`municipality_code ~ '^[0-9]{3}$'`))
      .addColumn('operation', 'text', (c) => c.check(sql`length(operation) <= 200`))
      .addColumn('request_id', 'text', (c) => c.notNull())
      .addColumn('data_read', sql`text[]`, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('access_log_by_client').on('access_log').columns(['client_id', 'id desc']).execute();
    await sql`
      create function access_log_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'access_log is append-only: % is not allowed', tg_op;
      end
      $$`.execute(db);
    await sql`create trigger access_log_no_change before update or delete on access_log for each row execute function access_log_append_only()`.execute(db);
    await sql`create trigger access_log_no_truncate before truncate on access_log for each statement execute function access_log_append_only()`.execute(db);
  },
};

/**
 * Writes are audited like reads (CONTRACT.md, Writes): what the operation changed of the
 * client's data. Entries from before it wrote nothing, so they read as {}. Adding a column
 * with a constant default rewrites no row (no UPDATE, so the append-only triggers stay as they
 * are and keep refusing changes).
 */
const dataWritten: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('access_log')
      .addColumn('data_written', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
      .execute();
  },
};

/**
 * Writes that change no client's data are audited too (CONTRACT.md: every write): a provider's
 * application and offerings, decisions on it, unit costs, webhooks, settlements. They have no
 * client, so they live beside the access log in a table of their own, append-only the same way.
 */
const writeLog: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('write_log')
      .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
      .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('actor_role', 'text', (c) => c.notNull().check(sql`actor_role in ('CLIENT', 'CASE_WORKER', 'PROVIDER', 'ANALYST', 'ADMIN')`))
      .addColumn('actor_id', 'text', (c) => c.notNull().check(sql`length(actor_id) between 1 and 64`))
      .addColumn('subject', 'text', (c) => c.notNull().check(sql`length(subject) between 1 and 200`))
      .addColumn('operation', 'text', (c) => c.check(sql`length(operation) <= 200`))
      .addColumn('request_id', 'text', (c) => c.notNull())
      .addColumn('data_written', sql`text[]`, (c) => c.notNull().check(sql`cardinality(data_written) > 0`))
      .execute();
    await db.schema.createIndex('write_log_by_subject').on('write_log').columns(['subject', 'id desc']).execute();
    await sql`create trigger write_log_no_change before update or delete on write_log for each row execute function access_log_append_only()`.execute(db);
    await sql`create trigger write_log_no_truncate before truncate on write_log for each statement execute function access_log_append_only()`.execute(db);
  },
};

export const auditMigrations: MigrationProvider = {
  async getMigrations() {
    return { '0001_access_log': accessLog, '0002_data_written': dataWritten, '0003_write_log': writeLog };
  },
};
