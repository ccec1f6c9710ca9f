/**
 * Security headers on every gateway answer, with helmet: `X-Content-Type-Options: nosniff`,
 * `Referrer-Policy: no-referrer`, no `X-Powered-By`, framing refused, and a Content Security
 * Policy that lets an API answer load nothing (`default-src 'none'`) — the IDE page sets its
 * own (gateway/ide). `Strict-Transport-Security` only on requests that came over TLS
 * (`req.secure`, which believes a proxy's X-Forwarded-Proto only under TRUST_PROXY): sent over
 * plain HTTP it would be ignored, and on a developer's http://localhost it would be wrong.
 */
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** One year, the usual minimum for HSTS; no `preload`, which is a decision for the domain's owner. */
const HSTS = 'max-age=31536000; includeSubDomains';

export function securityHeaders(): RequestHandler[] {
  const basics = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"] } },
    strictTransportSecurity: false,
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
  });
  const hstsOverTls: RequestHandler = (req, res, next) => {
    if (req.secure) res.setHeader('Strict-Transport-Security', HSTS);
    next();
  };
  return [basics, hstsOverTls];
}
