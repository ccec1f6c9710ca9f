/**
 * The voucher system's OAuth 2.0 client credentials grant (RFC 6749 §4.4): `POST /oauth/token`
 * with the client authenticated by HTTP Basic (client_secret_basic, §2.3.1) answers a bearer
 * token, and every API endpoint but the token endpoint and the OpenAPI document requires one
 * (RFC 6750), as openapi.yaml declares in `components.securitySchemes`.
 *
 * Why the stand-in insists: the real system will not answer an anonymous caller, and a client
 * that never had to authenticate is a client nobody has tried against it.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Express, NextFunction, Request, Response } from 'express';
import { OAuthError, TOKEN_PATH, TokenStore, formParams, grantedScopes, sendOAuthError, tokenRequestBody } from '../oauth.js';
import { problem, sendProblem } from './problem.js';

/** A client the system knows: its id, its secret, and the scopes it may ask for (none by default). */
export interface VoucherClientRegistration {
  clientId: string;
  clientSecret: string;
  scope?: string;
}

export interface VoucherAuthOptions {
  clients: readonly VoucherClientRegistration[];
  /** Lifetime of an access token (default 300 s). */
  tokenTtlSeconds?: number;
}

const REALM = 'voucher-system';
const BASIC_CHALLENGE = `Basic realm="${REALM}", charset="UTF-8"`;
const digest = (secret: string) => createHash('sha256').update(secret, 'utf8').digest();

/** RFC 6749 §2.3.1: the id and the secret are form-urlencoded, then joined by ':' and base64-encoded. */
function basicCredentials(header: string | undefined): { clientId: string; secret: string } | null {
  const match = /^Basic +([A-Za-z0-9+/]+=*) *$/i.exec(header ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  try {
    const form = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
    return { clientId: form(decoded.slice(0, colon)), secret: form(decoded.slice(colon + 1)) };
  } catch {
    return null;
  }
}

/**
 * Serves the token endpoint on `app` and answers the middleware that lets through only requests
 * with a valid, unexpired token; `revokeAll` forgets every token issued.
 */
export function voucherAuth(
  app: Express,
  options: VoucherAuthOptions,
): { requireToken: (req: Request, res: Response, next: NextFunction) => void; revokeAll(): void } {
  // Secrets are kept as digests and compared in constant time: a timing does not spell one out.
  const clients = new Map(
    options.clients.map((c) => [c.clientId, { digest: digest(c.clientSecret), scopes: (c.scope ?? '').split(' ').filter(Boolean) }]),
  );
  const unknownClient = digest(`no such client ${Math.random()}`);
  const tokens = new TokenStore(options.tokenTtlSeconds ?? 300);

  app.post(
    TOKEN_PATH,
    tokenRequestBody,
    (req: Request, res: Response) => {
      try {
        const credentials = basicCredentials(req.header('authorization'));
        if (!credentials)
          throw new OAuthError(401, 'invalid_client', 'authenticate the client with HTTP Basic (client_secret_basic)', BASIC_CHALLENGE);
        const client = clients.get(credentials.clientId);
        const matches = timingSafeEqual(client?.digest ?? unknownClient, digest(credentials.secret));
        // An unknown id and a wrong secret are refused alike: the answer does not confirm an id.
        if (!client || !matches) throw new OAuthError(401, 'invalid_client', 'client authentication failed', BASIC_CHALLENGE);
        const params = formParams(req, ['grant_type', 'scope', 'client_id']);
        if (params.client_id !== undefined && params.client_id !== credentials.clientId)
          throw new OAuthError(400, 'invalid_request', 'client_id does not match the authenticated client');
        tokens.issue(
          res,
          credentials.clientId,
          grantedScopes(params.scope, client.scopes, (r, s) => r === s),
        );
      } catch (error) {
        if (error instanceof OAuthError) sendOAuthError(res, error);
        else throw error;
      }
    },
    // A body the form reader refused (too large, not decodable) is a malformed request.
    (_error: unknown, _req: Request, res: Response, _next: NextFunction) =>
      sendOAuthError(res, new OAuthError(400, 'invalid_request', 'the token request body could not be read')),
  );

  function requireToken(req: Request, res: Response, next: NextFunction): void {
    const grant = tokens.check(req);
    if (typeof grant === 'object') return next();
    // RFC 6750 §3.1: a request without credentials gets the challenge alone; a bad token is named invalid_token.
    const challenge =
      grant === 'missing'
        ? `Bearer realm="${REALM}"`
        : `Bearer realm="${REALM}", error="invalid_token", error_description="the access token is invalid or has expired"`;
    res.setHeader('WWW-Authenticate', challenge);
    sendProblem(
      res,
      problem(401, grant === 'missing' ? `an access token is required: ${TOKEN_PATH}` : 'the access token is invalid or has expired', {
        instance: req.originalUrl,
      }),
    );
  }

  return { requireToken, revokeAll: () => tokens.revokeAll() };
}
