/**
 * What both stand-ins share as OAuth 2.0 servers: the access tokens they issue (opaque, random,
 * remembered with their client, scope and expiry), the token endpoint's form body and its
 * errors (RFC 6749 §5.1–5.2), and the bearer token of an API request (RFC 6750 §2.1). How a
 * client authenticates at the token endpoint — a secret, a signed assertion — and how an API
 * refuses a request are each system's own (voucher-system/auth.ts, client-record-system/smart-auth.ts).
 *
 * Why opaque tokens: the stand-in is its own authorization and resource server, so a lookup is
 * all a check needs, and a revoked or expired token is simply gone — as with a real system's
 * introspection, the caller cannot tell, and must not rely on, what a token contains.
 */
import { randomBytes } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import type { RunningStandIn } from './http.js';

/** Paths of the stand-ins' token endpoints and SMART discovery: tests count API calls without them. */
export const TOKEN_PATH = '/oauth/token';
export const SMART_CONFIGURATION_PATH = '/.well-known/smart-configuration';
export const isAuthRequest = (r: { path: string }): boolean => r.path === TOKEN_PATH || r.path.endsWith(SMART_CONFIGURATION_PATH);

/** A stand-in that requires tokens; `revokeTokens` forgets every token issued (as a restarted or rotated system would). */
export type SecuredStandIn = RunningStandIn & { revokeTokens(): void };

export interface Grant {
  clientId: string;
  scopes: ReadonlySet<string>;
  expiresAt: number;
}

/** RFC 6749 §5.2: a refused token request. `status` 401 when the client authenticated with an Authorization header. */
export class OAuthError extends Error {
  constructor(
    readonly status: 400 | 401,
    readonly error:
      'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unauthorized_client' | 'unsupported_grant_type' | 'invalid_scope',
    description: string,
    /** The WWW-Authenticate challenge of a 401 (the scheme the client tried). */
    readonly challenge?: string,
  ) {
    super(description);
    this.name = 'OAuthError';
  }
}

/** Token answers, good or bad, are never cached (RFC 6749 §5.1). */
function noStore(res: Response): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Pragma', 'no-cache');
}

export function sendOAuthError(res: Response, error: OAuthError): void {
  noStore(res);
  if (error.challenge) res.setHeader('WWW-Authenticate', error.challenge);
  res.status(error.status).json({ error: error.error, error_description: error.message });
}

/** The issued tokens of one stand-in. */
export class TokenStore {
  private readonly tokens = new Map<string, Grant>();

  constructor(private readonly ttlSeconds: number) {}

  /** A new token for the client, answered as RFC 6749 §5.1 says. */
  issue(res: Response, clientId: string, scopes: readonly string[]): void {
    this.sweep();
    const token = randomBytes(32).toString('base64url');
    this.tokens.set(token, { clientId, scopes: new Set(scopes), expiresAt: Date.now() + this.ttlSeconds * 1000 });
    noStore(res);
    res.status(200).json({
      access_token: token,
      token_type: 'Bearer',
      expires_in: this.ttlSeconds,
      ...(scopes.length ? { scope: scopes.join(' ') } : {}),
    });
  }

  /**
   * The grant of the request's bearer token: 'missing' when it has none (the challenge then
   * names no error, RFC 6750 §3.1), 'invalid' when the token is unknown, revoked or expired.
   */
  check(req: Request): Grant | 'missing' | 'invalid' {
    const header = req.header('authorization');
    if (!header) return 'missing';
    const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header);
    if (!match) return 'invalid';
    const grant = this.tokens.get(match[1]!);
    if (!grant) return 'invalid';
    if (grant.expiresAt <= Date.now()) {
      this.tokens.delete(match[1]!);
      return 'invalid';
    }
    return grant;
  }

  revokeAll(): void {
    this.tokens.clear();
  }

  /** Forgets expired tokens once there are many, so a busy caller cannot grow the map without bound. */
  private sweep(): void {
    if (this.tokens.size < 1000) return;
    const now = Date.now();
    for (const [token, grant] of this.tokens) if (grant.expiresAt <= now) this.tokens.delete(token);
  }
}

/** The token endpoint's body: application/x-www-form-urlencoded, each parameter at most once (RFC 6749 §3.2). */
export const tokenRequestBody = express.urlencoded({ extended: false, limit: '16kb' });

export function formParams(req: Request, allowed: readonly string[]): Record<string, string> {
  if (!req.is('application/x-www-form-urlencoded'))
    throw new OAuthError(400, 'invalid_request', 'the token request must be application/x-www-form-urlencoded');
  const body = (req.body ?? {}) as Record<string, unknown>;
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) {
    if (typeof value !== 'string') throw new OAuthError(400, 'invalid_request', `${name} is repeated`);
    if (allowed.includes(name)) params[name] = value;
  }
  if (params.grant_type === undefined) throw new OAuthError(400, 'invalid_request', 'grant_type is required');
  if (params.grant_type !== 'client_credentials')
    throw new OAuthError(400, 'unsupported_grant_type', 'only grant_type=client_credentials is supported');
  return params;
}

/** The scopes asked for: each within what the client may have (`permits`), or all it may have when it asked for none. */
export function grantedScopes(
  requested: string | undefined,
  registered: readonly string[],
  permits: (registered: string, requested: string) => boolean,
): string[] {
  if (requested === undefined || requested.trim() === '') return [...registered];
  const asked = [...new Set(requested.trim().split(/ +/))];
  const refused = asked.filter((s) => !registered.some((r) => permits(r, s)));
  if (refused.length) throw new OAuthError(400, 'invalid_scope', `scope ${refused.join(' ')} is not granted to this client`);
  return asked;
}
