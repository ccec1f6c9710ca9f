/**
 * The attack (issue 10, item 3): anyone who reaches the voucher system reads every voucher,
 * order and payment of every client, and writes them. Over real HTTP: every operation of the
 * OpenAPI document is called without a token, with a made-up one, with an expired and a
 * revoked one — each answered 401 with the RFC 6750 challenge, and a write attempted so
 * changes nothing. The token endpoint refuses a wrong secret, an unknown client, another grant
 * type and a scope not registered; every answer here is checked against the document, which
 * declares the security scheme.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getWorld } from '../../seed/world.js';
import type { SecuredStandIn } from '../oauth.js';
import { contractValidator } from './contract.js';
import { openApiDocument, startVoucherSystem } from './server.js';
import { TEST_CLIENT, accessToken, basicAuthorization, contractCalls, requestToken, testClient } from './testing.js';

const world = getWorld();
const contract = contractValidator();
const doc = openApiDocument().json as any;
let system: SecuredStandIn;
const { get, send, call } = contractCalls(() => system.url);
/** A client registered with a scope of its own. */
const SCOPED = { ...testClient('scoped-client'), scope: 'reports:read vouchers:read' };

beforeAll(async () => {
  system = await startVoucherSystem({ world, clients: [TEST_CLIENT, SCOPED] });
});
afterAll(async () => {
  await system?.close();
});

/** Sample values for the document's path parameters. */
const SAMPLES: Record<string, string> = { id: 'or-000001', municipalityCode: '205', serviceTypeCode: 'HOME_CARE', validFrom: '2030-01-01' };
const OPEN = new Set(['/oauth/token', '/openapi.yaml', '/openapi.json']);
const operations = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
  .filter(([template]) => !OPEN.has(template))
  .flatMap(([template, item]) =>
    Object.keys(item)
      .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
      .map((method) => ({ method: method.toUpperCase(), template })),
  );
const pathOf = (template: string) => template.replace(/\{(\w+)\}/g, (_m, name: string) => SAMPLES[name] ?? 'x-1');

/** Calls an operation with a JSON body and the headers writes need, as the given caller. */
function attempt(method: string, template: string, authorization?: string) {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'idempotency-key': `attack-${Math.random()}`,
    'if-match': '"1"',
    ...(authorization ? { authorization } : { authorization: '' }),
  };
  return call(method, template, pathOf(template), { headers, ...(method === 'GET' ? {} : { body: '{}' }) });
}

describe('the document declares how callers authenticate', () => {
  it('an oauth2 client credentials scheme with the token URL, required by every operation but the token endpoint and the document', () => {
    expect(doc.components.securitySchemes.clientCredentials).toMatchObject({
      type: 'oauth2',
      flows: { clientCredentials: { tokenUrl: '/oauth/token' } },
    });
    expect(doc.security).toEqual([{ clientCredentials: [] }]);
    expect(operations.length).toBeGreaterThanOrEqual(22);
    for (const { method, template } of operations) {
      const operation = doc.paths[template][method.toLowerCase()];
      expect(operation.security, `${method} ${template}`).toBeUndefined();
      expect(operation.responses['401'], `${method} ${template} declares 401`).toEqual({ $ref: '#/components/responses/Unauthorized' });
    }
    expect(doc.paths['/openapi.yaml'].get.security).toEqual([]);
    expect(doc.paths['/oauth/token'].post.security).toEqual([{ clientSecretBasic: [] }]);
  });
});

describe('an anonymous caller', () => {
  it('is refused every operation with 401, problem+json and a Bearer challenge without an error code', async () => {
    for (const { method, template } of operations) {
      const answer = await attempt(method, template);
      expect(answer.status, `${method} ${template}`).toBe(401);
      expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="voucher-system"');
      expect(answer.body).toMatchObject({ type: '/problems/unauthorized', status: 401 });
    }
  });

  it('writes nothing: an anonymous voucher grant and order are refused and leave no trace', async () => {
    const voucher = {
      clientId: 'cl-00001',
      planId: 'pl-attack-1',
      municipalityCode: '205',
      grantedCents: 9_999_900,
      validFrom: '2026-01-01',
      validTo: '2026-12-31',
    };
    const granted = await send('POST', '/vouchers', '/vouchers', voucher, { 'idempotency-key': 'attack-grant-0001', authorization: '' });
    expect(granted.status).toBe(401);
    expect((await get('/vouchers', '/vouchers?planId=pl-attack-1')).body.total).toBe(0);
  });

  it('still reads the OpenAPI document, which says how to get a token', async () => {
    const yaml = await fetch(`${system.url}/openapi.yaml`);
    expect(yaml.status).toBe(200);
    expect(await yaml.text()).toContain('tokenUrl: /oauth/token');
  });
});

describe('a caller with a token that is not valid', () => {
  it('a made-up token is refused with error="invalid_token"', async () => {
    for (const authorization of ['Bearer made-up-token', 'Bearer ', 'Basic dGVzdDp0ZXN0', `Bearer ${'A'.repeat(43)}`]) {
      const answer = await get('/orders', '/orders?id=or-000001', { authorization });
      expect(answer.status, authorization).toBe(401);
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer realm="voucher-system", error="invalid_token"/);
    }
  });

  it('an expired token is refused; a new one works', async () => {
    const shortLived = await startVoucherSystem({ world, clients: [TEST_CLIENT], tokenTtlSeconds: 1 });
    try {
      const token = await accessToken(shortLived.url);
      const read = () => fetch(`${shortLived.url}/orders?id=or-000001`, { headers: { authorization: `Bearer ${token}` } });
      expect((await read()).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1100));
      const expired = await read();
      expect(expired.status).toBe(401);
      expect(expired.headers.get('www-authenticate')).toContain('error="invalid_token"');
      const fresh = await fetch(`${shortLived.url}/orders?id=or-000001`, {
        headers: { authorization: `Bearer ${await accessToken(shortLived.url)}` },
      });
      expect(fresh.status).toBe(200);
    } finally {
      await shortLived.close();
    }
  });

  it('a revoked token is refused', async () => {
    const token = await accessToken(system.url);
    expect((await get('/orders', '/orders?id=or-000001', { authorization: `Bearer ${token}` })).status).toBe(200);
    system.revokeTokens();
    expect((await get('/orders', '/orders?id=or-000001', { authorization: `Bearer ${token}` })).status).toBe(401);
  });
});

describe('the token endpoint', () => {
  /** The answer, checked against the document's declaration of the token endpoint. */
  async function token(response: Response) {
    const text = await response.text();
    const body = JSON.parse(text);
    const type = (response.headers.get('content-type') ?? '').split(';')[0]!;
    expect([
      ...contract.check('POST', '/oauth/token', response.status, type, body),
      ...contract.checkHeaders('POST', '/oauth/token', response.status, response.headers),
    ]).toEqual([]);
    return { status: response.status, headers: response.headers, body };
  }

  it('issues a bearer token to a registered client authenticated with HTTP Basic, never cached', async () => {
    const answer = await token(await requestToken(system.url, TEST_CLIENT));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ token_type: 'Bearer', expires_in: 300 });
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect((await get('/orders', '/orders?id=or-000001', { authorization: `Bearer ${answer.body.access_token}` })).status).toBe(200);
  });

  it('refuses a wrong secret and an unknown client alike: 401 invalid_client with a Basic challenge', async () => {
    const wrong = await token(await requestToken(system.url, { ...TEST_CLIENT, clientSecret: `${TEST_CLIENT.clientSecret}x` }));
    const unknown = await token(await requestToken(system.url, { clientId: 'no-such-client', clientSecret: TEST_CLIENT.clientSecret }));
    for (const answer of [wrong, unknown]) {
      expect(answer.status).toBe(401);
      expect(answer.body.error).toBe('invalid_client');
      expect(answer.headers.get('www-authenticate')).toMatch(/^Basic realm="voucher-system"/);
    }
    expect(unknown.body).toEqual(wrong.body);
  });

  it('refuses a client that does not authenticate, or sends its secret in the body', async () => {
    const anonymous = await fetch(`${system.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    expect((await token(anonymous)).status).toBe(401);
    const inBody = await fetch(`${system.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: TEST_CLIENT.clientId,
        client_secret: TEST_CLIENT.clientSecret,
      }),
    });
    expect((await token(inBody)).body.error).toBe('invalid_client');
  });

  it('refuses another grant type, a form that is not a form, and a scope not registered', async () => {
    const password = await token(await requestToken(system.url, TEST_CLIENT, { grant_type: 'password', username: 'a', password: 'b' }));
    expect([password.status, password.body.error]).toEqual([400, 'unsupported_grant_type']);
    const json = await fetch(`${system.url}/oauth/token`, {
      method: 'POST',
      headers: { authorization: basicAuthorization(TEST_CLIENT), 'content-type': 'application/json' },
      body: '{"grant_type":"client_credentials"}',
    });
    expect([(await token(json)).body.error]).toEqual(['invalid_request']);
    const tooWide = await token(
      await requestToken(system.url, SCOPED, { grant_type: 'client_credentials', scope: 'reports:read payments:write' }),
    );
    expect([tooWide.status, tooWide.body.error]).toEqual([400, 'invalid_scope']);
    const within = await token(await requestToken(system.url, SCOPED, { grant_type: 'client_credentials', scope: 'reports:read' }));
    expect([within.status, within.body.scope]).toEqual([200, 'reports:read']);
  });
});
