/**
 * Writes to the client-record system, as a HAPI-like FHIR R4 server makes them: create
 * (POST, conditional with If-None-Exist) and update (PUT, versioned: If-Match required) of
 * CarePlan and Goal, and update-as-create of Organization (PUT to the id the writer chose:
 * creates it when absent, a versioned update otherwise). Other types are read-only here.
 *
 * Why the rules live in one module: who assigns ids, which version an update must name, when a
 * conditional create finds instead of creating, and that nothing is stored unless all of it
 * is valid, are the system's rules, and the graph's write path depends on each one (an
 * idempotency key in CarePlan.identifier, the plan's version as ClientPlan.version). Each
 * write runs synchronously on the store, so a check and the write it guards cannot interleave
 * with another request.
 *
 * Ids: the server assigns CarePlan and Goal ids (`cp-…`, `goal-…`: 16 random hex digits, never
 * the seed's `pl-`/`go-` forms) and ignores an id in a create's body, as FHIR says. Activity
 * (planned service) ids are the client's when it sends them (the graph sends `ps-<random>`)
 * and assigned by the server (`ps-` and 16 hex digits) when an activity has none, on create and
 * on update alike. An activity id belongs to one plan for good: one that another plan has or
 * ever had is refused (409), because orders in the voucher system name planned services by id.
 *
 * Organizations are the service providers that perform planned services. Their ids are the
 * writer's — the provider id the catalogue, the voucher system and CarePlan performers all use
 * — so they are written by PUT Organization/{id} (FHIR update-as-create; `updateCreate` in the
 * CapabilityStatement): absent, it is created at version 1 (201; an If-Match then names a
 * version that cannot be, 412); present, it is a versioned update like any other (428 without
 * If-Match, 412 when stale). A written Organization is a known performer at once; none is ever
 * deleted, a provider that may no longer be chosen is `active: false`.
 */
import { randomBytes } from 'node:crypto';
import type { CarePlan, Goal, Organization } from '../../lib/fhir-r4.js';
import { FHIR_PROFILE } from '../../lib/fhir-r4.js';
import { FhirError, type Issue } from './outcome.js';
import { municipalityExtension } from './resources.js';
import { search, SEARCH_PARAMS } from './search.js';
import { referenceTo, type ClientRecordStore, type ResourceType } from './store.js';
import { carePlanIssues, FHIR_ID, goalIssues, organizationIssues, type Json, type Known } from './validate.js';

/** Written by create (POST; the server assigns the id) and by update. */
export const CREATABLE_TYPES = ['CarePlan', 'Goal'] as const;
/** Written by update only, to the writer's id: an update of one that is absent creates it. */
export const UPDATE_CREATE_TYPES = ['Organization'] as const;
export const WRITABLE_TYPES = [...CREATABLE_TYPES, ...UPDATE_CREATE_TYPES] as const;
/** Bodies above this are refused (413) before they are read. */
export const MAX_BODY_BYTES = 256 * 1024;
export type CreatableType = (typeof CREATABLE_TYPES)[number];
export type WritableType = (typeof WRITABLE_TYPES)[number];
export type Writable = CarePlan | Goal | Organization;

export interface Written {
  /** 201 created, 200 updated or found by a conditional create. */
  status: 200 | 201;
  resource: Writable;
}

export function isWritable(type: ResourceType): type is WritableType {
  return (WRITABLE_TYPES as readonly string[]).includes(type);
}

export function isCreatable(type: ResourceType): type is CreatableType {
  return (CREATABLE_TYPES as readonly string[]).includes(type);
}

/** Whether PUT to an unknown id creates the resource (FHIR updateCreate). */
export function createsOnUpdate(type: ResourceType): boolean {
  return (UPDATE_CREATE_TYPES as readonly string[]).includes(type);
}

function known(store: ClientRecordStore): Known {
  return {
    patient: (id) => store.patients.ordinal(id) !== undefined,
    organization: (id) => store.organizations.ordinal(id) !== undefined,
    goalSubject: (id) => {
      const goal = store.goals.byId(id);
      return goal ? referenceTo(goal.subject?.reference, 'Patient') : undefined;
    },
    municipalityOfPatient: (id) => store.municipalityOfPatient(id),
  };
}

/** The body as the named resource type, or 400: it must at least be that resource. */
function asResource(body: unknown, type: WritableType): Json {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new FhirError(400, 'structure', `the body must be a ${type} resource (a JSON object)`);
  const resourceType = (body as Json).resourceType;
  if (resourceType !== type) {
    throw new FhirError(
      400,
      'invalid',
      `the body is ${typeof resourceType === 'string' ? `a ${resourceType}` : 'no resource (resourceType is missing)'}, but the URL names ${type}`,
    );
  }
  return body as Json;
}

/** Refuses the body with every issue found (422: it is a resource, but not one this server stores). */
function checkContent(store: ClientRecordStore, type: WritableType, body: Json): void {
  const issues =
    type === 'CarePlan' ? carePlanIssues(body, known(store)) : type === 'Goal' ? goalIssues(body, known(store)) : organizationIssues(body);
  if (issues.length) throw refusal(422, type, issues);
}

function refusal(status: number, type: string, issues: Issue[]): FhirError {
  const summary = issues.length === 1 ? issues[0].diagnostics : `${issues.length} issues: ${issues.map((i) => i.diagnostics).join('; ')}`;
  return new FhirError(status, issues[0].code, `the ${type} was not stored: ${summary}`, issues);
}

function newId(prefix: string, taken: (id: string) => boolean): string {
  for (;;) {
    const id = `${prefix}-${randomBytes(8).toString('hex')}`;
    if (!taken(id)) return id;
  }
}

/** Activity ids another plan has, or had: refused (409), nothing stored. `self` is the plan being updated. */
function checkActivityOwners(store: ClientRecordStore, body: Json, self: number | undefined): void {
  const issues: Issue[] = [];
  ((body.activity as Json[] | undefined) ?? []).forEach((activity, i) => {
    const id = activity.id as string | undefined;
    if (id === undefined) return;
    const owner = store.activityOwner(id);
    if (owner !== undefined && owner !== self) {
      issues.push({
        code: 'duplicate',
        diagnostics: `CarePlan.activity[${i}].id ${id} belongs to another plan`,
        expression: `CarePlan.activity[${i}].id`,
      });
    }
  });
  if (issues.length) throw refusal(409, 'CarePlan', issues);
}

/** Now, later than the previous version's instant (two writes in one millisecond stay ordered). */
function instantAfter(previous: string | undefined): string {
  const now = Date.now();
  const before = previous ? Date.parse(previous) : NaN;
  return new Date(Number.isNaN(before) || now > before ? now : before + 1).toISOString();
}

/** The stored form: server id and meta first, the municipality filled in, activity ids assigned. */
function stored(store: ClientRecordStore, type: WritableType, body: Json, id: string, versionId: string, lastUpdated: string): Writable {
  const rest = Object.fromEntries(Object.entries(body).filter(([key]) => key !== 'resourceType' && key !== 'id' && key !== 'meta'));
  const resource = { resourceType: type, id, meta: { versionId, lastUpdated }, ...rest } as Writable;
  if (resource.resourceType === 'CarePlan') {
    // The plan's municipality is its client's (the Finnish base profile's extension): filled in
    // when the writer leaves it out, checked against the Patient when it does not (validate.ts).
    const extension = resource.extension ?? [];
    const patientId = referenceTo(resource.subject.reference, 'Patient')!;
    if (!extension.some((e) => e.url === FHIR_PROFILE.municipalityExtension)) {
      resource.extension = [municipalityExtension(store.municipalityOfPatient(patientId)!), ...extension];
    }
    const assigned = new Set<string>();
    const taken = (a: string) =>
      assigned.has(a) || store.activityOwner(a) !== undefined || (resource.activity ?? []).some((x) => x.id === a);
    resource.activity = resource.activity?.map((activity) => {
      if (activity.id) return activity;
      const assignedId = newId('ps', taken);
      assigned.add(assignedId);
      return { id: assignedId, ...activity };
    });
    if (!resource.activity) delete resource.activity;
  }
  return resource;
}

/**
 * The search of an If-None-Exist header (`identifier=system|value`, with or without a leading
 * `Type?`): the one match, null for none; several are 412, as the FHIR spec says.
 */
function conditionalMatch(store: ClientRecordStore, type: CreatableType, header: string): Writable | null {
  const query = header.trim().replace(new RegExp(`^(${type})?\\?`), '');
  // Only the criteria count; paging, sorting and includes of the header do not change the match.
  const params = new URLSearchParams(
    [...new URLSearchParams(query)].filter(([key]) => !['_count', '_offset', '_sort', '_include'].includes(key)),
  );
  if (![...params.keys()].some((key) => SEARCH_PARAMS[type][key.split(':')[0]])) {
    throw new FhirError(
      400,
      'invalid',
      `If-None-Exist must be a search of ${type} (e.g. identifier=system|value), not ${JSON.stringify(header)}`,
    );
  }
  params.set('_count', '1');
  const result = search(store, type, params, false);
  if (result.total > 1)
    throw new FhirError(412, 'multiple-matches', `If-None-Exist matched ${result.total} ${type} resources; it must match at most one`);
  return result.total === 0 ? null : (store.table(type).resource(result.page[0]) as Writable);
}

/** POST [base]/Type: a new resource at version 1, or the one an If-None-Exist search finds. */
export function create(store: ClientRecordStore, type: CreatableType, body: unknown, ifNoneExist: string | undefined): Written {
  const resource = asResource(body, type);
  checkContent(store, type, resource);
  if (ifNoneExist !== undefined) {
    const existing = conditionalMatch(store, type, ifNoneExist);
    if (existing) return { status: 200, resource: existing };
  }
  if (type === 'CarePlan') checkActivityOwners(store, resource, undefined);
  const table = store.table(type);
  const id = newId(type === 'CarePlan' ? 'cp' : 'goal', (candidate) => table.ordinal(candidate) !== undefined);
  const written = stored(store, type, resource, id, '1', instantAfter(undefined));
  if (written.resourceType === 'CarePlan') store.addCarePlan(written);
  else if (written.resourceType === 'Goal') store.addGoal(written);
  return { status: 201, resource: written };
}

/** The version an If-Match names: W/"3" (or "3"). */
function matchedVersion(ifMatch: string): string {
  const match = /^\s*(?:W\/)?"(\d+)"\s*$/.exec(ifMatch);
  if (!match) throw new FhirError(400, 'invalid', `If-Match must name a version, as W/"<versionId>", not ${JSON.stringify(ifMatch)}`);
  return match[1];
}

/**
 * PUT [base]/Type/id: a new version of an existing resource, when If-Match names its current
 * version. An unknown id is 404, except for the types written to the writer's ids
 * (Organization), where it creates the resource (createAt).
 */
export function update(store: ClientRecordStore, type: WritableType, id: string, body: unknown, ifMatch: string | undefined): Written {
  const resource = asResource(body, type);
  if (resource.id === undefined) throw new FhirError(400, 'required', `the ${type} body must carry its id (${id}) in an update`);
  if (resource.id !== id)
    throw new FhirError(400, 'invalid', `the body's id ${JSON.stringify(resource.id)} is not the id in the URL (${id})`);
  const table = store.table(type);
  const ordinal = FHIR_ID.test(id) ? table.ordinal(id) : undefined;
  if (ordinal === undefined && createsOnUpdate(type)) return createAt(store, type, id, resource, ifMatch);
  if (ordinal === undefined)
    throw new FhirError(404, 'not-found', `${type}/${id} is not known (this server creates ${type} by POST, not by update)`);
  if (ifMatch === undefined) {
    throw new FhirError(428, 'required', `an update of ${type}/${id} must name the version it changes in If-Match: W/"<versionId>"`);
  }
  const current = table.resource(ordinal);
  const currentVersion = current.meta?.versionId ?? '1';
  const expected = matchedVersion(ifMatch);
  if (expected !== currentVersion) {
    throw new FhirError(
      412,
      'conflict',
      `${type}/${id} is at version ${currentVersion}, not ${expected}: read it again and redo the change`,
    );
  }
  checkContent(store, type, resource);
  if (type === 'CarePlan') checkActivityOwners(store, resource, ordinal);
  const written = stored(store, type, resource, id, String(Number(currentVersion) + 1), instantAfter(current.meta?.lastUpdated));
  if (written.resourceType === 'CarePlan') store.reviseCarePlan(ordinal, written);
  else if (written.resourceType === 'Goal') store.reviseGoal(ordinal, written);
  else store.reviseOrganization(ordinal, written);
  return { status: 200, resource: written };
}

/**
 * Update-as-create: version 1 of a resource at the writer's id. An If-Match names a version of
 * something that is not there, so its precondition fails (412, as RFC 9110 says) and nothing
 * is created: the writer thought it was updating, and must read again. A malformed id is one
 * of the body's issues (422; the URL's id and the body's are the same by now).
 */
function createAt(store: ClientRecordStore, type: WritableType, id: string, resource: Json, ifMatch: string | undefined): Written {
  if (ifMatch !== undefined) {
    const expected = matchedVersion(ifMatch);
    throw new FhirError(
      412,
      'conflict',
      `${type}/${id} does not exist, so it is not at version ${expected}: leave If-Match out to create it`,
    );
  }
  checkContent(store, type, resource);
  const written = stored(store, type, resource, id, '1', instantAfter(undefined));
  if (written.resourceType !== 'Organization') throw new Error(`${type} is not created by update`);
  store.addOrganization(written);
  return { status: 201, resource: written };
}
