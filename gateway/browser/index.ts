/**
 * The gateway toward browsers: security headers on every answer (headers.ts) and CORS over the
 * allow-list of CORS_ORIGINS (cors.ts), with `trust proxy` from TRUST_PROXY so that HSTS is
 * sent exactly when the request came over TLS. Mounted first, so health, the IDE and /graphql
 * all carry them. The IDE itself is gateway/ide.
 */
export { CORS_ALLOWED_HEADERS, CORS_EXPOSED_HEADERS, corsAllowList } from './cors.js';
export { securityHeaders } from './headers.js';
export { mountBrowserPolicy } from './mount.js';
export { browserOptionsFromEnv, type BrowserOptions } from './settings.js';
