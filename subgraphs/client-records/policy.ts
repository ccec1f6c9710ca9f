/**
 * Who sees what in the client-records subgraph — the one module that decides it (docs/architecture.md
 * principle 3), and the one place that notes every client-data read it lets through for the
 * audit (principle 4). The shape is every subgraph's (lib/access-policy.ts): `buildPolicy(viewer)`
 * is the policy as data, and `ClientRecordsPolicy` — `ctx.policy` — the one entry point:
 * `releaseById` / `release` for a record (a root lookup, an entity, a Relay node),
 * `releaseField` for a field of one, `releaseAll` for a list, `assertMayWrite` for a plan write.
 * Resolvers never decide: they hand over what they loaded and get back the value, a filtered
 * list or a FORBIDDEN error.
 *
 * The rules (buildPolicy):
 *   the client themself, a case worker of the client's municipality: the client's data in full
 *   a provider that performs one of the client's planned services (need-to-know): the delivery
 *     fields only — not the identity code, birth date, phone or responsible worker, nor the
 *     plan's content (situation, goals, approval, revocation reason)
 *   anyone else, analysts and administrators always: nothing.
 *
 * Need-to-know of a provider, read from the client record (CarePlan.activity.detail.performer):
 * the fact `performerIds` of a record is the providers performing in it, counted only in plans
 * in state DRAFT, ACTIVE or COMPLETED. COMPLETED counts because deliveries are reported,
 * invoiced and paid after a plan ends; DRAFT because a continuing provider prepares the next
 * period. A REVOKED plan gives no access: the plan was withdrawn, and so was the reason to know.
 * A client's performers are those of all their plans; a plan's those of its services; a planned
 * service's its own. So a provider sees a plan only when it performs a service in it, and a
 * planned service only when it performs that service.
 *
 * How a refusal shows (the rule for every field):
 *   - a nullable field the viewer may not read is null with FORBIDDEN at its path;
 *   - a list is filtered to what the viewer may see — never an error that would null the parent,
 *     never a partial leak: a provider's `plans` are the plans it performs in, `services` the
 *     services it performs, `goals` is [] (the plan's content is not delivery data);
 *   - `currentPlan`: null when there is no ACTIVE plan; FORBIDDEN when there is one the viewer
 *     may not see (a provider that performs only in another plan);
 *   - an entity or root lookup of a client (plan, planned service) the viewer may not see is null
 *     with FORBIDDEN — the same for `client(id:)` and for `_entities`. Where the policy decides
 *     on the id alone (analysts, administrators, a client asking for someone else, a provider
 *     that serves no such client), the refusal comes before the record is looked up, so a
 *     refused viewer cannot learn which ids exist. Where the record decides (a case worker: the
 *     client's municipality), an id that exists nowhere gets the very same refusal as a client
 *     of another municipality: "not found" would tell a case worker that the other is a client.
 *   - root `client`/`clients` search: for clients and case workers (a provider's grant is
 *     `unlisted`: it reaches clients only through their orders).
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
import { AccessPolicy, NONE, only, type Access, type Criteria, type Facts, type Grant, type PolicyData } from '../../lib/access-policy.js';
import { EXISTENCE, type AuditKind, type AuditTrail } from '../../lib/audit.js';
import { forbidden, notFound } from '../../lib/errors.js';
import type { Viewer } from '../../lib/viewer.js';
import type { ClientPlanResolvers, ClientResolvers, PlannedServiceResolvers } from './__generated__/resolvers-types.js';
import type { CaseWorkerModel, ClientModel, ClientRef, PlanModel, PlanStatusModel, PlannedServiceModel } from './models.js';

type Kind = 'Client' | 'ClientPlan' | 'PlannedService' | 'CaseWorker';
type Write = 'writePlan';

/** The fields of each type, from the SDL. */
type FieldOf<R> = Exclude<keyof R, `__${string}`> & string;
export type ClientField = FieldOf<ClientResolvers>;
export type PlanField = FieldOf<ClientPlanResolvers>;
export type ServiceField = FieldOf<PlannedServiceResolvers>;
/** Fields read through `releaseField`; the relations `plans`, `currentPlan` and `services` have their own entry. */
export type ClientValueField = Exclude<ClientField, 'plans' | 'currentPlan'>;
export type PlanValueField = Exclude<PlanField, 'services'>;

/** What delivering does not need: hidden from a provider. */
const NOT_DELIVERY_DATA: { Client: readonly ClientField[]; ClientPlan: readonly PlanField[] } = {
  Client: ['personalIdentityCode', 'birthDate', 'phone', 'responsibleWorker'],
  ClientPlan: ['situation', 'goals', 'approvedAt', 'revocationReason'],
};
/** List fields: hidden, they are [] rather than FORBIDDEN (a list is filtered, never an error). */
const LIST_FIELDS: ReadonlySet<string> = new Set(['goals']);

/** The policy as data: which records this viewer reaches, and what of them stays hidden. */
export function buildPolicy(viewer: Viewer): PolicyData<Kind, Write> {
  const { clientId, municipalityCode, providerId } = viewer;
  switch (viewer.role) {
    case 'CLIENT': {
      const own = only('clientId', clientId);
      return {
        read: { Client: own, ClientPlan: own, PlannedService: own, CaseWorker: only('responsibleFor', clientId) },
        write: { writePlan: NONE },
      };
    }
    case 'CASE_WORKER': {
      const municipality = only('municipalityCode', municipalityCode);
      return {
        read: { Client: municipality, ClientPlan: municipality, PlannedService: municipality, CaseWorker: municipality },
        write: { writePlan: municipality },
      };
    }
    case 'PROVIDER': {
      const performs = (hidden: readonly string[] = []): Grant => only('performerIds', providerId, { hidden, unlisted: true });
      return {
        read: {
          Client: performs(NOT_DELIVERY_DATA.Client),
          ClientPlan: performs(NOT_DELIVERY_DATA.ClientPlan),
          PlannedService: performs(),
          CaseWorker: NONE,
        },
        write: { writePlan: NONE },
      };
    }
    case 'ANALYST':
    case 'ADMIN':
      return { read: { Client: NONE, ClientPlan: NONE, PlannedService: NONE, CaseWorker: NONE }, write: { writePlan: NONE } };
  }
}

/** Plans whose performers may see the client: everything but a withdrawn plan. */
const PROVIDER_PLAN_STATES: ReadonlySet<PlanStatusModel> = new Set(['DRAFT', 'ACTIVE', 'COMPLETED']);
const performersOf = (service: PlannedServiceModel) => (PROVIDER_PLAN_STATES.has(service.planStatus) ? service.performerIds : []);
const performersIn = (plan: PlanModel) => (PROVIDER_PLAN_STATES.has(plan.status) ? plan.services.flatMap(performersOf) : []);

/** A value, or the promise of one when a fact had to be loaded first: a record's fields are decided without a promise each. */
type Maybe<T> = T | Promise<T>;
const then = <T, U>(value: Maybe<T>, next: (value: T) => Maybe<U>): Maybe<U> => (value instanceof Promise ? value.then(next) : next(value));

/** What is decided of a plan or planned service at its first field: whose it is, and the entry of the grant it falls under. */
interface Decision {
  owner: ClientRef;
  entry: Access | null;
}

/** What root `clients` may list, as a filter the search applies. */
export type ClientListScope = { clientId: string } | { municipalityCode: string };

/** The records the policy decides on, read through the request's batched loaders. */
export interface PolicyFacts {
  /** Every plan of a client (a provider's need-to-know is read from their performers). */
  plansOfClient(clientId: string): Promise<PlanModel[]>;
  /** A client's record. */
  client(clientId: string): Promise<ClientModel | null>;
  plan(planId: string): Promise<PlanModel | null>;
  /** The plan a planned service is in. */
  planOfService(serviceId: string): Promise<PlanModel | null>;
  caseWorker(workerId: string): Promise<CaseWorkerModel | null>;
}

type Record_<K extends Kind> = {
  Client: ClientRef;
  ClientPlan: PlanModel;
  PlannedService: PlannedServiceModel;
  CaseWorker: CaseWorkerModel;
}[K];

export class ClientRecordsPolicy extends AccessPolicy<Kind, Write> {
  /** Per client (id and municipality): the entry of the grant it falls under, decided once a request. */
  private readonly clientEntries: Map<string, Maybe<Access | null>>;
  /** Per plan and planned service: whose it is and the entry it falls under, decided once a request (at its first field). */
  private readonly decided: WeakMap<object, Maybe<Decision>>;
  /** The provider whose need-to-know the grant is (the one `performerIds` is filtered on), or null. */
  private readonly performer: string | null;

  constructor(
    readonly viewer: Viewer,
    private readonly facts: PolicyFacts,
    /** Where its notes go: the request's trail, or one located in it (notingIn). */
    private readonly audit: AuditTrail,
    /** The policy this one is a located copy of: its data and what it decided already. */
    of?: ClientRecordsPolicy,
  ) {
    super(of ? of.data : buildPolicy(viewer));
    this.clientEntries = of ? of.clientEntries : new Map();
    this.decided = of ? of.decided : new WeakMap();
    this.performer = of ? of.performer : this.fixed('Client', 'performerIds');
  }

  /**
   * This policy noting in `audit` — the request's trail located at one place of the answer
   * (lib/audit-paths.ts): the same decisions, noted there.
   */
  notingIn(audit: AuditTrail): ClientRecordsPolicy {
    return new ClientRecordsPolicy(this.viewer, this.facts, audit, this);
  }

  // ---- root search -------------------------------------------------------------------------

  /** The clients root `client`/`clients` may search, as a filter; FORBIDDEN for viewers whose grant is not searchable. */
  searchScope(): ClientListScope {
    const [criteria] = this.listed('Client') as Criteria[];
    if (criteria && typeof criteria.clientId === 'string') return { clientId: criteria.clientId };
    if (criteria && typeof criteria.municipalityCode === 'string') return { municipalityCode: criteria.municipalityCode };
    throw forbidden(`${this.viewer.role} may not look up clients`);
  }

  // ---- records by id: root lookups, entities, Relay nodes ----------------------------------

  /**
   * Before a record is looked up by id: refuses when the id alone decides (a client asking for
   * someone else, a provider that performs nothing for this client, a viewer who reaches no
   * such record), so that a refused viewer cannot tell which ids exist. Throws at once where it
   * can; a provider's answer on a client is the returned promise (it reads the client's plans).
   * A case worker's answer needs the record (its municipality): `release` decides it.
   */
  assertMayLookUp(kind: Kind, id?: string): Promise<void> {
    if (!this.mayReach(kind)) throw forbidden(`${this.viewer.role} may not read ${kind === 'CaseWorker' ? 'case workers' : 'client data'}`);
    if (kind !== 'Client' || id === undefined) return Promise.resolve();
    if (!this.mayReach(kind, { clientId: id })) throw this.unknownClient();
    if (!this.filtersOn(kind, 'performerIds')) return Promise.resolve();
    return this.clientPerformers(id).then((performerIds) => {
      if (!this.mayReach(kind, { clientId: id, performerIds })) throw this.unknownClient();
    });
  }

  /**
   * Whether the viewer may see client `id`'s plans by the id alone — nothing the client's record
   * holds (its municipality, its providers) can change it: the client themself, or a viewer who
   * sees every plan. Then a plan asked for with the client may be read together with the client's
   * record, one round to the client-record system instead of two, and no plan is read before
   * the decision on it: a case worker's still waits for the record's municipality.
   */
  plansDecidedById(id: string): boolean {
    return this.entry('ClientPlan', { clientId: id }) !== null;
  }

  /** A record by id, loaded through the request's loaders, when the viewer may see it (see `release`); FORBIDDEN or NOT_FOUND otherwise. */
  releaseById(kind: 'Client', id: string): Promise<ClientModel>;
  releaseById(kind: 'ClientPlan', id: string): Promise<PlanModel>;
  releaseById(kind: 'PlannedService', id: string): Promise<PlannedServiceModel>;
  releaseById(kind: 'CaseWorker', id: string): Promise<CaseWorkerModel>;
  async releaseById(kind: Kind, id: string): Promise<unknown> {
    if (kind === 'Client') {
      // The provider's relation (the client's plans) loads in the same tick as the record: one batch.
      const [check, record] = await Promise.allSettled([this.assertMayLookUp(kind, id), this.facts.client(id)]);
      if (check.status === 'rejected') throw check.reason;
      if (record.status === 'rejected') throw record.reason;
      // An unknown id is answered as one the viewer may not see: neither tells whether it is a client.
      if (!record.value) throw this.unknownClient();
      return this.release(kind, record.value);
    }
    await this.assertMayLookUp(kind);
    if (kind === 'ClientPlan') {
      const plan = await this.facts.plan(id);
      if (!plan) throw notFound(`plan ${id} does not exist`);
      return this.release(kind, plan);
    }
    if (kind === 'PlannedService') {
      const service = (await this.facts.planOfService(id))?.services.find((s) => s.id === id);
      if (!service) throw notFound(`planned service ${id} does not exist`);
      return this.release(kind, service);
    }
    const worker = await this.facts.caseWorker(id);
    if (!worker) throw notFound(`case worker ${id} does not exist`);
    return this.release(kind, worker);
  }

  /**
   * A record at hand: itself when the viewer may see it, FORBIDDEN otherwise. A client's
   * existence is released with it, whatever fields follow (`{ __typename }` selects none).
   */
  async release<K extends Kind, R extends Record_<K>>(kind: K, record: R): Promise<R> {
    if (!(await this.access(kind, record))) {
      throw kind === 'Client'
        ? this.unknownClient()
        : forbidden(
            `this ${kind === 'ClientPlan' ? 'plan' : kind === 'PlannedService' ? 'planned service' : 'case worker'} is not visible to the viewer`,
          );
    }
    if (kind === 'Client') await this.note(record as ClientRef, EXISTENCE);
    return record;
  }

  /** Whether the viewer may see this record (a list row, a search match); nothing is noted. */
  async maySee(kind: Kind, record: Record_<Kind>): Promise<boolean> {
    return (await this.access(kind, record)) !== null;
  }

  /** A client id that exists nowhere: refused exactly as one the viewer may not see. */
  unknownClient(): Error {
    return forbidden('this client is not visible to the viewer');
  }

  /**
   * The entry of the viewer's grant this record falls under (null: not visible), from its facts;
   * a promise only when a fact must be loaded first (a provider's relation, a plan's client).
   */
  access<K extends Kind>(kind: K, record: Record_<K>): Maybe<Access | null> {
    if (kind === 'Client') {
      const client = record as ClientRef;
      const key = `${client.id}\u0000${client.municipalityCode}`;
      let entry = this.clientEntries.get(key);
      if (entry === undefined) {
        entry = then(this.clientFacts(client), (f) => this.entry('Client', f));
        this.clientEntries.set(key, entry);
        // Once decided, later fields read it at once.
        if (entry instanceof Promise) entry.then((e) => this.clientEntries.set(key, e)).catch(() => undefined);
      }
      return entry;
    }
    if (kind === 'CaseWorker') return then(this.workerFacts(record as CaseWorkerModel), (f) => this.entry(kind, f));
    return then(this.decision(kind as 'ClientPlan' | 'PlannedService', record as PlanModel | PlannedServiceModel), (d) => d.entry);
  }

  /** Whose a plan or planned service is and the entry it falls under: decided at its first field, then read. */
  private decision(kind: 'ClientPlan' | 'PlannedService', record: PlanModel | PlannedServiceModel): Maybe<Decision> {
    let decided = this.decided.get(record);
    if (decided === undefined) {
      decided = then(this.ownerOf(record), (owner) => {
        const performerIds = kind === 'ClientPlan' ? performersIn(record as PlanModel) : performersOf(record as PlannedServiceModel);
        return { owner, entry: this.entry(kind, { clientId: owner.id, municipalityCode: owner.municipalityCode, performerIds }) };
      });
      this.decided.set(record, decided);
      if (decided instanceof Promise) decided.then((d) => this.decided.set(record, d)).catch(() => undefined);
    }
    return decided;
  }

  // ---- fields and lists (each allowed read is noted for the audit) -------------------------

  /**
   * A field of a record the viewer may see and the field is not hidden from: `read(owner)`,
   * noted for the audit; FORBIDDEN otherwise — [] for a hidden list field (`goals`). At once
   * when what decides is at hand (the record's facts, decided at its first field), so a record's
   * fields cost no promise each; a promise when a fact must be loaded first.
   */
  releaseField<R>(kind: 'Client', record: ClientRef, field: ClientValueField, read: (owner: ClientRef) => Maybe<R>): Maybe<R>;
  releaseField<R>(kind: 'ClientPlan', record: PlanModel, field: PlanValueField, read: (owner: ClientRef) => Maybe<R>): Maybe<R>;
  releaseField<R>(kind: 'PlannedService', record: PlannedServiceModel, field: ServiceField, read: (owner: ClientRef) => Maybe<R>): Maybe<R>;
  releaseField<R>(
    kind: Exclude<Kind, 'CaseWorker'>,
    record: ClientRef | PlanModel | PlannedServiceModel,
    field: string,
    read: (owner: ClientRef) => Maybe<R>,
  ): Maybe<R> {
    if (kind === 'Client') {
      const client = record as ClientRef;
      return then(this.access('Client', client), (entry) => {
        if (!entry || entry.hidden?.includes(field)) {
          if (LIST_FIELDS.has(field)) return [] as R;
          throw forbidden(`${kind}.${field} is not visible to the viewer`);
        }
        // The id alone tells only that the person is a client.
        const noted = this.note(client, field === 'personalIdentityCode' ? 'IdentityCode' : field === 'id' ? EXISTENCE : 'Client');
        return then(noted, () => read(client));
      });
    }
    return then(this.decision(kind, record as PlanModel | PlannedServiceModel), ({ owner, entry }) => {
      if (!entry || entry.hidden?.includes(field)) {
        if (LIST_FIELDS.has(field)) return [] as R;
        throw forbidden(`${kind}.${field} is not visible to the viewer`);
      }
      if (kind === 'ClientPlan') {
        this.notePlan(owner, record as PlanModel);
      } else {
        const service = record as PlannedServiceModel;
        this.noteWithBasis(owner, 'PlannedService', this.performs(service) ? [service] : []);
      }
      return read(owner);
    });
  }

  /**
   * `Client.plans` (the plans the viewer may see, as loaded) and `ClientPlan.services` (the
   * planned services it may see): [] when the viewer may not see the parent.
   */
  async releaseAll(kind: 'ClientPlan', of: ClientRef, load: () => Promise<PlanModel[]>): Promise<PlanModel[]>;
  async releaseAll(kind: 'PlannedService', of: PlanModel): Promise<PlannedServiceModel[]>;
  async releaseAll(
    kind: 'ClientPlan' | 'PlannedService',
    of: ClientRef | PlanModel,
    load?: () => Promise<PlanModel[]>,
  ): Promise<(PlanModel | PlannedServiceModel)[]> {
    if (kind === 'ClientPlan') {
      const client = of as ClientRef;
      if (!(await this.access('Client', client))) return [];
      const visible = await this.filter('ClientPlan', await load!());
      await this.note(client, 'Client');
      return visible;
    }
    const plan = of as PlanModel;
    if (!(await this.access('ClientPlan', plan))) return [];
    const visible = await this.filter('PlannedService', plan.services);
    this.notePlan(await this.ownerOf(plan), plan);
    return visible;
  }

  /** `Client.currentPlan`: the ACTIVE plan, when the viewer may see it. */
  async releaseCurrentPlan(client: ClientRef, load: () => Promise<PlanModel | null>): Promise<PlanModel | null> {
    if (!(await this.access('Client', client))) throw forbidden('Client.currentPlan is not visible to the viewer');
    const plan = await load();
    if (plan && !(await this.access('ClientPlan', plan))) throw forbidden('Client.currentPlan is not visible to the viewer');
    await this.note(client, 'Client');
    return plan;
  }

  /**
   * A page of root `clients`: each edge, once released (its cursor or node resolved), tells
   * that its client exists; for a search, the page's `totalCount` and `pageInfo` tell it of
   * every match (`matches`, null without a search). Noted when released (lib/audit-paths.ts),
   * so a caller who asked only for the count of the municipality's clients released no one.
   */
  releasePage(page: object, edges: readonly { node: ClientRef }[], matches: readonly ClientRef[] | null): void {
    for (const edge of edges) this.audit.recordOnRelease(edge, edge.node.id, edge.node.municipalityCode, EXISTENCE);
    for (const match of matches ?? [])
      this.audit.recordOnRelease(page, match.id, match.municipalityCode, EXISTENCE, { fields: ['totalCount', 'pageInfo'] });
  }

  /** Whose data a plan or planned service is: the plan states its municipality; otherwise it is the client's (loaded). */
  ownerOf(record: { clientId: string; municipalityCode: string | null }): Maybe<ClientRef> {
    if (record.municipalityCode) return { id: record.clientId, municipalityCode: record.municipalityCode };
    return this.facts.client(record.clientId).then((client) => {
      if (!client) throw forbidden('the plan belongs to no known client');
      return { id: client.id, municipalityCode: client.municipalityCode };
    });
  }

  // ---- writes ------------------------------------------------------------------------------

  /**
   * Plan writes (createPlan, updatePlan, approvePlan, revokePlan): without `owner`, refused
   * before anything is looked up for viewers who may write no plan; with it, for a client the
   * viewer may not write plans of.
   */
  assertMayWrite(action: Write, owner?: ClientRef): void {
    if (!this.mayWrite(action)) throw forbidden("only a case worker of the client's municipality may write client plans");
    if (owner && !this.mayWrite(action, { clientId: owner.id, municipalityCode: owner.municipalityCode })) {
      throw forbidden('a case worker may write plans of clients of their own municipality only');
    }
  }

  /** Notes a write for the audit: who changed what of which client's data (recorded after it succeeded). */
  noteWrite(client: ClientRef, action: string): void {
    this.audit.recordWrite(client.id, client.municipalityCode, action);
  }

  // ---- facts and notes ---------------------------------------------------------------------

  private performs(service: PlannedServiceModel): boolean {
    const me = this.performer;
    return me !== null && performersOf(service).includes(me);
  }

  /** The providers performing in any of the client's plans (batched plan load). */
  private async clientPerformers(clientId: string): Promise<string[]> {
    const plans = await this.facts.plansOfClient(clientId);
    return plans.filter((p) => p.clientId === clientId).flatMap(performersIn);
  }

  private clientFacts(client: ClientRef): Maybe<Facts> {
    const facts = { clientId: client.id, municipalityCode: client.municipalityCode };
    if (!this.filtersOn('Client', 'performerIds')) return facts;
    return this.clientPerformers(client.id).then((performerIds) => ({ ...facts, performerIds }));
  }

  /** A case worker's facts: their municipality, and the client they are responsible for when the grant asks (a client's own). */
  private workerFacts(worker: CaseWorkerModel): Maybe<Facts> {
    const client = this.fixed('CaseWorker', 'responsibleFor');
    if (!client) return { municipalityCode: worker.municipalityCode };
    return this.facts.client(client).then((own) => ({
      municipalityCode: worker.municipalityCode,
      responsibleFor: own?.responsibleWorkerId === worker.id ? client : null,
    }));
  }

  private async filter<K extends 'ClientPlan' | 'PlannedService'>(kind: K, items: readonly Record_<K>[]): Promise<Record_<K>[]> {
    const entries = await Promise.all(items.map((item) => this.access(kind, item)));
    return items.filter((_, i) => entries[i] !== null);
  }

  /** Notes a read of the client's data; a provider's with its basis: every service it performs for the client (loaded). */
  private note(client: ClientRef, kind: AuditKind): Maybe<void> {
    if (!this.performer) return this.noteWithBasis(client, kind, []);
    return this.facts.plansOfClient(client.id).then((plans) => {
      const services = plans.filter((p) => p.clientId === client.id).flatMap((p) => p.services);
      this.noteWithBasis(
        client,
        kind,
        services.filter((s) => this.performs(s)),
      );
    });
  }

  /** Notes a read of a plan's data; a provider's with its basis: the services it performs in that plan. */
  private notePlan(owner: ClientRef, plan: PlanModel): void {
    this.noteWithBasis(
      owner,
      'ClientPlan',
      plan.services.filter((s) => this.performs(s)),
    );
  }

  private noteWithBasis(client: ClientRef, kind: AuditKind, basis: readonly PlannedServiceModel[]): void {
    if (!basis.length) this.audit.record(client.id, client.municipalityCode, kind);
    for (const service of basis) this.audit.record(client.id, client.municipalityCode, kind, { basis: `PlannedService/${service.id}` });
  }
}
