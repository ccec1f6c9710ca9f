/**
 * The typed FHIR R4 client of the client-record system: the only code in this subgraph that
 * talks to it. Plain REST over HTTP (read, search, following Bundle `next` links) through
 * lib/upstream.ts, so timeouts, retries of safe reads and UpstreamError are the same as for
 * every other system; nothing here knows about the stand-in, so pointing the subgraph at a
 * municipality's real FHIR server is a change of URL.
 */
import { UpstreamError } from '../../lib/errors.js';
import { FHIR_JSON, type Bundle, type Resource } from '../../lib/fhir-r4.js';
import { policyFromEnv, upstreamFetch, type UpstreamPolicy } from '../../lib/upstream.js';

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
  policy?: UpstreamPolicy;
  /** Pages followed at most for one searchAll (bounds time and memory). */
  maxPages?: number;
}

/** A request the system refused (4xx other than a 404 read): a bug on this side, not an outage. */
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
  private readonly fetch: (input: string | URL, init?: RequestInit) => Promise<Response>;
  private readonly maxPages: number;

  constructor(options: FhirClientOptions) {
    this.base = new URL(options.baseUrl.replace(/\/+$/, '') + '/');
    this.fetch = upstreamFetch(SYSTEM, options.policy ?? policyFromEnv());
    this.maxPages = options.maxPages ?? 50;
  }

  /** GET [base]/Type/id; null when the system answers 404 (or the id cannot be a FHIR id). */
  async read<T extends Resource>(type: T['resourceType'], id: string): Promise<T | null> {
    if (!FHIR_ID.test(id)) return null;
    const url = new URL(`${type}/${encodeURIComponent(id)}`, this.base);
    const response = await this.get(url);
    if (response.status === 404 || response.status === 410) {
      await response.body?.cancel();
      return null;
    }
    const body = await this.json(response, `${type} read`);
    if ((body as Resource).resourceType !== type) throw new UpstreamError(SYSTEM, `${SYSTEM} answered a ${type} read with ${(body as Resource).resourceType}`);
    return body as T;
  }

  /** One page of GET [base]/Type?params. */
  async search<T extends Resource>(type: T['resourceType'], params: SearchParams): Promise<SearchPage<T>> {
    const url = new URL(type, this.base);
    const pairs = Array.isArray(params) ? params : Object.entries(params);
    for (const [key, value] of pairs as [string, SearchValue][]) {
      if (value === undefined) continue;
      url.searchParams.append(key, Array.isArray(value) ? value.join(',') : String(value));
    }
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
    const bundle = (await this.json(response, `${type} search`)) as Bundle;
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

  private get(url: URL): Promise<Response> {
    return this.fetch(url, { method: 'GET', headers: { accept: FHIR_JSON } });
  }

  private async json(response: Response, what: string): Promise<unknown> {
    if (response.status >= 400 && response.status < 500) {
      const outcome = await response.json().catch(() => null);
      const diagnostics = (outcome as { issue?: { diagnostics?: string }[] } | null)?.issue?.[0]?.diagnostics ?? '';
      throw new FhirRequestError(response.status, `${SYSTEM} refused the ${what} (HTTP ${response.status}) ${diagnostics}`.trim());
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new UpstreamError(SYSTEM, `${SYSTEM} failed the ${what} (HTTP ${response.status})`, response.status);
    }
    try {
      return await response.json();
    } catch {
      throw new UpstreamError(SYSTEM, `${SYSTEM} answered the ${what} with something that is not JSON`);
    }
  }
}
