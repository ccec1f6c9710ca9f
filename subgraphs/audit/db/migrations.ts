/**
 * The audit store's migrations, the same on PGlite and Postgres. The log is append-only in
 * the database itself: triggers refuse UPDATE, DELETE and TRUNCATE, so no code path of the
 * graph — nor a mistaken one — can rewrite who read a client's data. Triggers bind everyone
 * but the tables' owner, who can disable or drop them: so on Postgres the running store does
 * not connect as the owner but as a role that may only insert and select (0005 below,
 * subgraphs/audit/store.ts); the owner runs these migrations.
 */
import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

const accessLog: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('access_log')
      .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
      .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('actor_role', 'text', (c) =>
        c.notNull().check(sql`actor_role in ('CLIENT', 'CASE_WORKER', 'PROVIDER', 'ANALYST', 'ADMIN')`),
      )
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
    await sql`create trigger access_log_no_change before update or delete on access_log for each row execute function access_log_append_only()`.execute(
      db,
    );
    await sql`create trigger access_log_no_truncate before truncate on access_log for each statement execute function access_log_append_only()`.execute(
      db,
    );
  },
};

/**
 * Writes are audited like reads (docs/contract.md, Writes): what the operation changed of the
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
 * Writes that change no client's data are audited too (docs/contract.md: every write): a provider's
 * application and offerings, decisions on it, unit costs, webhooks, settlements. They have no
 * client, so they live beside the access log in a table of their own, append-only the same way.
 */
const writeLog: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('write_log')
      .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
      .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('actor_role', 'text', (c) =>
        c.notNull().check(sql`actor_role in ('CLIENT', 'CASE_WORKER', 'PROVIDER', 'ANALYST', 'ADMIN')`),
      )
      .addColumn('actor_id', 'text', (c) => c.notNull().check(sql`length(actor_id) between 1 and 64`))
      .addColumn('subject', 'text', (c) => c.notNull().check(sql`length(subject) between 1 and 200`))
      .addColumn('operation', 'text', (c) => c.check(sql`length(operation) <= 200`))
      .addColumn('request_id', 'text', (c) => c.notNull())
      .addColumn('data_written', sql`text[]`, (c) => c.notNull().check(sql`cardinality(data_written) > 0`))
      .execute();
    await db.schema.createIndex('write_log_by_subject').on('write_log').columns(['subject', 'id desc']).execute();
    await sql`create trigger write_log_no_change before update or delete on write_log for each row execute function access_log_append_only()`.execute(
      db,
    );
    await sql`create trigger write_log_no_truncate before truncate on write_log for each statement execute function access_log_append_only()`.execute(
      db,
    );
  },
};

/**
 * What an entry says beyond what was read and written, and one entry per request and client:
 *   - access_kind: how the data was accessed (READ, WRITE, DISCLOSURE, EXISTENCE), derived by
 *     the gateway from what was released — not the caller's operation name, which stays in
 *     `operation` as the caller's claim;
 *   - recipient and basis: for a disclosure to a provider, who received the data and why
 *     (the orders and planned services it reads for; law 703/2023);
 *   - batch_id: the signed batch the entry came in (lib/audit-ingest.ts).
 * A replayed batch must store nothing, so an entry is unique per request and client (per
 * request and subject in the write log). Rows from before have no batch id and may hold
 * replays already (the log keeps them: it is append-only); the unique indexes cover every row
 * with a batch id, and NOT VALID checks — enforced for new rows only, without rewriting or
 * re-checking the old — make every new row have one, and a kind, and a recipient exactly when
 * it is a disclosure.
 */
const entryIdentity: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('access_log')
      .addColumn('access_kind', 'text', (c) => c.check(sql`access_kind in ('READ', 'WRITE', 'DISCLOSURE', 'EXISTENCE')`))
      .addColumn('recipient', 'text', (c) => c.check(sql`length(recipient) between 1 and 64`))
      .addColumn('basis', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
      .addColumn('batch_id', 'text', (c) => c.check(sql`length(batch_id) between 1 and 100`))
      .execute();
    await sql`alter table access_log add constraint access_log_new_rows check (batch_id is not null and access_kind is not null and (access_kind = 'DISCLOSURE') = (recipient is not null)) not valid`.execute(
      db,
    );
    await sql`create unique index access_log_once_per_request on access_log (request_id, client_id) where batch_id is not null`.execute(db);
    await db.schema
      .alterTable('write_log')
      .addColumn('batch_id', 'text', (c) => c.check(sql`length(batch_id) between 1 and 100`))
      .execute();
    await sql`alter table write_log add constraint write_log_new_rows check (batch_id is not null) not valid`.execute(db);
    await sql`create unique index write_log_once_per_request on write_log (request_id, subject) where batch_id is not null`.execute(db);
  },
};

/** The role the running store works as (subgraphs/audit/store.ts): it may insert and select, nothing more. */
export const APPENDER_ROLE = 'audit_appender';

/**
 * A role that may only insert into the logs and select from them: no UPDATE, DELETE,
 * TRUNCATE, no TRIGGER, not the owner, so it cannot disable the append-only triggers either.
 * It cannot log in; the login role of AUDIT_DATABASE_URL is made a member of it at start. Roles
 * belong to the whole cluster, so it is made only when missing (and two stores migrating at
 * once do not fail). An owner not allowed to create roles leaves that to an administrator
 * (README); the store then refuses to start with a role that may do more.
 * On PGlite the same runs, to no effect on safety: PGlite is one user in one process, whose
 * data folder is the database — there the triggers are the protection.
 */
const appenderRole: Migration = {
  async up(db: Kysely<unknown>) {
    await sql
      .raw(
        `do $$
        begin
          if not exists (select from pg_roles where rolname = '${APPENDER_ROLE}') then
            create role ${APPENDER_ROLE} nologin;
          end if;
        exception
          when duplicate_object then null;
          when insufficient_privilege then raise notice 'the owner may not create roles: create ${APPENDER_ROLE} and grant it insert and select on the logs';
        end
        $$`,
      )
      .execute(db);
    await sql
      .raw(
        `do $$
        begin
          if exists (select from pg_roles where rolname = '${APPENDER_ROLE}') then
            execute format('grant usage on schema %I to ${APPENDER_ROLE}', current_schema());
            grant select, insert on access_log, write_log to ${APPENDER_ROLE};
          end if;
        end
        $$`,
      )
      .execute(db);
  },
};

/**
 * Replays are told apart by the batch, not by the request alone: the request id is the caller's
 * own when it sent a sane x-request-id (gateway/telemetry), so two requests may share one — and
 * keyed on it, the second's entries would be refused as a replay and its client data withheld.
 * The batch id (the signed batch's `jti`, lib/audit-ingest.ts) is made by the gateway, once per
 * batch and out of any caller's reach: a replayed batch repeats it and still stores nothing.
 * An entry is now unique per batch, request and client (or subject); every row the old indexes
 * allowed is unique under the new ones, so they build on any existing log.
 */
const replayByBatch: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create unique index access_log_once_per_batch on access_log (batch_id, request_id, client_id) where batch_id is not null`.execute(
      db,
    );
    await sql`drop index access_log_once_per_request`.execute(db);
    await sql`create unique index write_log_once_per_batch on write_log (batch_id, request_id, subject) where batch_id is not null`.execute(
      db,
    );
    await sql`drop index write_log_once_per_request`.execute(db);
  },
};

export const auditMigrations: MigrationProvider = {
  async getMigrations() {
    return {
      '0001_access_log': accessLog,
      '0002_data_written': dataWritten,
      '0003_write_log': writeLog,
      '0004_entry_identity': entryIdentity,
      '0005_appender_role': appenderRole,
      '0006_replay_by_batch': replayByBatch,
    };
  },
};
