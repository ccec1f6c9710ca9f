/**
 * The models the client-records resolvers pass around (codegen maps the GraphQL types to them
 * in codegen.ts). They are the client-record system's data in this graph's vocabulary, read
 * once from FHIR (from-fhir.ts); the GraphQL shape — and who may see which field — is the
 * resolvers' and the policy's business.
 */
import type { PlanStatus } from '../../lib/__generated__/enums.js';
import type { LanguageCode, PlanPeriod, ServiceUnit } from '../../lib/reference.js';
import type { Viewer } from '../../lib/viewer.js';

export type ViewerModel = Viewer;

export interface AddressModel {
  line: string;
  postalCode: string | null;
  city: string;
}

export interface ClientModel {
  id: string;
  /** Henkilötunnus; the policy decides who reads it. */
  personalIdentityCode: string | null;
  firstName: string;
  lastName: string;
  birthDate: string | null;
  municipalityCode: string;
  language: LanguageCode;
  address: AddressModel | null;
  phone: string | null;
  responsibleWorkerId: string | null;
}

export interface CaseWorkerModel {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
  municipalityCode: string | null;
}

export type PlanStatusModel = PlanStatus;

export interface PlannedServiceModel {
  id: string;
  planId: string;
  clientId: string;
  /** From the plan; null when the system did not state it (then the client's is used). */
  municipalityCode: string | null;
  /** The status of the plan the service is in (a provider's need-to-know depends on it). */
  planStatus: PlanStatusModel;
  /** Providers (Organization ids) who perform it: CarePlan.activity.detail.performer. */
  performerIds: string[];
  serviceTypeCode: string;
  /** Exact decimal, e.g. "2.5". */
  quantity: string;
  unit: ServiceUnit;
  per: PlanPeriod;
  schedule: string | null;
  location: string | null;
  instructions: string | null;
}

export interface PlanModel {
  id: string;
  clientId: string;
  /** meta.versionId. */
  version: string;
  status: PlanStatusModel;
  validFrom: string;
  validTo: string | null;
  situation: string | null;
  goals: string[];
  approvedAt: string | null;
  /** Why the plan was revoked, when it was. */
  revocationReason: string | null;
  /** The municipality whose unit costs apply; null when the system did not state it. */
  municipalityCode: string | null;
  services: PlannedServiceModel[];
}

/** Who a piece of client data belongs to: what the access policy decides on. */
export interface ClientRef {
  id: string;
  municipalityCode: string;
}
