/**
 * The client-record system's part of the world: case workers, clients (with valid HETUs), and
 * each client's plans with their goals and planned services.
 *
 * Fixtures the tests rely on: cl-00001 (Kajaani) has an active plan with 1 planned service
 * (home care, 2.5 hours a week), cl-00002 (Kajaani) one with 30; cw-0001 is a Kajaani case worker.
 */
import { MUNICIPALITIES, SERVICE_TYPES, type LanguageCode, type MunicipalityRef } from '../lib/reference.js';
import { addDays, addMonths, at, pad } from './calendar.js';
import { ascii, hetuFor } from './identity.js';
import * as N from './names.js';
import type { Random } from './random.js';
import { GOALS_FI, GOALS_SV, INSTRUCTIONS, SCHEDULES, SITUATIONS_FI, SITUATIONS_SV } from './texts.js';
import type { CaseWorker, Client, Plan, PlannedService, PlanStatus, Scale } from './types.js';

/** About one case worker per 15 clients (national: per 60), at least one per municipality. */
export function makeCaseWorkers(
  rnd: Random,
  scale: Scale,
  perMunicipality: number[],
): { caseWorkers: CaseWorker[]; workersOf: Map<string, CaseWorker[]> } {
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
  return { caseWorkers, workersOf };
}

/**
 * Clients one after another, each with their plans. Why a generator with state: the HETUs'
 * individual numbers run on from one client to the next, and client numbers are global.
 */
export function clientRecordsGenerator(rnd: Random, workersOf: Map<string, CaseWorker[]>, asOf: string) {
  let individual = 2;
  return (n: number, mun: MunicipalityRef): { client: Client; plans: Plan[] } => {
    const client = makeClient(rnd, n, mun, workersOf.get(mun.code)!, individual);
    individual = individual >= 897 ? 2 : individual + rnd.int(1, 3);
    const servicesWanted = n === 1 ? 1 : n === 2 ? 30 : rnd.int(1, 6);
    return { client, plans: makePlans(rnd, client, servicesWanted, asOf, n <= 2) };
  };
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
    const st = fixture
      ? SERVICE_TYPES[i % SERVICE_TYPES.length]
      : count <= SERVICE_TYPES.length
        ? rnd.sample(
            SERVICE_TYPES.filter((x) => !out.some((o) => o.serviceTypeCode === x.code)),
            1,
          )[0]
        : SERVICE_TYPES[i % SERVICE_TYPES.length];
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
  if (!fixture && rnd.chance(0.06))
    plan('draft', addDays(addMonths(activeFrom, 12), 0), addDays(addMonths(activeFrom, 24), -1), rnd.int(1, 6));
  return plans;
}
