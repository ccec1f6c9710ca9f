/**
 * Every answer of the gateway carries `x-request-id`: the caller's own when sane
 * (lib/request-id.ts), else a new UUID. Mounted first, so refusals (400, 401, 413, 429), health
 * and CORS answers carry it too; the GraphQL context takes the same id (requestIdOf), so the log
 * line, the audit entries and the subgraphs' logs (gateway/subgraph-fetch) name one id.
 */
import { randomUUID } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import { REQUEST_ID_HEADER, saneRequestId } from '../../lib/request-id.js';

export function requestIds(): RequestHandler {
  return (req, res, next) => {
    const id = saneRequestId(req.header(REQUEST_ID_HEADER)) ?? randomUUID();
    res.locals.requestId = id;
    res.setHeader(REQUEST_ID_HEADER, id);
    next();
  };
}

/** The request's id (a new one where requestIds was not mounted: a test's bare app). */
export function requestIdOf(res: Response): string {
  return typeof res.locals.requestId === 'string' ? res.locals.requestId : randomUUID();
}
