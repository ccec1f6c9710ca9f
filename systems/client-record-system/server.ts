/**
 * The client-record system stand-in: a FHIR R4 REST server (read, vread, search, metadata)
 * over the synthetic world, served by systems/http.ts with its latency and fault injection.
 *
 * Why a stand-in that speaks real FHIR: the subgraph's FHIR client is the production client;
 * pointing it at a municipality's real server is a change of URL.
 */
import express, { type Express, type Request, type Response } from 'express';
import type { Bundle, BundleEntry, BundleLink } from '../../lib/fhir-r4.js';
import { serveStandIn, type RunningStandIn, type StandInOptions } from '../http.js';
import { getWorld, type World } from '../../seed/world.js';
import { capabilityStatement } from './capability.js';
import { FhirError, sendError, sendFhir, sendUnavailable } from './outcome.js';
import { OFFSET_PARAM, search } from './search.js';
import { ClientRecordStore, RESOURCE_TYPES, type AnyResource, type ResourceType } from './store.js';

export type ClientRecordSystemOptions = StandInOptions & { world?: World };

const isType = (t: string): t is ResourceType => (RESOURCE_TYPES as readonly string[]).includes(t);
const ID = /^[A-Za-z0-9\-.]{1,64}$/;

function baseUrl(req: Request): string {
  return `${req.protocol}://${req.get('host')}/fhir`;
}

function resourceType(raw: string): ResourceType {
  if (!isType(raw)) throw new FhirError(404, 'not-supported', `resource type ${raw} is not supported`);
  return raw;
}

function lookup(store: ClientRecordStore, rawType: string, id: string): AnyResource {
  const type = resourceType(rawType);
  const resource = ID.test(id) ? store.table(type).byId(id) : undefined;
  if (!resource) throw new FhirError(404, 'not-found', `${type}/${id} is not known`);
  return resource;
}

function sendResource(req: Request, res: Response, resource: AnyResource): void {
  const etag = `W/"${resource.meta?.versionId ?? '1'}"`;
  const headers: Record<string, string> = { ETag: etag, 'Last-Modified': new Date(resource.meta?.lastUpdated ?? 0).toUTCString() };
  if (req.header('if-none-match') === etag) {
    res.status(304);
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    res.end();
    return;
  }
  sendFhir(res, 200, resource, headers);
}

function checkFormat(req: Request): void {
  const format = req.query._format;
  if (typeof format === 'string' && !['json', 'application/json', 'application/fhir+json'].includes(format)) {
    throw new FhirError(406, 'not-supported', `_format=${format} is not supported; this server speaks JSON`);
  }
}

function searchBundle(store: ClientRecordStore, req: Request, type: ResourceType): Bundle<AnyResource> {
  const url = new URL(req.originalUrl, 'http://stand-in');
  const lenient = /handling\s*=\s*lenient/i.test(req.header('prefer') ?? '');
  const result = search(store, type, url.searchParams, lenient);
  const base = baseUrl(req);
  const table = store.table(type);
  const matches = result.page.map((o) => table.resource(o));
  const entry: BundleEntry<AnyResource>[] = matches.map((resource) => ({ fullUrl: `${base}/${type}/${resource.id}`, resource, search: { mode: 'match' } }));
  if (type === 'CarePlan' && result.includes.includes('CarePlan:goal')) {
    for (const o of result.page) {
      for (const g of store.goalsOfPlan[o]) {
        const goal = store.goals.resource(g);
        entry.push({ fullUrl: `${base}/Goal/${goal.id}`, resource: goal, search: { mode: 'include' } });
      }
    }
  }
  const pageUrl = (offset: number) => {
    const params = new URLSearchParams(url.searchParams);
    params.set('_count', String(result.count));
    if (offset > 0) params.set(OFFSET_PARAM, String(offset));
    else params.delete(OFFSET_PARAM);
    return `${base}/${type}?${params}`;
  };
  const link: BundleLink[] = [{ relation: 'self', url: `${base}/${type}${url.search}` }];
  if (result.count > 0 && result.offset + result.count < result.total) link.push({ relation: 'next', url: pageUrl(result.offset + result.count) });
  if (result.offset > 0 && result.count > 0) link.push({ relation: 'previous', url: pageUrl(Math.max(0, result.offset - result.count)) });
  // FHIR JSON has no empty arrays: an empty result has no `entry`.
  return { resourceType: 'Bundle', type: 'searchset', timestamp: new Date().toISOString(), total: result.total, link, ...(entry.length ? { entry } : {}) };
}

function routes(store: ClientRecordStore, started: string) {
  return (app: Express) => {
    const fhir = express.Router();
    // Errors thrown by a handler become OperationOutcomes.
    const handle = (fn: (req: Request, res: Response) => void) => (req: Request, res: Response) => {
      try {
        checkFormat(req);
        fn(req, res);
      } catch (error) {
        if (error instanceof FhirError) sendError(res, error);
        else sendError(res, new FhirError(500, 'exception', 'internal error'));
      }
    };
    fhir.get('/metadata', handle((req, res) => sendFhir(res, 200, capabilityStatement(baseUrl(req), started))));
    fhir.get('/:type', handle((req, res) => sendFhir(res, 200, searchBundle(store, req, resourceType(String(req.params.type))))));
    fhir.get('/:type/:id', handle((req, res) => sendResource(req, res, lookup(store, String(req.params.type), String(req.params.id)))));
    fhir.get(
      '/:type/:id/_history/:vid',
      handle((req, res) => {
        const resource = lookup(store, String(req.params.type), String(req.params.id));
        // Only the current version is kept; earlier ones are not available here.
        if (resource.meta?.versionId !== req.params.vid) {
          throw new FhirError(404, 'not-found', `version ${req.params.vid} of ${resource.resourceType}/${resource.id} is not available`);
        }
        sendResource(req, res, resource);
      }),
    );
    fhir.all('/{*rest}', handle((req) => {
      if (req.method !== 'GET') throw new FhirError(405, 'not-supported', `${req.method} is not supported; this system is read-only here`);
      throw new FhirError(404, 'not-found', `no such endpoint ${req.path}`);
    }));
    app.use('/fhir', fhir);
    app.use(handle((req) => {
      throw new FhirError(404, 'not-found', `no such endpoint ${req.path}; the FHIR base is /fhir`);
    }));
  };
}

export async function startClientRecordSystem(options: ClientRecordSystemOptions = {}): Promise<RunningStandIn> {
  const store = new ClientRecordStore(options.world ?? getWorld());
  const started = `${store.world.asOf}T00:00:00Z`;
  return serveStandIn(routes(store, started), { ...options, basePath: '/fhir', unavailable: sendUnavailable });
}
