/**
 * SMART Backend Services (SMART App Launch 2, "client-confidential-asymmetric") for the
 * client-record system: discovery at `[base]/.well-known/smart-configuration`, a token endpoint
 * that takes the client credentials grant with a signed JWT assertion (RFC 7523) instead of a
 * secret, and bearer tokens (RFC 6750) that every FHIR interaction but `metadata` and discovery
 * requires, each within the SMART v1 scopes granted (`system/<Type|*>.<read|write|*>`).
 *
 * An assertion is accepted once: signed (ES384 or RS384) by a key the client registered, with
 * iss = sub = its client id, aud = this token endpoint, an exp at most five minutes ahead and a
 * jti not seen before within that time — so one captured on the way is worth nothing.
 *
 * Why detail only after the signature: until then the caller has not shown it holds a client's
 * key, and the answer must not confirm which client ids exist.
 */
import { createLocalJWKSet, decodeJwt, errors, jwtVerify, type JSONWebKeySet, type JWK } from 'jose';
import type { NextFunction, Request, Response } from 'express';
import {
  OAuthError,
  SMART_CONFIGURATION_PATH,
  TOKEN_PATH,
  TokenStore,
  formParams,
  grantedScopes,
  sendOAuthError,
  type Grant,
} from '../oauth.js';
import { FhirError, sendError } from './outcome.js';

export { SMART_CONFIGURATION_PATH };

/** A client the system knows: its id, its public key(s), and the scopes it may be granted. */
export interface SmartClientRegistration {
  clientId: string;
  /** A JWK Set of the client's public keys (or one public JWK); private members are ignored. */
  jwks: JSONWebKeySet | JWK;
  /** Scopes it may be granted; `system/*.read system/*.write` by default. */
  scope?: string;
}

export interface SmartAuthOptions {
  clients: readonly SmartClientRegistration[];
  /** Lifetime of an access token (default 300 s, SMART's recommendation). */
  tokenTtlSeconds?: number;
}

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
export const SIGNING_ALGORITHMS = ['ES384', 'RS384'] as const;
const DEFAULT_SCOPES = ['system/*.read', 'system/*.write'];
/** SMART: an assertion's exp is no more than five minutes in the future. */
const MAX_ASSERTION_SECONDS = 300;
const CLOCK_TOLERANCE_SECONDS = 5;
const REALM = 'client-record-system';

/** The token endpoint's URL as the caller reached this server: what an assertion's aud must be. */
export const tokenUrlOf = (req: Request) => `${req.protocol}://${req.get('host')}${TOKEN_PATH}`;

const SCOPE = /^system\/(\*|[A-Z][A-Za-z]{0,63})\.(read|write|\*)$/;
type Access = 'read' | 'write';

/** Whether a registered scope covers a requested one: the same or a wider type, the same or wider access. */
function covers(registered: string, requested: string): boolean {
  const r = SCOPE.exec(registered);
  const q = SCOPE.exec(requested);
  if (!r || !q) return false;
  return (r[1] === '*' || r[1] === q[1]) && (r[2] === '*' || r[2] === q[2]);
}

/** Whether granted scopes allow `access` to resources of `type`. */
const allows = (scopes: ReadonlySet<string>, type: string, access: Access) =>
  [...scopes].some((s) => covers(s, `system/${type}.${access}`));

/** Only the public members of a registered key: a registration that carried a private key must not make it usable here. */
function publicKeys(jwks: JSONWebKeySet | JWK): JSONWebKeySet {
  const keys = 'keys' in jwks && Array.isArray(jwks.keys) ? jwks.keys : [jwks as JWK];
  const PUBLIC = ['kty', 'crv', 'x', 'y', 'n', 'e', 'kid', 'alg', 'use'] as const;
  return { keys: keys.map((k) => Object.fromEntries(PUBLIC.filter((m) => k[m] !== undefined).map((m) => [m, k[m]])) as JWK) };
}

const refused = (description: string) => new OAuthError(400, 'invalid_client', description);

/** The discovery document, the token endpoint, and the guard of every other FHIR interaction. */
export function smartAuth(options: SmartAuthOptions) {
  const clients = new Map(
    options.clients.map((c) => [
      c.clientId,
      { keys: createLocalJWKSet(publicKeys(c.jwks)), scopes: c.scope ? c.scope.split(' ').filter(Boolean) : DEFAULT_SCOPES },
    ]),
  );
  const tokens = new TokenStore(options.tokenTtlSeconds ?? 300);
  /** jti of accepted assertions (per client) until their exp: a second use is a replay. */
  const seen = new Map<string, number>();

  function rememberOnce(clientId: string, jti: string, expSeconds: number): boolean {
    const now = Date.now();
    if (seen.size >= 1000) for (const [k, until] of seen) if (until <= now) seen.delete(k);
    const key = `${clientId}\n${jti}`;
    if ((seen.get(key) ?? 0) > now) return false;
    seen.set(key, (expSeconds + CLOCK_TOLERANCE_SECONDS) * 1000);
    return true;
  }

  /** GET [base]/.well-known/smart-configuration (SMART App Launch 2 §Discovery). */
  function configuration(req: Request, res: Response): void {
    res.setHeader('Cache-Control', 'no-cache');
    res.status(200).json({
      token_endpoint: tokenUrlOf(req),
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      token_endpoint_auth_signing_alg_values_supported: [...SIGNING_ALGORITHMS],
      scopes_supported: ['system/*.read', 'system/*.write', 'system/*.*'],
      capabilities: ['client-confidential-asymmetric'],
    });
  }

  /** POST /oauth/token: a client credentials grant authenticated by a signed assertion. */
  async function token(req: Request, res: Response): Promise<void> {
    try {
      const params = formParams(req, ['grant_type', 'scope', 'client_assertion_type', 'client_assertion', 'client_id']);
      if (params.client_assertion_type !== CLIENT_ASSERTION_TYPE)
        throw new OAuthError(400, 'invalid_request', `client_assertion_type must be ${CLIENT_ASSERTION_TYPE}`);
      if (!params.client_assertion) throw new OAuthError(400, 'invalid_request', 'client_assertion is required');
      let issuer: unknown;
      try {
        issuer = decodeJwt(params.client_assertion).iss;
      } catch {
        throw refused('client_assertion is not a JWT');
      }
      const client = typeof issuer === 'string' ? clients.get(issuer) : undefined;
      if (!client || (params.client_id !== undefined && params.client_id !== issuer))
        throw refused('the client assertion does not verify with a key registered for its issuer');
      const clientId = issuer as string;
      let payload;
      try {
        ({ payload } = await jwtVerify(params.client_assertion, client.keys, {
          algorithms: [...SIGNING_ALGORITHMS],
          typ: 'JWT',
          issuer: clientId,
          subject: clientId,
          audience: tokenUrlOf(req),
          requiredClaims: ['iss', 'sub', 'aud', 'exp', 'jti'],
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
        }));
      } catch (error) {
        if (error instanceof errors.JWTExpired) throw refused('the client assertion has expired');
        if (error instanceof errors.JWTClaimValidationFailed)
          throw refused(`the client assertion's ${error.claim} claim is not valid here`);
        throw refused('the client assertion does not verify with a key registered for its issuer');
      }
      const exp = payload.exp!;
      if (exp - Date.now() / 1000 > MAX_ASSERTION_SECONDS + CLOCK_TOLERANCE_SECONDS)
        throw refused(`the client assertion's exp is more than ${MAX_ASSERTION_SECONDS / 60} minutes ahead`);
      if (typeof payload.jti !== 'string' || payload.jti.length === 0 || payload.jti.length > 256)
        throw refused('the client assertion needs a jti');
      if (!rememberOnce(clientId, payload.jti, exp)) throw refused('the client assertion was used before (its jti is not new)');
      tokens.issue(res, clientId, grantedScopes(params.scope, client.scopes, covers));
    } catch (error) {
      if (error instanceof OAuthError) sendOAuthError(res, error);
      else sendOAuthError(res, new OAuthError(400, 'invalid_request', 'the token request could not be read'));
    }
  }

  /**
   * Lets through a FHIR request whose bearer token is valid and whose scopes allow the
   * interaction (a GET reads, any other method writes); 401 or 403 OperationOutcome otherwise.
   */
  function requireToken(req: Request, res: Response, next: NextFunction): void {
    const grant: Grant | 'missing' | 'invalid' = tokens.check(req);
    if (grant === 'missing' || grant === 'invalid') {
      res.setHeader(
        'WWW-Authenticate',
        grant === 'missing'
          ? `Bearer realm="${REALM}"`
          : `Bearer realm="${REALM}", error="invalid_token", error_description="the access token is invalid or has expired"`,
      );
      sendError(
        res,
        new FhirError(
          401,
          'login',
          grant === 'missing'
            ? 'an access token is required (SMART Backend Services: see .well-known/smart-configuration)'
            : 'the access token is invalid or has expired',
        ),
      );
      return;
    }
    const type = req.path.split('/')[1] ?? '';
    const access: Access = req.method === 'GET' || req.method === 'HEAD' ? 'read' : 'write';
    if (!allows(grant.scopes, /^[A-Z][A-Za-z]*$/.test(type) ? type : '*', access)) {
      res.setHeader('WWW-Authenticate', `Bearer realm="${REALM}", error="insufficient_scope", scope="system/${type || '*'}.${access}"`);
      sendError(res, new FhirError(403, 'forbidden', `the access token's scopes do not allow ${access} of ${type || 'this'}`));
      return;
    }
    next();
  }

  return { configuration, token, requireToken, revokeAll: () => tokens.revokeAll() };
}
