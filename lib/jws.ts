/**
 * HS256 compact JWS, signed with node:crypto's HMAC. Why not jose's SignJWT for these: it signs
 * through WebCrypto, which imports the secret as a new CryptoKey and runs a thread-pool job for
 * every token — the gateway's largest own cost per request in its CPU profile (one header per
 * subgraph fetch, one per audit batch). The tokens are the same bytes jose would make, and are
 * verified with jose as before (`verificationKey`: the secret imported once, not per token).
 */
import { createHmac } from 'node:crypto';
import type { CryptoKey } from 'jose';

/** `{"alg":"HS256"}`, encoded once. */
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256' })).toString('base64url');

/** A compact JWS of `claims` (HS256, header `{"alg":"HS256"}`). Undefined claims are left out. */
export function signHs256(claims: Record<string, unknown>, secret: Uint8Array): string {
  const input = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** Seconds since the epoch, as JWT's `iat` and `exp` count them. */
export const epochSeconds = (): number => Math.floor(Date.now() / 1000);

const keys = new WeakMap<Uint8Array, Promise<CryptoKey>>();

/** The secret as a verification key for jose, imported once per secret (a process has one or two). */
export function verificationKey(secret: Uint8Array): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', new Uint8Array(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    keys.set(secret, key);
  }
  return key;
}
