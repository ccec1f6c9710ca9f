/**
 * The catalogue's demo data: the providers and offerings of the synthetic world (seed/world.ts)
 * written into a provider catalogue, with the reference data they point to. Run by the
 * development stack (scripts/stack.ts), by tests, and by `npm run seed` (scripts/seed.ts) —
 * never by the providers subgraph, which starts on whatever its database holds.
 *
 * Why this side imports the subgraph's database module and not the other way round: the
 * product must not carry invented providers, while demo data must be written through the
 * catalogue's own tables and migrations to be true to them.
 *
 * Why it only inserts what is missing (ON CONFLICT DO NOTHING): a second run must change
 * nothing, and rows someone has since edited (an approval, a price) must not be reset to the
 * world's values. Why batches in one transaction: the national world has 3000 providers; a few
 * multi-row INSERTs load it in seconds, and a failure leaves nothing half-seeded. Every business
 * ID is checked with finnish-business-ids before anything is written.
 */
import { FinnishBusinessIds } from 'finnish-business-ids';
import { sql, type Kysely } from 'kysely';
import { insertMissing, loadReferenceData } from '../subgraphs/providers/db/reference-data.js';
import type { Database } from '../subgraphs/providers/db/schema.js';
import { getCatalogueWorld } from './world.js';
import type { WorldOptions } from './types.js';

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

/** True when the run wrote nothing: the catalogue held all of it already. */
export const nothingSeeded = (result: SeedResult) => Object.values(result).every((n) => n === 0);

/** Seeds a migrated catalogue (an open one: `openCatalogue`'s, or a running subgraph's `catalogue`). */
export async function seedCatalogue(catalogue: { db: Kysely<Database> }, worldOptions: WorldOptions = {}): Promise<SeedResult> {
  const world = getCatalogueWorld(worldOptions);
  const invalid = world.providers.filter((p) => !FinnishBusinessIds.isValidBusinessId(p.businessId));
  if (invalid.length) {
    throw new Error(`refusing to seed: invalid business IDs ${invalid.map((p) => `${p.id} ${p.businessId}`).join(', ')}`);
  }

  return catalogue.db.transaction().execute(async (trx) => {
    // Each insert returns the keys it wrote, so the result counts only new rows.
    const { municipalities, serviceTypes } = await loadReferenceData(trx);
    const providers = await insertMissing(
      trx,
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
    const providerMunicipalities = await insertMissing(
      trx,
      'provider_municipality',
      world.providers.flatMap((p) => p.municipalityCodes.map((code) => ({ provider_id: p.id, municipality_code: code }))),
      ['provider_id', 'municipality_code'],
      'provider_id',
    );
    const providerLanguages = await insertMissing(
      trx,
      'provider_language',
      world.providers.flatMap((p) => p.languages.map((language) => ({ provider_id: p.id, language }))),
      ['provider_id', 'language'],
      'provider_id',
    );
    const offerings = await insertMissing(
      trx,
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
