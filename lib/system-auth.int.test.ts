/**
 * The system clients authenticate, against the stand-ins over real HTTP: the voucher client by
 * client secret, the FHIR client by signed assertion (SMART Backend Services). Measured by the
 * stand-ins' request logs: one token request per token lifetime, not per call; one for N
 * concurrent calls; one SMART discovery per client; a token the system forgot is replaced
 * once, and a write refused for it is done once. Credentials the system refuses are an
 * UpstreamError naming the system (UPSTREAM_UNAVAILABLE), after no API call and without the
 * secret in the message; a system that refuses even a fresh token is asked twice, not forever.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getWorld } from '../seed/world.js';
import { startClientRecordSystem } from '../systems/client-record-system/server.js';
import { isAuthRequest, SMART_CONFIGURATION_PATH, TOKEN_PATH, type SecuredStandIn } from '../systems/oauth.js';
import { registrationsOf } from '../systems/registrations.js';
import { startVoucherSystem } from '../systems/voucher-system/server.js';
import { UpstreamError } from './errors.js';
import { FhirClient } from './fhir-client.js';
import type { CarePlan } from './fhir-r4.js';
import { generateSigningKey } from './smart-backend.js';
import { ephemeralSystemCredentials, type SystemCredentials } from './system-credentials.js';
import type { RetryPolicy } from './upstream.js';
import { createVoucherClient } from './voucher-client.js';

const world = getWorld();
/** Short enough for expiry within a test; long enough that a burst of calls on a loaded machine stays within one. */
const TTL_SECONDS = 4;
let credentials: SystemCredentials;
let vouchers: SecuredStandIn;
let records: SecuredStandIn;
/** A policy of its own per test client: breakers are per system and origin, and these tests fail on purpose. */
const policy = (): RetryPolicy => ({ timeoutMs: 2000, retries: 1, backoffMs: 1, breakerThreshold: 1000 });

beforeAll(async () => {
  credentials = await ephemeralSystemCredentials();
  const registered = registrationsOf(credentials);
  // Tokens that live two seconds, so expiry happens within a test.
  vouchers = await startVoucherSystem({ world, clients: registered.voucherSystem, tokenTtlSeconds: TTL_SECONDS });
  records = await startClientRecordSystem({ world, clients: registered.clientRecordSystem, tokenTtlSeconds: TTL_SECONDS });
});
afterAll(async () => {
  await Promise.all([vouchers?.close(), records?.close()]);
});

const tokenRequests = (system: SecuredStandIn) => system.requests.count((r) => r.path === TOKEN_PATH);
const apiCalls = (system: SecuredStandIn) => system.requests.count((r) => !isAuthRequest(r));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function failure(call: Promise<unknown>): Promise<UpstreamError> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

describe('tokens are requested once per lifetime, not per call', () => {
  it('voucher client: one for 20 concurrent calls, none for 10 more, one more after expiry', async () => {
    const client = createVoucherClient(vouchers.url, policy(), credentials.voucherSystem);
    vouchers.requests.reset();
    await Promise.all(Array.from({ length: 20 }, (_, i) => client.order(`or-${String(i + 1).padStart(6, '0')}`)));
    for (let i = 0; i < 10; i++) await client.voucher('vo-00001-1');
    expect({ tokens: tokenRequests(vouchers), calls: apiCalls(vouchers) }).toEqual({ tokens: 1, calls: 30 });
    await sleep(TTL_SECONDS * 1000 + 50);
    await Promise.all(Array.from({ length: 20 }, () => client.voucher('vo-00001-1')));
    expect({
      tokens: tokenRequests(vouchers),
      calls: apiCalls(vouchers),
      refused: vouchers.requests.count((r) => r.status === 401),
    }).toEqual({ tokens: 2, calls: 50, refused: 0 });
  });

  it('FHIR client: one discovery, one token for 20 concurrent reads, one more after expiry', async () => {
    const client = new FhirClient({ baseUrl: records.url, policy: policy(), credentials: credentials.clientRecordSystem });
    records.requests.reset();
    await Promise.all(Array.from({ length: 20 }, (_, i) => client.read('Patient', `cl-${String(i + 1).padStart(5, '0')}`)));
    for (let i = 0; i < 10; i++) await client.search('CarePlan', { subject: 'Patient/cl-00001' });
    expect({ tokens: tokenRequests(records), calls: apiCalls(records) }).toEqual({ tokens: 1, calls: 30 });
    await sleep(TTL_SECONDS * 1000 + 50);
    await Promise.all(Array.from({ length: 20 }, () => client.read('Patient', 'cl-00001')));
    expect({
      discoveries: records.requests.count((r) => r.path.endsWith(SMART_CONFIGURATION_PATH)),
      tokens: tokenRequests(records),
      calls: apiCalls(records),
      refused: records.requests.count((r) => r.status === 401),
    }).toEqual({ discoveries: 1, tokens: 2, calls: 50, refused: 0 });
  });

  it('a steady caller over three lifetimes asks for about three tokens, whatever its number of calls', async () => {
    const client = createVoucherClient(vouchers.url, policy(), credentials.voucherSystem);
    vouchers.requests.reset();
    const until = Date.now() + 3 * TTL_SECONDS * 1000;
    let calls = 0;
    while (Date.now() < until) {
      await client.voucher('vo-00001-1');
      calls++;
    }
    const tokens = tokenRequests(vouchers);
    console.log('token requests over three token lifetimes', { calls, tokens });
    expect(calls).toBeGreaterThan(50);
    // Renewed a tenth of a lifetime early: 12 s / 3.6 s → 4.
    expect(tokens).toBeGreaterThanOrEqual(3);
    expect(tokens).toBeLessThanOrEqual(5);
    expect(vouchers.requests.count((r) => r.status === 401)).toBe(0);
  });
});

describe('a token the system forgot', () => {
  it('is replaced once: the read is answered, after one 401 and one token request', async () => {
    const client = createVoucherClient(vouchers.url, { ...policy(), retries: 0 }, credentials.voucherSystem);
    await client.voucher('vo-00001-1');
    vouchers.revokeTokens();
    vouchers.requests.reset();
    expect(await client.voucher('vo-00001-1')).toMatchObject({ id: 'vo-00001-1' });
    expect(vouchers.requests.entries.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'GET /vouchers/vo-00001-1 401',
      'POST /oauth/token 200',
      // Unchanged since the first read: the client asked with its ETag (lib/conditional-get.ts).
      'GET /vouchers/vo-00001-1 304',
    ]);
  });

  it('a write refused for it is sent again with a new token, and done once', async () => {
    const client = new FhirClient({ baseUrl: records.url, policy: policy(), credentials: credentials.clientRecordSystem });
    await client.read('Patient', 'cl-00001');
    records.revokeTokens();
    const identifier = { system: 'urn:test:system-auth', value: `write-${Date.now()}` };
    const plan: CarePlan = {
      resourceType: 'CarePlan',
      status: 'draft',
      intent: 'plan',
      subject: { reference: 'Patient/cl-00004' },
      period: { start: '2026-12-01' },
      identifier: [identifier],
    };
    records.requests.reset();
    const created = await client.create(plan);
    expect(created.meta?.versionId).toBe('1');
    expect(records.requests.entries.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'POST /CarePlan 401',
      'POST /oauth/token 200',
      'POST /CarePlan 201',
    ]);
    const found = await client.search<CarePlan>('CarePlan', { identifier: `${identifier.system}|${identifier.value}` });
    expect(found.total).toBe(1);
  });
});

describe('credentials the system refuses', () => {
  it('voucher client, a wrong secret: UpstreamError naming the voucher system, no API call, no secret in the message', async () => {
    const wrong = { ...credentials.voucherSystem, clientSecret: 'not-the-secret-0123456789' };
    const client = createVoucherClient(vouchers.url, policy(), wrong);
    vouchers.requests.reset();
    for (let i = 0; i < 3; i++) {
      const error = await failure(client.voucher('vo-00001-1'));
      expect(error.system).toBe('voucher-system');
      expect(error.message).toBe('voucher-system is unavailable');
    }
    expect(apiCalls(vouchers)).toBe(0);
    expect(vouchers.requests.entries.every((r) => r.path === TOKEN_PATH && r.status === 401)).toBe(true);
  });

  it('FHIR client, a key the system never registered: UpstreamError naming the client-record system, no FHIR call', async () => {
    const { key } = await generateSigningKey();
    const client = new FhirClient({ baseUrl: records.url, policy: policy(), credentials: { ...credentials.clientRecordSystem, key } });
    records.requests.reset();
    const error = await failure(client.read('Patient', 'cl-00001'));
    expect(error).toMatchObject({ system: 'client-record-system', message: 'client-record-system is unavailable' });
    expect(apiCalls(records)).toBe(0);
  });

  it('FHIR client, a scope the token lacks: UpstreamError, not a FHIR request error', async () => {
    const client = new FhirClient({
      baseUrl: records.url,
      policy: policy(),
      credentials: { ...credentials.clientRecordSystem, scope: 'system/Patient.read' },
    });
    expect(await client.read('Patient', 'cl-00001')).not.toBeNull();
    expect((await failure(client.read('CarePlan', 'pl-00001-1'))).system).toBe('client-record-system');
  });

  it('a system that refuses even a fresh token is asked twice per call, not in a loop', async () => {
    const seen: string[] = [];
    const server = http.createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      if (req.url === TOKEN_PATH)
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ access_token: `t${seen.length}`, token_type: 'Bearer', expires_in: 300 }));
      else
        res
          .writeHead(401, { 'content-type': 'application/problem+json', 'www-authenticate': 'Bearer error="invalid_token"' })
          .end('{"type":"about:blank","title":"Unauthorized","status":401}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const client = createVoucherClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, policy(), credentials.voucherSystem);
      expect((await failure(client.voucher('vo-00001-1'))).message).toBe('voucher-system is unavailable');
      expect(seen).toEqual(['POST /oauth/token', 'GET /vouchers/vo-00001-1', 'POST /oauth/token', 'GET /vouchers/vo-00001-1']);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
