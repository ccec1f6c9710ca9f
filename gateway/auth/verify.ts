/**
 * Verifies a bearer token into a Viewer: against a JWKS URL with issuer and audience checks in
 * production, or against the local dev issuer's public key by default. Only asymmetric
 * algorithms are accepted, so `alg: none` and HMAC-confusion tokens fail.
 */
import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ROLES, type Role, type Viewer } from '../../lib/viewer.js';
import { DEV_AUDIENCE, DEV_ISSUER, DevIssuer } from './dev-issuer.js';

export interface AuthConfig {
  keys: JWTVerifyGetKey;
  issuer: string;
  audience: string;
  /** The dev issuer when tokens come from it (demo tokens at start-up), else null. */
  devIssuer: DevIssuer | null;
}

const ALGORITHMS = ['ES256', 'ES384', 'RS256', 'RS384', 'RS512', 'PS256', 'EdDSA'];

export function authFromJwks(jwksUrl: string, issuer: string, audience: string): AuthConfig {
  return { keys: createRemoteJWKSet(new URL(jwksUrl)), issuer, audience, devIssuer: null };
}

export function authFromDevIssuer(devIssuer: DevIssuer): AuthConfig {
  return { keys: createLocalJWKSet({ keys: [devIssuer.publicJwk] }), issuer: DEV_ISSUER, audience: DEV_AUDIENCE, devIssuer };
}

/**
 * JWKS_URL + JWT_ISSUER + JWT_AUDIENCE in production; the dev issuer's key file otherwise. In
 * production (NODE_ENV=production) the dev issuer is off: without a JWKS URL the gateway does
 * not start, rather than accept tokens anyone with the repository could mint.
 */
export async function authFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<AuthConfig> {
  if (env.JWKS_URL) {
    if (!env.JWT_ISSUER || !env.JWT_AUDIENCE) throw new Error('JWKS_URL needs JWT_ISSUER and JWT_AUDIENCE');
    return authFromJwks(env.JWKS_URL, env.JWT_ISSUER, env.JWT_AUDIENCE);
  }
  if (env.NODE_ENV === 'production')
    throw new Error('JWKS_URL, JWT_ISSUER and JWT_AUDIENCE must be set in production; the dev issuer is off');
  return authFromDevIssuer(await DevIssuer.fromFile());
}

/**
 * The shape of every claim the viewer is built from. Why: the subgraphs put these values into
 * the existing systems' searches and paths (a municipality into a FHIR search, a provider id
 * into a REST path, a case worker's subject into a plan's `Practitioner/…` author), where a
 * `"205,905"` is a search for two municipalities (FHIR's comma is OR) and a `../` is another
 * path. A claim that is not of its kind is not a scope we can honour: the token is refused,
 * rather than the value cleaned or cut.
 */
export const CLAIM_PATTERNS = {
  /** Finnish municipality codes: three digits ("091", "205"). */
  municipality_code: /^\d{3}$/,
  /**
   * Client and provider ids: the FHIR id rule ([A-Za-z0-9\-.]{1,64}) that also starts with a
   * letter or digit, as the voucher system's ids do — so no id is ever "." or ".." in a path.
   */
  client_id: /^[A-Za-z0-9][A-Za-z0-9.-]{0,63}$/,
  provider_id: /^[A-Za-z0-9][A-Za-z0-9.-]{0,63}$/,
  /**
   * Subjects as identity providers issue them (UUIDs, numbers, `auth0|…`, base64url, e-mail
   * addresses): no spaces, commas, slashes, quotes or control characters. A case worker's
   * subject is also the Practitioner id of their plans, so it must be an id (client_id's rule).
   */
  sub: /^[A-Za-z0-9][A-Za-z0-9._:@|+-]{0,63}$/,
} as const;

type ScopeClaim = 'municipality_code' | 'client_id' | 'provider_id';

/**
 * A scope claim's value: null when absent (or JSON null), undefined when it is there but not of
 * its kind — a number, a list, or a string outside its pattern.
 */
function scopeClaim(payload: JWTPayload, name: ScopeClaim): string | null | undefined {
  const value = payload[name];
  if (value === undefined || value === null) return null;
  return typeof value === 'string' && CLAIM_PATTERNS[name].test(value) ? value : undefined;
}

/**
 * The viewer of a verified token, or null when the token is missing, invalid or incomplete, or
 * when any claim the viewer is built from is not of its shape (CLAIM_PATTERNS).
 */
export async function verifyToken(auth: AuthConfig, token: string | null): Promise<Viewer | null> {
  if (!token) return null;
  const cache = verifiedTokens(auth);
  const known = cache.get(token);
  if (known && known.until > Date.now()) return known.viewer;
  if (known) cache.delete(token);
  const verified = await verifyAnew(auth, token);
  if (verified) {
    // Oldest first out: a caller sending many tokens gains no memory.
    if (cache.size >= VERIFIED_TOKENS_MAX) cache.delete(cache.keys().next().value!);
    cache.set(token, { viewer: verified.viewer, until: Math.min(verified.expiresAt, Date.now() + VERIFIED_TOKEN_TTL_MS) });
  }
  return verified?.viewer ?? null;
}

/**
 * Tokens verified lately, by their whole text (signature included, so no other text can match
 * one), each until its expiry or for VERIFIED_TOKEN_TTL_MS, whichever comes first. Why: a
 * signature check (ES256, RS256) was the gateway's largest single cost per request in its CPU
 * profile, and a caller sends the same token with every request. The bound on the time is
 * how long a key the identity provider withdrew from its JWKS may still let a token in;
 * only tokens that verified are kept (nothing a stranger sends takes a place).
 */
const VERIFIED_TOKEN_TTL_MS = 60_000;
const VERIFIED_TOKENS_MAX = 10_000;
const caches = new WeakMap<AuthConfig, Map<string, { viewer: Viewer; until: number }>>();
function verifiedTokens(auth: AuthConfig) {
  let cache = caches.get(auth);
  if (!cache) caches.set(auth, (cache = new Map()));
  return cache;
}

async function verifyAnew(auth: AuthConfig, token: string): Promise<{ viewer: Viewer; expiresAt: number } | null> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, auth.keys, {
      issuer: auth.issuer,
      audience: auth.audience,
      algorithms: ALGORITHMS,
      requiredClaims: ['sub', 'exp'],
    }));
  } catch {
    return null;
  }
  // A string, one of the roles (in any case: identity providers spell them in lower case); not
  // a list or an object whose text happens to read as one (String(["ADMIN"]) is "ADMIN").
  if (typeof payload.role !== 'string') return null;
  const role = payload.role.toUpperCase() as Role;
  if (!ROLES.includes(role)) return null;
  const subject = payload.sub;
  if (typeof subject !== 'string' || !CLAIM_PATTERNS.sub.test(subject)) return null;
  if (role === 'CASE_WORKER' && !CLAIM_PATTERNS.client_id.test(subject)) return null;
  const municipalityCode = scopeClaim(payload, 'municipality_code');
  const providerId = scopeClaim(payload, 'provider_id');
  const clientId = scopeClaim(payload, 'client_id');
  if (municipalityCode === undefined || providerId === undefined || clientId === undefined) return null;
  // Frozen: one verified token's viewer serves every request that sends it (the cache above).
  const viewer: Viewer = Object.freeze({ subject, role, municipalityCode, providerId, clientId });
  // A token must carry what its role is scoped by, or it is no use to anyone.
  if (role === 'CLIENT' && !viewer.clientId) return null;
  if (role === 'CASE_WORKER' && !viewer.municipalityCode) return null;
  if (role === 'PROVIDER' && !viewer.providerId) return null;
  return { viewer, expiresAt: payload.exp! * 1000 };
}

export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match ? match[1] : null;
}
