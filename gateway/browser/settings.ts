/**
 * What the gateway lets browsers do, from the environment (lib/settings.ts, BROWSER_SETTINGS).
 * Unset, CORS_ORIGINS and GRAPHQL_IDE follow NODE_ENV: development (and an unset NODE_ENV, as
 * everywhere here) lets the local dev servers in and serves the IDE; production lets no browser
 * origin in and serves no IDE unless told.
 */
import { BROWSER_SETTINGS, DEV_CORS_ORIGINS, validate } from '../../lib/settings.js';

export interface BrowserOptions {
  /** Origins (scheme://host[:port]) whose pages may call the gateway; empty: none. */
  corsOrigins: readonly string[];
  /** Serve the in-browser IDE at a browser's GET /graphql (gateway/ide). */
  ide: boolean;
  /** express's `trust proxy`: which proxies may say the request came over TLS. */
  trustProxy: false | number | readonly string[];
}

export function browserOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): BrowserOptions {
  const settings = validate(BROWSER_SETTINGS, env) as {
    NODE_ENV: string;
    CORS_ORIGINS?: string[];
    GRAPHQL_IDE?: boolean;
    TRUST_PROXY: false | number | string[];
  };
  const production = settings.NODE_ENV === 'production';
  return {
    corsOrigins: settings.CORS_ORIGINS ?? (production ? [] : DEV_CORS_ORIGINS),
    ide: settings.GRAPHQL_IDE ?? !production,
    trustProxy: settings.TRUST_PROXY,
  };
}
