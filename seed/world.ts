/**
 * The deterministic synthetic world: clients, case workers and plans of the client-record
 * system; unit costs, vouchers, orders, deliveries and payments of the voucher system; and
 * providers with their offerings for the catalogue's demo data.
 *
 * Why one generator for three systems: in reality they are tied together by the same people,
 * plans and providers. Generating them together keeps every cross-reference true (an order's
 * planned service exists in the plan, its provider is approved and serves the municipality).
 * The subgraphs never import it: they see this world only through the systems' HTTP APIs and
 * the catalogue's tables.
 *
 * Fixtures the tests rely on: cl-00001 (Kajaani) has an active plan with 1 planned service
 * (home care, 2.5 hours a week),
 * cl-00002 (Kajaani) one with 30; cw-0001 is a Kajaani case worker; pr-0001 is an approved
 * provider serving Kainuu with orders assigned to it.
 */
import { FinnishBusinessIds } from 'finnish-business-ids';
import { FinnishSSN } from 'finnish-ssn';
import FinnishBankUtils from 'finnish-bank-utils';
import { budgetLineCents, validityDays } from '../lib/budget.js';
import {
  MUNICIPALITIES,
  SERVICE_TYPES,
  type LanguageCode,
  type MunicipalityRef,
  type PlanPeriod,
  type ServiceUnit,
} from '../lib/reference.js';
import * as N from './names.js';
import { Random } from './random.js';

export type Scale = 'trial' | 'national';
export type PlanStatus = 'draft' | 'active' | 'completed' | 'revoked';
export type OrderStatus = 'REQUESTED' | 'ACCEPTED' | 'DECLINED' | 'COMPLETED' | 'CANCELLED';
export type ProviderStatus = 'APPLIED' | 'APPROVED' | 'SUSPENDED' | 'REJECTED';
export type VoucherStatus = 'ACTIVE' | 'EXHAUSTED' | 'EXPIRED' | 'CANCELLED';

export interface CaseWorker {
  id: string;
  givenName: string;
  familyName: string;
  municipalityCode: string;
  phone: string;
  email: string;
}
export interface Client {
  id: string;
  hetu: string;
  givenName: string;
  familyName: string;
  gender: 'female' | 'male';
  birthDate: string;
  municipalityCode: string;
  language: LanguageCode;
  address: { line: string; postalCode: string; city: string };
  phone: string | null;
  caseWorkerId: string;
}
export interface PlannedService {
  id: string;
  serviceTypeCode: string;
  unit: ServiceUnit;
  /** Hundredths of the unit per period. */
  quantity: number;
  per: PlanPeriod;
  schedule: string | null;
  location: string | null;
  instructions: string | null;
}
export interface Plan {
  id: string;
  clientId: string;
  caseWorkerId: string;
  status: PlanStatus;
  validFrom: string;
  validTo: string | null;
  situation: string;
  goals: { id: string; text: string }[];
  approvedAt: string | null;
  /** FHIR meta.versionId of the current version. */
  versionId: number;
  lastUpdated: string;
  services: PlannedService[];
}
export interface UnitCost {
  municipalityCode: string;
  serviceTypeCode: string;
  validFrom: string;
  cents: number;
}
export interface Provider {
  id: string;
  businessId: string;
  name: string;
  status: ProviderStatus;
  municipalityCodes: string[];
  languages: LanguageCode[];
  email: string;
  phone: string;
  iban: string;
  appliedAt: string;
  approvedAt: string | null;
}
export interface Offering {
  id: string;
  providerId: string;
  serviceTypeCode: string;
  unit: ServiceUnit;
  priceCents: number;
  description: string;
}
export interface Voucher {
  id: string;
  clientId: string;
  planId: string;
  municipalityCode: string;
  status: VoucherStatus;
  grantedCents: number;
  validFrom: string;
  validTo: string;
  createdAt: string;
}
export interface Order {
  id: string;
  clientId: string;
  planId: string;
  plannedServiceId: string;
  providerId: string;
  offeringId: string;
  voucherId: string;
  municipalityCode: string;
  serviceTypeCode: string;
  unit: ServiceUnit;
  /** Hundredths of the unit ordered. */
  quantity: number;
  unitPriceCents: number;
  voucherValueCents: number;
  planVersion: string;
  status: OrderStatus;
  createdAt: string;
  updatedAt: string;
}
export interface Delivery {
  id: string;
  orderId: string;
  date: string;
  /** Hundredths of the unit delivered. */
  quantity: number;
  /** Paid from the budget: quantity × the order's voucher value. */
  amountCents: number;
  reportedAt: string;
}
export interface Payment {
  id: string;
  providerId: string;
  month: string;
  amountCents: number;
  iban: string;
  reference: string;
  paidAt: string;
  deliveryIds: string[];
}

export interface World {
  scale: Scale;
  seed: number;
  /** The day the world describes: deliveries up to it, plans valid around it. */
  asOf: string;
  caseWorkers: CaseWorker[];
  clients: Client[];
  plans: Plan[];
  unitCosts: UnitCost[];
  providers: Provider[];
  offerings: Offering[];
  vouchers: Voucher[];
  orders: Order[];
  deliveries: Delivery[];
  payments: Payment[];
}

export interface WorldOptions {
  scale?: Scale;
  seed?: number;
}

export const WORLD_AS_OF = '2026-11-20';
const TRIAL_CLIENTS = 200;
const NATIONAL_CLIENTS = 60_000;
const pad = (n: number, width: number) => String(n).padStart(width, '0');

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
function addMonths(date: string, months: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}
const at = (date: string, hour = 9) => `${date}T${pad(hour, 2)}:00:00Z`;

/** A valid HETU for a birth date: the check character is the one the library accepts. */
function hetuFor(birthDate: string, individual: number): string {
  const [y, mo, d] = birthDate.split('-');
  const century = y.startsWith('18') ? '+' : y.startsWith('19') ? (individual % 2 ? '-' : 'Y') : 'A';
  const body = `${d}${mo}${y.slice(2)}${century}${pad(individual, 3)}`;
  for (const check of '0123456789ABCDEFHJKLMNPRSTUVWXY') {
    if (FinnishSSN.validate(body + check)) return body + check;
  }
  throw new Error(`no check character for ${body}`);
}

/** A valid Y-tunnus (business ID) from seven digits, or null when the checksum is impossible. */
function businessIdFor(digits: string): string | null {
  const id = `${digits}-${FinnishBusinessIds.calculateChecksum(digits)}`;
  return FinnishBusinessIds.isValidBusinessId(id) ? id : null;
}

function distribute(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.floor((total * w) / sum));
  let rest = total - counts.reduce((a, b) => a + b, 0);
  for (let i = 0; rest > 0; i = (i + 1) % counts.length) if (weights[i] > 0) (counts[i]++, rest--);
  return counts;
}

const SITUATIONS_FI = [
  'Asuu yksin kerrostalossa, liikkuu rollaattorin kanssa. Muisti on heikentynyt viimeisen vuoden aikana.',
  'Asuu puolison kanssa omakotitalossa. Puoliso on omaishoitaja ja tarvitsee säännöllisiä vapaita.',
  'Aivoinfarktin jälkeen oikean puolen toimintakyky on alentunut; kuntoutus jatkuu kotona.',
  'Näkö on heikentynyt, asiointi ja ruoanlaitto ovat vaikeutuneet. Sosiaalinen verkosto on pieni.',
  'Liikuntavamma, käyttää pyörätuolia. Haluaa jatkaa harrastuksiaan ja asua omassa kodissaan.',
];
const SITUATIONS_SV = [
  'Bor ensam i höghus och rör sig med rollator. Minnet har försämrats under det senaste året.',
  'Bor med sin make i egnahemshus. Maken är närståendevårdare och behöver regelbunden ledighet.',
  'Efter en stroke är funktionsförmågan på höger sida nedsatt; rehabiliteringen fortsätter hemma.',
];
const GOALS_FI = ['Asuu turvallisesti omassa kodissaan', 'Liikkuu itsenäisesti ulkona kerran viikossa', 'Syö säännöllisesti ja monipuolisesti', 'Osallistuu päivätoimintaan ja tapaa ystäviä', 'Omaishoitaja jaksaa arjessa'];
const GOALS_SV = ['Bor tryggt i sitt eget hem', 'Rör sig självständigt utomhus en gång i veckan', 'Äter regelbundet och mångsidigt', 'Deltar i dagverksamhet och träffar vänner'];
const SCHEDULES = ['ma–pe aamuisin', 'ti ja to iltapäivisin', 'kerran viikossa', 'arkipäivisin klo 11', 'sopimuksen mukaan', 'joka toinen viikko'];
const INSTRUCTIONS = ['Avain avainsäilössä, koodi asiakkaalta.', 'Asiakas kuulee huonosti: soita ovikelloa pitkään.', 'Muista lääkedosetti.', 'Asiakas haluaa asioida itse, avustetaan tarvittaessa.', null];

export function generateWorld(options: WorldOptions = {}): World {
  const scale = options.scale ?? 'trial';
  const seed = options.seed ?? 2026;
  const rnd = new Random(seed);
  const asOf = WORLD_AS_OF;
  const clientTotal = scale === 'national' ? NATIONAL_CLIENTS : TRIAL_CLIENTS;
  const perMunicipality =
    scale === 'national'
      ? distribute(clientTotal, MUNICIPALITIES.map((x) => x.nationalWeight))
      : MUNICIPALITIES.map((x) => x.trialClients);

  // Unit costs: what the municipality's own production costs, from the start of the year.
  const unitCosts: UnitCost[] = [];
  for (const mun of MUNICIPALITIES)
    for (const st of SERVICE_TYPES)
      unitCosts.push({
        municipalityCode: mun.code,
        serviceTypeCode: st.code,
        validFrom: '2026-01-01',
        cents: Math.round((st.typicalUnitCostCents * rnd.int(88, 114)) / 100 / 5) * 5,
      });
  const unitCost = new Map(unitCosts.map((u) => [`${u.municipalityCode}/${u.serviceTypeCode}`, u.cents]));

  // Case workers: about one per 15 clients (national: per 60), at least one per municipality with clients.
  const caseWorkers: CaseWorker[] = [];
  const workersOf = new Map<string, CaseWorker[]>();
  MUNICIPALITIES.forEach((mun, i) => {
    const n = Math.max(1, Math.ceil(perMunicipality[i] / (scale === 'national' ? 60 : 15)));
    const list: CaseWorker[] = [];
    for (let k = 0; k < n; k++) {
      const female = rnd.chance(0.8);
      const sv = rnd.chance(mun.swedishShare);
      const givenName = rnd.pick(sv ? (female ? N.SWEDISH_FEMALE : N.SWEDISH_MALE) : female ? N.FINNISH_FEMALE : N.FINNISH_MALE);
      const familyName = rnd.pick(sv ? N.SWEDISH_SURNAMES : N.FINNISH_SURNAMES);
      const cw: CaseWorker = {
        id: `cw-${pad(caseWorkers.length + 1, 4)}`,
        givenName,
        familyName,
        municipalityCode: mun.code,
        phone: `+358 44 ${rnd.int(100, 999)} ${rnd.int(1000, 9999)}`,
        email: `${ascii(givenName)}.${ascii(familyName)}@${ascii(mun.names.FI)}.example.fi`,
      };
      caseWorkers.push(cw);
      list.push(cw);
    }
    workersOf.set(mun.code, list);
  });

  // Providers: tens at trial scale, thousands nationally; each serves one region's municipalities.
  const providers: Provider[] = [];
  const offerings: Offering[] = [];
  const providerTotal = scale === 'national' ? 3000 : 60;
  // Regions with clients at this scale (Tampere has none in the trial).
  const regions = [...new Set(MUNICIPALITIES.filter((_, i) => perMunicipality[i] > 0).map((x) => x.region ?? x.names.FI))];
  const regionMunicipalities = (region: string) => MUNICIPALITIES.filter((x) => (x.region ?? x.names.FI) === region);
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
    for (const st of types) {
      const base = served.reduce((sum, x) => sum + (unitCost.get(`${x.code}/${st.code}`) ?? 0), 0) / served.length;
      offerings.push({
        id: `of-${pad(i + 1, 4)}-${pad(offerings.filter((o) => o.providerId === provider.id).length + 1, 2)}`,
        providerId: provider.id,
        serviceTypeCode: st.code,
        unit: st.unit,
        priceCents: Math.round((base * rnd.int(85, 130)) / 100 / 50) * 50,
        description: `${st.names.FI} – ${served.map((x) => x.names.FI).join(', ')}`,
      });
    }
  }
  const approvedOfferings = (serviceTypeCode: string, municipalityCode: string) =>
    offerings.filter((o) => {
      if (o.serviceTypeCode !== serviceTypeCode) return false;
      const p = providers[Number(o.providerId.slice(3)) - 1];
      return p.status === 'APPROVED' && p.municipalityCodes.includes(municipalityCode);
    });
  const offeringIndex = new Map<string, Offering[]>();
  const offeringsFor = (st: string, mun: string) => {
    const key = `${st}/${mun}`;
    if (!offeringIndex.has(key)) offeringIndex.set(key, approvedOfferings(st, mun));
    return offeringIndex.get(key)!;
  };

  const clients: Client[] = [];
  const plans: Plan[] = [];
  const vouchers: Voucher[] = [];
  const orders: Order[] = [];
  const deliveries: Delivery[] = [];
  let individual = 2;
  MUNICIPALITIES.forEach((mun, mi) => {
    for (let k = 0; k < perMunicipality[mi]; k++) {
      const n = clients.length + 1;
      const client = makeClient(rnd, n, mun, workersOf.get(mun.code)!, individual);
      individual = individual >= 897 ? 2 : individual + rnd.int(1, 3);
      clients.push(client);
      const servicesWanted = n === 1 ? 1 : n === 2 ? 30 : rnd.int(1, 6);
      const clientPlans = makePlans(rnd, client, servicesWanted, asOf, n <= 2);
      plans.push(...clientPlans);
      for (const plan of clientPlans) {
        if (plan.status !== 'active' && plan.status !== 'completed') continue;
        const days = validityDays(plan.validFrom, plan.validTo);
        const granted = plan.services.reduce(
          (sum, ps) => sum + budgetLineCents(ps.quantity, ps.per, days, unitCost.get(`${mun.code}/${ps.serviceTypeCode}`)!),
          0,
        );
        const voucher: Voucher = {
          id: `vo-${plan.id.slice(3)}`,
          clientId: client.id,
          planId: plan.id,
          municipalityCode: mun.code,
          status: plan.status === 'active' ? 'ACTIVE' : 'EXPIRED',
          grantedCents: granted,
          validFrom: plan.validFrom,
          validTo: plan.validTo!,
          createdAt: plan.approvedAt!,
        };
        vouchers.push(voucher);
        for (const ps of plan.services) {
          const choices = offeringsFor(ps.serviceTypeCode, mun.code);
          // Most planned services get a provider; a few clients are still comparing.
          if (!choices.length || (n > 2 && rnd.chance(0.15))) continue;
          const offering = n <= 2 ? choices.find((o) => o.providerId === 'pr-0001') ?? choices[0] : rnd.pick(choices);
          makeOrder(rnd, { client, plan, ps, offering, voucher, unitCost: unitCost.get(`${mun.code}/${ps.serviceTypeCode}`)!, asOf, orders, deliveries });
        }
      }
    }
  });

  const payments = makePayments(rnd, providers, orders, deliveries);
  return { scale, seed, asOf, caseWorkers, clients, plans, unitCosts, providers, offerings, vouchers, orders, deliveries, payments };
}

function ascii(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '');
}

/**
 * A deterministic Finnish IBAN (the library's generator draws from Math.random): a bank code and
 * account number, the account's own check digit chosen so the library accepts the whole IBAN.
 */
function ibanFor(rnd: Random): string {
  const account = `${rnd.pick(['800026', '100745', '157230', '570360', '470010'])}${pad(rnd.int(0, 9_999_999), 7)}`;
  for (let digit = 0; digit <= 9; digit++) {
    const bban = `${account}${digit}`;
    const check = pad(Number(98n - (BigInt(`${bban}151800`) % 97n)), 2); // "FI00" → F=15, I=18, 00
    if (FinnishBankUtils.isValidFinnishIBAN(`FI${check}${bban}`)) return `FI${check}${bban}`;
  }
  throw new Error(`no valid IBAN for account ${account}`);
}

function makeClient(rnd: Random, n: number, mun: MunicipalityRef, workers: CaseWorker[], individual: number): Client {
  const roll = rnd.next();
  const language: LanguageCode = roll < mun.swedishShare ? 'SV' : roll > 0.985 ? 'EN' : 'FI';
  const female = rnd.chance(0.62);
  const [given, surnames] =
    language === 'SV'
      ? [female ? N.SWEDISH_FEMALE : N.SWEDISH_MALE, N.SWEDISH_SURNAMES]
      : language === 'EN'
        ? [female ? N.ENGLISH_FEMALE : N.ENGLISH_MALE, N.ENGLISH_SURNAMES]
        : [female ? N.FINNISH_FEMALE : N.FINNISH_MALE, N.FINNISH_SURNAMES];
  // Mostly older people (65–99), some younger disabled people (20–64).
  const age = rnd.chance(0.8) ? rnd.int(65, 99) : rnd.int(20, 64);
  const birthDate = `${2026 - age}-${pad(rnd.int(1, 12), 2)}-${pad(rnd.int(1, 28), 2)}`;
  const ind = female ? individual - (individual % 2) + 2 : individual - (individual % 2) + 1; // even = female
  const streets = language === 'SV' && mun.swedishShare > 0.2 ? N.SWEDISH_STREETS : N.FINNISH_STREETS;
  return {
    id: `cl-${pad(n, 5)}`,
    hetu: hetuFor(birthDate, Math.min(ind, 899)),
    givenName: rnd.pick(given),
    familyName: rnd.pick(surnames),
    gender: female ? 'female' : 'male',
    birthDate,
    municipalityCode: mun.code,
    language,
    address: {
      line: `${rnd.pick(streets)} ${rnd.int(1, 60)}${rnd.chance(0.6) ? ` ${rnd.pick(['A', 'B', 'C'])} ${rnd.int(1, 30)}` : ''}`,
      postalCode: mun.postalCode,
      city: language === 'SV' ? mun.names.SV : mun.names.FI,
    },
    phone: rnd.chance(0.9) ? `+358 50 ${rnd.int(100, 999)} ${rnd.int(1000, 9999)}` : null,
    caseWorkerId: rnd.pick(workers).id,
  };
}

function makeServices(rnd: Random, planId: string, count: number, client: Client, fixture: boolean): PlannedService[] {
  const out: PlannedService[] = [];
  for (let i = 0; i < count; i++) {
    // Up to 10 distinct types; a long plan repeats types with their own schedules.
    // Fixture plans start with home care, 2.5 hours a week, so tests can name what they hold.
    const st = fixture ? SERVICE_TYPES[i % SERVICE_TYPES.length] : count <= SERVICE_TYPES.length ? rnd.sample(SERVICE_TYPES.filter((x) => !out.some((o) => o.serviceTypeCode === x.code)), 1)[0] : SERVICE_TYPES[i % SERVICE_TYPES.length];
    const q = st.typicalQuantity;
    const steps = Math.round((q.max - q.min) / q.step);
    const quantity = fixture && i === 0 ? 250 : Math.round((q.min + rnd.int(0, steps) * q.step) * 100);
    out.push({
      id: `ps-${planId.slice(3)}-${pad(i + 1, 2)}`,
      serviceTypeCode: st.code,
      unit: st.unit,
      quantity,
      per: q.per,
      schedule: rnd.pick(SCHEDULES),
      location: st.code === 'paivatoiminta' ? 'Palvelukeskus' : st.code === 'kuljetuspalvelu' ? null : `Kotona, ${client.address.line}`,
      instructions: rnd.pick(INSTRUCTIONS),
    });
  }
  return out;
}

function makePlans(rnd: Random, client: Client, servicesWanted: number, asOf: string, fixture: boolean): Plan[] {
  const plans: Plan[] = [];
  const clientNo = client.id.slice(3);
  const sv = client.language === 'SV';
  const plan = (status: PlanStatus, validFrom: string, validTo: string | null, services: number): Plan => {
    const id = `pl-${clientNo}-${plans.length + 1}`;
    const goals = rnd.sample(sv ? GOALS_SV : GOALS_FI, rnd.int(1, 3)).map((text, g) => ({ id: `go-${id.slice(3)}-${g + 1}`, text }));
    const approved = status === 'draft' ? null : at(addDays(validFrom, -rnd.int(3, 14)), 13);
    const versionId = status === 'draft' ? 1 : rnd.int(2, 4);
    const p: Plan = {
      id,
      clientId: client.id,
      caseWorkerId: client.caseWorkerId,
      status,
      validFrom,
      validTo,
      situation: rnd.pick(sv ? SITUATIONS_SV : SITUATIONS_FI),
      goals,
      approvedAt: approved,
      versionId,
      lastUpdated: approved ?? at(addDays(asOf, -rnd.int(1, 10)), 10),
      services: [],
    };
    p.services = makeServices(rnd, id, services, client, fixture && status === 'active');
    plans.push(p);
    return p;
  };
  const roll = fixture ? 0.5 : rnd.next();
  if (roll < 0.05) {
    // A new client: the first plan is still a draft.
    plan('draft', addDays(asOf, rnd.int(5, 30)), addMonths(addDays(asOf, 20), 12), servicesWanted);
    return plans;
  }
  // Fixture plans began 200 days ago, so they have months of deliveries behind them.
  const activeFrom = addDays(asOf, fixture ? -200 : -rnd.int(20, 330));
  if (!fixture && rnd.chance(0.4)) plan('completed', addMonths(activeFrom, -12), addDays(activeFrom, -1), rnd.int(1, 4));
  plan('active', activeFrom, addDays(addMonths(activeFrom, 12), -1), servicesWanted);
  if (!fixture && rnd.chance(0.05)) plan('revoked', addDays(asOf, -rnd.int(1, 30)), null, rnd.int(1, 3));
  if (!fixture && rnd.chance(0.06)) plan('draft', addDays(addMonths(activeFrom, 12), 0), addDays(addMonths(activeFrom, 24), -1), rnd.int(1, 6));
  return plans;
}

interface OrderInput {
  client: Client;
  plan: Plan;
  ps: PlannedService;
  offering: Offering;
  voucher: Voucher;
  unitCost: number;
  asOf: string;
  orders: Order[];
  deliveries: Delivery[];
}

/** An order covers the planned service for the plan's year; deliveries are reported monthly. */
function makeOrder(rnd: Random, { client, plan, ps, offering, voucher, unitCost, asOf, orders, deliveries }: OrderInput): void {
  // Rounded down to half units, so an order never exceeds what the budget plans for.
  const perMonth = Math.max(50, ps.per === 'WEEK' ? Math.floor((ps.quantity * 365) / 12 / 7 / 50) * 50 : ps.per === 'YEAR' ? Math.floor(ps.quantity / 12 / 50) * 50 : ps.quantity);
  const quantity = perMonth * 12;
  const createdDay = addDays(plan.validFrom, rnd.int(0, 10));
  const endOfPlan = plan.validTo ?? addMonths(plan.validFrom, 12);
  const lastDay = [asOf, endOfPlan].sort()[0];
  const roll = rnd.next();
  let status: OrderStatus;
  if (plan.status === 'completed') status = 'COMPLETED';
  else if (roll < 0.08) status = 'REQUESTED';
  else if (roll < 0.11) status = 'DECLINED';
  else if (roll < 0.13) status = 'CANCELLED';
  else status = 'ACCEPTED';
  const order: Order = {
    id: `or-${pad(orders.length + 1, 6)}`,
    clientId: client.id,
    planId: plan.id,
    plannedServiceId: ps.id,
    providerId: offering.providerId,
    offeringId: offering.id,
    voucherId: voucher.id,
    municipalityCode: client.municipalityCode,
    serviceTypeCode: ps.serviceTypeCode,
    unit: ps.unit,
    quantity,
    unitPriceCents: offering.priceCents,
    voucherValueCents: unitCost,
    // Some orders were made against an earlier version of the plan.
    planVersion: String(rnd.chance(0.15) && plan.versionId > 1 ? plan.versionId - 1 : plan.versionId),
    status,
    createdAt: at(createdDay, rnd.int(8, 16)),
    updatedAt: at(createdDay, 17),
  };
  orders.push(order);
  if (status !== 'ACCEPTED' && status !== 'COMPLETED') {
    if (status !== 'REQUESTED') order.updatedAt = at(addDays(createdDay, rnd.int(1, 4)), 12);
    return;
  }
  // Monthly delivery reports, up to the ordered quantity and not beyond today.
  let delivered = 0;
  for (let month = 1; ; month++) {
    const date = addDays(addMonths(createdDay, month), -1);
    if (date > lastDay || delivered >= quantity) break;
    const q = Math.min(quantity - delivered, Math.round((perMonth * rnd.int(80, 100)) / 100 / 50) * 50 || 100);
    delivered += q;
    deliveries.push({
      id: `de-${pad(deliveries.length + 1, 7)}`,
      orderId: order.id,
      date,
      quantity: q,
      amountCents: Math.round((q * order.voucherValueCents) / 100),
      reportedAt: at(addDays(date, 1), 8),
    });
    order.updatedAt = at(addDays(date, 1), 8);
  }
  if (delivered >= quantity) order.status = 'COMPLETED';
}

/** Monthly payments to each provider for the deliveries reported in that month. */
function makePayments(rnd: Random, providers: Provider[], orders: Order[], deliveries: Delivery[]): Payment[] {
  const orderById = new Map(orders.map((o) => [o.id, o]));
  const groups = new Map<string, Delivery[]>();
  for (const d of deliveries) {
    const key = `${orderById.get(d.orderId)!.providerId}/${d.date.slice(0, 7)}`;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(d);
  }
  const byProvider = new Map(providers.map((p) => [p.id, p]));
  const payments: Payment[] = [];
  for (const [key, list] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [providerId, month] = key.split('/');
    const base = `${month.replace('-', '')}${pad(payments.length + 1, 6)}`;
    payments.push({
      id: `pa-${pad(payments.length + 1, 6)}`,
      providerId,
      month,
      amountCents: list.reduce((s, d) => s + d.amountCents, 0),
      iban: byProvider.get(providerId)!.iban,
      reference: referenceFor(base),
      paidAt: at(addDays(addMonths(`${month}-01`, 1), 14 + rnd.int(0, 3)), 6),
      deliveryIds: list.map((d) => d.id),
    });
  }
  return payments;
}

/** A Finnish payment reference (viitenumero): the base and its 7-3-1 check digit. */
function referenceFor(base: string): string {
  const weights = [7, 3, 1];
  const sum = [...base].reverse().reduce((s, c, i) => s + Number(c) * weights[i % 3], 0);
  const ref = `${base}${(10 - (sum % 10)) % 10}`;
  if (!FinnishBankUtils.isValidFinnishRefNumber(ref)) throw new Error(`generated an invalid reference ${ref}`);
  return ref;
}

const cache = new Map<string, World>();
/** The world for a scale and seed, generated once per process. */
export function getWorld(options: WorldOptions = {}): World {
  const key = `${options.scale ?? 'trial'}/${options.seed ?? 2026}`;
  if (!cache.has(key)) cache.set(key, generateWorld(options));
  return cache.get(key)!;
}

/** Scale and seed from the environment: SEED_SCALE=trial|national, SEED=number. */
export function worldOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): WorldOptions {
  const scale = env.SEED_SCALE === 'national' ? 'national' : 'trial';
  return { scale, seed: env.SEED ? Number(env.SEED) : 2026 };
}

