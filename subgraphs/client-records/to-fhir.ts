/**
 * This subgraph's plan writes → FHIR R4 resources, the mirror of from-fhir.ts: a plan is a
 * CarePlan (one activity per planned service, `detail.kind` ServiceRequest), its goals are Goal
 * resources it references. Why its own module: the profile the client-record system expects
 * (codings, the unit system, the municipality and approval extensions) is spelled here once,
 * and from-fhir.ts reads exactly what this writes — the tests round-trip it.
 *
 * Changes keep what they do not touch: an update starts from the resource as the system sent it,
 * so elements this graph does not model (authors, notes, a real system's own extensions,
 * performers) survive every revision.
 */
import { randomUUID } from 'node:crypto';
import {
  FHIR_PROFILE,
  PERIOD_UNIT,
  type CarePlan,
  type CarePlanActivity,
  type Extension,
  type Goal,
  type Reference,
} from '../../lib/fhir-r4.js';
import { MUNICIPALITY_SYSTEM, SERVICE_TYPE_SYSTEM, municipalityByCode, serviceTypeByCode, type PlanPeriod } from '../../lib/reference.js';

/** Identifier.system of a plan's idempotency key (a digest; the caller's key is never stored). */
export const IDEMPOTENCY_SYSTEM = 'urn:henkilokohtainen-budjetti:idempotency-key';
/** Why a plan was revoked (valueString). */
export const REVOCATION_REASON_EXTENSION =
  'https://henkilokohtainen-budjetti.example.fi/fhir/StructureDefinition/careplan-revocation-reason';
/** A digest of the input that created the plan, to tell a retry from a different request with the same key (valueString). */
export const INPUT_DIGEST_EXTENSION = 'https://henkilokohtainen-budjetti.example.fi/fhir/StructureDefinition/careplan-input-digest';

export type FhirPlanStatus = 'draft' | 'active' | 'revoked' | 'completed';

/** A planned service as a write gives it, validated: quantity in hundredths of the unit. */
export interface ServiceSpec {
  serviceTypeCode: string;
  quantityHundredths: number;
  per: PlanPeriod;
  schedule: string | null;
  location: string | null;
  instructions: string | null;
}

const ACTIVITY_STATUS = { draft: 'not-started', active: 'in-progress', completed: 'completed', revoked: 'cancelled' } as const;
const GOAL_STATUS = { draft: 'proposed', active: 'active', completed: 'completed', revoked: 'cancelled' } as const;
const UNIT_DISPLAY = { HOUR: 'hour', VISIT: 'visit', DAY: 'day', MEAL: 'meal', TRIP: 'trip', MONTH: 'month' } as const;

/** A new planned service's id: unique across every plan, as the system requires of activity ids. */
export const newServiceId = () => `ps-${randomUUID()}`;

export function municipalityExtension(code: string): Extension {
  return {
    url: FHIR_PROFILE.municipalityExtension,
    valueCoding: { system: MUNICIPALITY_SYSTEM, code, display: municipalityByCode.get(code)?.names.FI },
  };
}

/** One activity: what (code, quantity per period), when (timing text), where (location), how (description). */
export function activityOf(id: string, s: ServiceSpec, status: FhirPlanStatus, performer?: Reference[]): CarePlanActivity {
  const type = serviceTypeByCode.get(s.serviceTypeCode)!;
  return {
    id,
    detail: {
      kind: 'ServiceRequest',
      code: { coding: [{ system: SERVICE_TYPE_SYSTEM, code: s.serviceTypeCode, display: type.names.FI }], text: type.names.FI },
      status: ACTIVITY_STATUS[status],
      scheduledTiming: { repeat: { period: 1, periodUnit: PERIOD_UNIT[s.per] }, ...(s.schedule ? { code: { text: s.schedule } } : {}) },
      ...(s.location ? { location: { display: s.location } } : {}),
      ...(performer?.length ? { performer } : {}),
      quantity: {
        value: s.quantityHundredths / 100,
        unit: UNIT_DISPLAY[type.unit],
        system: FHIR_PROFILE.serviceUnitSystem,
        code: type.unit,
      },
      ...(s.instructions ? { description: s.instructions } : {}),
    },
  } as CarePlanActivity;
}

export function goalOf(clientId: string, text: string, status: FhirPlanStatus): Goal {
  return {
    resourceType: 'Goal',
    lifecycleStatus: GOAL_STATUS[status],
    description: { text },
    subject: { reference: `Patient/${clientId}` },
  } as Goal;
}

export interface NewPlan {
  clientId: string;
  municipalityCode: string;
  authorId: string;
  validFrom: string;
  validTo: string | null;
  situation: string | null;
  goalIds: string[];
  services: (ServiceSpec & { id: string })[];
  idempotency?: { key: string; digest: string };
}

export function newCarePlan(p: NewPlan): CarePlan {
  const extension: Extension[] = [municipalityExtension(p.municipalityCode)];
  if (p.idempotency) extension.push({ url: INPUT_DIGEST_EXTENSION, valueString: p.idempotency.digest } as Extension);
  return {
    resourceType: 'CarePlan',
    ...(p.idempotency ? { identifier: [{ system: IDEMPOTENCY_SYSTEM, value: p.idempotency.key }] } : {}),
    extension,
    status: 'draft',
    intent: 'plan',
    title: 'Asiakassuunnitelma',
    ...(p.situation ? { description: p.situation } : {}),
    subject: { reference: `Patient/${p.clientId}` },
    period: { start: p.validFrom, ...(p.validTo ? { end: p.validTo } : {}) },
    created: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    author: { reference: `Practitioner/${p.authorId}` },
    ...(p.goalIds.length ? { goal: p.goalIds.map((id) => ({ reference: `Goal/${id}` })) } : {}),
    activity: p.services.map((s) => activityOf(s.id, s, 'draft')),
  } as CarePlan;
}

/** The plan in another status: every activity follows it; approval and revocation leave their mark. */
export function withStatus(
  plan: CarePlan,
  status: FhirPlanStatus,
  mark: { approvedAt?: string; revocationReason?: string } = {},
): CarePlan {
  const extension = (plan.extension ?? []).filter(
    (e) =>
      !(mark.approvedAt && e.url === FHIR_PROFILE.planApprovedExtension) &&
      !(mark.revocationReason && e.url === REVOCATION_REASON_EXTENSION),
  );
  if (mark.approvedAt) extension.push({ url: FHIR_PROFILE.planApprovedExtension, valueDateTime: mark.approvedAt });
  if (mark.revocationReason) extension.push({ url: REVOCATION_REASON_EXTENSION, valueString: mark.revocationReason } as Extension);
  return {
    ...plan,
    status,
    extension,
    activity: (plan.activity ?? []).map((a) => (a.detail ? { ...a, detail: { ...a.detail, status: ACTIVITY_STATUS[status] } } : a)),
  } as CarePlan;
}

export function revocationReasonOf(plan: CarePlan): string | null {
  return (plan.extension?.find((e) => e.url === REVOCATION_REASON_EXTENSION) as { valueString?: string } | undefined)?.valueString ?? null;
}

export function inputDigestOf(plan: CarePlan): string | null {
  return (plan.extension?.find((e) => e.url === INPUT_DIGEST_EXTENSION) as { valueString?: string } | undefined)?.valueString ?? null;
}
