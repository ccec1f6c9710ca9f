/**
 * The typed FHIR R4 client of the client-record system: the only code that talks to it, shared
 * by the subgraphs that do. Plain REST over HTTP — read, vread, history, search (following
 * Bundle `next` links), create (conditional with If-None-Exist), update (versioned, with
 * If-Match) and update-as-create (PUT to the writer's id, for a resource not there yet) —
 * through lib/upstream.ts, so timeouts, retries of safe reads only and
 * UpstreamError are the same as for every other system; nothing here knows about the
 * stand-in, so pointing a subgraph at a municipality's real FHIR server is a change of URL.
 * Every call carries an access token of SMART Backend Services (lib/smart-backend.ts: a JWT
 * assertion signed with our key, exchanged for a token; lib/system-auth.ts keeps and renews it).
 *
 * Why writes throw SystemRefusal: a 4xx answer to a write is the system of record refusing it
 * on its merits (a stale version, invalid content), which the write resolvers turn into the
 * contract's CONFLICT, BAD_USER_INPUT or NOT_FOUND; only 5xx and no answer are outages.
 */
import { conditionalGets } from './conditional-get.js';
import { SystemRefusal, UpstreamError } from './errors.js';
import { FHIR_JSON, type Bundle, type OperationOutcome, type Resource } from './fhir-r4.js';
import { policyFromEnv, upstreamCall, upstreamFetch, type RetryPolicy, type SystemAnswer, type SystemCall } from './upstream.js';
import { smartTokenRequests, type ClientRecordSystemCredentials } from './smart-backend.js';
import { AccessTokens, authorizedCall } from './system-auth.js';

const SYSTEM = 'client-record-system';
/** FHIR logical ids: letters, digits, '-' and '.', at most 64. Anything else is never sent. */
export const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** A parameter's value; an array is OR (comma-joined). */
export type SearchValue = string | number | readonly string[] | undefined;
/** Parameters by name, or as pairs when a name repeats (repeating is AND). */
export type SearchParams = Record<string, SearchValue> | readonly (readonly [string, SearchValue])[];

export interface SearchPage<T extends Resource> {
  /** Resources with search.mode match, in the server's order. */
  matches: T[];
  /** Resources added by _include. */
  included: Resource[];
  total: number | null;
  next: string | null;
}

export interface FhirClientOptions {
  /** The FHIR base, e.g. http://localhost:4101/fhir. */
  baseUrl: string;
  policy?: RetryPolicy;
  /** Pages followed at most for one searchAll (bounds time and memory). */
  maxPages?: number;
  /** Who this service is to the system: its client id and signing key (SMART Backend Services). */
  credentials: ClientRecordSystemCredentials;
}

/** The settings that configure the credentials, named when the system refuses them. */
const CONFIGURED_BY = 'CLIENT_RECORD_SYSTEM_CLIENT_ID and CLIENT_RECORD_SYSTEM_PRIVATE_KEY(_FILE)';

/** Options of a create. */
export interface CreateOptions {
  /**
   * Conditional create: a search (`identifier=system|value`, or parameters) that finds the
   * resource when an earlier attempt already created it; then that one is answered and nothing
   * is created.
   */
  ifNoneExist?: string | SearchParams;
}

/** A read or search the system refused (4xx other than a 404 read): a bug on this side, not an outage. */
export class FhirRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'FhirRequestError';
  }
}

export class FhirClient {
  private readonly base: URL;
  private readonly call: SystemCall;
  private readonly maxPages: number;

  constructor(options: FhirClientOptions) {
    this.base = new URL(options.baseUrl.replace(/\/+$/, '') + '/');
    const policy = options.policy ?? policyFromEnv();
    // Token requests (and SMART discovery) as fetches; the API's calls without Request or Response.
    const upstream = upstreamFetch(SYSTEM, policy);
    const tokens = new AccessTokens({
      system: SYSTEM,
      clientId: options.credentials.clientId,
      configuredBy: CONFIGURED_BY,
      fetch: upstream,
      tokenRequest: smartTokenRequests(SYSTEM, upstream, this.base, options.credentials, CONFIGURED_BY),
    });
    // Reads carry W/"<versionId>": asked again with If-None-Match (lib/conditional-get.ts); searches are not kept.
    this.call = conditionalGets(authorizedCall(tokens, upstreamCall(SYSTEM, policy)));
    this.maxPages = options.maxPages ?? 50;
  }

  /** GET [base]/Type/id; null when the system answers 404 (or the id cannot be a FHIR id). */
  async read<T extends Resource>(type: T['resourceType'], id: string): Promise<T | null> {
    if (!FHIR_ID.test(id)) return null;
    const url = new URL(`${type}/${encodeURIComponent(id)}`, this.base);
    const response = await this.get(url);
    if (response.status === 404 || response.status === 410) return null;
    const body = this.json(response, `${type} read`);
    if ((body as Resource).resourceType !== type)
      throw new UpstreamError(SYSTEM, `${SYSTEM} answered a ${type} read with ${(body as Resource).resourceType}`);
    return body as T;
  }

  /** GET [base]/Type/id/_history/vid: one kept version; null when the resource or the version is not known. */
  async vread<T extends Resource>(type: T['resourceType'], id: string, versionId: string): Promise<T | null> {
    if (!FHIR_ID.test(id) || !FHIR_ID.test(versionId)) return null;
    const url = new URL(`${type}/${encodeURIComponent(id)}/_history/${encodeURIComponent(versionId)}`, this.base);
    const response = await this.get(url);
    if (response.status === 404 || response.status === 410) return null;
    const body = this.json(response, `${type} vread`);
    return this.expectType<T>(body, type, `${type} vread`);
  }

  /**
   * GET [base]/Type/id/_history: every version the system keeps, newest first (a system may
   * keep fewer than all). An unknown resource has none: [].
   */
  async history<T extends Resource>(type: T['resourceType'], id: string): Promise<T[]> {
    if (!FHIR_ID.test(id)) return [];
    const url = new URL(`${type}/${encodeURIComponent(id)}/_history`, this.base);
    const versions: T[] = [];
    let next: URL | null = url;
    for (let pages = 0; next; pages++) {
      if (pages >= this.maxPages) throw new UpstreamError(SYSTEM, `${SYSTEM}: the history of a ${type} ran over ${this.maxPages} pages`);
      const response = await this.get(next);
      if (pages === 0 && (response.status === 404 || response.status === 410)) return [];
      const bundle = this.json(response, `${type} history`) as Bundle;
      if (bundle?.resourceType !== 'Bundle' || bundle.type !== 'history') {
        throw new UpstreamError(SYSTEM, `${SYSTEM} answered a ${type} history without a history Bundle`);
      }
      // Entries of deleted versions have no resource; this graph has nothing to show for them.
      for (const entry of bundle.entry ?? [])
        if (entry.resource) versions.push(this.expectType<T>(entry.resource, type, `${type} history`));
      const link = bundle.link?.find((l) => l.relation === 'next')?.url;
      next = link ? this.sameOrigin(link) : null;
    }
    return versions;
  }

  /**
   * POST [base]/Type: the created resource as the system stored it (its id and version 1), or,
   * with `ifNoneExist`, the resource an earlier attempt created. Never retried: a retry is the
   * caller's, with the same If-None-Exist, which makes it safe.
   */
  async create<T extends Resource>(resource: T, options: CreateOptions = {}): Promise<T> {
    const type = resource.resourceType;
    const headers: Record<string, string> = {};
    if (options.ifNoneExist !== undefined) {
      const query = typeof options.ifNoneExist === 'string' ? options.ifNoneExist : queryOf(options.ifNoneExist).toString();
      headers['if-none-exist'] = query;
    }
    const response = await this.write('POST', new URL(type, this.base), resource, headers);
    return this.written<T>(response, type, `${type} create`);
  }

  /**
   * PUT [base]/Type/id with If-Match: W/"expectedVersionId": the new version as stored. A
   * stale version is SystemRefusal 'stale' (412); nothing is changed then.
   */
  async update<T extends Resource>(resource: T, expectedVersionId: string): Promise<T> {
    const type = resource.resourceType;
    const id = resource.id;
    if (!id || !FHIR_ID.test(id)) {
      // Never sent: no resource can have that id, which is what the system would answer.
      throw new SystemRefusal(SYSTEM, 404, 'not-found', `${type}/${id ?? ''} cannot exist: not a FHIR id`);
    }
    if (!/^[A-Za-z0-9\-.]{1,64}$/.test(expectedVersionId))
      throw new SystemRefusal(SYSTEM, 412, 'stale', `version ${JSON.stringify(expectedVersionId)} cannot be current`);
    const url = new URL(`${type}/${encodeURIComponent(id)}`, this.base);
    const response = await this.write('PUT', url, resource, { 'if-match': `W/"${expectedVersionId}"` });
    const updated = await this.written<T>(response, type, `${type} update`);
    if (updated.id !== id) throw new UpstreamError(SYSTEM, `${SYSTEM} answered an update of ${type}/${id} with ${type}/${updated.id}`);
    return updated;
  }

  /**
   * PUT [base]/Type/id without If-Match: creates the resource at the id the caller chose
   * (FHIR update-as-create, for servers that declare `updateCreate`), answering it as stored.
   * For a resource that does not exist yet — read first, and update an existing one with its
   * version. A server that requires versions answers an existing one SystemRefusal
   * 'precondition-required' (428); one that does not would replace it, which is why this is
   * not the way to change a resource. Never retried, like every write: the caller's retry
   * reads again.
   */
  async updateAsCreate<T extends Resource>(resource: T): Promise<T> {
    const type = resource.resourceType;
    const id = resource.id;
    if (!id || !FHIR_ID.test(id)) {
      // Never sent: no resource can have that id, which is what the system would answer.
      throw new SystemRefusal(SYSTEM, 422, 'invalid', `${type}/${id ?? ''} cannot be created: not a FHIR id`);
    }
    const url = new URL(`${type}/${encodeURIComponent(id)}`, this.base);
    const response = await this.write('PUT', url, resource, {});
    const created = await this.written<T>(response, type, `${type} update-as-create`);
    if (created.id !== id)
      throw new UpstreamError(SYSTEM, `${SYSTEM} answered an update-as-create of ${type}/${id} with ${type}/${created.id}`);
    return created;
  }

  /** One page of GET [base]/Type?params. */
  async search<T extends Resource>(type: T['resourceType'], params: SearchParams): Promise<SearchPage<T>> {
    const url = new URL(type, this.base);
    url.search = queryOf(params).toString();
    return this.page<T>(type, url);
  }

  /** Every page of a search, following `next` links. */
  async searchAll<T extends Resource>(type: T['resourceType'], params: SearchParams): Promise<SearchPage<T>> {
    const first = await this.search<T>(type, params);
    const result = { ...first, matches: [...first.matches], included: [...first.included] };
    for (let pages = 1; result.next; pages++) {
      if (pages >= this.maxPages) throw new UpstreamError(SYSTEM, `${SYSTEM}: a ${type} search ran over ${this.maxPages} pages`);
      const page = await this.page<T>(type, this.sameOrigin(result.next));
      result.matches.push(...page.matches);
      result.included.push(...page.included);
      result.next = page.next;
    }
    return result;
  }

  private async page<T extends Resource>(type: T['resourceType'], url: URL): Promise<SearchPage<T>> {
    const response = await this.get(url);
    const bundle = this.json(response, `${type} search`) as Bundle;
    if (bundle.resourceType !== 'Bundle' || bundle.type !== 'searchset') {
      throw new UpstreamError(SYSTEM, `${SYSTEM} answered a ${type} search without a searchset Bundle`);
    }
    const matches: T[] = [];
    const included: Resource[] = [];
    for (const entry of bundle.entry ?? []) {
      if (!entry.resource) continue;
      const mode = entry.search?.mode ?? (entry.resource.resourceType === type ? 'match' : 'include');
      if (mode === 'match' && entry.resource.resourceType === type) matches.push(entry.resource as T);
      else if (mode === 'include') included.push(entry.resource);
    }
    const next = bundle.link?.find((l) => l.relation === 'next')?.url ?? null;
    return { matches, included, total: bundle.total ?? null, next };
  }

  /** A next link must point at the same server: never follow a link elsewhere. */
  private sameOrigin(link: string): URL {
    const url = new URL(link, this.base);
    if (url.origin !== this.base.origin) throw new UpstreamError(SYSTEM, `${SYSTEM} sent a next link to another origin`);
    return url;
  }

  private get(url: URL): Promise<SystemAnswer> {
    return this.call({ url, method: 'GET', headers: { accept: FHIR_JSON }, body: undefined, signal: undefined });
  }

  private write(method: 'POST' | 'PUT', url: URL, resource: Resource, headers: Record<string, string>): Promise<SystemAnswer> {
    return this.call({
      url,
      method,
      headers: { accept: FHIR_JSON, 'content-type': FHIR_JSON, prefer: 'return=representation', ...headers },
      body: Buffer.from(JSON.stringify(resource)),
      signal: undefined,
    });
  }

  /** The resource a write answered with; a 4xx is the system's refusal, a 5xx an outage. */
  private written<T extends Resource>(response: SystemAnswer, type: T['resourceType'], what: string): T {
    if (response.status >= 400 && response.status < 500) throw refusalOf(response);
    if (response.status < 200 || response.status >= 300) {
      throw new UpstreamError(SYSTEM, `${SYSTEM} failed the ${what} (HTTP ${response.status})`, response.status);
    }
    if (!response.parsed) throw new UpstreamError(SYSTEM, `${SYSTEM} answered the ${what} with something that is not a ${type}`);
    const resource = this.expectType<T>(response.parsed.value, type, what);
    if (!resource.id || !resource.meta?.versionId)
      throw new UpstreamError(SYSTEM, `${SYSTEM} answered the ${what} without the id and version it stored`);
    return resource;
  }

  private expectType<T extends Resource>(body: unknown, type: T['resourceType'], what: string): T {
    const actual = (body as Resource | null)?.resourceType;
    if (actual !== type) throw new UpstreamError(SYSTEM, `${SYSTEM} answered the ${what} with ${actual ?? 'no resource'}`);
    return body as T;
  }

  private json(response: SystemAnswer, what: string): unknown {
    // Reads: a 4xx means this side asked wrongly (a bug), and is not a refusal on the merits.
    if (response.status >= 400 && response.status < 500) {
      const outcome = jsonOf(response);
      const diagnostics = (outcome as { issue?: { diagnostics?: string }[] } | null)?.issue?.[0]?.diagnostics ?? '';
      throw new FhirRequestError(response.status, `${SYSTEM} refused the ${what} (HTTP ${response.status}) ${diagnostics}`.trim());
    }
    if (response.status < 200 || response.status >= 300) {
      throw new UpstreamError(SYSTEM, `${SYSTEM} failed the ${what} (HTTP ${response.status})`, response.status);
    }
    if (!response.parsed) throw new UpstreamError(SYSTEM, `${SYSTEM} answered the ${what} with something that is not JSON`);
    return response.parsed.value;
  }
}

/** Parameters as a query: an array value is OR (comma-joined); a repeated name is AND. */
function queryOf(params: SearchParams): URLSearchParams {
  const query = new URLSearchParams();
  const pairs = Array.isArray(params) ? params : Object.entries(params);
  for (const [key, value] of pairs as [string, SearchValue][]) {
    if (value === undefined) continue;
    query.append(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  return query;
}

/** The kind of a refusal, by status (lib/errors.ts SystemRefusal). */
const REFUSAL_KIND: Record<number, string> = {
  400: 'invalid',
  404: 'not-found',
  409: 'conflict',
  410: 'not-found',
  412: 'stale',
  413: 'invalid',
  422: 'invalid',
  428: 'precondition-required',
};

/** An error answer's JSON, whatever its content type says (an OperationOutcome sent as text is still read); null for none. */
function jsonOf(response: SystemAnswer): unknown {
  if (response.parsed) return response.parsed.value;
  try {
    return JSON.parse(response.body.toString('utf8'));
  } catch {
    return null; // No OperationOutcome: the status says it all.
  }
}

/** A 4xx answer to a write as a SystemRefusal, with the OperationOutcome's diagnostics. */
function refusalOf(response: SystemAnswer): SystemRefusal {
  const parsed = jsonOf(response) as OperationOutcome | null;
  const outcome = parsed?.resourceType === 'OperationOutcome' && Array.isArray(parsed.issue) ? parsed : null;
  const issues = outcome?.issue ?? [];
  const detail =
    issues
      .map((i) => i.diagnostics ?? i.details?.text ?? i.code)
      .filter(Boolean)
      .join('; ') || `HTTP ${response.status}`;
  // A 412 of several conditional matches is not a stale version: the issue code tells them apart.
  const kind =
    response.status === 412 && issues.some((i) => i.code === 'multiple-matches')
      ? 'multiple-matches'
      : (REFUSAL_KIND[response.status] ?? issues[0]?.code ?? 'refused');
  const invalidParams = issues
    .filter((i) => i.expression?.length)
    .map((i) => ({ name: i.expression![0], reason: i.diagnostics ?? i.code }));
  return new SystemRefusal(SYSTEM, response.status, kind, detail, invalidParams);
}

/**
 * Read-modify-write of a versioned resource: `attempt` reads the current version and writes
 * from it; when another writer got there first (412 stale, or 428 when it was created in
 * between), it is run again on the fresh record, at most `attempts` times. For changes that
 * commute with any other (adding a performer, keeping an Organization in line with the
 * catalogue), so retrying on the newer version is right rather than a CONFLICT for the caller.
 */
export async function retryWhileRaced<T>(attempts: number, attempt: () => Promise<T>, exhausted: () => Error): Promise<T> {
  for (let n = 0; n < attempts; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof SystemRefusal && (error.kind === 'stale' || error.kind === 'precondition-required'))) throw error;
    }
  }
  throw exhausted();
}
