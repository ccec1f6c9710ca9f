/**
 * HS256 compact JWS, signed and verified with node:crypto's HMAC. Why not jose's SignJWT and
 * jwtVerify for these: both go through WebCrypto, which runs a thread-pool job (with its
 * transferable key and DOMException machinery) for every token — the gateway's largest own cost
 * per request in its CPU profile when it signed one header per subgraph fetch, and ~3% of every
 * subgraph's CPU when each verified them. These tokens are ours on both sides (the gateway's
 * viewer header, lib/viewer.ts; the audit ingest's, lib/audit-ingest.ts): one algorithm, one
 * header, a shared secret. Tokens from outside (the callers' JWTs) stay with jose (gateway/auth).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** `{"alg":"HS256"}`, encoded once: the only header made, and the only one accepted. */
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256' })).toString('base64url');

/** A compact JWS of `claims` (HS256, header `{"alg":"HS256"}`). Undefined claims are left out. */
export function signHs256(claims: Record<string, unknown>, secret: Uint8Array): string {
  const input = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** Seconds since the epoch, as JWT's `iat` and `exp` count them. */
export const epochSeconds = (): number => Math.floor(Date.now() / 1000);

/** A token that does not verify; its message is for the log only. */
export class JwsInvalid extends Error {}

export interface VerifyHs256Options {
  issuer: string;
  audience: string;
  /** Claims that must be present (exp, iat, jti, …). */
  requiredClaims: string[];
  /** `iat` at most this many seconds ago (plus the tolerance). */
  maxTokenAgeSeconds: number;
  clockToleranceSeconds: number;
  /** Seconds since the epoch; now when absent. */
  now?: number;
}

/**
 * The claims of an HS256 token signed with `secret`, checked as jose's jwtVerify checks them
 * (issuer, audience, exp, nbf, iat not in the future, the token's age, required claims);
 * JwsInvalid otherwise. The header must be exactly the one signHs256 makes: no other algorithm,
 * no `crit`, no key id — nothing in the token chooses how it is verified.
 */
export function verifyHs256(token: string, secret: Uint8Array, options: VerifyHs256Options): Record<string, unknown> {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== HEADER) throw new JwsInvalid('not an HS256 JWS of ours');
  const expected = createHmac('sha256', secret).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2], 'base64url');
  // Compared in constant time, and only after the lengths match (timingSafeEqual requires it).
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new JwsInvalid('signature verification failed');
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    throw new JwsInvalid('the payload is not JSON');
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) throw new JwsInvalid('the payload is not an object');
  const payload = claims as Record<string, unknown>;
  for (const name of options.requiredClaims) if (payload[name] === undefined) throw new JwsInvalid(`missing the ${name} claim`);
  const now = options.now ?? epochSeconds();
  const tolerance = options.clockToleranceSeconds;
  const time = (name: string) => {
    const value = payload[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new JwsInvalid(`the ${name} claim is not a number`);
    return value;
  };
  if (payload.iss !== options.issuer) throw new JwsInvalid('unexpected iss');
  const aud = payload.aud;
  if (!(aud === options.audience || (Array.isArray(aud) && aud.includes(options.audience)))) throw new JwsInvalid('unexpected aud');
  const exp = time('exp');
  if (exp !== undefined && exp <= now - tolerance) throw new JwsInvalid('expired');
  const nbf = time('nbf');
  if (nbf !== undefined && nbf > now + tolerance) throw new JwsInvalid('not yet valid');
  const iat = time('iat');
  if (iat !== undefined) {
    if (iat > now + tolerance) throw new JwsInvalid('issued in the future');
    if (now - iat - tolerance > options.maxTokenAgeSeconds) throw new JwsInvalid('too old');
  }
  return payload;
}
