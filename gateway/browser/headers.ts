/**
 * Security headers on every gateway answer, with helmet: `X-Content-Type-Options: nosniff`,
 * `Referrer-Policy: no-referrer`, no `X-Powered-By`, framing refused, and a Content Security
 * Policy that lets an API answer load nothing (`default-src 'none'`) — the IDE page sets its
 * own (gateway/ide). `Strict-Transport-Security` only on requests that came over TLS
 * (`req.secure`, which believes a proxy's X-Forwarded-Proto only under TRUST_PROXY): sent over
 * plain HTTP it would be ignored, and on a developer's http://localhost it would be wrong.
 *
 * Why helmet runs once (lib/preset-headers.ts): its options depend on no request, so its
 * headers are the same on every answer; and why HSTS is asked only under TRUST_PROXY: the
 * gateway itself listens on plain HTTP, so without a trusted proxy no request is secure.
 */
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { presetHeaders } from '../../lib/preset-headers.js';
import type { BrowserOptions } from './settings.js';

/** One year, the usual minimum for HSTS; no `preload`, which is a decision for the domain's owner. */
const HSTS = 'max-age=31536000; includeSubDomains';

export function securityHeaders(trustProxy: BrowserOptions['trustProxy'] = false): RequestHandler[] {
  const basics = presetHeaders(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"] },
      },
      strictTransportSecurity: false,
      referrerPolicy: { policy: 'no-referrer' },
      xFrameOptions: { action: 'deny' },
    }),
  );
  if (trustProxy === false) return [basics];
  const hstsOverTls: RequestHandler = (req, res, next) => {
    if (req.secure) res.setHeader('Strict-Transport-Security', HSTS);
    next();
  };
  return [basics, hstsOverTls];
}
