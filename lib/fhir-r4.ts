/**
 * HL7 FHIR R4 types for the resources the client-record system serves and the client-records
 * subgraph reads: Patient, Practitioner, Organization, CarePlan, Goal, Bundle,
 * CapabilityStatement, OperationOutcome.
 *
 * Why this module: the installed @types/fhir (3.0.x) describes STU3 in a global `fhir`
 * namespace. The datatypes and most resources are unchanged in R4 and are reused from it; the
 * two resources whose shape changed in R4 — CarePlan (author is one Reference, activity.detail
 * has `kind`, statusReason is a CodeableConcept, `doNotPerform`) and Goal (`lifecycleStatus`) —
 * are declared here. When the R4 types (`@types/fhir` 0.0.x, `fhir/r4`) are installed, this
 * file becomes a list of re-exports.
 */
/// <reference types="fhir" />

export type Coding = fhir.Coding;
export type CodeableConcept = fhir.CodeableConcept;
export type Reference = fhir.Reference;
export type Extension = fhir.Extension;
export type Identifier = fhir.Identifier;
export type HumanName = fhir.HumanName;
export type Address = fhir.Address;
export type ContactPoint = fhir.ContactPoint;
export type Period = fhir.Period;
export type Meta = fhir.Meta;
export type Quantity = fhir.Quantity;
export type Timing = fhir.Timing;
export type Patient = fhir.Patient & { resourceType: 'Patient' };
export type Practitioner = fhir.Practitioner & { resourceType: 'Practitioner' };
/** R4 Organization (a service provider; unchanged from STU3). */
export type Organization = fhir.Organization & { resourceType: 'Organization' };
export type OperationOutcome = fhir.OperationOutcome & { resourceType: 'OperationOutcome' };
export type OperationOutcomeIssue = fhir.OperationOutcomeIssue;
export type CapabilityStatement = fhir.CapabilityStatement & { resourceType: 'CapabilityStatement' };

/** R4 CarePlan.activity.detail. */
export interface CarePlanActivityDetail {
  id?: string;
  extension?: Extension[];
  kind?:
    | 'Appointment'
    | 'CommunicationRequest'
    | 'DeviceRequest'
    | 'MedicationRequest'
    | 'NutritionOrder'
    | 'Task'
    | 'ServiceRequest'
    | 'VisionPrescription';
  instantiatesCanonical?: string[];
  code?: CodeableConcept;
  reasonCode?: CodeableConcept[];
  goal?: Reference[];
  status: 'not-started' | 'scheduled' | 'in-progress' | 'on-hold' | 'completed' | 'cancelled' | 'stopped' | 'unknown' | 'entered-in-error';
  statusReason?: CodeableConcept;
  doNotPerform?: boolean;
  scheduledTiming?: Timing;
  scheduledPeriod?: Period;
  scheduledString?: string;
  location?: Reference;
  performer?: Reference[];
  quantity?: Quantity;
  dailyAmount?: Quantity;
  description?: string;
}

/** R4 CarePlan.activity. */
export interface CarePlanActivity {
  id?: string;
  extension?: Extension[];
  outcomeReference?: Reference[];
  reference?: Reference;
  detail?: CarePlanActivityDetail;
}

export type CarePlanStatus = 'draft' | 'active' | 'on-hold' | 'revoked' | 'completed' | 'entered-in-error' | 'unknown';

/** R4 CarePlan. */
export interface CarePlan {
  resourceType: 'CarePlan';
  id?: string;
  meta?: Meta;
  extension?: Extension[];
  identifier?: Identifier[];
  status: CarePlanStatus;
  intent: 'proposal' | 'plan' | 'order' | 'option';
  category?: CodeableConcept[];
  title?: string;
  description?: string;
  subject: Reference;
  period?: Period;
  created?: string;
  author?: Reference;
  contributor?: Reference[];
  careTeam?: Reference[];
  addresses?: Reference[];
  goal?: Reference[];
  activity?: CarePlanActivity[];
  note?: fhir.Annotation[];
}

export type GoalLifecycleStatus =
  'proposed' | 'planned' | 'accepted' | 'active' | 'on-hold' | 'completed' | 'cancelled' | 'entered-in-error' | 'rejected';

/** R4 Goal. */
export interface Goal {
  resourceType: 'Goal';
  id?: string;
  meta?: Meta;
  extension?: Extension[];
  lifecycleStatus: GoalLifecycleStatus;
  achievementStatus?: CodeableConcept;
  category?: CodeableConcept[];
  priority?: CodeableConcept;
  identifier?: Identifier[];
  description: CodeableConcept;
  subject: Reference;
  startDate?: string;
  statusDate?: string;
  addresses?: Reference[];
}

export type Resource = Patient | Practitioner | Organization | CarePlan | Goal | OperationOutcome | CapabilityStatement | Bundle;

export interface BundleLink {
  relation: string;
  url: string;
}

export interface BundleEntry<R = Resource> {
  fullUrl?: string;
  resource?: R;
  search?: { mode?: 'match' | 'include' | 'outcome'; score?: number };
  /** In a history Bundle: the interaction that made this version. */
  request?: { method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'PATCH'; url: string };
  /** In a history Bundle: how the server answered it. */
  response?: { status: string; location?: string; etag?: string; lastModified?: string };
}

/** R4 Bundle (the searchset the system answers searches with, the history of a resource). */
export interface Bundle<R = Resource> {
  resourceType: 'Bundle';
  id?: string;
  meta?: Meta;
  type:
    'document' | 'message' | 'transaction' | 'transaction-response' | 'batch' | 'batch-response' | 'history' | 'searchset' | 'collection';
  timestamp?: string;
  total?: number;
  link?: BundleLink[];
  entry?: BundleEntry<R>[];
}

/** The FHIR JSON media type with the R4 version parameter. */
export const FHIR_JSON = 'application/fhir+json; fhirVersion=4.0';

/**
 * The profile both sides of the FHIR API agree on (the Finnish base profiles plus this
 * federation's local extensions and code systems). Protocol, not implementation: the stand-in
 * writes these, the subgraph reads them, and a real system would be configured with them.
 */
export const FHIR_PROFILE = {
  /** Finnish base profile: the municipality of residence (kotikunta), valueCoding in MUNICIPALITY_SYSTEM. */
  municipalityExtension: 'https://hl7.fi/fhir/finnish-base-profiles/StructureDefinition/municipality-code',
  /** When the plan was approved (valueDateTime). */
  planApprovedExtension: 'https://henkilokohtainen-budjetti.example.fi/fhir/StructureDefinition/careplan-approved-at',
  /** Unit of a planned service's quantity (Quantity.system; codes HOUR VISIT DAY MEAL TRIP MONTH). */
  serviceUnitSystem: 'urn:henkilokohtainen-budjetti:service-unit',
  /** Custom search parameters (declared in the CapabilityStatement). */
  searchParameters: {
    patientMunicipality: 'https://henkilokohtainen-budjetti.example.fi/fhir/SearchParameter/Patient-municipality',
    carePlanActivity: 'https://henkilokohtainen-budjetti.example.fi/fhir/SearchParameter/CarePlan-activity',
  },
} as const;

/** Plan periods as Timing.repeat.periodUnit (UCUM units of time). */
export const PERIOD_UNIT = { WEEK: 'wk', MONTH: 'mo', YEAR: 'a' } as const;

/** The id in a reference "Type/id" (relative or absolute), when it is of that type. */
export function referencedId(reference: string | undefined, type: string): string | null {
  if (!reference) return null;
  const [t, id] = reference.split('/').slice(-2);
  return t === type && id ? id : null;
}
