/**
 * The per-request DataLoaders. Each batch is ONE SQL statement (repository.ts), so the number
 * of catalogue queries for a GraphQL request does not grow with the lengths of its lists
 * (docs/architecture.md principle 2; the integration tests count them).
 *
 * Why per request: a DataLoader's own cache must not outlive the request, or one viewer's reads
 * would serve another's and edits would be missed. Below them, each batch reads through the
 * process's catalogue cache (catalogue-cache.ts), which holds rows — never a viewer's answer —
 * and forgets them on every catalogue write, in every process. The loaders return raw catalogue
 * rows; who may see them is decided by policy.ts where the resolvers hand them out.
 */
import DataLoader from 'dataloader';
import type { CatalogueCache } from './catalogue-cache.js';
import type { LanguageCode } from './db/schema.js';
import type { MunicipalityModel, OfferingModel, OfferingPriceModel, ProviderModel, ServiceTypeModel } from './models.js';
import { OFFERABLE_STATUSES } from './policy.js';
import * as repo from './repository.js';
import type { Db } from './repository.js';

export interface OfferableKey {
  serviceTypeCode: string;
  municipalityCode: string;
  first: number;
}

function byKey<K, V>(keys: readonly K[], rows: readonly V[], keyOf: (row: V) => K): (V | null)[] {
  const map = new Map(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => map.get(k) ?? null);
}

function groupBy<K, R, V>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K, valueOf: (row: R) => V): V[][] {
  const map = new Map<K, V[]>(keys.map((k) => [k, []]));
  for (const r of rows) map.get(keyOf(r))?.push(valueOf(r));
  return keys.map((k) => map.get(k)!);
}

const same = (key: string) => key;
const offerableKey = (k: OfferableKey) => `${k.serviceTypeCode}|${k.municipalityCode}|${k.first}`;

export function createLoaders(db: Db, cache: CatalogueCache) {
  const municipality = new DataLoader<string, MunicipalityModel | null>(
    cache.batch('municipality', same, async (codes: readonly string[]) =>
      byKey(codes, await repo.municipalitiesByCodes(db, codes), (m) => m.code),
    ),
  );
  return {
    provider: new DataLoader<string, ProviderModel | null>(
      cache.batch('provider', same, async (ids: readonly string[]) => byKey(ids, await repo.providersByIds(db, ids), (p) => p.id)),
    ),
    offering: new DataLoader<string, OfferingModel | null>(
      cache.batch('offering', same, async (ids: readonly string[]) => byKey(ids, await repo.offeringsByIds(db, ids), (o) => o.id)),
    ),
    /** Each offering's prices, newest first. */
    pricesByOffering: new DataLoader<string, OfferingPriceModel[]>(
      cache.batch('pricesByOffering', same, async (ids: readonly string[]) =>
        groupBy(
          ids,
          await repo.pricesByOfferingIds(db, ids),
          (r) => r.offeringId,
          (r) => r,
        ),
      ),
    ),
    offeringsByProvider: new DataLoader<string, OfferingModel[]>(
      cache.batch('offeringsByProvider', same, async (ids: readonly string[]) =>
        groupBy(
          ids,
          await repo.offeringsByProviderIds(db, ids),
          (o) => o.providerId,
          (o) => o,
        ),
      ),
    ),
    serviceType: new DataLoader<string, ServiceTypeModel | null>(
      cache.batch('serviceType', same, async (codes: readonly string[]) =>
        byKey(codes, await repo.serviceTypesByCodes(db, codes), (s) => s.code),
      ),
    ),
    municipality,
    municipalitiesByProvider: new DataLoader<string, MunicipalityModel[]>(
      cache.batch('municipalitiesByProvider', same, async (ids: readonly string[]) => {
        const rows = await repo.municipalitiesByProviderIds(db, ids);
        // The join brought the municipality rows along: later lookups by code need no query.
        for (const r of rows) municipality.prime(r.municipality.code, r.municipality);
        return groupBy(
          ids,
          rows,
          (r) => r.providerId,
          (r) => r.municipality,
        );
      }),
    ),
    languagesByProvider: new DataLoader<string, LanguageCode[]>(
      cache.batch('languagesByProvider', same, async (ids: readonly string[]) =>
        groupBy(
          ids,
          await repo.languagesByProviderIds(db, ids),
          (r) => r.providerId,
          (r) => r.language,
        ),
      ),
    ),
    /** Offerings a client may choose for a planned service: keyed by (type, municipality, first). */
    offerable: new DataLoader<OfferableKey, OfferingModel[], string>(
      cache.batch('offerable', offerableKey, async (keys: readonly OfferableKey[]) => {
        const pairs = [...new Map(keys.map((k) => [`${k.serviceTypeCode}|${k.municipalityCode}`, k])).values()];
        const limit = Math.max(...keys.map((k) => k.first));
        const rows = await repo.offerableByPairs(db, pairs, OFFERABLE_STATUSES, limit);
        const lists = groupBy(
          pairs.map((p) => `${p.serviceTypeCode}|${p.municipalityCode}`),
          rows,
          (r) => `${r.serviceTypeCode}|${r.municipalityCode}`,
          ({ municipalityCode: _m, ...offering }) => offering as OfferingModel,
        );
        const byPair = new Map(pairs.map((p, i) => [`${p.serviceTypeCode}|${p.municipalityCode}`, lists[i]]));
        return keys.map((k) => byPair.get(`${k.serviceTypeCode}|${k.municipalityCode}`)!.slice(0, k.first));
      }),
      { cacheKeyFn: offerableKey },
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
