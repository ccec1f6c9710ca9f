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
  if (env.NODE_ENV === 'production') throw new Error('JWKS_URL, JWT_ISSUER and JWT_AUDIENCE must be set in production; the dev issuer is off');
  return authFromDevIssuer(await DevIssuer.fromFile());
}

const str = (v: unknown) => (typeof v === 'string' && v.length > 0 && v.length <= 64 ? v : null);

/** The viewer of a verified token, or null when the token is missing, invalid or incomplete. */
export async function verifyToken(auth: AuthConfig, token: string | null): Promise<Viewer | null> {
  if (!token) return null;
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, auth.keys, { issuer: auth.issuer, audience: auth.audience, algorithms: ALGORITHMS, requiredClaims: ['sub', 'exp'] }));
  } catch {
    return null;
  }
  const role = String(payload.role ?? '').toUpperCase() as Role;
  const subject = str(payload.sub);
  if (!ROLES.includes(role) || !subject) return null;
  const viewer: Viewer = {
    subject,
    role,
    municipalityCode: str(payload.municipality_code),
    providerId: str(payload.provider_id),
    clientId: str(payload.client_id),
  };
  // A token must carry what its role is scoped by, or it is no use to anyone.
  if (role === 'CLIENT' && !viewer.clientId) return null;
  if (role === 'CASE_WORKER' && !viewer.municipalityCode) return null;
  if (role === 'PROVIDER' && !viewer.providerId) return null;
  return viewer;
}

export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match ? match[1] : null;
}
