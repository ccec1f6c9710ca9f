/**
 * The catalogue's reference data: the municipalities and service types of lib/reference.ts,
 * which every provider's areas and offerings point to. Product data, not demo data: a catalogue
 * in production needs them before the first provider can apply, so the subgraph loads them on
 * start, after its migrations. Providers and offerings are never loaded here (demo providers
 * come only from `npm run seed` or the development stack, through the seed folder's catalogue.ts).
 *
 * Why insert-if-missing on every start rather than a migration: a new service type or a
 * municipality merger is an edit of lib/reference.ts, reaching every catalogue on its next
 * start, while rows the catalogue already has are left as they are.
 */
import type { Kysely } from 'kysely';
import { MUNICIPALITIES, SERVICE_TYPES } from '../../../lib/reference.js';
import type { Database } from './schema.js';

/** Rows inserted now, per table (zero when they were there). */
export interface ReferenceDataResult {
  municipalities: number;
  serviceTypes: number;
}

const BATCH = 500;

/**
 * Inserts the rows whose `conflict` columns are not there yet (ON CONFLICT DO NOTHING), in
 * batches, and counts those written: a second run writes and counts nothing.
 */
export async function insertMissing<T extends keyof Database & string>(
  db: Kysely<Database>,
  table: T,
  rows: readonly object[],
  conflict: string[],
  key: string,
): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += BATCH) {
    const written = await db
      .insertInto(table)
      .values(rows.slice(i, i + BATCH) as never)
      .onConflict((oc) => oc.columns(conflict as never).doNothing())
      .returning(key as never)
      .execute();
    inserted += written.length;
  }
  return inserted;
}

/**
 * No transaction of its own: each insert is idempotent, so a start that fails halfway is
 * completed by the next, and the demo seeding can run it inside its own transaction.
 */
export async function loadReferenceData(db: Kysely<Database>): Promise<ReferenceDataResult> {
  return {
    municipalities: await insertMissing(
      db,
      'municipality',
      MUNICIPALITIES.map((m) => ({ code: m.code, name_fi: m.names.FI, name_sv: m.names.SV, name_en: m.names.EN })),
      ['code'],
      'code',
    ),
    serviceTypes: await insertMissing(
      db,
      'service_type',
      SERVICE_TYPES.map((s, i) => ({
        code: s.code,
        name_fi: s.names.FI,
        name_sv: s.names.SV,
        name_en: s.names.EN,
        unit: s.unit,
        sort_order: i + 1,
      })),
      ['code'],
      'code',
    ),
  };
}
