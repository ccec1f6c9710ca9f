/**
 * The client side of SMART Backend Services (SMART App Launch 2, client-confidential-asymmetric):
 * the client-record system's token endpoint is discovered at `[base]/.well-known/smart-configuration`,
 * and each token request carries a fresh JWT assertion signed with our private key (RFC 7523,
 * `private_key_jwt`): iss = sub = our client id, aud = the token endpoint, a unique jti, exp two
 * minutes ahead. The system holds only our public key, so nothing it stores lets anyone act as us.
 *
 * The key is ES384 (EC P-384) or RS384 (RSA), from a PEM (PKCS#8) or a JWK; its kid is its
 * JWK thumbprint (RFC 7638) unless the JWK names one — the id under which the system registers
 * the public key.
 */
import { createPrivateKey, createPublicKey, randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { misconfigured, type TokenRequest } from './system-auth.js';
import { UpstreamError, type SystemName } from './errors.js';

type Fetch = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

export type SigningAlgorithm = 'ES384' | 'RS384';

/** A private key to sign assertions with, its key id, and the public half the system registers. */
export interface SigningKey {
  privateKey: KeyObject;
  kid: string;
  alg: SigningAlgorithm;
  publicJwk: JWK;
}

/** How this service authenticates to the client-record system. */
export interface ClientRecordSystemCredentials {
  clientId: string;
  key: SigningKey;
  /** Scopes asked for (space-separated); `system/*.read system/*.write` by default. */
  scope?: string;
}

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const DEFAULT_SCOPE = 'system/*.read system/*.write';
const ASSERTION_SECONDS = 120;

function algorithmOf(key: KeyObject): SigningAlgorithm {
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'secp384r1') return 'ES384';
  if (key.asymmetricKeyType === 'rsa' && (key.asymmetricKeyDetails?.modulusLength ?? 0) >= 2048) return 'RS384';
  throw new Error('the key must be an EC P-384 key (ES384) or an RSA key of at least 2048 bits (RS384), as SMART Backend Services require');
}

async function signingKeyOf(privateKey: KeyObject, kid?: string): Promise<SigningKey> {
  if (privateKey.type !== 'private') throw new Error('a private key is needed to sign assertions, not a public one');
  const alg = algorithmOf(privateKey);
  const publicJwk = (await exportJWK(createPublicKey(privateKey))) as JWK;
  const id = kid ?? (await calculateJwkThumbprint(publicJwk));
  return { privateKey, kid: id, alg, publicJwk: { ...publicJwk, kid: id, alg, use: 'sig' } };
}

/** A signing key from text: a PEM private key (PKCS#8 or PKCS#1/SEC1) or a private JWK as JSON. */
export async function signingKeyFrom(text: string): Promise<SigningKey> {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let jwk: JWK;
    try {
      jwk = JSON.parse(trimmed) as JWK;
    } catch {
      throw new Error('the key is neither a PEM nor a JWK (its JSON does not parse)');
    }
    if (!jwk.d) throw new Error('the JWK has no private part (d)');
    return signingKeyOf(createPrivateKey({ key: jwk as never, format: 'jwk' }), jwk.kid);
  }
  if (!trimmed.startsWith('-----BEGIN')) throw new Error('the key is neither a PEM nor a JWK');
  try {
    return await signingKeyOf(createPrivateKey(trimmed));
  } catch (error) {
    throw new Error(`the PEM key cannot be used: ${(error as Error).message.slice(0, 120)}`, { cause: error });
  }
}

/** A new ES384 key pair (tests, and the development credentials of `npm start`); `privateJwk` to keep it. */
export async function generateSigningKey(): Promise<{ key: SigningKey; privateJwk: JWK }> {
  const { privateKey } = await generateKeyPair('ES384', { extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const key = await signingKeyOf(createPrivateKey({ key: privateJwk as never, format: 'jwk' }));
  return { key, privateJwk: { ...privateJwk, kid: key.kid, alg: key.alg } };
}

/** A signed client assertion for `tokenUrl`, good once and for two minutes. */
export function clientAssertion(credentials: ClientRecordSystemCredentials, tokenUrl: string): Promise<string> {
  const { clientId, key } = credentials;
  return new SignJWT({})
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(tokenUrl)
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime(`${ASSERTION_SECONDS}s`)
    .sign(key.privateKey);
}

function urlOf(value: unknown): URL | null {
  if (typeof value !== 'string') return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/**
 * The token requests of a SMART backend client of the FHIR server at `baseUrl`: the token
 * endpoint is discovered once (again after a failure), each request gets a fresh assertion.
 */
export function smartTokenRequests(
  system: SystemName,
  fetch: Fetch,
  baseUrl: URL,
  credentials: ClientRecordSystemCredentials,
  configuredBy: string,
): () => Promise<TokenRequest> {
  let discovered: Promise<string> | undefined;

  async function discover(): Promise<string> {
    const response = await fetch(new URL('.well-known/smart-configuration', baseUrl), {
      method: 'GET',
      headers: { accept: 'application/json' },
    });
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      if (response.status >= 500)
        throw new UpstreamError(system, `${system} failed SMART discovery (HTTP ${response.status})`, response.status);
      throw misconfigured(system, credentials.clientId, `the server offers no SMART configuration (HTTP ${response.status})`, configuredBy);
    }
    const config = (await response.json().catch(() => null)) as {
      token_endpoint?: unknown;
      token_endpoint_auth_methods_supported?: unknown;
      token_endpoint_auth_signing_alg_values_supported?: unknown;
    } | null;
    const endpoint = urlOf(config?.token_endpoint);
    if (!endpoint || !['http:', 'https:'].includes(endpoint.protocol))
      throw misconfigured(system, credentials.clientId, 'the SMART configuration names no token endpoint', configuredBy);
    const methods = config!.token_endpoint_auth_methods_supported;
    if (Array.isArray(methods) && !methods.includes('private_key_jwt'))
      throw misconfigured(system, credentials.clientId, 'the server does not take private_key_jwt client authentication', configuredBy);
    const algs = config!.token_endpoint_auth_signing_alg_values_supported;
    if (Array.isArray(algs) && !algs.includes(credentials.key.alg))
      throw misconfigured(
        system,
        credentials.clientId,
        `the server does not take ${credentials.key.alg} assertions (it takes ${algs.join(', ')})`,
        configuredBy,
      );
    return endpoint.href;
  }

  return async () => {
    if (!discovered) {
      discovered = discover();
      discovered.catch(() => (discovered = undefined));
    }
    const url = await discovered;
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      scope: credentials.scope ?? DEFAULT_SCOPE,
      client_assertion_type: CLIENT_ASSERTION_TYPE,
      client_assertion: await clientAssertion(credentials, url),
    });
    return { url, form };
  };
}
