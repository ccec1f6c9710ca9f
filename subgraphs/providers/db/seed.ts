/**
 * Seeds the catalogue: reference data from lib/reference.ts and the providers and offerings of
 * the deterministic world (seed/world.ts) — the catalogue's demo content.
 *
 * Why it only inserts what is missing (ON CONFLICT DO NOTHING): seeding runs on every start, so
 * a second run must change nothing, and rows someone has since edited (an approval, a price)
 * must not be reset to the world's values. Why batches in one transaction: the national world
 * has 3000 providers; a few multi-row INSERTs load it in seconds, and a failure leaves nothing
 * half-seeded. Every business ID is checked with finnish-business-ids before anything is written.
 */
import { FinnishBusinessIds } from 'finnish-business-ids';
import { sql, type Kysely, type Transaction } from 'kysely';
import { MUNICIPALITIES, SERVICE_TYPES } from '../../../lib/reference.js';
import { getWorld, type WorldOptions } from '../../../seed/world.js';
import type { Database } from './schema.js';

/** Rows inserted by this run, per table (all zero when the catalogue was already seeded). */
export interface SeedResult {
  municipalities: number;
  serviceTypes: number;
  providers: number;
  providerMunicipalities: number;
  providerLanguages: number;
  offerings: number;
  offeringPrices: number;
}

const BATCH = 500;

function chunks<T>(rows: readonly T[], size = BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

export async function seedCatalogue(db: Kysely<Database>, worldOptions: WorldOptions = {}): Promise<SeedResult> {
  const world = getWorld(worldOptions);
  const invalid = world.providers.filter((p) => !FinnishBusinessIds.isValidBusinessId(p.businessId));
  if (invalid.length) {
    throw new Error(`refusing to seed: invalid business IDs ${invalid.map((p) => `${p.id} ${p.businessId}`).join(', ')}`);
  }

  return db.transaction().execute(async (trx) => {
    // Each insert returns the keys it wrote, so the result counts only new rows.
    const insert = async <T extends keyof Database>(
      table: T,
      rows: readonly object[],
      conflict: string[],
      key: string,
    ): Promise<number> => {
      let inserted = 0;
      for (const batch of chunks(rows)) {
        const written = await (trx as Transaction<Database>)
          .insertInto(table)
          .values(batch as never)
          .onConflict((oc) => oc.columns(conflict as never).doNothing())
          .returning(key as never)
          .execute();
        inserted += written.length;
      }
      return inserted;
    };

    const municipalities = await insert(
      'municipality',
      MUNICIPALITIES.map((m) => ({ code: m.code, name_fi: m.names.FI, name_sv: m.names.SV, name_en: m.names.EN })),
      ['code'],
      'code',
    );
    const serviceTypes = await insert(
      'service_type',
      SERVICE_TYPES.map((s, i) => ({ code: s.code, name_fi: s.names.FI, name_sv: s.names.SV, name_en: s.names.EN, unit: s.unit, sort_order: i + 1 })),
      ['code'],
      'code',
    );
    const providers = await insert(
      'provider',
      world.providers.map((p) => ({
        id: p.id,
        business_id: p.businessId,
        name: p.name,
        status: p.status,
        email: p.email,
        phone: p.phone,
        applied_at: p.appliedAt,
        approved_at: p.approvedAt,
        iban: p.iban.replace(/\s+/g, '').toUpperCase(),
        // The world knows when a provider was approved, not when a rejection was made: the
        // application's time stands in for it (migration 0002 backfills the same way).
        decided_at: p.status === 'APPLIED' ? null : (p.approvedAt ?? p.appliedAt),
      })),
      ['id'],
      'id',
    );
    const providerMunicipalities = await insert(
      'provider_municipality',
      world.providers.flatMap((p) => p.municipalityCodes.map((code) => ({ provider_id: p.id, municipality_code: code }))),
      ['provider_id', 'municipality_code'],
      'provider_id',
    );
    const providerLanguages = await insert(
      'provider_language',
      world.providers.flatMap((p) => p.languages.map((language) => ({ provider_id: p.id, language }))),
      ['provider_id', 'language'],
      'provider_id',
    );
    const offerings = await insert(
      'service_offering',
      world.offerings.map((o) => ({
        id: o.id,
        provider_id: o.providerId,
        service_type_code: o.serviceTypeCode,
        price_cents: o.priceCents,
        unit: o.unit,
        description: o.description,
      })),
      ['id'],
      'id',
    );
    // Every offering's price history starts with its price as of its provider's approval (or
    // application). One statement for however many offerings; only those without a history.
    const prices = await sql<{ n: string | number }>`
      with inserted as (
        insert into offering_price (offering_id, price_cents, valid_from)
        select o.id, o.price_cents, coalesce(p.approved_at, p.applied_at)
        from service_offering o join provider p on p.id = o.provider_id
        where not exists (select 1 from offering_price op where op.offering_id = o.id)
        returning 1
      )
      select count(*) as n from inserted
    `.execute(trx);
    const offeringPrices = Number(prices.rows[0].n);
    return { municipalities, serviceTypes, providers, providerMunicipalities, providerLanguages, offerings, offeringPrices };
  });
}
