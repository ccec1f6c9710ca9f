/**
 * For tests that call the client-record system directly: a SMART Backend Services client made
 * for the suite (an ES384 key pair; the stand-in registers the public key), its signed client
 * assertions, and FHIR calls that carry its access token.
 *
 * Why by hand with jose, not with the FHIR client: the token endpoint is part of what the
 * stand-in's suites test, so they speak SMART to it as the specification reads, and can break
 * any one rule of an assertion on purpose.
 */
import { randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import type { SmartClientRegistration } from './smart-auth.js';

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface TestSmartClient {
  clientId: string;
  privateKey: CryptoKey;
  kid: string;
  /** What the stand-in registers: the public key only. */
  registration: SmartClientRegistration;
}

/** A client with a fresh ES384 key pair. */
export async function testSmartClient(clientId = 'test-suite', scope?: string): Promise<TestSmartClient> {
  const { privateKey, publicKey } = await generateKeyPair('ES384', { extractable: true });
  const kid = `${clientId}-key`;
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'ES384', use: 'sig' };
  return { clientId, privateKey, kid, registration: { clientId, jwks: { keys: [publicJwk] }, ...(scope ? { scope } : {}) } };
}

/** The client every suite registers unless it needs another. */
export const TEST_SMART_CLIENT = await testSmartClient();

/** The token endpoint of the stand-in whose FHIR base is `baseUrl`. */
export const tokenUrlOf = (baseUrl: string) => new URL('/oauth/token', baseUrl).href;

export interface AssertionClaims {
  iss?: string;
  sub?: string;
  aud?: string;
  jti?: string;
  /** Seconds from now (negative: in the past). */
  expIn?: number;
}

/** A client assertion as SMART asks for it; `claims` break a rule on purpose. */
export function assertionOf(
  client: TestSmartClient,
  tokenUrl: string,
  claims: AssertionClaims = {},
  signWith: { key: CryptoKey; kid?: string } = { key: client.privateKey },
): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'ES384', kid: signWith.kid ?? client.kid, typ: 'JWT' })
    .setIssuer(claims.iss ?? client.clientId)
    .setSubject(claims.sub ?? client.clientId)
    .setAudience(claims.aud ?? tokenUrl)
    .setJti(claims.jti ?? randomUUID())
    .setExpirationTime(Math.floor(Date.now() / 1000) + (claims.expIn ?? 120))
    .sign(signWith.key);
}

/** POST the token endpoint with a form (grant_type and the assertion type filled in unless given). */
export function requestSmartToken(tokenUrl: string, form: Record<string, string>): Promise<Response> {
  return fetch(tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: CLIENT_ASSERTION_TYPE, ...form }),
  });
}

/** An access token of `client` from the stand-in at `baseUrl` (its FHIR base). */
export async function smartAccessToken(baseUrl: string, client: TestSmartClient = TEST_SMART_CLIENT, scope?: string): Promise<string> {
  const tokenUrl = tokenUrlOf(baseUrl);
  const response = await requestSmartToken(tokenUrl, {
    client_assertion: await assertionOf(client, tokenUrl),
    ...(scope ? { scope } : {}),
  });
  const body = (await response.json()) as { access_token?: string };
  if (response.status !== 200 || !body.access_token)
    throw new Error(`no token for ${client.clientId}: HTTP ${response.status} ${JSON.stringify(body)}`);
  return body.access_token;
}

const tokens = new Map<string, Promise<string>>();
function bearer(baseUrl: string, client: TestSmartClient): Promise<string> {
  const key = `${new URL(baseUrl).origin} ${client.clientId}`;
  let token = tokens.get(key);
  if (!token) {
    token = smartAccessToken(baseUrl, client).then((t) => `Bearer ${t}`);
    token.catch(() => tokens.delete(key));
    tokens.set(key, token);
  }
  return token;
}

/**
 * fetch with `client`'s bearer token (unless the request sets its own `authorization`); a 401 —
 * a token of an earlier stand-in on the same port — gets one more try with a new token.
 */
export async function smartFetch(url: string, init: RequestInit = {}, client: TestSmartClient = TEST_SMART_CLIENT): Promise<Response> {
  const headers = new Headers(init.headers);
  if (headers.has('authorization')) return fetch(url, init);
  headers.set('authorization', await bearer(url, client));
  const response = await fetch(url, { ...init, headers });
  if (response.status !== 401) return response;
  await response.body?.cancel();
  tokens.delete(`${new URL(url).origin} ${client.clientId}`);
  headers.set('authorization', await bearer(url, client));
  return fetch(url, { ...init, headers });
}
