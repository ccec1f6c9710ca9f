/**
 * Who sees what in the client-records subgraph — the one module that decides it (DESIGN.md
 * principle 3: the gateway authenticates, subgraphs authorise, rules in one policy module).
 *
 * The model: a viewer has an *access level* to each client's data —
 *   full      the client themself, or a case worker of the client's municipality
 *   delivery  a provider: what delivering a service needs (name, address, language,
 *             municipality, the planned service) and nothing else
 *   none      anyone else
 * — and each field of Client, ClientPlan and PlannedService names the levels that may read
 * it. The identity code has its own rule, because who may read it is narrower than who may
 * read a client (today the two coincide; the rule stays separate so widening `full` later
 * cannot widen who reads identity codes).
 *
 * Extending it (the full access model is a later issue): a provider limited to clients with
 * an order for it, a family member acting for a client, consent-based access — each changes
 * `clientAccess` or a field table here, and no resolver.
 */
import { forbidden } from '../../lib/errors.js';
import type { Viewer } from '../../lib/viewer.js';
import type { ClientRef } from './models.js';

export type AccessLevel = 'full' | 'delivery' | 'none';

type Levels = readonly Exclude<AccessLevel, 'none'>[];
const FULL: Levels = ['full'];
const ANY: Levels = ['full', 'delivery'];

/** Client fields and who may read them. */
const CLIENT_FIELDS = {
  id: ANY,
  personalIdentityCode: FULL, // and the identity-code rule below
  firstName: ANY,
  lastName: ANY,
  birthDate: FULL,
  municipality: ANY,
  municipalityCode: ANY,
  language: ANY,
  address: ANY,
  phone: FULL,
  responsibleWorker: FULL,
  currentPlan: FULL,
  plans: FULL,
} as const satisfies Record<string, Levels>;

/** ClientPlan fields. A provider reads what the planned service and its budget need, not the plan's content. */
const PLAN_FIELDS = {
  id: ANY,
  client: ANY,
  version: ANY,
  status: ANY,
  validFrom: ANY,
  validTo: ANY,
  situation: FULL,
  goals: FULL,
  approvedAt: FULL,
  services: ANY,
  municipalityCode: ANY,
} as const satisfies Record<string, Levels>;

/** PlannedService fields: the planned service is what a provider delivers. */
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
} as const satisfies Record<string, Levels>;

export type ClientField = keyof typeof CLIENT_FIELDS;
export type PlanField = keyof typeof PLAN_FIELDS;
export type ServiceField = keyof typeof SERVICE_FIELDS;

/** What root `clients` may list, as a filter the search applies. */
export type ClientListScope = { clientId: string } | { municipalityCode: string };

export class AccessPolicy {
  constructor(readonly viewer: Viewer) {}

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

  clientAccess(client: ClientRef): AccessLevel {
    const { role, clientId, municipalityCode } = this.viewer;
    switch (role) {
      case 'CLIENT':
        return clientId !== null && clientId === client.id ? 'full' : 'none';
      case 'CASE_WORKER':
        return municipalityCode !== null && municipalityCode === client.municipalityCode ? 'full' : 'none';
      case 'PROVIDER':
        // TODO(access model): only clients with an order assigned to this provider.
        return this.viewer.providerId ? 'delivery' : 'none';
      case 'ANALYST':
      case 'ADMIN':
        return 'none';
    }
  }

  /** Whether the viewer may see this client at all (an entity, a root lookup, a list row). */
  maySeeClient(client: ClientRef): boolean {
    return this.clientAccess(client) !== 'none';
  }

  assertClient(client: ClientRef): void {
    if (!this.maySeeClient(client)) throw forbidden('this client is not visible to the viewer');
  }

  assertClientField(client: ClientRef, field: ClientField): void {
    this.assertLevel(client, CLIENT_FIELDS[field], `Client.${field}`);
    if (field === 'personalIdentityCode' && !this.mayReadIdentityCode(client)) throw forbidden('Client.personalIdentityCode is not visible to the viewer');
  }

  assertPlanField(owner: ClientRef, field: PlanField): void {
    this.assertLevel(owner, PLAN_FIELDS[field], `ClientPlan.${field}`);
  }

  assertServiceField(owner: ClientRef, field: ServiceField): void {
    this.assertLevel(owner, SERVICE_FIELDS[field], `PlannedService.${field}`);
  }

  /** The identity code: only the client and case workers of the client's municipality. */
  mayReadIdentityCode(client: ClientRef): boolean {
    const { role, clientId, municipalityCode } = this.viewer;
    return (role === 'CLIENT' && clientId === client.id) || (role === 'CASE_WORKER' && municipalityCode === client.municipalityCode);
  }

  /** Case workers' work contacts: for clients and staff, not for providers' systems or analysts. */
  assertCaseWorker(): void {
    if (this.viewer.role === 'PROVIDER' || this.viewer.role === 'ANALYST') throw forbidden(`${this.viewer.role} may not read case workers`);
  }

  private assertLevel(client: ClientRef, levels: Levels, what: string): void {
    const level = this.clientAccess(client);
    if (level === 'none' || !levels.includes(level)) throw forbidden(`${what} is not visible to the viewer`);
  }
}
