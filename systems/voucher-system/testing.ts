/**
 * For the voucher system's tests: calls over real HTTP whose every answer is checked against
 * the OpenAPI document (body schema and declared headers) before the test looks at it, as a
 * registered client with a bearer token. Why a module of its own: the read and the write suites
 * (and anyone pointing them at the real system) must hold every answer to the same contract.
 *
 * Tokens are obtained here with plain fetch, not with the voucher client: the token endpoint is
 * part of what these suites test.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { VoucherClientRegistration } from './auth.js';
import { contractValidator } from './contract.js';

const contract = contractValidator();

/** A client for a suite: register it with `startVoucherSystem({ clients: [client] })`; a fresh secret per run. */
export function testClient(clientId = 'test-suite'): VoucherClientRegistration & { clientSecret: string } {
  return { clientId, clientSecret: randomBytes(24).toString('base64url') };
}

/** The client every suite registers unless it needs another. */
export const TEST_CLIENT = testClient();

/** RFC 6749 §2.3.1: the id and secret form-urlencoded, joined by ':', base64. */
export function basicAuthorization({ clientId, clientSecret }: { clientId: string; clientSecret: string }): string {
  const form = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${form(clientId)}:${form(clientSecret)}`).toString('base64')}`;
}

/** POST /oauth/token as `client`: the answer as is. */
export async function requestToken(
  baseUrl: string,
  client: { clientId: string; clientSecret: string },
  form: Record<string, string> = { grant_type: 'client_credentials' },
): Promise<Response> {
  return fetch(`${baseUrl}/oauth/token`, {
    method: 'POST',
    headers: { authorization: basicAuthorization(client), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
}

/** An access token of `client`, from the token endpoint. */
export async function accessToken(baseUrl: string, client: { clientId: string; clientSecret: string } = TEST_CLIENT): Promise<string> {
  const response = await requestToken(baseUrl, client);
  const body = (await response.json()) as { access_token?: string };
  if (response.status !== 200 || !body.access_token)
    throw new Error(`no token for ${client.clientId}: HTTP ${response.status} ${JSON.stringify(body)}`);
  return body.access_token;
}

/** `Authorization: Bearer …` for `client` at `baseUrl`, one token per stand-in (they outlive any suite). */
const tokens = new Map<string, Promise<string>>();
export function bearer(baseUrl: string, client: { clientId: string; clientSecret: string } = TEST_CLIENT): Promise<string> {
  const key = `${baseUrl} ${client.clientId}`;
  let token = tokens.get(key);
  if (!token) {
    token = accessToken(baseUrl, client).then((t) => `Bearer ${t}`);
    token.catch(() => tokens.delete(key));
    tokens.set(key, token);
  }
  return token;
}

export interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

export interface ContractCalls {
  /** Calls the system and checks the answer against the document's schema for the operation. */
  call(method: string, template: string, path: string, init?: RequestInit): Promise<Answer>;
  get(template: string, path: string, headers?: Record<string, string>): Promise<Answer>;
  /** A JSON body with the given method and headers. */
  send(method: string, template: string, path: string, body: unknown, headers?: Record<string, string>): Promise<Answer>;
  /** Every page of a list, following nextCursor. */
  pageAll(template: string, path: string): Promise<{ items: Answer['body'][]; totals: number[]; calls: number }>;
}

/**
 * `baseUrl` is read at each call, so a suite may point it at another running stand-in. Calls
 * carry `client`'s bearer token unless the request sets its own `authorization` header.
 */
export function contractCalls(baseUrl: () => string, client: { clientId: string; clientSecret: string } = TEST_CLIENT): ContractCalls {
  async function call(method: string, template: string, path: string, init: RequestInit = {}): Promise<Answer> {
    const headers = new Headers(init.headers);
    const own = headers.has('authorization');
    if (!own) headers.set('authorization', await bearer(baseUrl(), client));
    let res = await fetch(`${baseUrl()}${path}`, { method, ...init, headers });
    if (res.status === 401 && !own) {
      // A token of an earlier stand-in on the same port: get one of this one.
      await res.body?.cancel();
      tokens.delete(`${baseUrl()} ${client.clientId}`);
      headers.set('authorization', await bearer(baseUrl(), client));
      res = await fetch(`${baseUrl()}${path}`, { method, ...init, headers });
    }
    const text = await res.text();
    const type = (res.headers.get('content-type') ?? '').split(';')[0];
    const body = text && type.endsWith('json') ? JSON.parse(text) : text;
    const errors = [
      ...contract.check(method, template, res.status, type || 'none', text ? body : undefined),
      ...contract.checkHeaders(method, template, res.status, res.headers),
    ];
    expect(errors, `${method} ${path} → ${res.status} against the OpenAPI document`).toEqual([]);
    return { status: res.status, headers: res.headers, body };
  }
  const get = (template: string, path: string, headers: Record<string, string> = {}) => call('GET', template, path, { headers });
  const send = (method: string, template: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
    call(method, template, path, { headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  async function pageAll(template: string, path: string) {
    const items: Answer['body'][] = [];
    const totals: number[] = [];
    let cursor: string | null = null;
    let calls = 0;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const { status, body }: Answer = await get(template, cursor ? `${path}${sep}cursor=${encodeURIComponent(cursor)}` : path);
      expect(status).toBe(200);
      items.push(...body.items);
      totals.push(body.total);
      cursor = body.nextCursor;
      calls++;
    } while (cursor && calls < 1000);
    return { items, totals, calls };
  }

  return { call, get, send, pageAll };
}
