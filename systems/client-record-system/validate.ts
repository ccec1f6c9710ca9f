/**
 * What this server stores: the checks a CarePlan, Goal or Organization passes before it is
 * written.
 *
 * Why this strict: the server is the system of record of the client plan, and every reader —
 * the subgraph's mapping (subgraphs/client-records/from-fhir.ts), the budget, providers'
 * need-to-know — reads the shape resources.ts gives the seed's plans. A written plan is held
 * to that shape (a service-type coding, a quantity in the service's unit per period of one
 * week, month or year, performers as Organizations, the profile's extensions as they are
 * defined) and to the base R4 rules (required elements, codes, no empty strings or arrays, no
 * element this server does not store; the writer's own extensions with a simple value are
 * kept, as any FHIR server keeps them), so what it serves stays valid R4 and readable by the
 * graph. Every issue is reported at once,
 * each with the element's path; nothing here writes.
 *
 * An Organization (a service provider, written by the providers subgraph when a provider is
 * approved) is held to the shape of the seeded ones: its business ID (Y-tunnus) with a valid
 * check digit in the business-ID identifier system — the key every system knows a provider
 * by —, a name, and whether it is in active use.
 */
import { FinnishBusinessIds } from 'finnish-business-ids';
import { SERVICE_UNITS } from '../../lib/__generated__/enums.js';
import { FHIR_PROFILE, PERIOD_UNIT, type CarePlanStatus, type GoalLifecycleStatus } from '../../lib/fhir-r4.js';
import { BUSINESS_ID_SYSTEM, MUNICIPALITY_SYSTEM, SERVICE_TYPE_SYSTEM, serviceTypeByCode, type ServiceUnit } from '../../lib/reference.js';
import type { Issue, IssueCode } from './outcome.js';

export type Json = Record<string, unknown>;

/** What the checks look up in the store: the targets of references. */
export interface Known {
  patient(id: string): boolean;
  organization(id: string): boolean;
  /** The subject (Patient id) of a known Goal; undefined when the Goal is not known. */
  goalSubject(id: string): string | null | undefined;
  municipalityOfPatient(id: string): string | undefined;
}

/** FHIR logical ids (and element ids): letters, digits, '-' and '.', at most 64. */
export const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

const CAREPLAN_STATUS: readonly CarePlanStatus[] = ['draft', 'active', 'on-hold', 'revoked', 'completed', 'entered-in-error', 'unknown'];
const CAREPLAN_INTENT = ['proposal', 'plan', 'order', 'option'] as const;
const ACTIVITY_STATUS = [
  'not-started',
  'scheduled',
  'in-progress',
  'on-hold',
  'completed',
  'cancelled',
  'stopped',
  'unknown',
  'entered-in-error',
] as const;
const GOAL_STATUS: readonly GoalLifecycleStatus[] = [
  'proposed',
  'planned',
  'accepted',
  'active',
  'on-hold',
  'completed',
  'cancelled',
  'entered-in-error',
  'rejected',
];
const IDENTIFIER_USE = ['usual', 'official', 'temp', 'secondary', 'old'] as const;
const PERIOD_UNITS: readonly string[] = Object.values(PERIOD_UNIT);
/** A sanity bound on a planned quantity per period (a year's meals are about a thousand). */
const MAX_QUANTITY = 100_000;
const MAX_IDENTIFIER = 200;

const CAREPLAN_ELEMENTS = [
  'resourceType',
  'id',
  'meta',
  'extension',
  'identifier',
  'status',
  'intent',
  'title',
  'description',
  'subject',
  'period',
  'created',
  'author',
  'goal',
  'activity',
  'note',
];
const DETAIL_ELEMENTS = ['kind', 'code', 'status', 'statusReason', 'scheduledTiming', 'location', 'performer', 'quantity', 'description'];
const ORGANIZATION_ELEMENTS = ['resourceType', 'id', 'meta', 'identifier', 'active', 'type', 'name', 'alias', 'telecom'];
const CONTACT_SYSTEMS = ['phone', 'fax', 'email', 'pager', 'url', 'sms', 'other'] as const;
const CONTACT_USES = ['home', 'work', 'temp', 'old', 'mobile'] as const;
/** Longest organisation name kept (the catalogue's limit is lower). */
const MAX_NAME = 500;
const GOAL_ELEMENTS = [
  'resourceType',
  'id',
  'meta',
  'identifier',
  'lifecycleStatus',
  'description',
  'subject',
  'startDate',
  'statusDate',
  'note',
];

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2}))?$/;

function realDate(value: string): boolean {
  const day = value.slice(0, 10);
  const parsed = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === day && !Number.isNaN(new Date(value).getTime());
}

/** Collects issues while walking a body; each helper returns the checked value or null. */
class Checks {
  readonly issues: Issue[] = [];

  fail(path: string, problem: string, code: IssueCode = 'value'): null {
    this.issues.push({ code, diagnostics: `${path} ${problem}`, expression: path });
    return null;
  }

  /** An object with only the allowed elements. */
  object(value: unknown, path: string, allowed: readonly string[]): Json | null {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return this.fail(path, 'must be an object', 'structure');
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.fail(`${path}.${key}`, 'is not an element this server stores', 'structure');
    }
    return value as Json;
  }

  /** A required or optional object element. */
  child(parent: Json, key: string, path: string, allowed: readonly string[], required = false): Json | null {
    const at = `${path}.${key}`;
    if (parent[key] === undefined) return required ? this.fail(at, 'is required', 'required') : null;
    return this.object(parent[key], at, allowed);
  }

  /** A non-empty array element (FHIR JSON has no empty arrays: leave the element out instead). */
  list(parent: Json, key: string, path: string, required = false): unknown[] | null {
    const value = parent[key];
    const at = `${path}.${key}`;
    if (value === undefined) return required ? this.fail(at, 'is required', 'required') : null;
    if (!Array.isArray(value)) return this.fail(at, 'must be an array', 'structure');
    if (value.length === 0) return this.fail(at, 'must not be empty (leave it out instead)', 'structure');
    return value;
  }

  string(
    parent: Json,
    key: string,
    path: string,
    rule: { required?: boolean; oneOf?: readonly string[]; pattern?: RegExp; what?: string; max?: number } = {},
  ): string | null {
    const value = parent[key];
    const at = `${path}.${key}`;
    if (value === undefined) return rule.required ? this.fail(at, 'is required', 'required') : null;
    if (typeof value !== 'string' || value.trim() === '') return this.fail(at, 'must be a non-empty string');
    if (rule.oneOf && !rule.oneOf.includes(value))
      return this.fail(at, `must be one of ${rule.oneOf.join(' | ')}, not ${JSON.stringify(value)}`, 'value');
    if (rule.pattern && !rule.pattern.test(value)) return this.fail(at, `must be ${rule.what}, not ${JSON.stringify(value)}`);
    if (rule.max && value.length > rule.max) return this.fail(at, `must be at most ${rule.max} characters`, 'too-long');
    return value;
  }

  date(parent: Json, key: string, path: string, required = false): string | null {
    const value = this.string(parent, key, path, { required, pattern: DATE, what: 'a date (YYYY-MM-DD)' });
    return value && !realDate(value) ? this.fail(`${path}.${key}`, `is not a calendar date: ${value}`) : value;
  }

  dateTime(parent: Json, key: string, path: string): string | null {
    const value = this.string(parent, key, path, { pattern: DATE_TIME, what: 'a date or a dateTime with a time zone' });
    return value && !realDate(value) ? this.fail(`${path}.${key}`, `is not a calendar date: ${value}`) : value;
  }

  /** Any object: an element whose content the server replaces (meta). */
  anyObject(parent: Json, key: string, path: string): void {
    const value = parent[key];
    if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value)))
      this.fail(`${path}.${key}`, 'must be an object', 'structure');
  }

  /** A relative reference `Type/id`, to a resource this server knows when `exists` checks it; returns the id. */
  reference(parent: Json, key: string, path: string, type: string, exists: (id: string) => boolean, required = false): string | null {
    if (parent[key] === undefined) return required ? this.fail(`${path}.${key}`, 'is required', 'required') : null;
    return this.referenceAt(parent[key], `${path}.${key}`, type, exists);
  }

  /** The same, for an element given by value (an item of an array). */
  referenceAt(element: unknown, at: string, type: string, exists: (id: string) => boolean): string | null {
    const ref = this.object(element, at, ['reference', 'display']);
    if (!ref) return null;
    this.string(ref, 'display', at);
    const reference = this.string(ref, 'reference', at, {
      required: true,
      pattern: new RegExp(`^${type}/[A-Za-z0-9\\-.]{1,64}$`),
      what: `a relative reference ${type}/id`,
    });
    if (!reference) return null;
    const id = reference.slice(type.length + 1);
    return exists(id) ? id : this.fail(`${at}.reference`, `names ${reference}, which this server does not know`, 'not-found');
  }

  identifiers(parent: Json, path: string): void {
    (this.list(parent, 'identifier', path) ?? []).forEach((raw, i) => {
      const at = `${path}.identifier[${i}]`;
      const identifier = this.object(raw, at, ['use', 'system', 'value']);
      if (!identifier) return;
      this.string(identifier, 'use', at, { oneOf: IDENTIFIER_USE });
      this.string(identifier, 'system', at, { pattern: /^\S+$/, what: 'a URI' });
      this.string(identifier, 'value', at, { required: true, max: MAX_IDENTIFIER });
    });
  }

  notes(parent: Json, path: string): void {
    (this.list(parent, 'note', path) ?? []).forEach((raw, i) => {
      const at = `${path}.note[${i}]`;
      const note = this.object(raw, at, ['text', 'time', 'authorString', 'authorReference']);
      if (!note) return;
      this.string(note, 'text', at, { required: true });
      this.dateTime(note, 'time', at);
      this.string(note, 'authorString', at);
      this.reference(note, 'authorReference', at, 'Practitioner', () => true);
      if (note.authorString !== undefined && note.authorReference !== undefined)
        this.fail(`${at}.author[x]`, 'must be one of authorString and authorReference', 'invariant');
    });
  }
}

function checkExtensions(c: Checks, plan: Json, patientId: string | null, known: Known): void {
  const seen = new Set<string>();
  (c.list(plan, 'extension', 'CarePlan') ?? []).forEach((raw, i) => {
    const at = `CarePlan.extension[${i}]`;
    const url = typeof raw === 'object' && raw !== null ? (raw as Json).url : undefined;
    if (typeof url === 'string' && seen.has(url)) c.fail(at, `repeats the extension ${url}`, 'duplicate');
    if (typeof url === 'string') seen.add(url);
    if (url === FHIR_PROFILE.municipalityExtension) {
      const ext = c.object(raw, at, ['url', 'valueCoding']);
      const coding = ext && c.child(ext, 'valueCoding', at, ['system', 'code', 'display'], true);
      if (!coding) return;
      c.string(coding, 'system', `${at}.valueCoding`, { required: true, oneOf: [MUNICIPALITY_SYSTEM] });
      c.string(coding, 'display', `${at}.valueCoding`);
      const code = c.string(coding, 'code', `${at}.valueCoding`, { required: true });
      const residence = patientId ? known.municipalityOfPatient(patientId) : undefined;
      if (code && residence && code !== residence)
        c.fail(`${at}.valueCoding.code`, `is ${code}, but Patient/${patientId} lives in ${residence}`, 'invariant');
    } else if (url === FHIR_PROFILE.planApprovedExtension) {
      const ext = c.object(raw, at, ['url', 'valueDateTime']);
      if (ext && ext.valueDateTime === undefined) c.fail(`${at}.valueDateTime`, 'is required', 'required');
      else if (ext) c.dateTime(ext, 'valueDateTime', at);
    } else {
      checkOtherExtension(c, raw, at);
    }
  });
}

/** Value types an extension of the writer's own may carry, with their checks. */
const EXTENSION_VALUES: Record<string, (c: Checks, ext: Json, at: string) => void> = {
  valueString: (c, ext, at) => c.string(ext, 'valueString', at, { required: true }),
  valueCode: (c, ext, at) => c.string(ext, 'valueCode', at, { required: true, pattern: /^[^\s]+( [^\s]+)*$/, what: 'a code' }),
  valueUri: (c, ext, at) => c.string(ext, 'valueUri', at, { required: true, pattern: /^\S+$/, what: 'a URI' }),
  valueDate: (c, ext, at) => c.date(ext, 'valueDate', at, true),
  valueDateTime: (c, ext, at) => c.dateTime(ext, 'valueDateTime', at),
  valueBoolean: (c, ext, at) => (typeof ext.valueBoolean === 'boolean' ? undefined : c.fail(`${at}.valueBoolean`, 'must be true or false')),
  valueInteger: (c, ext, at) => (Number.isSafeInteger(ext.valueInteger) ? undefined : c.fail(`${at}.valueInteger`, 'must be an integer')),
  valueDecimal: (c, ext, at) =>
    typeof ext.valueDecimal === 'number' && Number.isFinite(ext.valueDecimal)
      ? undefined
      : c.fail(`${at}.valueDecimal`, 'must be a number'),
};

/**
 * An extension of the writer's own (as a real server keeps any): an absolute URL and one
 * simple value, so what is served stays valid R4.
 */
function checkOtherExtension(c: Checks, raw: unknown, at: string): void {
  const ext = c.object(raw, at, ['url', ...Object.keys(EXTENSION_VALUES)]);
  if (!ext) return;
  c.string(ext, 'url', at, { required: true, pattern: /^(https?|urn):\S+$/, what: 'an absolute URL' });
  const values = Object.keys(ext).filter((key) => key.startsWith('value'));
  if (values.length !== 1) {
    c.fail(`${at}.value[x]`, `must be exactly one of ${Object.keys(EXTENSION_VALUES).join(', ')}`, values.length ? 'value' : 'required');
    return;
  }
  // A value of another type is already refused above, as an element this server does not store.
  EXTENSION_VALUES[values[0]]?.(c, ext, at);
}

/** One planned service: the shape of resources.ts activityDetail, with the id optional (the server assigns it). */
function checkActivity(c: Checks, raw: unknown, at: string, known: Known, ids: Set<string>): void {
  const activity = c.object(raw, at, ['id', 'detail']);
  if (!activity) return;
  const id = c.string(activity, 'id', at, { pattern: FHIR_ID, what: 'an id (letters, digits, - and ., at most 64)' });
  if (id && ids.has(id)) c.fail(`${at}.id`, `repeats the activity id ${id}`, 'duplicate');
  if (id) ids.add(id);
  const detail = c.child(activity, 'detail', at, DETAIL_ELEMENTS, true);
  if (!detail) return;
  const path = `${at}.detail`;
  c.string(detail, 'kind', path, { required: true, oneOf: ['ServiceRequest'] });
  c.string(detail, 'status', path, { required: true, oneOf: ACTIVITY_STATUS });
  c.string(detail, 'description', path);
  const reason = c.child(detail, 'statusReason', path, ['text']);
  if (reason) c.string(reason, 'text', `${path}.statusReason`, { required: true });

  // What: one coding of a service type this system knows.
  let unit: ServiceUnit | undefined;
  const code = c.child(detail, 'code', path, ['coding', 'text'], true);
  if (code) {
    c.string(code, 'text', `${path}.code`);
    const types: string[] = [];
    (c.list(code, 'coding', `${path}.code`, true) ?? []).forEach((rawCoding, j) => {
      const cat = `${path}.code.coding[${j}]`;
      const coding = c.object(rawCoding, cat, ['system', 'code', 'display']);
      if (!coding) return;
      const system = c.string(coding, 'system', cat, { required: true });
      const value = c.string(coding, 'code', cat, { required: true });
      c.string(coding, 'display', cat);
      if (system !== SERVICE_TYPE_SYSTEM || !value) return;
      const type = serviceTypeByCode.get(value);
      if (!type) c.fail(`${cat}.code`, `is not a service type of ${SERVICE_TYPE_SYSTEM}: ${value}`, 'value');
      else {
        types.push(value);
        unit = type.unit;
      }
    });
    if (types.length === 0 && Array.isArray(code.coding))
      c.fail(`${path}.code.coding`, `must have a coding in ${SERVICE_TYPE_SYSTEM} (the service type)`, 'required');
    if (types.length > 1) c.fail(`${path}.code.coding`, `has ${types.length} service types; a planned service is of one`, 'value');
  }

  // When: the quantity is per one week, month or year; the schedule is free text.
  const timing = c.child(detail, 'scheduledTiming', path, ['repeat', 'code'], true);
  if (timing) {
    const tat = `${path}.scheduledTiming`;
    const repeat = c.child(timing, 'repeat', tat, ['period', 'periodUnit'], true);
    if (repeat) {
      if (repeat.period !== 1)
        c.fail(`${tat}.repeat.period`, 'must be 1 (the quantity is per one period)', repeat.period === undefined ? 'required' : 'value');
      c.string(repeat, 'periodUnit', `${tat}.repeat`, { required: true, oneOf: PERIOD_UNITS });
    }
    const schedule = c.child(timing, 'code', tat, ['text']);
    if (schedule) c.string(schedule, 'text', `${tat}.code`, { required: true });
  }

  // Where.
  const location = c.child(detail, 'location', path, ['display']);
  if (location) c.string(location, 'display', `${path}.location`, { required: true });

  // Who: providers (Organizations), each once.
  const performers = new Set<string>();
  (c.list(detail, 'performer', path) ?? []).forEach((rawPerformer, j) => {
    const performer = c.referenceAt(rawPerformer, `${path}.performer[${j}]`, 'Organization', known.organization);
    if (performer && performers.has(performer)) c.fail(`${path}.performer[${j}]`, `repeats Organization/${performer}`, 'duplicate');
    if (performer) performers.add(performer);
  });

  // How much: hundredths of the service type's unit.
  const quantity = c.child(detail, 'quantity', path, ['value', 'unit', 'system', 'code'], true);
  if (quantity) {
    const qat = `${path}.quantity`;
    const value = quantity.value;
    if (value === undefined) c.fail(`${qat}.value`, 'is required', 'required');
    else if (
      typeof value !== 'number' ||
      !Number.isFinite(value) ||
      value <= 0 ||
      value > MAX_QUANTITY ||
      Math.abs(Math.round(value * 100) - value * 100) > 1e-6
    ) {
      c.fail(
        `${qat}.value`,
        `must be a number above 0 and at most ${MAX_QUANTITY}, with at most two decimals, not ${JSON.stringify(value)}`,
      );
    }
    c.string(quantity, 'unit', qat);
    c.string(quantity, 'system', qat, { required: true, oneOf: [FHIR_PROFILE.serviceUnitSystem] });
    const qcode = c.string(quantity, 'code', qat, { required: true, oneOf: SERVICE_UNITS });
    if (qcode && unit && qcode !== unit) c.fail(`${qat}.code`, `is ${qcode}, but the service type is planned in ${unit}`, 'value');
  }
}

/**
 * The issues of a CarePlan body (resourceType already checked). Activity ids may be absent
 * (the server assigns them); whether a present one belongs to another plan is the writer's
 * check, not a shape.
 */
export function carePlanIssues(plan: Json, known: Known): Issue[] {
  const c = new Checks();
  c.object(plan, 'CarePlan', CAREPLAN_ELEMENTS);
  c.anyObject(plan, 'meta', 'CarePlan');
  c.string(plan, 'status', 'CarePlan', { required: true, oneOf: CAREPLAN_STATUS });
  c.string(plan, 'intent', 'CarePlan', { required: true, oneOf: CAREPLAN_INTENT });
  c.string(plan, 'title', 'CarePlan');
  c.string(plan, 'description', 'CarePlan');
  c.dateTime(plan, 'created', 'CarePlan');
  const patientId = c.reference(plan, 'subject', 'CarePlan', 'Patient', known.patient, true);
  // The author is whoever wrote the plan, as the writer's token names them; a worker this
  // system has no Practitioner for (a dev token's subject) still writes. Only its form is checked.
  c.reference(plan, 'author', 'CarePlan', 'Practitioner', () => true);
  checkExtensions(c, plan, patientId, known);
  c.identifiers(plan, 'CarePlan');
  c.notes(plan, 'CarePlan');

  const period = c.child(plan, 'period', 'CarePlan', ['start', 'end'], true);
  if (period) {
    const start = c.date(period, 'start', 'CarePlan.period', true);
    const end = c.date(period, 'end', 'CarePlan.period');
    if (start && end && end < start) c.fail('CarePlan.period.end', `is before the start ${start}`, 'invariant');
  }

  const goals = new Set<string>();
  (c.list(plan, 'goal', 'CarePlan') ?? []).forEach((raw, i) => {
    const at = `CarePlan.goal[${i}]`;
    const goalId = c.referenceAt(raw, at, 'Goal', (id) => known.goalSubject(id) !== undefined);
    if (!goalId) return;
    if (goals.has(goalId)) c.fail(at, `repeats Goal/${goalId}`, 'duplicate');
    goals.add(goalId);
    const subject = known.goalSubject(goalId);
    if (patientId && subject !== patientId)
      c.fail(
        `${at}.reference`,
        `names Goal/${goalId}, which is a goal of ${subject ? `Patient/${subject}` : 'no patient'}, not of Patient/${patientId}`,
        'invariant',
      );
  });

  const ids = new Set<string>();
  (c.list(plan, 'activity', 'CarePlan') ?? []).forEach((raw, i) => checkActivity(c, raw, `CarePlan.activity[${i}]`, known, ids));
  return c.issues;
}

/** The issues of a Goal body (resourceType already checked). */
export function goalIssues(goal: Json, known: Known): Issue[] {
  const c = new Checks();
  c.object(goal, 'Goal', GOAL_ELEMENTS);
  c.anyObject(goal, 'meta', 'Goal');
  c.string(goal, 'lifecycleStatus', 'Goal', { required: true, oneOf: GOAL_STATUS });
  const description = c.child(goal, 'description', 'Goal', ['text'], true);
  if (description) c.string(description, 'text', 'Goal.description', { required: true });
  c.reference(goal, 'subject', 'Goal', 'Patient', known.patient, true);
  c.date(goal, 'startDate', 'Goal');
  c.date(goal, 'statusDate', 'Goal');
  c.identifiers(goal, 'Goal');
  c.notes(goal, 'Goal');
  return c.issues;
}

/**
 * The issues of an Organization body (resourceType already checked; the id in the body is the
 * URL's, which the writer checked). Exactly one business ID: two would make "which provider is
 * this" ambiguous for every system that keys providers by it.
 */
export function organizationIssues(organization: Json): Issue[] {
  const c = new Checks();
  c.object(organization, 'Organization', ORGANIZATION_ELEMENTS);
  c.anyObject(organization, 'meta', 'Organization');
  c.string(organization, 'id', 'Organization', { required: true, pattern: FHIR_ID, what: 'an id (letters, digits, - and ., at most 64)' });

  c.identifiers(organization, 'Organization');
  const identifiers = Array.isArray(organization.identifier) ? (organization.identifier as unknown[]) : [];
  const businessIds = identifiers.flatMap((raw, i) =>
    typeof raw === 'object' && raw !== null && (raw as Json).system === BUSINESS_ID_SYSTEM ? [{ value: (raw as Json).value, i }] : [],
  );
  // Absent, or present without one (an identifier that is no array or empty is refused above).
  if (businessIds.length === 0 && (organization.identifier === undefined || identifiers.length > 0)) {
    c.fail('Organization.identifier', `must hold the business ID (Y-tunnus) in ${BUSINESS_ID_SYSTEM}`, 'required');
  }
  if (businessIds.length > 1)
    c.fail('Organization.identifier', `holds ${businessIds.length} business IDs; an organization has one`, 'duplicate');
  for (const { value, i } of businessIds) {
    if (typeof value === 'string' && !FinnishBusinessIds.isValidBusinessId(value)) {
      c.fail(
        `Organization.identifier[${i}].value`,
        `is not a valid business ID (Y-tunnus, e.g. 1572860-0): ${JSON.stringify(value.slice(0, 40))}`,
      );
    }
  }

  c.string(organization, 'name', 'Organization', { required: true, max: MAX_NAME });
  if (organization.active === undefined) c.fail('Organization.active', 'is required (true while the provider may be chosen)', 'required');
  else if (typeof organization.active !== 'boolean') c.fail('Organization.active', 'must be true or false');

  (c.list(organization, 'alias', 'Organization') ?? []).forEach((alias, i) => {
    if (typeof alias !== 'string' || alias.trim() === '') c.fail(`Organization.alias[${i}]`, 'must be a non-empty string');
  });
  (c.list(organization, 'type', 'Organization') ?? []).forEach((raw, i) => {
    const at = `Organization.type[${i}]`;
    const type = c.object(raw, at, ['coding', 'text']);
    if (!type) return;
    c.string(type, 'text', at);
    (c.list(type, 'coding', at) ?? []).forEach((rawCoding, j) => {
      const cat = `${at}.coding[${j}]`;
      const coding = c.object(rawCoding, cat, ['system', 'code', 'display']);
      if (!coding) return;
      c.string(coding, 'system', cat, { required: true, pattern: /^\S+$/, what: 'a URI' });
      c.string(coding, 'code', cat, { required: true });
      c.string(coding, 'display', cat);
    });
    if (type.coding === undefined && type.text === undefined) c.fail(at, 'must have a coding or a text', 'required');
  });
  (c.list(organization, 'telecom', 'Organization') ?? []).forEach((raw, i) => {
    const at = `Organization.telecom[${i}]`;
    const telecom = c.object(raw, at, ['system', 'value', 'use']);
    if (!telecom) return;
    c.string(telecom, 'system', at, { required: true, oneOf: CONTACT_SYSTEMS });
    c.string(telecom, 'value', at, { required: true, max: MAX_NAME });
    c.string(telecom, 'use', at, { oneOf: CONTACT_USES });
  });
  return c.issues;
}
