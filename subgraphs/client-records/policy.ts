/**
 * Who sees what in the client-records subgraph — the one module that decides it (DESIGN.md
 * principle 3: the gateway authenticates, subgraphs authorise, rules in one policy module), and
 * the one place that notes every client-data read it lets through for the audit (principle 4).
 * Resolvers never decide: they hand the policy what they loaded and a reader, and get back the
 * value, a filtered list or a FORBIDDEN error.
 *
 * The model: a viewer has an *access level* to each client's data —
 *   full      the client themself, or a case worker of the client's municipality
 *   delivery  a provider that performs one of the client's planned services (need-to-know)
 *   none      anyone else; analysts and administrators always
 * — and each field of Client, ClientPlan and PlannedService names the levels that may read it.
 *
 * Need-to-know of a provider, read from the client record (CarePlan.activity.detail.performer):
 *   - it sees a client when one of the client's plans in state DRAFT, ACTIVE or COMPLETED has a
 *     planned service it performs. COMPLETED counts because deliveries are reported, invoiced
 *     and paid after a plan ends; DRAFT because a continuing provider prepares the next period.
 *     A REVOKED plan gives no access: the plan was withdrawn, and so was the reason to know.
 *   - it sees a plan only when it performs a service in it (same states), and a planned service
 *     only when it performs that service.
 *   - of what it sees, it reads what delivering needs: name, address, language, municipality,
 *     the plan's period and version, and the planned services it performs in full.
 *
 * How a refusal shows (the rule for every field):
 *   - a nullable field the viewer may not read is null with FORBIDDEN at its path;
 *   - a list is filtered to what the viewer may see — never an error that would null the parent,
 *     never a partial leak: a provider's `plans` are the plans it performs in, `services` the
 *     services it performs, `goals` is [] (the plan's content is not delivery data);
 *   - `currentPlan`: null when there is no ACTIVE plan; FORBIDDEN when there is one the viewer
 *     may not see (a provider that performs only in another plan);
 *   - an entity or root lookup of a client (plan, planned service) the viewer may not see is null
 *     with FORBIDDEN — the same for `client(id:)` and for `_entities`. Where the role alone
 *     decides (analysts, administrators, a client asking for someone else, a provider that
 *     serves no such client), the refusal comes before the record is looked up, so a refused
 *     viewer cannot learn which ids exist. Where the record decides (a case worker: the
 *     client's municipality), an id that exists nowhere gets the very same refusal as a client
 *     of another municipality: "not found" would tell a case worker that the other is a client.
 *
 * The identity code has its own rule, narrower than `full` may ever become: only the client and
 * case workers of the client's municipality.
 *
 * Case workers (not client data, but work contacts): a case worker sees the case workers of
 * their own municipality (colleagues, to hand clients over); a client sees their own responsible
 * worker (name, phone, email) — through `responsibleWorker` and as an entity; providers,
 * analysts and administrators see none. `me` is the viewer's own token and needs no rule.
 *
 * Audit: every read this policy lets through is noted in the request's AuditTrail with the
 * client's id and municipality and the kind of data — "Client", "IdentityCode", "ClientPlan",
 * "PlannedService" — and returned to the gateway (lib/audit.ts). Refused reads are not noted.
 * That a person is a client at all is client data too ("Existence"): released by a client's
 * id, by a root lookup or entity that answered (`{ __typename }` is enough), by each edge of a
 * `clients` page (its cursor, its node), and — for a search, which names its person — by the
 * page's `totalCount` and `pageInfo`, which tell of every match. Without a search those two
 * are counts of the municipality's clients and release no one. Above MAX_PAGE matches a
 * count singles no one out, and only the page's edges are noted.
 * A provider is outside the municipality: what it is given is a disclosure, noted with its
 * basis — the planned services it performs in the client's plans (the vouchers subgraph adds
 * the orders it reads for).
 */
import { EXISTENCE, type AuditTrail } from '../../lib/audit.js';
import { forbidden } from '../../lib/errors.js';
import type { Viewer } from '../../lib/viewer.js';
import type { CaseWorkerModel, ClientModel, ClientRef, PlanModel, PlanStatusModel, PlannedServiceModel } from './models.js';

export type AccessLevel = 'full' | 'delivery' | 'none';

type Levels = readonly Exclude<AccessLevel, 'none'>[];
const FULL: Levels = ['full'];
const ANY: Levels = ['full', 'delivery'];

/** Client fields and who may read them. The lists `plans` (and `currentPlan`) are further limited to plans the viewer may see. */
const CLIENT_FIELDS = {
  id: ANY,
  personalIdentityCode: FULL, // and the identity-code rule
  firstName: ANY,
  lastName: ANY,
  birthDate: FULL,
  municipality: ANY,
  municipalityCode: ANY,
  language: ANY,
  address: ANY,
  phone: FULL,
  responsibleWorker: FULL,
  currentPlan: ANY,
  plans: ANY,
} as const satisfies Record<string, Levels>;

/** ClientPlan fields: a provider reads the plan's frame (period, version) and its own services, not the plan's content. */
const PLAN_FIELDS = {
  id: ANY,
  client: ANY,
  version: ANY,
  status: ANY,
  validFrom: ANY,
  validTo: ANY,
  situation: FULL,
  goals: FULL, // a list: [] for those who may not read it
  approvedAt: FULL,
  revocationReason: FULL,
  services: ANY, // a list: only the services the viewer may see
  municipalityCode: ANY,
} as const satisfies Record<string, Levels>;

/** PlannedService fields: the planned service is what a provider delivers (only the ones it performs). */
const SERVICE_FIELDS = {
  id: ANY,
  plan: ANY,
  serviceType: ANY,
  quantity: ANY,
  unit: ANY,
  per: ANY,
  schedule: ANY,
  location: ANY,
  instructions: ANY,
  serviceTypeCode: ANY,
  municipalityCode: ANY,
  planId: ANY,
} as const satisfies Record<string, Levels>;

export type ClientField = keyof typeof CLIENT_FIELDS;
export type PlanField = keyof typeof PLAN_FIELDS;
export type ServiceField = keyof typeof SERVICE_FIELDS;
/** Fields read through `readClient` / `readPlan`; the list fields have their own methods. */
export type ClientValueField = Exclude<ClientField, 'plans' | 'currentPlan'>;
export type PlanValueField = Exclude<PlanField, 'goals' | 'services'>;

/** Plans whose performers may see the client: everything but a withdrawn plan. */
const PROVIDER_PLAN_STATES: ReadonlySet<PlanStatusModel> = new Set(['DRAFT', 'ACTIVE', 'COMPLETED']);

/** Audit kinds: what part of a client's data was read ("Existence": only that they are a client). */
export type AuditKind = 'Client' | 'IdentityCode' | 'ClientPlan' | 'PlannedService' | typeof EXISTENCE;

/** What root `clients` may list, as a filter the search applies. */
export type ClientListScope = { clientId: string } | { municipalityCode: string };

/** The records the policy decides on, read through the request's batched loaders. */
export interface PolicyFacts {
  /** Every plan of a client (a provider's need-to-know is read from their performers). */
  plansOfClient(clientId: string): Promise<PlanModel[]>;
  /** A client's record (a client's own, to know their responsible worker). */
  client(clientId: string): Promise<ClientModel | null>;
}

export class AccessPolicy {
  private readonly levels = new Map<string, Promise<AccessLevel>>();

  constructor(
    readonly viewer: Viewer,
    private readonly facts: PolicyFacts,
    private readonly audit: AuditTrail,
  ) {}

  // ---- root lookups ------------------------------------------------------------------------

  /** Root `client`/`clients`: for clients and case workers; providers reach clients only through their orders. */
  assertMayQueryClients(): void {
    if (this.viewer.role !== 'CLIENT' && this.viewer.role !== 'CASE_WORKER') {
      throw forbidden(`${this.viewer.role} may not look up clients`);
    }
  }

  /** The clients root `clients` lists; call after assertMayQueryClients. */
  clientListScope(): ClientListScope {
    const { role, clientId, municipalityCode } = this.viewer;
    if (role === 'CLIENT' && clientId) return { clientId };
    if (role === 'CASE_WORKER' && municipalityCode) return { municipalityCode };
    throw forbidden(role === 'CLIENT' ? 'the token names no client' : 'the token names no municipality');
  }

  // ---- writes ------------------------------------------------------------------------------

  /**
   * Plan writes (createPlan, updatePlan, approvePlan, revokePlan): case workers only, refused
   * for every other role before anything is looked up.
   */
  assertMayWritePlans(): void {
    if (this.viewer.role !== 'CASE_WORKER' || !this.viewer.municipalityCode) {
      throw forbidden('only a case worker of the client\'s municipality may write client plans');
    }
  }

  /** A plan write for this client: the case worker's own municipality only. */
  assertMayWritePlanOf(client: ClientRef): void {
    this.assertMayWritePlans();
    if (client.municipalityCode !== this.viewer.municipalityCode) {
      throw forbidden('a case worker may write plans of clients of their own municipality only');
    }
  }

  /** Notes a write for the audit: who changed what of which client's data (recorded after it succeeded). */
  noteWrite(client: ClientRef, action: string): void {
    this.audit.recordWrite(client.id, client.municipalityCode, action);
  }

  // ---- whole records -----------------------------------------------------------------------

  /** Refuses viewers who may read no client's data at all (before anything is looked up). */
  assertMayReadClientData(): void {
    if (!this.hasScope()) throw forbidden(`${this.viewer.role} may not read client data`);
  }

  /**
   * Before a client is looked up by id: refuses when the viewer's role and relation alone
   * decide (a client asking for someone else, a provider that performs nothing for this id),
   * so that a refused viewer cannot tell which ids exist. Throws at once where the role
   * decides; a provider's answer is the returned promise (it reads the client's plans). A case
   * worker's answer needs the record (its municipality): `assertClient` decides it.
   */
  assertMayLookUpClient(clientId: string): Promise<void> {
    this.assertMayReadClientData();
    const { role } = this.viewer;
    if (role === 'CLIENT' && clientId !== this.viewer.clientId) throw this.refuseClient();
    if (role === 'PROVIDER') {
      return this.providerServes(clientId).then((serves) => {
        if (!serves) throw this.refuseClient();
      });
    }
    return Promise.resolve();
  }

  async clientAccess(client: ClientRef): Promise<AccessLevel> {
    const key = `${client.id}\u0000${client.municipalityCode}`;
    let level = this.levels.get(key);
    if (!level) {
      level = this.decideClientAccess(client);
      this.levels.set(key, level);
    }
    return level;
  }

  /** Whether the viewer may see this client at all (an entity, a root lookup, a list row). */
  async maySeeClient(client: ClientRef): Promise<boolean> {
    return (await this.clientAccess(client)) !== 'none';
  }

  async assertClient(client: ClientRef): Promise<void> {
    if (!(await this.maySeeClient(client))) throw this.refuseClient();
  }

  /** A client id that exists nowhere: refused exactly as one the viewer may not see. */
  unknownClient(): Error {
    return this.refuseClient();
  }

  /**
   * A client a root lookup or an entity answered with: that they exist is released with it,
   * whatever fields follow (`{ __typename }` selects none). Call after assertClient.
   */
  async noteFound(client: ClientRef): Promise<void> {
    await this.note(client, EXISTENCE);
  }

  /**
   * A page of root `clients`: each edge, once released (its cursor or node resolved), tells
   * that its client exists; for a search, the page's `totalCount` and `pageInfo` tell it of
   * every match (`matches`, null without a search). Noted when released (lib/audit-paths.ts),
   * so a caller who asked only for the count of the municipality's clients released no one.
   */
  notePage(page: object, edges: readonly { node: ClientRef }[], matches: readonly ClientRef[] | null): void {
    for (const edge of edges) this.audit.recordOnRelease(edge, edge.node.id, edge.node.municipalityCode, EXISTENCE);
    for (const match of matches ?? []) this.audit.recordOnRelease(page, match.id, match.municipalityCode, EXISTENCE, { fields: ['totalCount', 'pageInfo'] });
  }

  async planAccess(owner: ClientRef, plan: PlanModel): Promise<AccessLevel> {
    if (this.viewer.role === 'PROVIDER') return this.performsIn(plan) ? 'delivery' : 'none';
    return this.clientAccess(owner);
  }

  async assertPlan(owner: ClientRef, plan: PlanModel): Promise<void> {
    if ((await this.planAccess(owner, plan)) === 'none') throw forbidden('this plan is not visible to the viewer');
  }

  async serviceAccess(owner: ClientRef, service: PlannedServiceModel): Promise<AccessLevel> {
    if (this.viewer.role === 'PROVIDER') return this.performs(service) ? 'delivery' : 'none';
    return this.clientAccess(owner);
  }

  async assertService(owner: ClientRef, service: PlannedServiceModel): Promise<void> {
    if ((await this.serviceAccess(owner, service)) === 'none') throw forbidden('this planned service is not visible to the viewer');
  }

  // ---- fields (each allowed read is noted for the audit) -----------------------------------

  /** A Client field; the identity code also passes its own rule. */
  async readClient<R>(client: ClientRef, field: ClientValueField, read: () => R | Promise<R>): Promise<R> {
    const level = await this.clientAccess(client);
    this.assertLevel(level, CLIENT_FIELDS[field], `Client.${field}`);
    if (field === 'personalIdentityCode') {
      if (!this.mayReadIdentityCode(client)) throw forbidden('Client.personalIdentityCode is not visible to the viewer');
      await this.note(client, 'IdentityCode');
    } else {
      // The id alone tells only that the person is a client.
      await this.note(client, field === 'id' ? EXISTENCE : 'Client');
    }
    return read();
  }

  /** `Client.plans`: the plans the viewer may see, newest first as loaded. */
  async readPlans(client: ClientRef, load: () => Promise<PlanModel[]>): Promise<PlanModel[]> {
    const level = await this.clientAccess(client);
    if (!this.allows(level, CLIENT_FIELDS.plans)) return [];
    const plans = await load();
    const visible = await this.filter(plans, (p) => this.planAccess(client, p));
    await this.note(client, 'Client');
    return visible;
  }

  /** `Client.currentPlan`: the ACTIVE plan, when the viewer may see it. */
  async readCurrentPlan(client: ClientRef, load: () => Promise<PlanModel | null>): Promise<PlanModel | null> {
    const level = await this.clientAccess(client);
    this.assertLevel(level, CLIENT_FIELDS.currentPlan, 'Client.currentPlan');
    const plan = await load();
    if (plan && (await this.planAccess(client, plan)) === 'none') throw forbidden('Client.currentPlan is not visible to the viewer');
    await this.note(client, 'Client');
    return plan;
  }

  async readPlan<R>(owner: ClientRef, plan: PlanModel, field: PlanValueField, read: () => R | Promise<R>): Promise<R> {
    this.assertLevel(await this.planAccess(owner, plan), PLAN_FIELDS[field], `ClientPlan.${field}`);
    this.notePlan(owner, plan, 'ClientPlan');
    return read();
  }

  /** `ClientPlan.goals`: the plan's content; [] for those who may not read it. */
  async readGoals(owner: ClientRef, plan: PlanModel): Promise<string[]> {
    if (!this.allows(await this.planAccess(owner, plan), PLAN_FIELDS.goals)) return [];
    this.notePlan(owner, plan, 'ClientPlan');
    return plan.goals;
  }

  /** `ClientPlan.services`: the planned services the viewer may see. */
  async readServices(owner: ClientRef, plan: PlanModel): Promise<PlannedServiceModel[]> {
    if (!this.allows(await this.planAccess(owner, plan), PLAN_FIELDS.services)) return [];
    const visible = await this.filter(plan.services, (s) => this.serviceAccess(owner, s));
    this.notePlan(owner, plan, 'ClientPlan');
    return visible;
  }

  async readService<R>(owner: ClientRef, service: PlannedServiceModel, field: ServiceField, read: () => R | Promise<R>): Promise<R> {
    this.assertLevel(await this.serviceAccess(owner, service), SERVICE_FIELDS[field], `PlannedService.${field}`);
    this.noteWithBasis(owner, 'PlannedService', this.viewer.role === 'PROVIDER' ? [service] : []);
    return read();
  }

  /** The identity code: only the client and case workers of the client's municipality. */
  mayReadIdentityCode(client: ClientRef): boolean {
    const { role, clientId, municipalityCode } = this.viewer;
    return (role === 'CLIENT' && clientId !== null && clientId === client.id) || (role === 'CASE_WORKER' && municipalityCode !== null && municipalityCode === client.municipalityCode);
  }

  // ---- case workers ------------------------------------------------------------------------

  /** Before a case worker is looked up: only clients and case workers ever see one. */
  assertMayLookUpCaseWorker(): void {
    const { role, clientId, municipalityCode } = this.viewer;
    if (!((role === 'CLIENT' && clientId) || (role === 'CASE_WORKER' && municipalityCode))) throw forbidden(`${role} may not read case workers`);
  }

  /** A CaseWorker entity: a colleague of the same municipality, or a client's own responsible worker. */
  async assertCaseWorker(worker: CaseWorkerModel): Promise<void> {
    this.assertMayLookUpCaseWorker();
    const { role, clientId, municipalityCode } = this.viewer;
    if (role === 'CASE_WORKER' && worker.municipalityCode !== null && worker.municipalityCode === municipalityCode) return;
    if (role === 'CLIENT' && clientId) {
      const own = await this.facts.client(clientId);
      if (own?.responsibleWorkerId === worker.id) return;
    }
    throw forbidden('this case worker is not visible to the viewer');
  }

  // ---- internals ---------------------------------------------------------------------------

  /** Whether the token names what the role needs to have any client-data access at all. */
  private hasScope(): boolean {
    const { role, clientId, municipalityCode, providerId } = this.viewer;
    switch (role) {
      case 'CLIENT':
        return !!clientId;
      case 'CASE_WORKER':
        return !!municipalityCode;
      case 'PROVIDER':
        return !!providerId;
      case 'ANALYST':
      case 'ADMIN':
        return false;
    }
  }

  private async decideClientAccess(client: ClientRef): Promise<AccessLevel> {
    if (!this.hasScope()) return 'none';
    const { role, clientId, municipalityCode } = this.viewer;
    switch (role) {
      case 'CLIENT':
        return clientId === client.id ? 'full' : 'none';
      case 'CASE_WORKER':
        return municipalityCode === client.municipalityCode ? 'full' : 'none';
      case 'PROVIDER':
        return (await this.providerServes(client.id)) ? 'delivery' : 'none';
      default:
        return 'none';
    }
  }

  /** A provider serves a client when it performs a service in one of the client's plans (batched plan load). */
  private async providerServes(clientId: string): Promise<boolean> {
    if (!this.viewer.providerId) return false;
    const plans = await this.facts.plansOfClient(clientId);
    return plans.some((p) => p.clientId === clientId && this.performsIn(p));
  }

  private performsIn(plan: PlanModel): boolean {
    return PROVIDER_PLAN_STATES.has(plan.status) && plan.services.some((s) => this.performs(s));
  }

  private performs(service: PlannedServiceModel): boolean {
    const me = this.viewer.providerId;
    return me !== null && PROVIDER_PLAN_STATES.has(service.planStatus) && service.performerIds.includes(me);
  }

  private allows(level: AccessLevel, levels: Levels): boolean {
    return level !== 'none' && levels.includes(level);
  }

  private assertLevel(level: AccessLevel, levels: Levels, what: string): void {
    if (!this.allows(level, levels)) throw forbidden(`${what} is not visible to the viewer`);
  }

  private async filter<T>(items: readonly T[], access: (item: T) => Promise<AccessLevel>): Promise<T[]> {
    const levels = await Promise.all(items.map(access));
    return items.filter((_, i) => levels[i] !== 'none');
  }

  private refuseClient() {
    return forbidden('this client is not visible to the viewer');
  }

  /** Notes a read of the client's data; a provider's with its basis: every service it performs for the client. */
  private async note(client: ClientRef, kind: AuditKind): Promise<void> {
    const services = this.viewer.role === 'PROVIDER' ? (await this.facts.plansOfClient(client.id)).filter((p) => p.clientId === client.id).flatMap((p) => p.services) : [];
    this.noteWithBasis(client, kind, services.filter((s) => this.performs(s)));
  }

  /** Notes a read of a plan's data; a provider's with its basis: the services it performs in that plan. */
  private notePlan(owner: ClientRef, plan: PlanModel, kind: AuditKind): void {
    this.noteWithBasis(owner, kind, this.viewer.role === 'PROVIDER' ? plan.services.filter((s) => this.performs(s)) : []);
  }

  private noteWithBasis(client: ClientRef, kind: AuditKind, basis: readonly PlannedServiceModel[]): void {
    if (!basis.length) this.audit.record(client.id, client.municipalityCode, kind);
    for (const service of basis) this.audit.record(client.id, client.municipalityCode, kind, { basis: `PlannedService/${service.id}` });
  }
}
