/**
 * FHIR R4 resources → this subgraph's models. Why its own module: it is where the FHIR profile
 * (lib/fhir-r4.ts FHIR_PROFILE, the Finnish base profile's municipality extension, HETU system)
 * is read, so a real system's small differences are handled in one place. It is lenient with
 * optional data and strict with what the graph cannot do without (ids, names, dates).
 */
import { LANGUAGES, SERVICE_UNITS } from '../../lib/__generated__/enums.js';
import { UpstreamError } from '../../lib/errors.js';
import {
  FHIR_PROFILE,
  PERIOD_UNIT,
  referencedId,
  type CarePlan,
  type Extension,
  type Goal,
  type Patient,
  type Practitioner,
  type Resource,
} from '../../lib/fhir-r4.js';
import { hundredthsToDecimal, decimalToHundredths } from '../../lib/money.js';
import {
  HETU_SYSTEM,
  MUNICIPALITY_SYSTEM,
  SERVICE_TYPE_SYSTEM,
  type LanguageCode,
  type PlanPeriod,
  type ServiceUnit,
} from '../../lib/reference.js';
import { revocationReasonOf } from './to-fhir.js';
import type { CaseWorkerModel, ClientModel, PlanModel, PlanStatusModel, PlannedServiceModel } from './models.js';

const bad = (what: string) => new UpstreamError('client-record-system', `client-record-system sent an unusable ${what}`);

function municipalityOf(extension: Extension[] | undefined): string | null {
  const ext = extension?.find((e) => e.url === FHIR_PROFILE.municipalityExtension);
  const coding = ext?.valueCoding;
  return coding && (!coding.system || coding.system === MUNICIPALITY_SYSTEM) && coding.code ? coding.code : null;
}

export { referencedId };

/** FHIR's lower-case language codes (fi, sv, en) → the SDL's Language. */
const LANGUAGE_OF_CODE = new Map<string, LanguageCode>(LANGUAGES.map((l) => [l.toLowerCase(), l]));

function languageOf(patient: Patient): LanguageCode {
  const communication = patient.communication ?? [];
  const preferred = communication.find((c) => c.preferred) ?? communication[0];
  for (const coding of preferred?.language?.coding ?? []) {
    const primary = coding.code?.toLowerCase().split('-')[0];
    const language = primary && LANGUAGE_OF_CODE.get(primary);
    if (language) return language;
  }
  return 'FI';
}

export function clientFromPatient(patient: Patient): ClientModel {
  const name = patient.name?.find((n) => n.use === 'official') ?? patient.name?.[0];
  const municipalityCode = municipalityOf(patient.extension);
  if (!patient.id || !name?.family || !municipalityCode) throw bad(`Patient ${patient.id ?? ''}`.trim());
  const address = patient.address?.find((a) => a.use === 'home') ?? patient.address?.[0];
  const phone = patient.telecom?.find((t) => t.system === 'phone' && t.value);
  return {
    id: patient.id,
    personalIdentityCode: patient.identifier?.find((i) => i.system === HETU_SYSTEM)?.value ?? null,
    firstName: (name.given ?? []).join(' '),
    lastName: name.family,
    birthDate: patient.birthDate ?? null,
    municipalityCode,
    language: languageOf(patient),
    address:
      address?.line?.length && address.city
        ? { line: address.line.join(', '), postalCode: address.postalCode ?? null, city: address.city }
        : null,
    phone: phone?.value ?? null,
    responsibleWorkerId: referencedId(patient.generalPractitioner?.[0]?.reference, 'Practitioner'),
  };
}

export function caseWorkerFromPractitioner(practitioner: Practitioner): CaseWorkerModel {
  const name = practitioner.name?.find((n) => n.use === 'official') ?? practitioner.name?.[0];
  if (!practitioner.id || !name) throw bad(`Practitioner ${practitioner.id ?? ''}`.trim());
  return {
    id: practitioner.id,
    name: name.text ?? [...(name.given ?? []), name.family].filter(Boolean).join(' '),
    phone: practitioner.telecom?.find((t) => t.system === 'phone')?.value ?? null,
    email: practitioner.telecom?.find((t) => t.system === 'email')?.value ?? null,
    municipalityCode: municipalityOf(practitioner.extension),
  };
}

const PLAN_STATUS: Partial<Record<CarePlan['status'], PlanStatusModel>> = {
  draft: 'DRAFT',
  active: 'ACTIVE',
  completed: 'COMPLETED',
  revoked: 'REVOKED',
};
const PERIODS = Object.fromEntries(Object.entries(PERIOD_UNIT).map(([per, unit]) => [unit, per])) as Record<string, PlanPeriod>;

/** A FHIR decimal (a JSON number) as an exact Decimal string with at most 2 decimals: 2.5 → "2.5". */
function quantityDecimal(value: number | undefined, where: string): string {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw bad(`quantity in ${where}`);
  try {
    return hundredthsToDecimal(decimalToHundredths(String(value)));
  } catch {
    throw bad(`quantity ${value} in ${where}`);
  }
}

/** A CarePlan with the Goals it references (from `_include=CarePlan:goal`) as a plan. */
export function planFromCarePlan(carePlan: CarePlan, goalsById: ReadonlyMap<string, Goal>): PlanModel | null {
  const status = PLAN_STATUS[carePlan.status];
  const clientId = referencedId(carePlan.subject?.reference, 'Patient');
  // Plans in other states (on-hold, entered-in-error, unknown) are not part of this graph.
  if (!status) return null;
  if (!carePlan.id || !clientId || !carePlan.period?.start) throw bad(`CarePlan ${carePlan.id ?? ''}`.trim());
  const municipalityCode = municipalityOf(carePlan.extension);
  const approvedAt = carePlan.extension?.find((e) => e.url === FHIR_PROFILE.planApprovedExtension)?.valueDateTime ?? null;
  const services: PlannedServiceModel[] = [];
  for (const activity of carePlan.activity ?? []) {
    const detail = activity.detail;
    const where = `CarePlan ${carePlan.id} activity ${activity.id ?? ''}`;
    if (!detail || detail.kind !== 'ServiceRequest') continue;
    const serviceTypeCode = detail.code?.coding?.find((c) => c.system === SERVICE_TYPE_SYSTEM)?.code;
    const unit = detail.quantity?.system === FHIR_PROFILE.serviceUnitSystem ? (detail.quantity.code as ServiceUnit) : undefined;
    const per = PERIODS[detail.scheduledTiming?.repeat?.periodUnit ?? ''];
    if (!activity.id || !serviceTypeCode || !unit || !SERVICE_UNITS.includes(unit) || !per) throw bad(where);
    // Performers of other kinds (a practitioner, a care team) are not providers of this graph.
    const performerIds = [
      ...new Set((detail.performer ?? []).map((p) => referencedId(p.reference, 'Organization')).filter((id): id is string => id !== null)),
    ];
    services.push({
      id: activity.id,
      planId: carePlan.id,
      clientId,
      municipalityCode,
      planStatus: status,
      performerIds,
      serviceTypeCode,
      quantity: quantityDecimal(detail.quantity?.value, where),
      unit,
      per,
      schedule: detail.scheduledTiming?.code?.text ?? null,
      location: detail.location?.display ?? null,
      instructions: detail.description ?? null,
    });
  }
  const goals = (carePlan.goal ?? [])
    .map((ref) => goalsById.get(referencedId(ref.reference, 'Goal') ?? ''))
    .filter((g): g is Goal => g !== undefined)
    .map((g) => g.description?.text ?? g.description?.coding?.[0]?.display)
    .filter((text): text is string => !!text);
  return {
    id: carePlan.id,
    clientId,
    version: carePlan.meta?.versionId ?? '1',
    status,
    validFrom: carePlan.period.start.slice(0, 10),
    validTo: carePlan.period.end?.slice(0, 10) ?? null,
    situation: carePlan.description ?? null,
    goals,
    approvedAt,
    revocationReason: revocationReasonOf(carePlan),
    municipalityCode,
    services,
  };
}

/** The Goals among included resources, by id. */
export function goalsOf(included: readonly Resource[]): Map<string, Goal> {
  const map = new Map<string, Goal>();
  for (const r of included) if (r.resourceType === 'Goal' && r.id) map.set(r.id, r);
  return map;
}
