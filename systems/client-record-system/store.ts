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
 * CarePlans, Goals and Organizations are also written at run time (writes.ts): a written resource keeps every
 * version in its table, a new one gets the next ordinal, and the indexes drop the old
 * version's keys and take the new one's, so a search cannot tell a written plan from a seeded
 * one. The seed's world is never changed: every stand-in started from it starts the same.
 */
import type { CarePlan, Goal, Patient, Practitioner } from '../../lib/fhir-r4.js';
import type { CaseWorker, Client, Plan, World } from '../../seed/world.js';
import {
  BUSINESS_ID_SYSTEM,
  baseInstant,
  performersByService,
  toCarePlan,
  toGoal,
  toOrganization,
  toPatient,
  toPractitioner,
  type Organization,
} from './resources.js';

export type ResourceType = 'Patient' | 'Practitioner' | 'Organization' | 'CarePlan' | 'Goal';
export type AnyResource = Patient | Practitioner | Organization | CarePlan | Goal;
export const RESOURCE_TYPES: readonly ResourceType[] = ['Patient', 'Practitioner', 'Organization', 'CarePlan', 'Goal'];

/** Lower-case, accents folded: FHIR string search is case- and accent-insensitive. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/**
 * One resource type: rows in a fixed order, an id index and a resource builder. A seeded row
 * is built from the world on read and has one version (the seed's); a row written at run time
 * keeps all its versions here, oldest first, and its newest is the resource.
 */
export class Table<R extends AnyResource> {
  private readonly ordinalOf = new Map<string, number>();
  private readonly idList: string[];
  private readonly written = new Map<number, R[]>();
  /** True while ordinal order is id order (the seed's ids are sorted; written ones may not be). */
  private inIdOrder: boolean;
  constructor(
    readonly type: ResourceType,
    ids: readonly string[],
    private readonly build: (ordinal: number) => R,
  ) {
    this.idList = [...ids];
    ids.forEach((id, i) => this.ordinalOf.set(id, i));
    this.inIdOrder = ids.every((id, i) => i === 0 || ids[i - 1] < id);
  }
  get size(): number {
    return this.idList.length;
  }
  get ordinalsInIdOrder(): boolean {
    return this.inIdOrder;
  }
  id(ordinal: number): string {
    return this.idList[ordinal];
  }
  ordinal(id: string): number | undefined {
    return this.ordinalOf.get(id);
  }
  resource(ordinal: number): R {
    const versions = this.written.get(ordinal);
    return versions ? versions[versions.length - 1] : this.build(ordinal);
  }
  byId(id: string): R | undefined {
    const o = this.ordinalOf.get(id);
    return o === undefined ? undefined : this.resource(o);
  }
  /** Every kept version, oldest first: a seeded row's first kept version is its seeded state. */
  versions(ordinal: number): readonly R[] {
    return this.written.get(ordinal) ?? [this.build(ordinal)];
  }
  /** A new row (its id and meta set by the caller); returns its ordinal. */
  append(resource: R): number {
    const id = resource.id!;
    if (this.ordinalOf.has(id)) throw new Error(`${this.type}/${id} exists`);
    const o = this.idList.length;
    if (o > 0 && this.idList[o - 1] >= id) this.inIdOrder = false;
    this.idList.push(id);
    this.ordinalOf.set(id, o);
    this.written.set(o, [resource]);
    return o;
  }
  /** A new version of an existing row. */
  revise(ordinal: number, resource: R): void {
    const versions = this.written.get(ordinal);
    if (versions) versions.push(resource);
    else this.written.set(ordinal, [this.build(ordinal), resource]);
  }
}

/** Multimap key → ordinals, each list sorted ascending and without repeats. */
class Index {
  private readonly map = new Map<string, number[]>();
  add(key: string, ordinal: number): void {
    const list = this.map.get(key);
    if (!list) {
      this.map.set(key, [ordinal]);
      return;
    }
    // The seed fills in ordinal order (a push); a revised row goes back to its place.
    if (list[list.length - 1] < ordinal) list.push(ordinal);
    else {
      const at = position(list, ordinal);
      if (list[at] !== ordinal) list.splice(at, 0, ordinal);
    }
  }
  remove(key: string, ordinal: number): void {
    const list = this.map.get(key);
    if (!list) return;
    const at = position(list, ordinal);
    if (list[at] !== ordinal) return;
    if (list.length === 1) this.map.delete(key);
    else list.splice(at, 1);
  }
  get(key: string): readonly number[] {
    return this.map.get(key) ?? [];
  }
}

/** Where the ordinal is, or would go, in a sorted list. */
function position(list: readonly number[], ordinal: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] < ordinal) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The id in a relative reference "Type/id", when it is of that type. */
export function referenceTo(reference: string | undefined, type: string): string | null {
  if (!reference) return null;
  const [t, id, ...rest] = reference.split('/');
  return t === type && id && rest.length === 0 ? id : null;
}

/** Keys of an identifier in the identifier indexes: `system|value` and the bare value. */
function identifierKeys(identifiers: readonly { system?: string; value?: string }[] | undefined): { full: string[]; values: string[] } {
  const full = new Set<string>();
  const values = new Set<string>();
  for (const i of identifiers ?? []) {
    if (!i.value) continue;
    full.add(`${i.system ?? ''}|${i.value}`);
    values.add(i.value);
  }
  return { full: [...full], values: [...values] };
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
  /** The plan whose current version has the activity (planned service). */
  readonly carePlanByActivity = new Map<string, number>();
  /**
   * Activity ids a plan had in an earlier version and no longer has. They stay its own: orders
   * in the voucher system name planned services by id, so an id is never given to another plan.
   */
  private readonly retiredActivities = new Map<string, number>();
  /** Plans with an activity performed by the organization (provider id). */
  readonly carePlansByPerformer = new Index();
  /** Plans by identifier: `system|value` and the bare value (the idempotency key of a create). */
  readonly carePlansByIdentifier = new Index();
  readonly carePlansByIdentifierValue = new Index();

  /**
   * Organization indexes. By business ID a multimap: the catalogue keeps business IDs unique
   * among its providers, but this system, like a real one, does not make that its rule.
   */
  readonly organizationsByBusinessId = new Index();

  /** Goal indexes. */
  readonly goalsBySubject = new Index();
  readonly goalsByIdentifier = new Index();
  readonly goalsByIdentifierValue = new Index();
  /** Goals each plan's current version references (for _include=CarePlan:goal), by plan ordinal. */
  readonly goalsOfPlan: number[][];

  constructor(readonly world: World) {
    const lastUpdated = baseInstant(world.asOf);
    const clients: Client[] = world.clients;
    const workers: CaseWorker[] = world.caseWorkers;
    const plans: Plan[] = world.plans;
    const municipalityOf = new Map(clients.map((c) => [c.id, c.municipalityCode]));
    const goalRows: { plan: Plan; goal: Plan['goals'][number] }[] = [];
    const goalsOfPlan: number[][] = [];

    this.patients = new Table(
      'Patient',
      clients.map((c) => c.id),
      (o) => toPatient(clients[o], lastUpdated),
    );
    this.practitioners = new Table(
      'Practitioner',
      workers.map((w) => w.id),
      (o) => toPractitioner(workers[o], lastUpdated),
    );
    this.organizations = new Table(
      'Organization',
      world.providers.map((p) => p.id),
      (o) => toOrganization(world.providers[o], lastUpdated),
    );
    world.providers.forEach((p, o) => this.organizationsByBusinessId.add(p.businessId, o));
    // Who performs a planned service is part of the plan's record (activity.detail.performer).
    const performers = performersByService(world.orders);
    const providerName = new Map(world.providers.map((p) => [p.id, p.name]));
    const performersOf = (serviceId: string) => (performers.get(serviceId) ?? []).map((id) => ({ id, name: providerName.get(id) }));
    this.carePlans = new Table(
      'CarePlan',
      plans.map((p) => p.id),
      (o) => toCarePlan(plans[o], municipalityOf.get(plans[o].clientId)!, performersOf),
    );

    const namePairs: [string, number][] = [];
    clients.forEach((c, o) => {
      this.patientByHetu.set(c.hetu.toUpperCase(), o);
      this.patientsByPractitioner.add(c.caseWorkerId, o);
      this.patientsByMunicipality.add(c.municipalityCode, o);
      for (const part of [c.familyName, c.givenName]) {
        for (const token of normalizeText(part)
          .split(/[\s-]+/)
          .filter(Boolean))
          namePairs.push([token, o]);
        namePairs.push([normalizeText(part), o]);
      }
    });
    this.patientNames = new PrefixIndex(namePairs);
    const familyKey = clients.map((c) => `${normalizeText(c.familyName)}\u0000${normalizeText(c.givenName)}\u0000${c.id}`);
    this.patientsByFamily = clients
      .map((_, o) => o)
      .sort((a, b) => (familyKey[a] < familyKey[b] ? -1 : familyKey[a] > familyKey[b] ? 1 : 0));
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
    this.goals = new Table(
      'Goal',
      goalRows.map((r) => r.goal.id),
      (o) => toGoal(goalRows[o].plan, goalRows[o].goal),
    );
  }

  /** The plan an activity (planned service) id belongs to, now or in an earlier version. */
  activityOwner(activityId: string): number | undefined {
    return this.carePlanByActivity.get(activityId) ?? this.retiredActivities.get(activityId);
  }

  /** The municipality of residence of a known patient. */
  municipalityOfPatient(patientId: string): string | undefined {
    const o = this.patients.ordinal(patientId);
    return o === undefined ? undefined : this.world.clients[o].municipalityCode;
  }

  /** Stores a new CarePlan (id and meta set) and indexes it; returns its ordinal. */
  addCarePlan(plan: CarePlan): number {
    const o = this.carePlans.append(plan);
    this.goalsOfPlan[o] = [];
    this.indexCarePlan(o, plan, true);
    return o;
  }

  /** Stores a new version of a CarePlan: the old version's index entries go, the new one's come. */
  reviseCarePlan(ordinal: number, plan: CarePlan): void {
    this.indexCarePlan(ordinal, this.carePlans.resource(ordinal), false);
    this.carePlans.revise(ordinal, plan);
    this.indexCarePlan(ordinal, plan, true);
  }

  addGoal(goal: Goal): number {
    const o = this.goals.append(goal);
    this.indexGoal(o, goal, true);
    return o;
  }

  reviseGoal(ordinal: number, goal: Goal): void {
    this.indexGoal(ordinal, this.goals.resource(ordinal), false);
    this.goals.revise(ordinal, goal);
    this.indexGoal(ordinal, goal, true);
  }

  /** Stores a new Organization (a provider registered at run time; id and meta set) and indexes it. */
  addOrganization(organization: Organization): number {
    const o = this.organizations.append(organization);
    this.indexOrganization(o, organization, true);
    return o;
  }

  reviseOrganization(ordinal: number, organization: Organization): void {
    this.indexOrganization(ordinal, this.organizations.resource(ordinal), false);
    this.organizations.revise(ordinal, organization);
    this.indexOrganization(ordinal, organization, true);
  }

  private indexOrganization(o: number, organization: Organization, add: boolean): void {
    for (const identifier of organization.identifier ?? []) {
      if (identifier.system !== BUSINESS_ID_SYSTEM || !identifier.value) continue;
      if (add) this.organizationsByBusinessId.add(identifier.value, o);
      else this.organizationsByBusinessId.remove(identifier.value, o);
    }
  }

  /** Adds (or removes) one version's keys; the keys are read from the resource itself. */
  private indexCarePlan(o: number, plan: CarePlan, add: boolean): void {
    const put = (index: Index, key: string | null) => {
      if (key === null) return;
      if (add) index.add(key, o);
      else index.remove(key, o);
    };
    put(this.carePlansBySubject, referenceTo(plan.subject?.reference, 'Patient'));
    put(this.carePlansByStatus, plan.status);
    const performers = new Set<string>();
    for (const activity of plan.activity ?? []) {
      for (const p of activity.detail?.performer ?? []) {
        const id = referenceTo(p.reference, 'Organization');
        if (id) performers.add(id);
      }
      if (!activity.id) continue;
      if (add) {
        this.carePlanByActivity.set(activity.id, o);
        this.retiredActivities.delete(activity.id);
      } else if (this.carePlanByActivity.get(activity.id) === o) {
        this.carePlanByActivity.delete(activity.id);
        this.retiredActivities.set(activity.id, o);
      }
    }
    for (const id of performers) put(this.carePlansByPerformer, id);
    const { full, values } = identifierKeys(plan.identifier);
    for (const key of full) put(this.carePlansByIdentifier, key);
    for (const value of values) put(this.carePlansByIdentifierValue, value);
    if (add) {
      const goals = (plan.goal ?? [])
        .map((g) => this.goals.ordinal(referenceTo(g.reference, 'Goal') ?? ''))
        .filter((g): g is number => g !== undefined);
      this.goalsOfPlan[o] = [...new Set(goals)];
    }
  }

  private indexGoal(o: number, goal: Goal, add: boolean): void {
    const put = (index: Index, key: string | null) => {
      if (key === null) return;
      if (add) index.add(key, o);
      else index.remove(key, o);
    };
    put(this.goalsBySubject, referenceTo(goal.subject?.reference, 'Patient'));
    const { full, values } = identifierKeys(goal.identifier);
    for (const key of full) put(this.goalsByIdentifier, key);
    for (const value of values) put(this.goalsByIdentifierValue, value);
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
