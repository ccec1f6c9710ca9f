/**
 * The catalogue's part of the world: providers (valid Y-tunnus and IBAN, the municipalities of
 * one region, languages, a status) and their offerings, priced around the municipalities' unit
 * costs. Tens at the trial scale, thousands nationally.
 *
 * Fixture the tests rely on: pr-0001 is an approved provider serving Kainuu that offers every
 * service type.
 */
import { MUNICIPALITIES, SERVICE_TYPES, type LanguageCode, type MunicipalityRef } from '../lib/reference.js';
import { addDays, at, pad } from './calendar.js';
import { ascii, businessIdFor, ibanFor } from './identity.js';
import * as N from './names.js';
import type { Random } from './random.js';
import type { Offering, Provider, ProviderStatus, Scale } from './types.js';

/** Unit cost in cents of a municipality and service type, keyed `${municipalityCode}/${serviceTypeCode}`. */
export type UnitCostIndex = ReadonlyMap<string, number>;

export function makeProviders(
  rnd: Random,
  scale: Scale,
  perMunicipality: number[],
  unitCost: UnitCostIndex,
): { providers: Provider[]; offerings: Offering[] } {
  const providers: Provider[] = [];
  const offerings: Offering[] = [];
  const providerTotal = scale === 'national' ? 3000 : 60;
  const regionOf = (x: MunicipalityRef) => x.region ?? x.names.FI;
  // Regions with clients at this scale (Tampere has none in the trial).
  const regions = [...new Set(MUNICIPALITIES.filter((_, i) => perMunicipality[i] > 0).map(regionOf))];
  const regionMunicipalities = (region: string) => MUNICIPALITIES.filter((x) => regionOf(x) === region);
  let businessSerial = 2_900_000 + rnd.int(0, 9999);
  for (let i = 0; i < providerTotal; i++) {
    // pr-0001 serves Kainuu for the fixtures; the rest spread over the regions.
    const region = i === 0 ? 'Kainuu' : regions[i % regions.length];
    const muns = regionMunicipalities(region);
    // Most serve the whole region; some only part of it.
    const served = i === 0 || rnd.chance(0.6) ? muns : rnd.sample(muns, rnd.int(1, muns.length));
    const swedishRegion = served.some((x) => x.swedishShare > 0.2);
    const languages: LanguageCode[] = ['FI'];
    if (swedishRegion ? rnd.chance(0.85) : rnd.chance(0.1)) languages.push('SV');
    if (rnd.chance(0.25)) languages.push('EN');
    const roll = rnd.next();
    const status: ProviderStatus = i === 0 || roll < 0.85 ? 'APPROVED' : roll < 0.91 ? 'APPLIED' : roll < 0.96 ? 'SUSPENDED' : 'REJECTED';
    let businessId: string | null = null;
    while (!businessId) businessId = businessIdFor(pad(businessSerial++, 7));
    const prefix = languages.includes('SV') && rnd.chance(0.5) ? rnd.pick(N.PROVIDER_SWEDISH) : rnd.pick(N.PROVIDER_PREFIXES);
    const name = `${prefix} ${rnd.pick(N.FINNISH_SURNAMES.concat(N.SWEDISH_SURNAMES))} ${rnd.pick(N.PROVIDER_SUFFIXES)}`;
    const appliedAt = at(addDays('2025-01-10', rnd.int(0, 600)));
    const provider: Provider = {
      id: `pr-${pad(i + 1, 4)}`,
      businessId,
      name,
      status,
      municipalityCodes: served.map((x) => x.code),
      languages,
      email: `palvelut@${ascii(prefix)}${i + 1}.example.fi`,
      phone: `+358 40 ${rnd.int(100, 999)} ${rnd.int(1000, 9999)}`,
      iban: ibanFor(rnd),
      appliedAt,
      approvedAt: status === 'APPROVED' || status === 'SUSPENDED' ? at(addDays(appliedAt.slice(0, 10), rnd.int(7, 40))) : null,
    };
    providers.push(provider);
    const types = i === 0 ? SERVICE_TYPES : rnd.sample(SERVICE_TYPES, rnd.int(3, 6));
    // Numbered within the provider by position (not by counting the offerings so far, which
    // made the national catalogue quadratic).
    types.forEach((st, k) => {
      const base = served.reduce((sum, x) => sum + (unitCost.get(`${x.code}/${st.code}`) ?? 0), 0) / served.length;
      offerings.push({
        id: `of-${pad(i + 1, 4)}-${pad(k + 1, 2)}`,
        providerId: provider.id,
        serviceTypeCode: st.code,
        unit: st.unit,
        priceCents: Math.round((base * rnd.int(85, 130)) / 100 / 50) * 50,
        description: `${st.names.FI} – ${served.map((x) => x.names.FI).join(', ')}`,
      });
    });
  }
  return { providers, offerings };
}

/**
 * The offerings of approved providers serving a municipality, per service type, in catalogue
 * order: what a client of that municipality may order from. Built in one pass over the
 * offerings (each filed under its provider's municipalities), not by a scan per question.
 */
export function approvedOfferingsIndex(
  providers: readonly Provider[],
  offerings: readonly Offering[],
): (serviceTypeCode: string, municipalityCode: string) => readonly Offering[] {
  const byId = new Map(providers.map((p) => [p.id, p]));
  const index = new Map<string, Offering[]>();
  for (const o of offerings) {
    const p = byId.get(o.providerId)!;
    if (p.status !== 'APPROVED') continue;
    for (const mun of p.municipalityCodes) {
      const key = `${o.serviceTypeCode}/${mun}`;
      (index.get(key) ?? index.set(key, []).get(key)!).push(o);
    }
  }
  const none: readonly Offering[] = [];
  return (serviceTypeCode, municipalityCode) => index.get(`${serviceTypeCode}/${municipalityCode}`) ?? none;
}
