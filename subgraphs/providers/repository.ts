/**
 * The catalogue's queries. Every function is one SQL statement (two for a counted list), takes
 * whole batches of keys so the loaders can call it once per batch, and returns models.
 *
 * Why every call goes through `catalogueCall`: a database failure must fail only the fields
 * that need the catalogue, as UPSTREAM_UNAVAILABLE with system `provider-catalogue`
 * (DESIGN.md principle 6); lib/subgraph-server.ts maps UpstreamError to that. The driver's own
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
  type OfferingRow,
  type ProviderRow,
  type ProviderStatus,
  type ServiceTypeRow,
} from './db/schema.js';
import type { MunicipalityModel, OfferingModel, ProviderModel, ServiceTypeModel } from './models.js';
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
});

export const toOffering = (r: Pick<OfferingRow, 'id' | 'provider_id' | 'service_type_code' | 'price_cents' | 'unit' | 'description'>): OfferingModel => ({
  id: r.id,
  providerId: r.provider_id,
  serviceTypeCode: r.service_type_code,
  priceCents: safeInteger(r.price_cents),
  unit: r.unit,
  description: r.description,
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

const OFFERING_COLUMNS = ['o.id', 'o.provider_id', 'o.service_type_code', 'o.price_cents', 'o.unit', 'o.description'] as const;

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
    if (q.serviceTypeCode) {
      const code = q.serviceTypeCode;
      base = base.where(({ exists, selectFrom }) =>
        exists(selectFrom('service_offering as o').select(sql`1`.as('one')).whereRef('o.provider_id', '=', 'p.id').where('o.service_type_code', '=', code)),
      );
    }
    if (q.municipalityCode) {
      const code = q.municipalityCode;
      base = base.where(({ exists, selectFrom }) =>
        exists(selectFrom('provider_municipality as pm').select(sql`1`.as('one')).whereRef('pm.provider_id', '=', 'p.id').where('pm.municipality_code', '=', code)),
      );
    }
    if (q.language) {
      const language = q.language;
      base = base.where(({ exists, selectFrom }) =>
        exists(selectFrom('provider_language as pl').select(sql`1`.as('one')).whereRef('pl.provider_id', '=', 'p.id').where('pl.language', '=', language)),
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
    const rows = await page.orderBy('p.name').orderBy('p.id').limit(q.first + 1).execute();
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
    (await db.selectFrom('provider').selectAll().where('id', 'in', [...ids]).execute()).map(toProvider),
  );
}

export function offeringsByIds(db: Db, ids: readonly string[]): Promise<OfferingModel[]> {
  return catalogueCall('offeringsByIds', async () =>
    (await db.selectFrom('service_offering as o').select(OFFERING_COLUMNS).where('o.id', 'in', [...ids]).execute()).map(toOffering),
  );
}

/** Offerings of the providers, each provider's in service-type order. */
export function offeringsByProviderIds(db: Db, providerIds: readonly string[]): Promise<OfferingModel[]> {
  return catalogueCall('offeringsByProviderIds', async () =>
    (
      await db
        .selectFrom('service_offering as o')
        .innerJoin('service_type as st', 'st.code', 'o.service_type_code')
        .select(OFFERING_COLUMNS)
        .where('o.provider_id', 'in', [...providerIds])
        .orderBy('st.sort_order')
        .orderBy('o.id')
        .execute()
    ).map(toOffering),
  );
}

export function serviceTypesByCodes(db: Db, codes: readonly string[]): Promise<ServiceTypeModel[]> {
  return catalogueCall('serviceTypesByCodes', async () =>
    (await db.selectFrom('service_type').selectAll().where('code', 'in', [...codes]).execute()).map(toServiceType),
  );
}

export function allServiceTypes(db: Db): Promise<ServiceTypeModel[]> {
  return catalogueCall('allServiceTypes', async () =>
    (await db.selectFrom('service_type').selectAll().orderBy('sort_order').orderBy('code').execute()).map(toServiceType),
  );
}

export function municipalitiesByCodes(db: Db, codes: readonly string[]): Promise<MunicipalityModel[]> {
  return catalogueCall('municipalitiesByCodes', async () =>
    (await db.selectFrom('municipality').selectAll().where('code', 'in', [...codes]).execute()).map(toMunicipality),
  );
}

/** All municipalities, by Finnish name. */
export function allMunicipalities(db: Db): Promise<MunicipalityModel[]> {
  return catalogueCall('allMunicipalities', async () =>
    (await db.selectFrom('municipality').selectAll().orderBy('name_fi').orderBy('code').execute()).map(toMunicipality),
  );
}

/** The municipalities each provider serves (by Finnish name), with the municipality rows. */
export function municipalitiesByProviderIds(db: Db, providerIds: readonly string[]): Promise<{ providerId: string; municipality: MunicipalityModel }[]> {
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
    const rows = await db.selectFrom('provider_language').select(['provider_id', 'language']).where('provider_id', 'in', [...providerIds]).execute();
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
 * For each (service type, municipality) pair: offerings of that type by providers with one of
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
      .where(({ eb, refTuple, tuple }) =>
        eb(refTuple('o.service_type_code', 'pm.municipality_code'), 'in', pairs.map((x) => tuple(x.serviceTypeCode, x.municipalityCode))),
      )
      .select([
        ...OFFERING_COLUMNS,
        'pm.municipality_code',
        'p.name as provider_name',
        sql<number>`row_number() over (partition by o.service_type_code, pm.municipality_code order by o.price_cents, p.name, o.id)`.as('rank'),
      ]);
    const rows = await db.selectFrom(ranked.as('r')).selectAll().where('r.rank', '<=', limit).orderBy('r.price_cents').orderBy('r.provider_name').orderBy('r.id').execute();
    return rows.map((r) => ({ ...toOffering(r), municipalityCode: r.municipality_code }));
  });
}
