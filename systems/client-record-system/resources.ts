/**
 * The synthetic world's records as HL7 FHIR R4 resources: clients → Patient, case workers →
 * Practitioner, plans → CarePlan (one activity per planned service) and their goals → Goal,
 * service providers → Organization, and who performs each planned service →
 * CarePlan.activity.detail.performer (Organization/pr-…).
 *
 * Why a separate mapping: this is the shape a real municipal client-record system exposes, so
 * the subgraph's FHIR client meets exactly what it would meet in production. The mapping is
 * pure; the store (store.ts) decides when to build and cache resources.
 */
import {
  FHIR_PROFILE,
  PERIOD_UNIT,
  type CarePlan,
  type CarePlanActivityDetail,
  type Extension,
  type Goal,
  type GoalLifecycleStatus,
  type Organization,
  type Patient,
  type Practitioner,
} from '../../lib/fhir-r4.js';
import { ORDER_STATUSES } from '../../lib/__generated__/enums.js';
import {
  BUSINESS_ID_SYSTEM,
  HETU_SYSTEM,
  MUNICIPALITY_SYSTEM,
  SERVICE_TYPE_SYSTEM,
  municipalityByCode,
  serviceTypeByCode,
  type ServiceUnit,
} from '../../lib/reference.js';
import type { CaseWorker, Client, Order, Plan, PlanStatus, PlannedService, Provider } from '../../seed/world.js';

/**
 * Organizations (service providers) and the identifier system of their business ID: shared
 * with the providers subgraph, which registers approved providers here (lib/).
 */
export type { Organization } from '../../lib/fhir-r4.js';
export { BUSINESS_ID_SYSTEM } from '../../lib/reference.js';
const ORGANIZATION_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/organization-type';

/**
 * Providers the client chose for a planned service are recorded as its performers, whatever
 * became of the order: the case worker's record keeps them until the plan is revised. Why
 * declined and cancelled orders too: their provider still holds the order (Order.client is
 * non-null in the contract), so it keeps delivery-level sight of that client — name, address,
 * language, the service — and of nothing else; dropping it would blank the provider's whole
 * order list instead.
 */
const PERFORMING: ReadonlySet<Order['status']> = new Set(ORDER_STATUSES);

/** Performers of each planned service (provider ids, in order of the orders), from the world's orders. */
export function performersByService(orders: readonly Order[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const o of orders) {
    if (!PERFORMING.has(o.status)) continue;
    const list = map.get(o.plannedServiceId);
    if (!list) map.set(o.plannedServiceId, [o.providerId]);
    else if (!list.includes(o.providerId)) list.push(o.providerId);
  }
  return map;
}

const LANGUAGE_SYSTEM = 'urn:ietf:bcp:47';
const LANGUAGE_DISPLAY = { FI: 'suomi', SV: 'svenska', EN: 'English' } as const;

/** Records without their own version history start at version 1, last updated on this instant. */
export function baseInstant(asOf: string): string {
  return `${asOf}T00:00:00Z`;
}

export function municipalityExtension(code: string): Extension {
  return {
    url: FHIR_PROFILE.municipalityExtension,
    valueCoding: { system: MUNICIPALITY_SYSTEM, code, display: municipalityByCode.get(code)?.names.FI },
  };
}

export function toPatient(client: Client, lastUpdated: string): Patient {
  return {
    resourceType: 'Patient',
    id: client.id,
    meta: { versionId: '1', lastUpdated },
    extension: [municipalityExtension(client.municipalityCode)],
    identifier: [{ use: 'official', system: HETU_SYSTEM, value: client.hetu }],
    active: true,
    name: [{ use: 'official', family: client.familyName, given: [client.givenName] }],
    ...(client.phone ? { telecom: [{ system: 'phone', value: client.phone, use: 'mobile' }] } : {}),
    gender: client.gender,
    birthDate: client.birthDate,
    address: [
      {
        use: 'home',
        type: 'physical',
        line: [client.address.line],
        postalCode: client.address.postalCode,
        city: client.address.city,
        country: 'FI',
      },
    ],
    communication: [
      {
        language: {
          coding: [{ system: LANGUAGE_SYSTEM, code: client.language.toLowerCase(), display: LANGUAGE_DISPLAY[client.language] }],
        },
        preferred: true,
      },
    ],
    generalPractitioner: [{ reference: `Practitioner/${client.caseWorkerId}` }],
  };
}

export function toOrganization(provider: Provider, lastUpdated: string): Organization {
  return {
    resourceType: 'Organization',
    id: provider.id,
    meta: { versionId: '1', lastUpdated },
    identifier: [{ use: 'official', system: BUSINESS_ID_SYSTEM, value: provider.businessId }],
    // In active use while approved; an applicant, a suspended or a rejected provider is not.
    active: provider.status === 'APPROVED',
    type: [{ coding: [{ system: ORGANIZATION_TYPE_SYSTEM, code: 'prov', display: 'Healthcare Provider' }] }],
    name: provider.name,
    telecom: [
      { system: 'phone', value: provider.phone, use: 'work' },
      { system: 'email', value: provider.email, use: 'work' },
    ],
  };
}

export function toPractitioner(worker: CaseWorker, lastUpdated: string): Practitioner {
  return {
    resourceType: 'Practitioner',
    id: worker.id,
    meta: { versionId: '1', lastUpdated },
    extension: [municipalityExtension(worker.municipalityCode)],
    active: true,
    name: [{ use: 'official', family: worker.familyName, given: [worker.givenName] }],
    telecom: [
      { system: 'phone', value: worker.phone, use: 'work' },
      { system: 'email', value: worker.email, use: 'work' },
    ],
  };
}

const ACTIVITY_STATUS: Record<PlanStatus, CarePlanActivityDetail['status']> = {
  draft: 'not-started',
  active: 'in-progress',
  completed: 'completed',
  revoked: 'cancelled',
};

const GOAL_STATUS: Record<PlanStatus, GoalLifecycleStatus> = {
  draft: 'proposed',
  active: 'active',
  completed: 'completed',
  revoked: 'cancelled',
};

const UNIT_DISPLAY: Record<ServiceUnit, string> = {
  HOUR: 'hour',
  VISIT: 'visit',
  DAY: 'day',
  MEAL: 'meal',
  TRIP: 'trip',
  MONTH: 'month',
};

/** A provider as a performer reference; the display is its name when known. */
export type PerformerLookup = (serviceId: string) => readonly { id: string; name?: string }[];

function activityDetail(
  ps: PlannedService,
  status: PlanStatus,
  performers: readonly { id: string; name?: string }[],
): CarePlanActivityDetail {
  const type = serviceTypeByCode.get(ps.serviceTypeCode);
  return {
    kind: 'ServiceRequest',
    code: { coding: [{ system: SERVICE_TYPE_SYSTEM, code: ps.serviceTypeCode, display: type?.names.FI }], text: type?.names.FI },
    status: ACTIVITY_STATUS[status],
    // The quantity is per period: repeat.period 1 of the period unit; the schedule is free text.
    scheduledTiming: {
      repeat: { period: 1, periodUnit: PERIOD_UNIT[ps.per] },
      ...(ps.schedule ? { code: { text: ps.schedule } } : {}),
    },
    ...(ps.location ? { location: { display: ps.location } } : {}),
    // Who performs it: the provider(s) with a live order for it (FHIR JSON has no empty arrays).
    ...(performers.length
      ? { performer: performers.map((p) => ({ reference: `Organization/${p.id}`, ...(p.name ? { display: p.name } : {}) })) }
      : {}),
    // World quantities are hundredths of the unit (250 = 2.5); FHIR decimals are JSON numbers.
    quantity: { value: ps.quantity / 100, unit: UNIT_DISPLAY[ps.unit], system: FHIR_PROFILE.serviceUnitSystem, code: ps.unit },
    ...(ps.instructions ? { description: ps.instructions } : {}),
  };
}

export function toCarePlan(plan: Plan, municipalityCode: string, performersOf: PerformerLookup = () => []): CarePlan {
  const extension: Extension[] = [municipalityExtension(municipalityCode)];
  if (plan.approvedAt) extension.push({ url: FHIR_PROFILE.planApprovedExtension, valueDateTime: plan.approvedAt });
  return {
    resourceType: 'CarePlan',
    id: plan.id,
    meta: { versionId: String(plan.versionId), lastUpdated: plan.lastUpdated },
    extension,
    status: plan.status,
    intent: 'plan',
    title: 'Asiakassuunnitelma',
    description: plan.situation,
    subject: { reference: `Patient/${plan.clientId}` },
    period: { start: plan.validFrom, ...(plan.validTo ? { end: plan.validTo } : {}) },
    created: plan.approvedAt ?? plan.lastUpdated,
    author: { reference: `Practitioner/${plan.caseWorkerId}` },
    goal: plan.goals.map((g) => ({ reference: `Goal/${g.id}` })),
    activity: plan.services.map((ps) => ({ id: ps.id, detail: activityDetail(ps, plan.status, performersOf(ps.id)) })),
  };
}

export function toGoal(plan: Plan, goal: Plan['goals'][number]): Goal {
  return {
    resourceType: 'Goal',
    id: goal.id,
    meta: { versionId: String(plan.versionId), lastUpdated: plan.lastUpdated },
    lifecycleStatus: GOAL_STATUS[plan.status],
    description: { text: goal.text },
    subject: { reference: `Patient/${plan.clientId}` },
  };
}
