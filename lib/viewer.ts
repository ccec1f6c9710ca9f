/**
 * The verified identity of a request, as the gateway passes it to the subgraphs.
 *
 * Why a signed header: the gateway authenticates (verifies the user's JWT); the subgraphs
 * authorise. A subgraph must not trust a bare header anyone could send, so the gateway signs
 * the viewer with a secret only it and the subgraphs share (HS256 JWS, short expiry), and a
 * subgraph refuses every request whose header does not verify.
 */
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';

export type Role = 'CLIENT' | 'CASE_WORKER' | 'PROVIDER' | 'ANALYST' | 'ADMIN';
export const ROLES: readonly Role[] = ['CLIENT', 'CASE_WORKER', 'PROVIDER', 'ANALYST', 'ADMIN'];

export interface Viewer {
  subject: string;
  role: Role;
  municipalityCode: string | null;
  providerId: string | null;
  clientId: string | null;
}

export const VIEWER_HEADER = 'x-viewer-token';
const ISSUER = 'client-plan-gateway';
const AUDIENCE = 'client-plan-subgraphs';
const DEV_SECRET = 'dev-only-subgraph-signing-secret-change-me-in-production';

/**
 * The shared secret, from SUBGRAPH_SIGNING_SECRET; a fixed development value otherwise — but
 * never in production (NODE_ENV=production), where a known secret would let anyone forge viewers.
 */
export function signingSecret(env: NodeJS.ProcessEnv = process.env): Uint8Array {
  if (!env.SUBGRAPH_SIGNING_SECRET && env.NODE_ENV === 'production') {
    throw new Error('SUBGRAPH_SIGNING_SECRET must be set in production');
  }
  const secret = env.SUBGRAPH_SIGNING_SECRET ?? DEV_SECRET;
  if (secret.length < 32) throw new Error('SUBGRAPH_SIGNING_SECRET must be at least 32 characters');
  return new TextEncoder().encode(secret);
}

export async function signViewer(viewer: Viewer, secret: Uint8Array, ttlSeconds = 60): Promise<string> {
  return new SignJWT({
    role: viewer.role,
    mun: viewer.municipalityCode ?? undefined,
    prv: viewer.providerId ?? undefined,
    cli: viewer.clientId ?? undefined,
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(viewer.subject)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(secret);
}

/** The viewer in a signed header, or null when it is missing, forged or expired. */
export async function verifyViewer(token: string | undefined | null, secret: Uint8Array): Promise<Viewer | null> {
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, secret, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
    const role = payload.role as Role;
    if (!ROLES.includes(role) || typeof payload.sub !== 'string') return null;
    return {
      subject: payload.sub,
      role,
      municipalityCode: (payload.mun as string | undefined) ?? null,
      providerId: (payload.prv as string | undefined) ?? null,
      clientId: (payload.cli as string | undefined) ?? null,
    };
  } catch (error) {
    if (error instanceof joseErrors.JOSEError) return null;
    throw error;
  }
}
