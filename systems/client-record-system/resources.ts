/**
 * The synthetic world's records as HL7 FHIR R4 resources: clients → Patient, case workers →
 * Practitioner, plans → CarePlan (one activity per planned service) and their goals → Goal.
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
  type Patient,
  type Practitioner,
} from '../../lib/fhir-r4.js';
import { HETU_SYSTEM, MUNICIPALITY_SYSTEM, SERVICE_TYPE_SYSTEM, municipalityByCode, serviceTypeByCode, type ServiceUnit } from '../../lib/reference.js';
import type { CaseWorker, Client, Plan, PlanStatus, PlannedService } from '../../seed/world.js';

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

function activityDetail(ps: PlannedService, status: PlanStatus): CarePlanActivityDetail {
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
    // World quantities are hundredths of the unit (250 = 2.5); FHIR decimals are JSON numbers.
    quantity: { value: ps.quantity / 100, unit: UNIT_DISPLAY[ps.unit], system: FHIR_PROFILE.serviceUnitSystem, code: ps.unit },
    ...(ps.instructions ? { description: ps.instructions } : {}),
  };
}

export function toCarePlan(plan: Plan, municipalityCode: string): CarePlan {
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
    activity: plan.services.map((ps) => ({ id: ps.id, detail: activityDetail(ps, plan.status) })),
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
