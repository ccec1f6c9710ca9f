/**
 * The catalogue's queries. Every function is one SQL statement (two for a counted list), takes
 * whole batches of keys so the loaders can call it once per batch, and returns models.
 *
 * Why every call goes through `catalogueCall`: a database failure must fail only the fields
 * that need the catalogue, as UPSTREAM_UNAVAILABLE with system `provider-catalogue`
 * (docs/architecture.md principle 6); lib/subgraph-server.ts maps UpstreamError to that. The driver's own
 * message stays in our log, not in the response.
 */
import { GraphQLError } from 'graphql';
import { sql, type Kysely } from 'kysely';
import { UpstreamError } from '../../lib/errors.js';
import { createLogger } from '../../lib/log.js';
import {
  LANGUAGE_CODES,
  safeInteger,
  type Database,
  type LanguageCode,
  type MunicipalityRow,
  type OfferingPriceRow,
  type OfferingRow,
  type ProviderRow,
  type ProviderStatus,
  type ServiceTypeRow,
  type ServiceUnit,
} from './db/schema.js';
import type { MunicipalityModel, OfferingModel, OfferingPriceModel, ProviderModel, ServiceTypeModel } from './models.js';
import type { ProviderScope } from './policy.js';

export type Db = Kysely<Database>;
const log = createLogger('providers-repository');

export async function catalogueCall<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof GraphQLError || error instanceof UpstreamError) throw error;
    log.error({ err: (error as Error).message, query: what }, 'provider catalogue query failed');
    throw new UpstreamError('provider-catalogue', 'the provider catalogue is unavailable');
  }
}

// --- rows to models -------------------------------------------------------------------------

export const toProvider = (r: ProviderRow): ProviderModel => ({
  id: r.id,
  businessId: r.business_id,
  name: r.name,
  status: r.status,
  email: r.email,
  phone: r.phone,
  appliedAt: r.applied_at,
  approvedAt: r.approved_at,
  iban: r.iban,
  decidedAt: r.decided_at,
  statusReason: r.status_reason,
});

export const toOffering = (
  r: Pick<OfferingRow, 'id' | 'provider_id' | 'service_type_code' | 'price_cents' | 'unit' | 'description' | 'removed_at'>,
): OfferingModel => ({
  id: r.id,
  providerId: r.provider_id,
  serviceTypeCode: r.service_type_code,
  priceCents: safeInteger(r.price_cents),
  unit: r.unit,
  description: r.description,
  removedAt: r.removed_at,
});

export const toOfferingPrice = (
  r: Pick<OfferingPriceRow, 'offering_id' | 'price_cents' | 'valid_from' | 'valid_to'>,
): OfferingPriceModel => ({
  offeringId: r.offering_id,
  priceCents: safeInteger(r.price_cents),
  validFrom: r.valid_from,
  validTo: r.valid_to,
});

export const toServiceType = (r: ServiceTypeRow): ServiceTypeModel => ({
  code: r.code,
  names: { FI: r.name_fi, SV: r.name_sv, EN: r.name_en },
  unit: r.unit,
});

export const toMunicipality = (r: MunicipalityRow): MunicipalityModel => ({
  code: r.code,
  names: { FI: r.name_fi, SV: r.name_sv, EN: r.name_en },
});

const OFFERING_COLUMNS = [
  'o.id',
  'o.provider_id',
  'o.service_type_code',
  'o.price_cents',
  'o.unit',
  'o.description',
  'o.removed_at',
] as const;

// --- the provider list ----------------------------------------------------------------------

export interface ProviderListQuery {
  scope: ProviderScope;
  serviceTypeCode?: string | null;
  municipalityCode?: string | null;
  language?: LanguageCode | null;
  /** Part of the name (case-insensitive) or the start of the business ID. */
  search?: string | null;
  /** The keyset after which the page starts: the last row's (name, id). */
  after?: { name: string; id: string } | null;
  first: number;
}

export interface ProviderPage {
  totalCount: number;
  rows: ProviderModel[];
  hasNextPage: boolean;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Providers in the viewer's scope matching the filter, ordered by name then id. */
export function listProviders(db: Db, q: ProviderListQuery): Promise<ProviderPage> {
  return catalogueCall('listProviders', async () => {
    let base = db.selectFrom('provider as p').where((eb) => {
      const visible = [eb('p.status', 'in', [...q.scope.statuses])];
      if (q.scope.ownProviderId) visible.push(eb('p.id', '=', q.scope.ownProviderId));
      return eb.or(visible);
    });
    if (q.scope.onlyStatus) base = base.where('p.status', '=', q.scope.onlyStatus);
    if (q.serviceTypeCode) {
      const code = q.serviceTypeCode;
      base = base.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('service_offering as o')
            .select(sql`1`.as('one'))
            .whereRef('o.provider_id', '=', 'p.id')
            .where('o.service_type_code', '=', code)
            .where('o.removed_at', 'is', null),
        ),
      );
    }
    if (q.municipalityCode) {
      const code = q.municipalityCode;
      base = base.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('provider_municipality as pm')
            .select(sql`1`.as('one'))
            .whereRef('pm.provider_id', '=', 'p.id')
            .where('pm.municipality_code', '=', code),
        ),
      );
    }
    if (q.language) {
      const language = q.language;
      base = base.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('provider_language as pl')
            .select(sql`1`.as('one'))
            .whereRef('pl.provider_id', '=', 'p.id')
            .where('pl.language', '=', language),
        ),
      );
    }
    if (q.search) {
      const term = escapeLike(q.search);
      base = base.where((eb) => eb.or([eb('p.name', 'ilike', `%${term}%`), eb('p.business_id', 'like', `${term}%`)]));
    }

    const counted = await base.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
    let page = base.selectAll('p');
    if (q.after) {
      const { name, id } = q.after;
      page = page.where(({ eb, refTuple, tuple }) => eb(refTuple('p.name', 'p.id'), '>', tuple(name, id)));
    }
    const rows = await page
      .orderBy('p.name')
      .orderBy('p.id')
      .limit(q.first + 1)
      .execute();
    return {
      totalCount: safeInteger(counted.n),
      rows: rows.slice(0, q.first).map(toProvider),
      hasNextPage: rows.length > q.first,
    };
  });
}

// --- batch reads for the loaders ------------------------------------------------------------

export function providersByIds(db: Db, ids: readonly string[]): Promise<ProviderModel[]> {
  return catalogueCall('providersByIds', async () =>
    (
      await db
        .selectFrom('provider')
        .selectAll()
        .where('id', 'in', [...ids])
        .execute()
    ).map(toProvider),
  );
}

export function offeringsByIds(db: Db, ids: readonly string[]): Promise<OfferingModel[]> {
  return catalogueCall('offeringsByIds', async () =>
    (
      await db
        .selectFrom('service_offering as o')
        .select(OFFERING_COLUMNS)
        .where('o.id', 'in', [...ids])
        .execute()
    ).map(toOffering),
  );
}

/** Current (not withdrawn) offerings of the providers, each provider's in service-type order. */
export function offeringsByProviderIds(db: Db, providerIds: readonly string[]): Promise<OfferingModel[]> {
  return catalogueCall('offeringsByProviderIds', async () =>
    (
      await db
        .selectFrom('service_offering as o')
        .innerJoin('service_type as st', 'st.code', 'o.service_type_code')
        .select(OFFERING_COLUMNS)
        .where('o.provider_id', 'in', [...providerIds])
        .where('o.removed_at', 'is', null)
        .orderBy('st.sort_order')
        .orderBy('o.id')
        .execute()
    ).map(toOffering),
  );
}

export function serviceTypesByCodes(db: Db, codes: readonly string[]): Promise<ServiceTypeModel[]> {
  return catalogueCall('serviceTypesByCodes', async () =>
    (
      await db
        .selectFrom('service_type')
        .selectAll()
        .where('code', 'in', [...codes])
        .execute()
    ).map(toServiceType),
  );
}

export function allServiceTypes(db: Db): Promise<ServiceTypeModel[]> {
  return catalogueCall('allServiceTypes', async () =>
    (await db.selectFrom('service_type').selectAll().orderBy('sort_order').orderBy('code').execute()).map(toServiceType),
  );
}

export function municipalitiesByCodes(db: Db, codes: readonly string[]): Promise<MunicipalityModel[]> {
  return catalogueCall('municipalitiesByCodes', async () =>
    (
      await db
        .selectFrom('municipality')
        .selectAll()
        .where('code', 'in', [...codes])
        .execute()
    ).map(toMunicipality),
  );
}

/** All municipalities, by Finnish name. */
export function allMunicipalities(db: Db): Promise<MunicipalityModel[]> {
  return catalogueCall('allMunicipalities', async () =>
    (await db.selectFrom('municipality').selectAll().orderBy('name_fi').orderBy('code').execute()).map(toMunicipality),
  );
}

/** The municipalities each provider serves (by Finnish name), with the municipality rows. */
export function municipalitiesByProviderIds(
  db: Db,
  providerIds: readonly string[],
): Promise<{ providerId: string; municipality: MunicipalityModel }[]> {
  return catalogueCall('municipalitiesByProviderIds', async () =>
    (
      await db
        .selectFrom('provider_municipality as pm')
        .innerJoin('municipality as m', 'm.code', 'pm.municipality_code')
        .select(['pm.provider_id', 'm.code', 'm.name_fi', 'm.name_sv', 'm.name_en'])
        .where('pm.provider_id', 'in', [...providerIds])
        .orderBy('m.name_fi')
        .execute()
    ).map((r) => ({ providerId: r.provider_id, municipality: toMunicipality(r) })),
  );
}

/** The languages each provider serves in, in the order FI, SV, EN. */
export function languagesByProviderIds(db: Db, providerIds: readonly string[]): Promise<{ providerId: string; language: LanguageCode }[]> {
  return catalogueCall('languagesByProviderIds', async () => {
    const rows = await db
      .selectFrom('provider_language')
      .select(['provider_id', 'language'])
      .where('provider_id', 'in', [...providerIds])
      .execute();
    return rows
      .map((r) => ({ providerId: r.provider_id, language: r.language }))
      .sort((a, b) => LANGUAGE_CODES.indexOf(a.language) - LANGUAGE_CODES.indexOf(b.language));
  });
}

export interface OfferingPair {
  serviceTypeCode: string;
  municipalityCode: string;
}

/**
 * For each (service type, municipality) pair: current offerings of that type by providers with one of
 * `statuses` serving the municipality, cheapest first, ties by provider name then offering id,
 * at most `limit` per pair. One statement for all pairs (a window function ranks per pair).
 */
export function offerableByPairs(
  db: Db,
  pairs: readonly OfferingPair[],
  statuses: readonly ProviderStatus[],
  limit: number,
): Promise<(OfferingModel & OfferingPair)[]> {
  return catalogueCall('offerableByPairs', async () => {
    const ranked = db
      .selectFrom('service_offering as o')
      .innerJoin('provider as p', 'p.id', 'o.provider_id')
      .innerJoin('provider_municipality as pm', 'pm.provider_id', 'p.id')
      .where('p.status', 'in', [...statuses])
      .where('o.removed_at', 'is', null)
      .where(({ eb, refTuple, tuple }) =>
        eb(
          refTuple('o.service_type_code', 'pm.municipality_code'),
          'in',
          pairs.map((x) => tuple(x.serviceTypeCode, x.municipalityCode)),
        ),
      )
      .select([
        ...OFFERING_COLUMNS,
        'pm.municipality_code',
        'p.name as provider_name',
        sql<number>`row_number() over (partition by o.service_type_code, pm.municipality_code order by o.price_cents, p.name, o.id)`.as(
          'rank',
        ),
      ]);
    const rows = await db
      .selectFrom(ranked.as('r'))
      .selectAll()
      .where('r.rank', '<=', limit)
      .orderBy('r.price_cents')
      .orderBy('r.provider_name')
      .orderBy('r.id')
      .execute();
    return rows.map((r) => ({ ...toOffering(r), municipalityCode: r.municipality_code }));
  });
}

/** The price histories of the offerings, each newest first. */
export function pricesByOfferingIds(db: Db, offeringIds: readonly string[]): Promise<OfferingPriceModel[]> {
  return catalogueCall('pricesByOfferingIds', async () =>
    (
      await db
        .selectFrom('offering_price')
        .select(['offering_id', 'price_cents', 'valid_from', 'valid_to'])
        .where('offering_id', 'in', [...offeringIds])
        .orderBy('offering_id')
        .orderBy('valid_from', 'desc')
        .orderBy('id', 'desc')
        .execute()
    ).map(toOfferingPrice),
  );
}

// --- writes: statements for one transaction (provider-writes.ts composes them) ---------------
//
// Why the caller holds the transaction: a write checks the provider's status and changes it,
// its areas and its offerings in one transaction, holding the provider's row (FOR UPDATE), so a
// concurrent decision or application cannot slip between the check and the write.

/** A provider's row, locked until the transaction ends; null when there is none. */
export async function lockProvider(trx: Db, id: string): Promise<ProviderModel | null> {
  const row = await trx.selectFrom('provider').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  return row ? toProvider(row) : null;
}

/** Another provider holding this business ID (Y-tunnus), if any. */
export async function providerIdWithBusinessId(trx: Db, businessId: string, exceptId: string): Promise<string | null> {
  const row = await trx
    .selectFrom('provider')
    .select('id')
    .where('business_id', '=', businessId)
    .where('id', '<>', exceptId)
    .executeTakeFirst();
  return row?.id ?? null;
}

export interface ApplicationRow {
  id: string;
  businessId: string;
  name: string;
  iban: string;
  email: string | null;
  phone: string | null;
  municipalityCodes: readonly string[];
  languages: readonly LanguageCode[];
}

const applied = (a: ApplicationRow, at: Date) =>
  ({
    business_id: a.businessId,
    name: a.name,
    iban: a.iban,
    email: a.email,
    phone: a.phone,
    status: 'APPLIED',
    applied_at: at,
    approved_at: null,
    decided_at: null,
    status_reason: null,
  }) as const;

/**
 * A first application's row, unless the id has one already: true when this inserted it. Why
 * ON CONFLICT: two first applications racing (a provider's system retrying over a bad network)
 * must not fail one of them; the second waits for the first and then finds its row.
 */
export async function claimProviderId(trx: Db, a: ApplicationRow, at: Date): Promise<boolean> {
  const inserted = await trx
    .insertInto('provider')
    .values({ id: a.id, ...applied(a, at) })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .execute();
  return inserted.length > 0;
}

/**
 * Writes a provider's application over its (locked) row: APPLIED with the new details, no
 * decision, and its areas and languages replaced.
 */
export async function writeApplication(trx: Db, a: ApplicationRow, at: Date): Promise<void> {
  await trx
    .updateTable('provider')
    .set({ ...applied(a, at), updated_at: at })
    .where('id', '=', a.id)
    .execute();
  await trx.deleteFrom('provider_municipality').where('provider_id', '=', a.id).execute();
  await trx.deleteFrom('provider_language').where('provider_id', '=', a.id).execute();
  await trx
    .insertInto('provider_municipality')
    .values(a.municipalityCodes.map((code) => ({ provider_id: a.id, municipality_code: code })))
    .execute();
  await trx
    .insertInto('provider_language')
    .values(a.languages.map((language) => ({ provider_id: a.id, language })))
    .execute();
}

/** Changes a provider's status with the decision's time and reason (and the approval time when approved). */
export async function writeDecision(trx: Db, id: string, status: ProviderStatus, reason: string | null, at: Date): Promise<void> {
  await trx
    .updateTable('provider')
    .set({ status, status_reason: reason, decided_at: at, updated_at: at, ...(status === 'APPROVED' ? { approved_at: at } : {}) })
    .where('id', '=', id)
    .execute();
}

export interface OfferingWrite {
  serviceTypeCode: string;
  unit: ServiceUnit;
  priceCents: number;
  /** undefined: keep the offering's description; null: clear it. */
  description?: string | null;
}

/**
 * Offers a service type at a price: a new offering (a new id), or the provider's existing one of
 * that type changed — re-activated if withdrawn, the same id. A new price closes the one in force
 * and opens its own, so the history keeps every price; orders keep theirs in the voucher system.
 * Returns the offering's id and whether anything changed.
 */
export async function writeOffering(
  trx: Db,
  providerId: string,
  o: OfferingWrite,
  at: Date,
  newId: () => string,
): Promise<{ id: string; changed: boolean }> {
  const existing = await trx
    .selectFrom('service_offering')
    .select(['id', 'price_cents', 'removed_at', 'description'])
    .where('provider_id', '=', providerId)
    .where('service_type_code', '=', o.serviceTypeCode)
    .forUpdate()
    .executeTakeFirst();
  if (!existing) {
    const id = newId();
    await trx
      .insertInto('service_offering')
      .values({
        id,
        provider_id: providerId,
        service_type_code: o.serviceTypeCode,
        price_cents: o.priceCents,
        unit: o.unit,
        description: o.description ?? null,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await trx.insertInto('offering_price').values({ offering_id: id, price_cents: o.priceCents, valid_from: at }).execute();
    return { id, changed: true };
  }
  const priceChanged = safeInteger(existing.price_cents) !== o.priceCents;
  const descriptionChanged = o.description !== undefined && o.description !== existing.description;
  if (!priceChanged && !descriptionChanged && existing.removed_at === null) return { id: existing.id, changed: false };
  if (priceChanged) {
    const current = await trx
      .selectFrom('offering_price')
      .select('valid_from')
      .where('offering_id', '=', existing.id)
      .where('valid_to', 'is', null)
      .executeTakeFirst();
    // Never close a price before it began (clocks of two writers may disagree by a little).
    const from = current && current.valid_from > at ? current.valid_from : at;
    await trx
      .updateTable('offering_price')
      .set({ valid_to: from })
      .where('offering_id', '=', existing.id)
      .where('valid_to', 'is', null)
      .execute();
    await trx.insertInto('offering_price').values({ offering_id: existing.id, price_cents: o.priceCents, valid_from: from }).execute();
  }
  await trx
    .updateTable('service_offering')
    .set({
      price_cents: o.priceCents,
      removed_at: null,
      updated_at: at,
      ...(o.description !== undefined ? { description: o.description } : {}),
    })
    .where('id', '=', existing.id)
    .execute();
  return { id: existing.id, changed: true };
}

/**
 * Withdraws the provider's current offerings of these service types (all but `keep` when
 * `keep` is given instead). Returns the ids withdrawn now.
 */
export async function withdrawOfferings(
  trx: Db,
  providerId: string,
  which: { only: readonly string[] } | { keep: readonly string[] },
  at: Date,
): Promise<string[]> {
  let q = trx
    .updateTable('service_offering')
    .set({ removed_at: at, updated_at: at })
    .where('provider_id', '=', providerId)
    .where('removed_at', 'is', null);
  if ('only' in which) {
    if (!which.only.length) return [];
    q = q.where('service_type_code', 'in', [...which.only]);
  } else if (which.keep.length) {
    q = q.where('service_type_code', 'not in', [...which.keep]);
  }
  return (await q.returning('id').execute()).map((r) => r.id);
}

/** The provider's offering of a service type, withdrawn or not; null when it never offered it. */
export async function offeringOfType(trx: Db, providerId: string, serviceTypeCode: string): Promise<OfferingModel | null> {
  const row = await trx
    .selectFrom('service_offering as o')
    .select(OFFERING_COLUMNS)
    .where('o.provider_id', '=', providerId)
    .where('o.service_type_code', '=', serviceTypeCode)
    .executeTakeFirst();
  return row ? toOffering(row) : null;
}

/** A unique violation (SQLSTATE 23505): a concurrent writer got there first. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}
