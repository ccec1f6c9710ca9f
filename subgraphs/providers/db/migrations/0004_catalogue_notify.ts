/**
 * Every change to the catalogue's tables says so on the channel `catalogue_changed`, inside the
 * writing transaction (so it is heard at commit, and never for a rolled-back write), whoever
 * writes: the subgraph's mutations, the seed, an operator's SQL. Each providers process caches
 * the catalogue (catalogue-cache.ts) and forgets it when it hears this.
 *
 * Why a statement trigger and not a call in each write: a write that forgot the call would
 * leave every other process serving a suspended provider. Why the schema as the payload:
 * several catalogues can share one database (a schema each); a cache forgets only for its own.
 * Written in plain SQL that runs unchanged on PGlite and Postgres.
 */
import { sql, type Kysely } from 'kysely';

export const CATALOGUE_TABLES = [
  'municipality',
  'service_type',
  'provider',
  'provider_municipality',
  'provider_language',
  'service_offering',
  'offering_price',
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function catalogue_changed() returns trigger language plpgsql as $$
    begin
      perform pg_notify('catalogue_changed', tg_table_schema);
      return null;
    end
    $$`.execute(db);
  for (const table of CATALOGUE_TABLES) {
    await sql`create trigger ${sql.id(`${table}_changed`)} after insert or update or delete or truncate on ${sql.id(table)}
      for each statement execute function catalogue_changed()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of CATALOGUE_TABLES) await sql`drop trigger if exists ${sql.id(`${table}_changed`)} on ${sql.id(table)}`.execute(db);
  await sql`drop function if exists catalogue_changed()`.execute(db);
}
