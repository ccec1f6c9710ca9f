/**
 * The client-record system stand-in: a FHIR R4 REST server over the synthetic world, served
 * by systems/http.ts with its latency and fault injection. Reads: read, vread, history,
 * search, metadata, for every type. Writes (writes.ts): create and update of CarePlan and
 * Goal, update-as-create of Organization; every other method or type answers 405. Every
 * interaction but metadata needs a SMART Backend Services access token (smart-auth.ts).
 *
 * Why a stand-in that speaks real FHIR: the subgraph's FHIR client is the production client;
 * pointing it at a municipality's real server is a change of URL.
 */
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Bundle, BundleEntry, BundleLink } from '../../lib/fhir-r4.js';
import { serveStandIn, type StandInOptions } from '../http.js';
import { OAuthError, TOKEN_PATH, sendOAuthError, tokenRequestBody, type SecuredStandIn } from '../oauth.js';
import { getWorld, type World } from '../../seed/world.js';
import { capabilityStatement } from './capability.js';
import { FhirError, sendError, sendFhir, sendUnavailable } from './outcome.js';
import { OFFSET_PARAM, search } from './search.js';
import { SMART_CONFIGURATION_PATH, smartAuth, tokenUrlOf, type SmartAuthOptions } from './smart-auth.js';
import { ClientRecordStore, RESOURCE_TYPES, type AnyResource, type ResourceType } from './store.js';
import {
  create,
  createsOnUpdate,
  isCreatable,
  isWritable,
  MAX_BODY_BYTES,
  update,
  type CreatableType,
  type WritableType,
  type Written,
} from './writes.js';

/** `clients`: who may call (SMART Backend Services) — every interaction but metadata and discovery needs a token one of them obtained. */
export type ClientRecordSystemOptions = StandInOptions & SmartAuthOptions & { world?: World };

const isType = (t: string): t is ResourceType => (RESOURCE_TYPES as readonly string[]).includes(t);
const ID = /^[A-Za-z0-9\-.]{1,64}$/;
const BODY_TYPES = ['application/fhir+json', 'application/json'];

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

function ordinalOf(store: ClientRecordStore, type: ResourceType, id: string): number {
  const ordinal = ID.test(id) ? store.table(type).ordinal(id) : undefined;
  if (ordinal === undefined) throw new FhirError(404, 'not-found', `${type}/${id} is not known`);
  return ordinal;
}

function writableType(raw: string): WritableType {
  const type = resourceType(raw);
  if (!isWritable(type))
    throw new FhirError(
      405,
      'not-supported',
      `update of ${type} is not supported; this server writes CarePlan, Goal and Organization only`,
    );
  return type;
}

function creatableType(raw: string): CreatableType {
  const type = resourceType(raw);
  if (isWritable(type) && !isCreatable(type)) {
    throw new FhirError(
      405,
      'not-supported',
      `create of ${type} is not supported: a ${type} is written to its own id, PUT ${type}/{id}, which creates it when absent`,
    );
  }
  if (!isCreatable(type))
    throw new FhirError(405, 'not-supported', `create of ${type} is not supported; this server creates CarePlan and Goal only`);
  return type;
}

/** The body as JSON: FHIR JSON (or plain JSON) content, read by express.raw within MAX_BODY_BYTES. */
function readBody(req: Request): unknown {
  if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new FhirError(400, 'required', 'a resource body is required');
  if (!req.is(BODY_TYPES)) {
    throw new FhirError(415, 'not-supported', `the body must be application/fhir+json, not ${req.get('content-type') ?? 'untyped'}`);
  }
  try {
    return JSON.parse(req.body.toString('utf8'));
  } catch {
    throw new FhirError(400, 'structure', 'the body is not valid JSON');
  }
}

function sendWritten(req: Request, res: Response, { status, resource }: Written): void {
  const { versionId, lastUpdated } = resource.meta!;
  sendFhir(res, status, resource, {
    ETag: `W/"${versionId}"`,
    Location: `${baseUrl(req)}/${resource.resourceType}/${resource.id}/_history/${versionId}`,
    'Last-Modified': new Date(lastUpdated!).toUTCString(),
  });
}

/**
 * GET [base]/Type/id/_history: every kept version, newest first. The first kept version of a
 * seeded resource is its seeded state; it was made by a create when it is version 1 and by an
 * update otherwise.
 */
function historyBundle(store: ClientRecordStore, req: Request, type: ResourceType, id: string): Bundle<AnyResource> {
  const url = new URL(req.originalUrl, 'http://stand-in');
  for (const key of url.searchParams.keys()) {
    if (key !== '_format' && key !== '_pretty')
      throw new FhirError(400, 'not-supported', `history takes no parameter ${key} here: it answers every kept version`);
  }
  const base = baseUrl(req);
  const versions = [...store.table(type).versions(ordinalOf(store, type, id))].reverse();
  const entry: BundleEntry<AnyResource>[] = versions.map((resource) => {
    const versionId = resource.meta?.versionId ?? '1';
    const created = versionId === '1';
    // A type written to the writer's ids was created by PUT (update-as-create), the others by POST.
    return {
      fullUrl: `${base}/${type}/${id}`,
      resource,
      request: created && !createsOnUpdate(type) ? { method: 'POST', url: type } : { method: 'PUT', url: `${type}/${id}` },
      response: {
        status: created ? '201 Created' : '200 OK',
        etag: `W/"${versionId}"`,
        ...(resource.meta?.lastUpdated ? { lastModified: resource.meta.lastUpdated } : {}),
      },
    };
  });
  return {
    resourceType: 'Bundle',
    type: 'history',
    timestamp: new Date().toISOString(),
    total: entry.length,
    link: [{ relation: 'self', url: `${base}/${type}/${id}/_history${url.search}` }],
    entry,
  };
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
  const entry: BundleEntry<AnyResource>[] = matches.map((resource) => ({
    fullUrl: `${base}/${type}/${resource.id}`,
    resource,
    search: { mode: 'match' },
  }));
  if (type === 'CarePlan' && result.includes.includes('CarePlan:goal')) {
    // A goal two plans on the page share is included once.
    const goals = [...new Set(result.page.flatMap((o) => store.goalsOfPlan[o] ?? []))];
    for (const g of goals) {
      const goal = store.goals.resource(g);
      entry.push({ fullUrl: `${base}/Goal/${goal.id}`, resource: goal, search: { mode: 'include' } });
    }
  }
  if (type === 'Patient' && result.includes.includes('Patient:general-practitioner')) {
    // The patients' general practitioners (their responsible case workers), each once.
    const ids = new Set(
      matches.flatMap((p) =>
        ((p as { generalPractitioner?: { reference?: string }[] }).generalPractitioner ?? []).flatMap((r) =>
          r.reference?.startsWith('Practitioner/') ? [r.reference.slice('Practitioner/'.length)] : [],
        ),
      ),
    );
    for (const id of ids) {
      const practitioner = store.practitioners.byId(id);
      if (practitioner) entry.push({ fullUrl: `${base}/Practitioner/${id}`, resource: practitioner, search: { mode: 'include' } });
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
  if (result.count > 0 && result.offset + result.count < result.total)
    link.push({ relation: 'next', url: pageUrl(result.offset + result.count) });
  if (result.offset > 0 && result.count > 0) link.push({ relation: 'previous', url: pageUrl(Math.max(0, result.offset - result.count)) });
  // FHIR JSON has no empty arrays: an empty result has no `entry`.
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    timestamp: new Date().toISOString(),
    total: result.total,
    link,
    ...(entry.length ? { entry } : {}),
  };
}

function routes(store: ClientRecordStore, started: string, auth: ReturnType<typeof smartAuth>) {
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
    fhir.get(
      '/metadata',
      handle((req, res) => sendFhir(res, 200, capabilityStatement(baseUrl(req), started, tokenUrlOf(req)))),
    );
    // The capability statement and discovery are open; every other interaction needs a token.
    fhir.get(SMART_CONFIGURATION_PATH, auth.configuration);
    fhir.use(auth.requireToken);
    fhir.get(
      '/:type',
      handle((req, res) => sendFhir(res, 200, searchBundle(store, req, resourceType(String(req.params.type))))),
    );
    fhir.get(
      '/:type/:id',
      handle((req, res) => sendResource(req, res, lookup(store, String(req.params.type), String(req.params.id)))),
    );
    fhir.get(
      '/:type/:id/_history',
      handle((req, res) => sendFhir(res, 200, historyBundle(store, req, resourceType(String(req.params.type)), String(req.params.id)))),
    );
    fhir.get(
      '/:type/:id/_history/:vid',
      handle((req, res) => {
        const type = resourceType(String(req.params.type));
        const id = String(req.params.id);
        const version = store
          .table(type)
          .versions(ordinalOf(store, type, id))
          .find((v) => (v.meta?.versionId ?? '1') === req.params.vid);
        // Seeded resources keep their seeded version and later ones; earlier ones are not available here.
        if (!version) throw new FhirError(404, 'not-found', `version ${req.params.vid} of ${type}/${id} is not kept`);
        sendResource(req, res, version);
      }),
    );
    const body = express.raw({ type: () => true, limit: MAX_BODY_BYTES });
    fhir.post(
      '/:type',
      body,
      handle((req, res) => {
        const type = creatableType(String(req.params.type));
        sendWritten(req, res, create(store, type, readBody(req), req.header('if-none-exist')));
      }),
    );
    fhir.put(
      '/:type/:id',
      body,
      handle((req, res) => {
        const type = writableType(String(req.params.type));
        sendWritten(req, res, update(store, type, String(req.params.id), readBody(req), req.header('if-match')));
      }),
    );
    fhir.all(
      '/{*rest}',
      handle((req) => {
        if (req.method !== 'GET') throw new FhirError(405, 'not-supported', `${req.method} ${req.path} is not supported here`);
        throw new FhirError(404, 'not-found', `no such endpoint ${req.path}`);
      }),
    );
    // A body the reader refused (too large, unreadable) is an OperationOutcome too.
    fhir.use((error: { status?: number; type?: string }, _req: Request, res: Response, next: NextFunction) => {
      if (res.headersSent) return next(error);
      if (error.type === 'entity.too.large') sendError(res, new FhirError(413, 'too-long', `the body is over ${MAX_BODY_BYTES / 1024} kB`));
      else if (error.status && error.status >= 400 && error.status < 500)
        sendError(res, new FhirError(error.status, 'invalid', 'the body could not be read'));
      else sendError(res, new FhirError(500, 'exception', 'internal error'));
    });
    app.use('/fhir', fhir);
    app.post(TOKEN_PATH, tokenRequestBody, auth.token, (_error: unknown, _req: Request, res: Response, _next: NextFunction) =>
      sendOAuthError(res, new OAuthError(400, 'invalid_request', 'the token request body could not be read')),
    );
    app.use(
      handle((req) => {
        throw new FhirError(404, 'not-found', `no such endpoint ${req.path}; the FHIR base is /fhir`);
      }),
    );
  };
}

export async function startClientRecordSystem(options: ClientRecordSystemOptions): Promise<SecuredStandIn> {
  const store = new ClientRecordStore(options.world ?? getWorld());
  const started = `${store.world.asOf}T00:00:00Z`;
  const auth = smartAuth(options);
  const running = await serveStandIn(routes(store, started, auth), { ...options, basePath: '/fhir', unavailable: sendUnavailable });
  return { ...running, revokeTokens: auth.revokeAll };
}
