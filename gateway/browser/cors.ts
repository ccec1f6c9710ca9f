/**
 * CORS for the gateway, with the `cors` package over an allow-list of exact origins.
 *
 * - Only listed origins get `Access-Control-Allow-Origin` (their own origin, never `*`); any
 *   other origin gets no CORS header at all, so its page's fetch fails in the browser. Every
 *   answer says `Vary: Origin`, so no cache hands one origin's answer to another.
 * - Preflights (`OPTIONS`) of listed origins are answered here with 204: methods GET and POST;
 *   headers `authorization` (the bearer token), `content-type` (JSON, which is what makes a
 *   request non-simple and so passes Apollo Server's CSRF prevention), `x-request-id`, and
 *   Apollo's `apollo-require-preflight` / `x-apollo-operation-name` (its CSRF prevention's
 *   alternatives for a GET). A preflight of any other origin is refused with 403 and no CORS
 *   headers.
 * - No credentials: callers send a bearer token in `Authorization`, never a cookie, so
 *   `Access-Control-Allow-Credentials` is not sent and a browser never attaches cookies or
 *   client certificates to a cross-origin call that would count.
 * - `x-request-id` and `Retry-After` are exposed: a page can quote the id to support and wait
 *   out a rate limit.
 */
import cors from 'cors';
import type { RequestHandler } from 'express';

export const CORS_ALLOWED_HEADERS = [
  'authorization',
  'content-type',
  'x-request-id',
  'apollo-require-preflight',
  'x-apollo-operation-name',
];
export const CORS_EXPOSED_HEADERS = ['x-request-id', 'retry-after'];
/** How long a browser may reuse a preflight's answer (Chromium caps it at 2 h). */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

export function corsAllowList(origins: readonly string[]): RequestHandler[] {
  const allowed = new Set(origins);
  const allowListed = cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin) ? origin : false),
    methods: ['GET', 'POST'],
    allowedHeaders: CORS_ALLOWED_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    credentials: false,
    maxAge: PREFLIGHT_MAX_AGE_SECONDS,
    optionsSuccessStatus: 204,
  });
  // A preflight `cors` did not answer came from an origin not on the list.
  const refusePreflight: RequestHandler = (req, res, next) => {
    if (req.method !== 'OPTIONS' || !req.headers.origin || !req.headers['access-control-request-method']) return next();
    res.status(403).json({
      errors: [{ message: 'this origin may not call the gateway from a browser (CORS_ORIGINS)', extensions: { code: 'FORBIDDEN' } }],
    });
  };
  // Every answer says Vary: Origin. A request without an Origin (a server's, not a page's) gets
  // no CORS header and is no preflight: it goes straight on, without cors's work per request.
  const policy: RequestHandler = (req, res, next) => {
    res.vary('Origin');
    if (req.headers.origin === undefined) return next();
    allowListed(req, res, (error?: unknown) => (error ? next(error) : refusePreflight(req, res, next)));
  };
  return [policy];
}
