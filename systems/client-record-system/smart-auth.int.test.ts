/**
 * The attack (issue 10, item 3): anyone who reaches the client-record system reads every
 * client's identity code, plan and situation, and writes plans. Over real HTTP: every FHIR
 * interaction the CapabilityStatement declares is tried without a token and with a made-up
 * one — 401 OperationOutcome (valid R4) with the RFC 6750 challenge, and an anonymous write
 * leaves nothing. Then the token endpoint of SMART Backend Services is attacked with the
 * assertions a thief could make: signed with another key, expired, valid for hours, for
 * another audience, for another client, unsigned, and one captured and replayed — each refused.
 * Scopes hold: a token for reading Patients neither reads plans nor writes.
 */
import { Fhir } from 'fhir';
import { SignJWT, UnsecuredJWT, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FHIR_JSON } from '../../lib/fhir-r4.js';
import { getWorld } from '../../seed/world.js';
import type { SecuredStandIn } from '../oauth.js';
import { startClientRecordSystem } from './server.js';
import {
  TEST_SMART_CLIENT,
  assertionOf,
  requestSmartToken,
  smartAccessToken,
  testSmartClient,
  tokenUrlOf,
  type TestSmartClient,
} from './testing.js';

const world = getWorld();
const validator = new Fhir();
let system: SecuredStandIn;
let tokenUrl: string;
let readOnly: TestSmartClient;

beforeAll(async () => {
  readOnly = await testSmartClient('read-only-client', 'system/*.read');
  system = await startClientRecordSystem({ world, clients: [TEST_SMART_CLIENT.registration, readOnly.registration] });
  tokenUrl = tokenUrlOf(system.url);
});
afterAll(async () => {
  await system?.close();
});

const CARE_PLAN = {
  resourceType: 'CarePlan',
  status: 'draft',
  intent: 'plan',
  subject: { reference: 'Patient/cl-00001' },
  identifier: [{ system: 'urn:attack', value: 'anonymous-plan' }],
};

/** Every interaction the CapabilityStatement declares, on a resource of each type that exists. */
async function interactions(): Promise<{ method: string; path: string; body?: string }[]> {
  const capability = await (await fetch(`${system.url}/metadata`)).json();
  const ids: Record<string, string> = {
    Patient: 'cl-00001',
    Practitioner: world.clients[0]!.caseWorkerId,
    CarePlan: 'pl-00001-1',
    Goal: 'go-00002-1-1',
    Organization: world.providers[0]!.id,
  };
  const out: { method: string; path: string; body?: string }[] = [];
  for (const resource of capability.rest[0].resource) {
    const id = ids[resource.type] ?? 'x-1';
    for (const { code } of resource.interaction) {
      if (code === 'read') out.push({ method: 'GET', path: `/${resource.type}/${id}` });
      if (code === 'vread') out.push({ method: 'GET', path: `/${resource.type}/${id}/_history/1` });
      if (code === 'history-instance') out.push({ method: 'GET', path: `/${resource.type}/${id}/_history` });
      if (code === 'search-type') out.push({ method: 'GET', path: `/${resource.type}?_count=5` });
      if (code === 'create') out.push({ method: 'POST', path: `/${resource.type}`, body: JSON.stringify({ resourceType: resource.type }) });
      if (code === 'update')
        out.push({ method: 'PUT', path: `/${resource.type}/${id}`, body: JSON.stringify({ resourceType: resource.type, id }) });
    }
  }
  return out;
}

function send(method: string, path: string, authorization?: string, body?: string): Promise<Response> {
  return fetch(`${system.url}${path}`, {
    method,
    headers: { accept: FHIR_JSON, ...(body ? { 'content-type': FHIR_JSON } : {}), ...(authorization ? { authorization } : {}) },
    body,
  });
}

async function expectOutcome(response: Response, status: number, what: string): Promise<any> {
  expect(response.status, what).toBe(status);
  expect(response.headers.get('content-type')).toBe(FHIR_JSON);
  const outcome = await response.json();
  expect(outcome.resourceType).toBe('OperationOutcome');
  expect(validator.validate(outcome, { errorOnUnexpected: true }).valid).toBe(true);
  return outcome;
}

describe('discovery (open to anyone)', () => {
  it('the SMART configuration names the token endpoint, private_key_jwt, ES384 and RS384', async () => {
    const response = await fetch(`${system.url}/.well-known/smart-configuration`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      token_endpoint: tokenUrl,
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      token_endpoint_auth_signing_alg_values_supported: ['ES384', 'RS384'],
      capabilities: expect.arrayContaining(['client-confidential-asymmetric']),
    });
  });

  it('the CapabilityStatement declares SMART-on-FHIR security with the token URL', async () => {
    const capability = await (await fetch(`${system.url}/metadata`)).json();
    const security = capability.rest[0].security;
    expect(security.service[0].coding[0].code).toBe('SMART-on-FHIR');
    expect(security.extension[0].extension).toEqual([{ url: 'token', valueUri: tokenUrl }]);
    expect(validator.validate(capability, { errorOnUnexpected: true }).valid).toBe(true);
  });
});

describe('an anonymous caller', () => {
  it('is refused every declared interaction with 401, an OperationOutcome and a Bearer challenge', async () => {
    const all = await interactions();
    expect(all.length).toBeGreaterThanOrEqual(20);
    for (const { method, path, body } of all) {
      const response = await send(method, path, undefined, body);
      expect(response.headers.get('www-authenticate'), `${method} ${path}`).toBe('Bearer realm="client-record-system"');
      const outcome = await expectOutcome(response, 401, `${method} ${path}`);
      expect(outcome.issue[0].code).toBe('login');
    }
  });

  it('writes nothing: an anonymous plan is refused and cannot be found', async () => {
    const created = await send('POST', '/CarePlan', undefined, JSON.stringify(CARE_PLAN));
    await expectOutcome(created, 401, 'anonymous create');
    const token = await smartAccessToken(system.url);
    const found = await (await send('GET', '/CarePlan?identifier=urn:attack|anonymous-plan', `Bearer ${token}`)).json();
    expect(found.total).toBe(0);
  });

  it('a made-up token, a Basic credential or a revoked token is refused with error="invalid_token"', async () => {
    const token = await smartAccessToken(system.url);
    expect((await send('GET', '/Patient/cl-00001', `Bearer ${token}`)).status).toBe(200);
    system.revokeTokens();
    for (const authorization of ['Bearer made-up', 'Basic dGVzdDp0ZXN0', `Bearer ${token}`]) {
      const response = await send('GET', '/Patient/cl-00001', authorization);
      expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
      await expectOutcome(response, 401, authorization);
    }
  });

  it('an expired token is refused', async () => {
    const shortLived = await startClientRecordSystem({ world, clients: [TEST_SMART_CLIENT.registration], tokenTtlSeconds: 1 });
    try {
      const token = await smartAccessToken(shortLived.url);
      const read = () => fetch(`${shortLived.url}/Patient/cl-00001`, { headers: { authorization: `Bearer ${token}` } });
      expect((await read()).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1100));
      expect((await read()).status).toBe(401);
    } finally {
      await shortLived.close();
    }
  });
});

describe('the token endpoint refuses assertions a thief could make', () => {
  async function refused(
    assertion: string | Promise<string>,
    form: Record<string, string> = {},
  ): Promise<{ error: string; error_description: string }> {
    const response = await requestSmartToken(tokenUrl, { client_assertion: await assertion, ...form });
    expect(response.status).toBe(400);
    expect(response.headers.get('cache-control')).toBe('no-store');
    return response.json();
  }

  it('a good assertion gets a bearer token with the registered scopes (the control)', async () => {
    const response = await requestSmartToken(tokenUrl, { client_assertion: await assertionOf(TEST_SMART_CLIENT, tokenUrl) });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ token_type: 'Bearer', expires_in: 300, scope: 'system/*.read system/*.write' });
  });

  it('forged: signed with another key under the registered key id', async () => {
    const { privateKey } = await generateKeyPair('ES384');
    const answer = await refused(assertionOf(TEST_SMART_CLIENT, tokenUrl, {}, { key: privateKey }));
    expect(answer.error).toBe('invalid_client');
  });

  it('unsigned (alg none) or signed with a shared secret (HS384)', async () => {
    const unsecured = new UnsecuredJWT({})
      .setIssuer(TEST_SMART_CLIENT.clientId)
      .setSubject(TEST_SMART_CLIENT.clientId)
      .setAudience(tokenUrl)
      .setJti('none-1')
      .setExpirationTime('2m')
      .encode();
    expect((await refused(unsecured)).error).toBe('invalid_client');
    const hmac = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS384', kid: TEST_SMART_CLIENT.kid, typ: 'JWT' })
      .setIssuer(TEST_SMART_CLIENT.clientId)
      .setSubject(TEST_SMART_CLIENT.clientId)
      .setAudience(tokenUrl)
      .setJti('hmac-1')
      .setExpirationTime('2m')
      .sign(new TextEncoder().encode('a secret anyone could guess, 48 bytes long .....'));
    expect((await refused(hmac)).error).toBe('invalid_client');
  });

  it('an unknown client is refused like a bad signature: the answer confirms no client id', async () => {
    const stranger = await testSmartClient('no-such-client');
    const unknown = await refused(assertionOf(stranger, tokenUrl));
    const { privateKey } = await generateKeyPair('ES384');
    const forged = await refused(assertionOf(TEST_SMART_CLIENT, tokenUrl, {}, { key: privateKey }));
    expect(unknown).toEqual(forged);
  });

  it('expired, or valid for longer than five minutes', async () => {
    expect((await refused(assertionOf(TEST_SMART_CLIENT, tokenUrl, { expIn: -60 }))).error_description).toMatch(/expired/);
    expect((await refused(assertionOf(TEST_SMART_CLIENT, tokenUrl, { expIn: 3600 }))).error_description).toMatch(
      /more than 5 minutes ahead/,
    );
  });

  it('for another audience: the FHIR base, another server', async () => {
    for (const aud of [system.url, 'https://fhir.example.fi/oauth/token', `${tokenUrl}/`]) {
      expect((await refused(assertionOf(TEST_SMART_CLIENT, tokenUrl, { aud }))).error_description, aud).toMatch(/aud/);
    }
  });

  it('iss and sub of different clients, or a client_id that is not the issuer', async () => {
    expect((await refused(assertionOf(TEST_SMART_CLIENT, tokenUrl, { sub: readOnly.clientId }))).error_description).toMatch(/sub/);
    expect((await refused(assertionOf(TEST_SMART_CLIENT, tokenUrl), { client_id: readOnly.clientId })).error).toBe('invalid_client');
  });

  it('replayed: an assertion captured on its way is refused the second time, and so is its jti in a new one', async () => {
    const captured = await assertionOf(TEST_SMART_CLIENT, tokenUrl, { jti: `replay-${Math.random()}` });
    expect((await requestSmartToken(tokenUrl, { client_assertion: captured })).status).toBe(200);
    expect((await refused(captured)).error_description).toMatch(/used before/);
    const sameJti = await assertionOf(TEST_SMART_CLIENT, tokenUrl, {
      jti: JSON.parse(Buffer.from(captured.split('.')[1]!, 'base64url').toString()).jti,
    });
    expect((await refused(sameJti)).error_description).toMatch(/used before/);
  });

  it('another grant or assertion type, or no assertion', async () => {
    const good = await assertionOf(TEST_SMART_CLIENT, tokenUrl);
    expect((await refused(good, { grant_type: 'authorization_code' })).error).toBe('unsupported_grant_type');
    expect((await refused(good, { client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:saml2-bearer' })).error).toBe(
      'invalid_request',
    );
    expect((await refused('', {})).error).toBe('invalid_request');
    expect((await refused('not.a.jwt')).error).toBe('invalid_client');
  });
});

describe('scopes', () => {
  it('a token for reading Patients reads Patients only, and writes nothing', async () => {
    const token = `Bearer ${await smartAccessToken(system.url, TEST_SMART_CLIENT, 'system/Patient.read')}`;
    expect((await send('GET', '/Patient/cl-00001', token)).status).toBe(200);
    const plan = await send('GET', '/CarePlan?subject=Patient/cl-00001', token);
    expect(plan.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    expect((await expectOutcome(plan, 403, 'CarePlan search')).issue[0].code).toBe('forbidden');
    await expectOutcome(await send('POST', '/CarePlan', token, JSON.stringify(CARE_PLAN)), 403, 'CarePlan create');
  });

  it('a client registered to read cannot get a token to write', async () => {
    const response = await requestSmartToken(tokenUrl, {
      client_assertion: await assertionOf(readOnly, tokenUrl),
      scope: 'system/CarePlan.write',
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe('invalid_scope');
    const reader = `Bearer ${await smartAccessToken(system.url, readOnly)}`;
    expect((await send('GET', '/CarePlan/pl-00001-1', reader)).status).toBe(200);
    await expectOutcome(await send('POST', '/CarePlan', reader, JSON.stringify(CARE_PLAN)), 403, 'read-only create');
  });
});
