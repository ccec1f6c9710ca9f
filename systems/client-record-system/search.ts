/**
 * FHIR search over the store: which search parameters each resource type supports, how a
 * parameter's value finds rows through an index, and the result parameters (_count, _offset,
 * _sort, _include).
 *
 * Semantics follow the FHIR R4 search spec: a comma inside a value is OR, repeating a
 * parameter is AND, unknown parameters are an error (400) unless the client asks for
 * `Prefer: handling=lenient`. Every parameter here resolves through an index (store.ts).
 */
import { FHIR_PROFILE } from '../../lib/fhir-r4.js';
import { HETU_SYSTEM, MUNICIPALITY_SYSTEM } from '../../lib/reference.js';
import { FhirError } from './outcome.js';
import { BUSINESS_ID_SYSTEM } from './resources.js';
import { normalizeText, type ClientRecordStore, type ResourceType } from './store.js';

export const DEFAULT_COUNT = 20;
export const MAX_COUNT = 500;
/** The offset parameter of next links (the name HAPI FHIR uses too). */
export const OFFSET_PARAM = '_offset';

type Finder = (store: ClientRecordStore, value: string, modifier: string | null) => readonly number[];

export interface SearchParamDef {
  type: 'token' | 'string' | 'reference';
  documentation: string;
  /** Canonical URL of a custom SearchParameter; standard ones have none here. */
  definition?: string;
  modifiers?: readonly string[];
  find: Finder;
}

const CAREPLAN_STATUS = new Set(['draft', 'active', 'on-hold', 'revoked', 'completed', 'entered-in-error', 'unknown']);

function byId(type: ResourceType): Finder {
  return (store, value) => {
    const o = store.table(type).ordinal(value);
    return o === undefined ? [] : [o];
  };
}

/** A token `system|code`, `code` or `|code`; returns the code when the system matches (or is absent). */
function tokenCode(value: string, system: string): string | null {
  const bar = value.indexOf('|');
  if (bar < 0) return value;
  const [sys, code] = [value.slice(0, bar), value.slice(bar + 1)];
  if (sys !== '' && sys !== system) return null;
  if (code === '') throw new FhirError(400, 'invalid', `a search by system only (${value}) is not supported`);
  return code;
}

/**
 * An identifier token: `system|value` matches that system, `|value` an identifier without a
 * system, a bare `value` any system.
 */
function byIdentifier(
  full: (s: ClientRecordStore) => { get(key: string): readonly number[] },
  bare: (s: ClientRecordStore) => { get(key: string): readonly number[] },
): Finder {
  return (store, value) => {
    const bar = value.indexOf('|');
    if (bar < 0) return bare(store).get(value);
    if (bar === value.length - 1) throw new FhirError(400, 'invalid', `a search by system only (${value}) is not supported`);
    return full(store).get(value);
  };
}

/** A reference `Type/id`, an absolute URL ending in it, or a bare id. */
function referenceId(value: string, type: string): string | null {
  const parts = value.split('/');
  if (parts.length === 1) return value;
  const [t, id] = parts.slice(-2);
  return t === type ? id : null;
}

export const SEARCH_PARAMS: Record<ResourceType, Record<string, SearchParamDef>> = {
  Patient: {
    _id: { type: 'token', documentation: 'Logical id; several comma-separated', find: byId('Patient') },
    identifier: {
      type: 'token',
      documentation: `Identifier, e.g. ${HETU_SYSTEM}|HETU (henkilötunnus)`,
      find: (store, value) => {
        const code = tokenCode(value, HETU_SYSTEM);
        const o = code === null ? undefined : store.patientByHetu.get(code.toUpperCase());
        return o === undefined ? [] : [o];
      },
    },
    name: {
      type: 'string',
      documentation: 'Start of any part of the name (family or given), case- and accent-insensitive',
      modifiers: ['exact', 'contains'],
      find: (store, value, modifier) => {
        const text = normalizeText(value.trim());
        if (!text) throw new FhirError(400, 'invalid', 'name must not be empty');
        if (modifier === 'contains') throw new FhirError(400, 'not-supported', 'name:contains is not supported; use a prefix');
        return store.patientNames.find(text, modifier === 'exact');
      },
    },
    'general-practitioner': {
      type: 'reference',
      documentation: 'The responsible case worker (Practitioner/id)',
      find: (store, value) => {
        const id = referenceId(value, 'Practitioner');
        return id === null ? [] : store.patientsByPractitioner.get(id);
      },
    },
    municipality: {
      type: 'token',
      documentation: `Municipality of residence (${MUNICIPALITY_SYSTEM}|code), from the municipality-code extension`,
      definition: FHIR_PROFILE.searchParameters.patientMunicipality,
      find: (store, value) => {
        const code = tokenCode(value, MUNICIPALITY_SYSTEM);
        return code === null ? [] : store.patientsByMunicipality.get(code);
      },
    },
  },
  Practitioner: {
    _id: { type: 'token', documentation: 'Logical id; several comma-separated', find: byId('Practitioner') },
  },
  Organization: {
    _id: { type: 'token', documentation: 'Logical id (the provider id); several comma-separated', find: byId('Organization') },
    identifier: {
      type: 'token',
      documentation: `Business ID (Y-tunnus), ${BUSINESS_ID_SYSTEM}|1234567-8`,
      find: (store, value) => {
        const code = tokenCode(value, BUSINESS_ID_SYSTEM);
        return code === null ? [] : store.organizationsByBusinessId.get(code);
      },
    },
  },
  CarePlan: {
    _id: { type: 'token', documentation: 'Logical id; several comma-separated', find: byId('CarePlan') },
    identifier: {
      type: 'token',
      documentation: 'Identifier (system|value, |value or value), e.g. the idempotency key a plan was created with',
      find: byIdentifier(
        (s) => s.carePlansByIdentifier,
        (s) => s.carePlansByIdentifierValue,
      ),
    },
    subject: {
      type: 'reference',
      documentation: 'The client (Patient/id); several comma-separated',
      find: (store, value) => {
        const id = referenceId(value, 'Patient');
        return id === null ? [] : store.carePlansBySubject.get(id);
      },
    },
    patient: {
      type: 'reference',
      documentation: 'Same as subject',
      find: (store, value) => {
        const id = referenceId(value, 'Patient');
        return id === null ? [] : store.carePlansBySubject.get(id);
      },
    },
    status: {
      type: 'token',
      documentation: 'draft | active | on-hold | revoked | completed | entered-in-error | unknown',
      find: (store, value) => {
        const code = tokenCode(value, 'http://hl7.org/fhir/request-status');
        if (code !== null && !CAREPLAN_STATUS.has(code)) throw new FhirError(400, 'invalid', `unknown CarePlan status ${code}`);
        return code === null ? [] : store.carePlansByStatus.get(code);
      },
    },
    performer: {
      type: 'reference',
      documentation: 'Who performs an activity (Organization/id, the provider); several comma-separated',
      modifiers: ['Organization'],
      find: (store, value) => {
        const id = referenceId(value, 'Organization');
        return id === null ? [] : store.carePlansByPerformer.get(id);
      },
    },
    activity: {
      type: 'token',
      documentation: 'The id of an activity (a planned service, ps-…) of the plan',
      definition: FHIR_PROFILE.searchParameters.carePlanActivity,
      find: (store, value) => {
        const o = store.carePlanByActivity.get(value);
        return o === undefined ? [] : [o];
      },
    },
  },
  Goal: {
    _id: { type: 'token', documentation: 'Logical id; several comma-separated', find: byId('Goal') },
    identifier: {
      type: 'token',
      documentation: 'Identifier (system|value, |value or value)',
      find: byIdentifier(
        (s) => s.goalsByIdentifier,
        (s) => s.goalsByIdentifierValue,
      ),
    },
    subject: {
      type: 'reference',
      documentation: 'The client (Patient/id); several comma-separated',
      find: (store, value) => {
        const id = referenceId(value, 'Patient');
        return id === null ? [] : store.goalsBySubject.get(id);
      },
    },
    patient: {
      type: 'reference',
      documentation: 'Same as subject',
      find: (store, value) => {
        const id = referenceId(value, 'Patient');
        return id === null ? [] : store.goalsBySubject.get(id);
      },
    },
  },
};

/** Supported _include values per type. */
export const INCLUDES: Record<ResourceType, readonly string[]> = {
  Patient: ['Patient:general-practitioner'],
  Practitioner: [],
  Organization: [],
  CarePlan: ['CarePlan:goal'],
  Goal: [],
};

/** Supported _sort keys per type (a leading '-' reverses). */
export const SORTS: Record<ResourceType, readonly string[]> = {
  Patient: ['_id', 'family'],
  Practitioner: ['_id'],
  Organization: ['_id'],
  CarePlan: ['_id'],
  Goal: ['_id'],
};

/** Parameters accepted on every search and not used for matching. */
const IGNORED = new Set(['_format', '_pretty']);

export interface SearchRequest {
  count: number;
  offset: number;
  sort: string | null;
  includes: string[];
}

export interface SearchResult {
  /** Ordinals of the page's matches. */
  page: number[];
  total: number;
}

function union(lists: (readonly number[])[]): number[] {
  if (lists.length === 1) return [...lists[0]];
  return [...new Set(lists.flat())].sort((a, b) => a - b);
}

function intersect(sets: number[][]): number[] {
  sets.sort((a, b) => a.length - b.length);
  let result = sets[0];
  for (const other of sets.slice(1)) {
    const lookup = new Set(other);
    result = result.filter((o) => lookup.has(o));
  }
  return result;
}

function integerParam(name: string, raw: string, min: number): number {
  if (!/^\d+$/.test(raw)) throw new FhirError(400, 'invalid', `${name} must be a whole number ≥ ${min}`);
  const n = Number(raw);
  if (n < min) throw new FhirError(400, 'invalid', `${name} must be ≥ ${min}`);
  return n;
}

/**
 * Runs a search: validates every parameter, matches through the indexes, sorts and pages.
 * `lenient` ignores unknown parameters instead of refusing them (Prefer: handling=lenient).
 */
export function search(
  store: ClientRecordStore,
  type: ResourceType,
  params: URLSearchParams,
  lenient: boolean,
): SearchResult & SearchRequest {
  const defs = SEARCH_PARAMS[type];
  const request: SearchRequest = { count: DEFAULT_COUNT, offset: 0, sort: null, includes: [] };
  const sets: number[][] = [];
  for (const [key, value] of params) {
    const [name, modifier = null] = key.split(':', 2) as [string, string | undefined];
    if (key === '_count') request.count = Math.min(integerParam('_count', value, 0), MAX_COUNT);
    else if (key === OFFSET_PARAM) request.offset = integerParam(OFFSET_PARAM, value, 0);
    else if (key === '_sort') {
      if (!SORTS[type].includes(value.replace(/^-/, '')))
        throw new FhirError(400, 'not-supported', `_sort=${value} is not supported for ${type}`);
      request.sort = value;
    } else if (key === '_include') {
      if (!INCLUDES[type].includes(value)) throw new FhirError(400, 'not-supported', `_include=${value} is not supported for ${type}`);
      request.includes.push(value);
    } else if (IGNORED.has(key)) continue;
    else if (defs[name]) {
      const def = defs[name];
      if (modifier !== null && !(def.modifiers ?? []).includes(modifier)) {
        throw new FhirError(400, 'not-supported', `modifier :${modifier} is not supported on ${type}.${name}`);
      }
      const values = value.split(',').map((v) => v.trim());
      if (values.some((v) => v === '')) throw new FhirError(400, 'invalid', `${key} has an empty value`);
      sets.push(union(values.map((v) => def.find(store, v, modifier))));
    } else if (!lenient) {
      throw new FhirError(400, 'not-supported', `unknown search parameter ${key} for ${type}`);
    }
  }

  const table = store.table(type);
  let matches: readonly number[];
  if (sets.length === 0) {
    matches =
      type === 'Patient' && request.sort?.replace(/^-/, '') === 'family'
        ? store.patientsByFamily
        : Array.from({ length: table.size }, (_, i) => i);
  } else {
    matches = intersect(sets);
    if (type === 'Patient' && request.sort?.replace(/^-/, '') === 'family') {
      const rank = store.patientFamilyRank;
      matches = [...matches].sort((a, b) => rank[a] - rank[b]);
    }
  }
  // Ordinal order is id order for the seed; written rows with smaller ids sort into place.
  if (request.sort?.replace(/^-/, '') === '_id' && !table.ordinalsInIdOrder) {
    matches = [...matches].sort((a, b) => (table.id(a) < table.id(b) ? -1 : table.id(a) > table.id(b) ? 1 : 0));
  }
  if (request.sort?.startsWith('-')) matches = [...matches].reverse();
  const page = matches.slice(request.offset, request.offset + request.count);
  return { ...request, page: [...page], total: matches.length };
}
