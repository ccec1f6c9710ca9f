/**
 * Reference data every part of the graph agrees on: municipalities (Statistics Finland's
 * three-digit codes) and the service types of personal-budget care with their units.
 *
 * Why one module: the catalogue seeds its reference tables from it, the stand-ins draw their
 * synthetic world from it, and the tests name codes from it — so a code is spelled once.
 */

import type { Language, PlanPeriod, ServiceUnit } from './__generated__/enums.js';

// Languages, units and periods are the SDL's enumerations, spelled there only.
export type LanguageCode = Language;
export type { PlanPeriod, ServiceUnit };

export interface MunicipalityRef {
  code: string;
  /** Finnish, Swedish and English names; English falls back to Finnish where there is none. */
  names: Record<LanguageCode, string>;
  /** The personal-budget trial region (kokeilualue) it belongs to, or null. */
  region: string | null;
  /** Postal code of the centre, for synthetic addresses. */
  postalCode: string;
  /** Share of Swedish speakers among clients, for synthetic data. */
  swedishShare: number;
  /** Relative weight of clients at the trial scale and at the national scale. */
  trialClients: number;
  nationalWeight: number;
}

const m = (
  code: string,
  fi: string,
  sv: string,
  region: string | null,
  postalCode: string,
  swedishShare: number,
  trialClients: number,
  nationalWeight: number,
): MunicipalityRef => ({
  code,
  names: { FI: fi, SV: sv, EN: fi },
  region,
  postalCode,
  swedishShare,
  trialClients,
  nationalWeight,
});

export const MUNICIPALITIES: readonly MunicipalityRef[] = [
  m('205', 'Kajaani', 'Kajana', 'Kainuu', '87100', 0.01, 18, 37),
  m('765', 'Sotkamo', 'Sotkamo', 'Kainuu', '88600', 0.01, 8, 10),
  m('290', 'Kuhmo', 'Kuhmo', 'Kainuu', '88900', 0.01, 7, 8),
  m('106', 'Hyvinkää', 'Hyvinge', 'Keski-Uusimaa', '05800', 0.03, 12, 47),
  m('186', 'Järvenpää', 'Träskända', 'Keski-Uusimaa', '04400', 0.03, 10, 45),
  m('858', 'Tuusula', 'Tusby', 'Keski-Uusimaa', '04300', 0.03, 11, 40),
  m('405', 'Lappeenranta', 'Villmanstrand', 'Etelä-Karjala', '53100', 0.01, 22, 73),
  m('153', 'Imatra', 'Imatra', 'Etelä-Karjala', '55100', 0.01, 11, 25),
  m('167', 'Joensuu', 'Joensuu', 'Pohjois-Karjala', '80100', 0.01, 24, 77),
  m('422', 'Lieksa', 'Lieksa', 'Pohjois-Karjala', '81700', 0.01, 9, 11),
  m('905', 'Vaasa', 'Vasa', 'Vaasa', '65100', 0.22, 22, 68),
  m('499', 'Mustasaari', 'Korsholm', 'Vaasa', '65610', 0.68, 11, 19),
  m('140', 'Iisalmi', 'Idensalmi', 'Ylä-Savo', '74100', 0.01, 24, 21),
  m('263', 'Kiuruvesi', 'Kiuruvesi', 'Ylä-Savo', '74700', 0.01, 11, 8),
  m('837', 'Tampere', 'Tammerfors', null, '33100', 0.01, 0, 249),
];

export interface ServiceTypeRef {
  code: string;
  names: Record<LanguageCode, string>;
  unit: ServiceUnit;
  /** A typical municipal unit cost in cents; each municipality's differs a little. */
  typicalUnitCostCents: number;
  /** How the plan usually states it: quantities (min, max, in the unit) per period. */
  typicalQuantity: { min: number; max: number; per: PlanPeriod; step: number };
}

const s = (
  code: string,
  fi: string,
  sv: string,
  en: string,
  unit: ServiceUnit,
  typicalUnitCostCents: number,
  typicalQuantity: ServiceTypeRef['typicalQuantity'],
): ServiceTypeRef => ({ code, names: { FI: fi, SV: sv, EN: en }, unit, typicalUnitCostCents, typicalQuantity });

export const SERVICE_TYPES: readonly ServiceTypeRef[] = [
  s('kotihoito', 'Kotihoito', 'Hemvård', 'Home care', 'HOUR', 5200, { min: 2, max: 10, per: 'WEEK', step: 0.5 }),
  s('kotipalvelu', 'Kotipalvelu ja siivous', 'Hemservice och städning', 'Home help and cleaning', 'HOUR', 3800, {
    min: 1,
    max: 4,
    per: 'WEEK',
    step: 0.5,
  }),
  s('asiointiapu', 'Asiointiapu', 'Hjälp med ärenden', 'Errand help', 'HOUR', 3500, { min: 1, max: 3, per: 'WEEK', step: 0.5 }),
  s('ateriapalvelu', 'Ateriapalvelu', 'Måltidsservice', 'Meal service', 'MEAL', 950, { min: 5, max: 14, per: 'WEEK', step: 1 }),
  s('turvapuhelin', 'Turvapuhelin', 'Trygghetstelefon', 'Safety phone', 'MONTH', 3500, { min: 1, max: 1, per: 'MONTH', step: 1 }),
  s('paivatoiminta', 'Päivätoiminta', 'Dagverksamhet', 'Day activity', 'DAY', 7500, { min: 1, max: 3, per: 'WEEK', step: 1 }),
  s('henkilokohtainen-apu', 'Henkilökohtainen apu', 'Personlig assistans', 'Personal assistance', 'HOUR', 2600, {
    min: 5,
    max: 30,
    per: 'WEEK',
    step: 1,
  }),
  s('kuljetuspalvelu', 'Kuljetuspalvelu', 'Färdtjänst', 'Transport service', 'TRIP', 2200, { min: 4, max: 18, per: 'MONTH', step: 1 }),
  s('omaishoidon-vapaa', 'Omaishoidon vapaa', 'Ledighet för närståendevårdare', 'Respite care for family carers', 'DAY', 11000, {
    min: 2,
    max: 3,
    per: 'MONTH',
    step: 1,
  }),
  s('fysioterapia', 'Fysioterapia', 'Fysioterapi', 'Physiotherapy', 'VISIT', 6500, { min: 1, max: 4, per: 'MONTH', step: 1 }),
];

export const municipalityByCode = new Map(MUNICIPALITIES.map((x) => [x.code, x]));
export const serviceTypeByCode = new Map(SERVICE_TYPES.map((x) => [x.code, x]));

/** FHIR identifier system of the Finnish personal identity code (henkilötunnus). */
export const HETU_SYSTEM = 'urn:oid:1.2.246.21';
/**
 * FHIR identifier system of a provider's business ID (Y-tunnus, e.g. 2901316-3): the arc of the
 * Finnish national OID registry under which organisations are numbered by their Y-tunnus
 * (organisation OIDs are 1.2.246.10.<Y-tunnus digits>.…, as in the Finnish base profiles).
 * Shared: the client-record system keys its Organizations by it, and the providers subgraph
 * registers approved providers there with it.
 */
export const BUSINESS_ID_SYSTEM = 'urn:oid:1.2.246.10';
/** FHIR code system of the service types (a local code system of this federation). */
export const SERVICE_TYPE_SYSTEM = 'urn:henkilokohtainen-budjetti:service-type';
/** FHIR code system of Statistics Finland's municipality codes (kuntakoodi). */
export const MUNICIPALITY_SYSTEM = 'urn:oid:1.2.246.537.6.21';
