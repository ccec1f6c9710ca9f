/**
 * The client-record system's data in memory, with the indexes its searches use.
 *
 * Why indexes: at the national scale (SEED_SCALE=national) there are 60 000 patients and more
 * plans; a search by identity code, name prefix, municipality, practitioner or subject must
 * find its rows without scanning them all, as a real system's database would. Every table
 * keeps its rows in a fixed order (their ordinal); index lookups return ordinals sorted
 * ascending, so results are deterministic and sets intersect cheaply.
 *
 * Resources are built on read (resources.ts): the records are the truth, the JSON is a view.
 */
import type { CarePlan, Goal, Patient, Practitioner } from '../../lib/fhir-r4.js';
import type { CaseWorker, Client, Plan, World } from '../../seed/world.js';
import { baseInstant, performersByService, toCarePlan, toGoal, toOrganization, toPatient, toPractitioner, type Organization } from './resources.js';

export type ResourceType = 'Patient' | 'Practitioner' | 'Organization' | 'CarePlan' | 'Goal';
export type AnyResource = Patient | Practitioner | Organization | CarePlan | Goal;
export const RESOURCE_TYPES: readonly ResourceType[] = ['Patient', 'Practitioner', 'Organization', 'CarePlan', 'Goal'];

/** Lower-case, accents folded: FHIR string search is case- and accent-insensitive. */
export function normalizeText(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

/** One resource type: rows in a fixed order, an id index and a resource builder. */
export class Table<R extends AnyResource> {
  private readonly ordinalOf = new Map<string, number>();
  constructor(
    readonly type: ResourceType,
    readonly ids: readonly string[],
    private readonly build: (ordinal: number) => R,
  ) {
    ids.forEach((id, i) => this.ordinalOf.set(id, i));
  }
  get size(): number {
    return this.ids.length;
  }
  ordinal(id: string): number | undefined {
    return this.ordinalOf.get(id);
  }
  resource(ordinal: number): R {
    return this.build(ordinal);
  }
  byId(id: string): R | undefined {
    const o = this.ordinalOf.get(id);
    return o === undefined ? undefined : this.build(o);
  }
}

/** Multimap key → ordinals, filled in ordinal order so each list is sorted. */
class Index {
  private readonly map = new Map<string, number[]>();
  add(key: string, ordinal: number): void {
    const list = this.map.get(key);
    if (list) {
      if (list[list.length - 1] !== ordinal) list.push(ordinal);
    } else this.map.set(key, [ordinal]);
  }
  get(key: string): readonly number[] {
    return this.map.get(key) ?? [];
  }
}

/** Sorted (token, ordinal) pairs: a prefix search is a binary search and a short walk. */
class PrefixIndex {
  private tokens: string[] = [];
  private ordinals: number[] = [];
  constructor(pairs: [string, number][]) {
    pairs.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x - y));
    this.tokens = pairs.map(([t]) => t);
    this.ordinals = pairs.map(([, o]) => o);
  }
  /** Ordinals with a token starting with the prefix (exact: equal to it), sorted, unique. */
  find(prefix: string, exact = false): number[] {
    let lo = 0;
    let hi = this.tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.tokens[mid] < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out = new Set<number>();
    for (let i = lo; i < this.tokens.length && this.tokens[i].startsWith(prefix); i++) {
      if (!exact || this.tokens[i] === prefix) out.add(this.ordinals[i]);
    }
    return [...out].sort((a, b) => a - b);
  }
}

export class ClientRecordStore {
  readonly patients: Table<Patient>;
  readonly practitioners: Table<Practitioner>;
  /** Service providers: the performers of planned services. */
  readonly organizations: Table<Organization>;
  readonly carePlans: Table<CarePlan>;
  readonly goals: Table<Goal>;

  /** Patient indexes. */
  readonly patientByHetu = new Map<string, number>();
  readonly patientsByPractitioner = new Index();
  readonly patientsByMunicipality = new Index();
  readonly patientNames: PrefixIndex;
  /** Patient ordinals ordered by family name, given name, id (for _sort=family). */
  readonly patientsByFamily: readonly number[];
  readonly patientFamilyRank: Int32Array;

  /** CarePlan indexes. */
  readonly carePlansBySubject = new Index();
  readonly carePlansByStatus = new Index();
  readonly carePlanByActivity = new Map<string, number>();
  /** Plans with an activity performed by the organization (provider id). */
  readonly carePlansByPerformer = new Index();

  /** Organization indexes. */
  readonly organizationByBusinessId = new Map<string, number>();

  /** Goal indexes. */
  readonly goalsBySubject = new Index();
  readonly goalsOfPlan: readonly number[][];

  constructor(readonly world: World) {
    const lastUpdated = baseInstant(world.asOf);
    const clients: Client[] = world.clients;
    const workers: CaseWorker[] = world.caseWorkers;
    const plans: Plan[] = world.plans;
    const municipalityOf = new Map(clients.map((c) => [c.id, c.municipalityCode]));
    const goalRows: { plan: Plan; goal: Plan['goals'][number] }[] = [];
    const goalsOfPlan: number[][] = [];

    this.patients = new Table('Patient', clients.map((c) => c.id), (o) => toPatient(clients[o], lastUpdated));
    this.practitioners = new Table('Practitioner', workers.map((w) => w.id), (o) => toPractitioner(workers[o], lastUpdated));
    this.organizations = new Table('Organization', world.providers.map((p) => p.id), (o) => toOrganization(world.providers[o], lastUpdated));
    world.providers.forEach((p, o) => this.organizationByBusinessId.set(p.businessId, o));
    // Who performs a planned service is part of the plan's record (activity.detail.performer).
    const performers = performersByService(world.orders);
    const providerName = new Map(world.providers.map((p) => [p.id, p.name]));
    const performersOf = (serviceId: string) => (performers.get(serviceId) ?? []).map((id) => ({ id, name: providerName.get(id) }));
    this.carePlans = new Table('CarePlan', plans.map((p) => p.id), (o) => toCarePlan(plans[o], municipalityOf.get(plans[o].clientId)!, performersOf));

    const namePairs: [string, number][] = [];
    clients.forEach((c, o) => {
      this.patientByHetu.set(c.hetu.toUpperCase(), o);
      this.patientsByPractitioner.add(c.caseWorkerId, o);
      this.patientsByMunicipality.add(c.municipalityCode, o);
      for (const part of [c.familyName, c.givenName]) {
        for (const token of normalizeText(part).split(/[\s-]+/).filter(Boolean)) namePairs.push([token, o]);
        namePairs.push([normalizeText(part), o]);
      }
    });
    this.patientNames = new PrefixIndex(namePairs);
    const familyKey = clients.map((c) => `${normalizeText(c.familyName)}\u0000${normalizeText(c.givenName)}\u0000${c.id}`);
    this.patientsByFamily = clients.map((_, o) => o).sort((a, b) => (familyKey[a] < familyKey[b] ? -1 : familyKey[a] > familyKey[b] ? 1 : 0));
    this.patientFamilyRank = new Int32Array(clients.length);
    this.patientsByFamily.forEach((o, rank) => (this.patientFamilyRank[o] = rank));

    plans.forEach((p, o) => {
      this.carePlansBySubject.add(p.clientId, o);
      this.carePlansByStatus.add(p.status, o);
      for (const ps of p.services) {
        this.carePlanByActivity.set(ps.id, o);
        for (const providerId of performers.get(ps.id) ?? []) this.carePlansByPerformer.add(providerId, o);
      }
      goalsOfPlan.push([]);
      for (const goal of p.goals) {
        const g = goalRows.length;
        goalRows.push({ plan: p, goal });
        goalsOfPlan[o].push(g);
        this.goalsBySubject.add(p.clientId, g);
      }
    });
    this.goalsOfPlan = goalsOfPlan;
    this.goals = new Table('Goal', goalRows.map((r) => r.goal.id), (o) => toGoal(goalRows[o].plan, goalRows[o].goal));
  }

  table(type: ResourceType): Table<AnyResource> {
    switch (type) {
      case 'Patient':
        return this.patients;
      case 'Practitioner':
        return this.practitioners;
      case 'Organization':
        return this.organizations;
      case 'CarePlan':
        return this.carePlans;
      case 'Goal':
        return this.goals;
    }
  }
}
