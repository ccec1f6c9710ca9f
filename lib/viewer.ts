/**
 * The verified identity of a request, as the gateway passes it to the subgraphs.
 *
 * Why a signed header: the gateway authenticates (verifies the user's JWT); the subgraphs
 * authorise. A subgraph must not trust a bare header anyone could send, so the gateway signs
 * the viewer with a secret only it and the subgraphs share (HS256 JWS; lib/signing-secret.ts),
 * and a subgraph refuses every request whose header does not verify.
 *
 * Why bound to one request: a header seen between the gateway and a subgraph (a log, a proxy,
 * a packet capture) must not be a key to that subgraph. So a header says which subgraph it is
 * for (`aud`), carries the SHA-256 of the exact body it was signed with (`bh`) and a unique id
 * (`jti`) the subgraph accepts once (lib/replay-guard.ts), and is short-lived: `exp` is
 * required, at most MAX_LIFETIME_SECONDS after `iat`, and `iat` at most MAX_AGE_SECONDS ago.
 * Hive Gateway's HMAC upstream signature signs the body for the same reason.
 */
import { createHash, randomUUID } from 'node:crypto';
import { epochSeconds, JwsInvalid, signHs256, verifyHs256 } from './jws.js';
import type { ReplayGuard } from './replay-guard.js';
import type { SubgraphName } from './subgraphs.js';

export { signingSecret } from './signing-secret.js';

import { ROLES, type Role } from './__generated__/enums.js';

// The roles are the SDL's `enum Role`, spelled there only.
export { ROLES, type Role };

export interface Viewer {
  subject: string;
  role: Role;
  municipalityCode: string | null;
  providerId: string | null;
  clientId: string | null;
}

export const VIEWER_HEADER = 'x-viewer-token';
const ISSUER = 'client-plan-gateway';
/** A header older than this (by its `iat`) is refused: it is made for one fetch, sent at once. */
export const MAX_AGE_SECONDS = 30;
/** A header that claims to live longer than this is refused, whoever signed it. */
export const MAX_LIFETIME_SECONDS = 60;
/** The clocks of the gateway's and the subgraphs' hosts may differ by this much. */
const CLOCK_TOLERANCE_SECONDS = 5;
/**
 * How long a subgraph remembers an accepted header's id: from its arrival, as long as it could
 * still be accepted (its `iat` may be up to the tolerance ahead, and it is accepted until its
 * age passes the maximum plus the tolerance).
 */
export const REPLAY_WINDOW_MS = (MAX_AGE_SECONDS + 2 * CLOCK_TOLERANCE_SECONDS) * 1000;

/** The `bh` claim: base64url SHA-256 of the body bytes. */
export function bodyHash(body: string | Uint8Array): string {
  return createHash('sha256').update(body).digest('base64url');
}

export interface SignFor {
  /** The subgraph the request goes to. */
  audience: SubgraphName;
  /** The exact body the request sends. */
  body: string | Uint8Array;
  ttlSeconds?: number;
}

export async function signViewer(
  viewer: Viewer,
  secret: Uint8Array,
  { audience, body, ttlSeconds = MAX_AGE_SECONDS }: SignFor,
): Promise<string> {
  // Signed with node:crypto, not jose's SignJWT: the same token, without a WebCrypto key and job
  // per header (lib/jws.ts) — the gateway makes one for every subgraph fetch.
  const iat = epochSeconds();
  return signHs256(
    {
      role: viewer.role,
      mun: viewer.municipalityCode ?? undefined,
      prv: viewer.providerId ?? undefined,
      cli: viewer.clientId ?? undefined,
      bh: bodyHash(body),
      sub: viewer.subject,
      iss: ISSUER,
      aud: audience,
      jti: randomUUID(),
      iat,
      exp: iat + ttlSeconds,
    },
    secret,
  );
}

export interface VerifyFor {
  /** This subgraph. */
  audience: SubgraphName;
  /** The body bytes as received; absent (a GET, another content type) is refused. */
  body: Uint8Array | undefined;
  /** This subgraph's accepted ids. */
  replays: ReplayGuard;
}

/** The viewer, or why the header was refused (for the log: none of it goes to the caller). */
export type Verified = { viewer: Viewer } | { refused: 'missing' | 'invalid' | 'lifetime' | 'body' | 'replayed' | 'replay-guard-full' };

export async function verifyViewer(
  token: string | undefined | null,
  secret: Uint8Array,
  { audience, body, replays }: VerifyFor,
): Promise<Verified> {
  if (!token || !body) return { refused: 'missing' };
  let payload;
  try {
    payload = verifyHs256(token, secret, {
      issuer: ISSUER,
      audience,
      requiredClaims: ['exp', 'iat', 'jti', 'bh', 'sub'],
      maxTokenAgeSeconds: MAX_AGE_SECONDS,
      clockToleranceSeconds: CLOCK_TOLERANCE_SECONDS,
    });
  } catch (error) {
    if (error instanceof JwsInvalid) return { refused: 'invalid' };
    throw error;
  }
  const role = payload.role as Role;
  if (!ROLES.includes(role) || typeof payload.sub !== 'string' || typeof payload.jti !== 'string') return { refused: 'invalid' };
  if ((payload.exp as number) - (payload.iat as number) > MAX_LIFETIME_SECONDS) return { refused: 'lifetime' };
  if (payload.bh !== bodyHash(body)) return { refused: 'body' };
  // Last, so only a header that is in every other way valid takes a place in the guard.
  const use = replays.use(payload.jti);
  if (use !== 'first') return { refused: use === 'seen' ? 'replayed' : 'replay-guard-full' };
  return {
    viewer: {
      subject: payload.sub,
      role,
      municipalityCode: (payload.mun as string | undefined) ?? null,
      providerId: (payload.prv as string | undefined) ?? null,
      clientId: (payload.cli as string | undefined) ?? null,
    },
  };
}
