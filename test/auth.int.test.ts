/**
 * Authentication end to end: the gateway refuses every bad token with UNAUTHENTICATED and no
 * data, verifies production tokens against a JWKS URL with issuer and audience checks, and the
 * subgraphs refuse anything that did not come through the gateway.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { SignJWT, UnsecuredJWT, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_AUDIENCE, DEV_ISSUER, authFromJwks } from '../gateway/auth/index.js';
import { startGateway, type RunningGateway } from '../gateway/server.js';
import { VIEWER_HEADER, signViewer, type Viewer } from '../lib/viewer.js';
import { claims, codes, viewerOf } from './support/index.js';
import { startStack, type Stack } from './stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.close());

const ME = '{ me { role } serviceTypes { code } }';
async function refused(token: string | null, headers: Record<string, string> = {}) {
  const res = await fetch(stack.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token !== null ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify({ query: ME }),
  });
  const body = (await res.json()) as any;
  expect(res.status).toBe(401);
  expect(body.data ?? null).toBeNull();
  expect(body.errors.map((e: any) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
}

describe('the gateway refuses bad tokens with UNAUTHENTICATED and no data', () => {
  it('no token, an empty one, another scheme, garbage', async () => {
    await refused(null);
    await refused('');
    await refused(null, { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` });
    await refused('not.a.jwt');
    await refused('a'.repeat(5000));
  });

  it('expired', async () => {
    await refused(await stack.issuer.sign({ role: 'ADMIN', subject: 'admin' }, -60));
  });

  it('alg: none', async () => {
    await refused(
      new UnsecuredJWT({ role: 'ADMIN' })
        .setSubject('admin')
        .setIssuer(DEV_ISSUER)
        .setAudience(DEV_AUDIENCE)
        .setExpirationTime('1h')
        .encode(),
    );
  });

  it('signed by another key, or with the public key as an HMAC secret', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    await refused(
      await new SignJWT({ role: 'ADMIN' })
        .setProtectedHeader({ alg: 'ES256', kid: stack.issuer.publicJwk.kid })
        .setSubject('a')
        .setIssuer(DEV_ISSUER)
        .setAudience(DEV_AUDIENCE)
        .setExpirationTime('1h')
        .sign(privateKey),
    );
    const confused = new TextEncoder().encode(JSON.stringify(stack.issuer.publicJwk));
    await refused(
      await new SignJWT({ role: 'ADMIN' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('a')
        .setIssuer(DEV_ISSUER)
        .setAudience(DEV_AUDIENCE)
        .setExpirationTime('1h')
        .sign(confused),
    );
  });

  it('a role without what it is scoped by', async () => {
    await refused(await stack.issuer.sign({ role: 'CASE_WORKER', subject: 'cw' }));
    await refused(await stack.issuer.sign({ role: 'KING' as never, subject: 'k' }));
  });

  it('a scope claim not of its shape: "205,905" does not widen a case worker’s search to two municipalities', async () => {
    // The attack (issue 10, item 9): FHIR reads a comma as OR, so a municipality claim of
    // "205,905" searched both municipalities' clients. Now the token itself is refused, and no
    // system is asked anything.
    const search = '{ clients(first: 100) { totalCount edges { node { id municipality { code } } } } }';
    const asked = stack.systems.clientRecords.requests.count();
    for (const claims of [
      { role: 'CASE_WORKER', subject: 'cw-0001', municipalityCode: '205,905' },
      { role: 'CASE_WORKER', subject: 'cw-0001', municipalityCode: '205&address-city=Vaasa' },
      { role: 'ANALYST', subject: 'analyst', municipalityCode: '205,905' },
      { role: 'PROVIDER', subject: 'system-pr-0001', providerId: 'pr-0001,pr-0002' },
      { role: 'PROVIDER', subject: 'system-pr-0001', providerId: '..' },
      { role: 'CLIENT', subject: 'cl-00001', clientId: 'cl-00001,cl-00002' },
    ] as const) {
      const res = await fetch(stack.gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await stack.issuer.sign(claims)}` },
        body: JSON.stringify({ query: search }),
      });
      const body = (await res.json()) as any;
      expect({ claims, status: res.status, data: body.data ?? null, codes: body.errors.map((e: any) => e.extensions.code) }).toEqual({
        claims,
        status: 401,
        data: null,
        codes: ['UNAUTHENTICATED'],
      });
    }
    expect(stack.systems.clientRecords.requests.count()).toBe(asked);
    // The same search with a well-formed claim is answered, from the one municipality only.
    const own = await stack.query(
      search,
      {},
      await stack.issuer.sign({ role: 'CASE_WORKER', subject: 'cw-0001', municipalityCode: '205' }),
    );
    expect(own.errors).toBeUndefined();
    expect(own.data.clients.totalCount).toBeGreaterThan(0);
    expect(new Set(own.data.clients.edges.map((e: any) => e.node.municipality?.code))).toEqual(new Set(['205']));
  });

  it('health answers without a token', async () => {
    expect((await fetch(`${stack.gateway.origin}/health`)).status).toBe(200);
  });
});

describe('production: tokens verified against a JWKS URL', () => {
  let jwks: http.Server;
  let gateway: RunningGateway;
  let sign: (claims: Record<string, unknown>, opts?: { issuer?: string; audience?: string }) => Promise<string>;
  const ISSUER = 'https://tunnistus.example.fi';
  const AUDIENCE = 'client-plan-graph';

  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'prod-1', alg: 'RS256', use: 'sig' };
    jwks = http.createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
    gateway = await startGateway({
      auth: authFromJwks(url, ISSUER, AUDIENCE),
      signingSecret: stack.signingSecret,
      subgraphUrls: stack.subgraphUrls,
    });
    sign = (claims, opts = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'prod-1' })
        .setSubject(String(claims.sub ?? 'admin'))
        .setIssuer(opts.issuer ?? ISSUER)
        .setAudience(opts.audience ?? AUDIENCE)
        .setExpirationTime('5m')
        .sign(privateKey);
  });
  afterAll(async () => {
    await gateway?.close();
    jwks?.close();
  });

  const ask = async (token: string) => {
    const res = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ me { role subject } }' }),
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  it('accepts a token of the configured issuer and audience', async () => {
    const { status, body } = await ask(await sign({ role: 'admin', sub: 'admin-1' }));
    expect(status).toBe(200);
    expect(body.data.me).toEqual({ role: 'ADMIN', subject: 'admin-1' });
  });

  it('refuses another issuer or audience, and the dev issuer’s tokens', async () => {
    for (const token of [
      await sign({ role: 'admin' }, { issuer: 'https://evil.example' }),
      await sign({ role: 'admin' }, { audience: 'another-api' }),
      await stack.issuer.sign({ role: 'ADMIN', subject: 'admin' }),
    ]) {
      const { status, body } = await ask(token);
      expect(status).toBe(401);
      expect(body.data ?? null).toBeNull();
    }
  });
});

describe('subgraphs trust only the gateway', () => {
  const viewer: Viewer = viewerOf(claims.admin());
  const probes = {
    'client-records': '{ _entities(representations: [{ __typename: "Client", id: "cl-00001" }]) { ... on Client { firstName } } }',
    vouchers: '{ _entities(representations: [{ __typename: "Order", id: "or-000001" }]) { ... on Order { status } } }',
    providers: '{ providers(first: 1) { totalCount } }',
    audit: '{ accessLog(clientId: "cl-00001") { totalCount } }',
  } as const;

  it.each(Object.keys(probes) as (keyof typeof probes)[])(
    '%s refuses unsigned, forged and expired requests, _service and _entities included',
    async (name) => {
      const url = stack.subgraphUrls[name];
      const otherSecret = new TextEncoder().encode(randomBytes(32).toString('hex'));
      for (const query of [probes[name], '{ _service { sdl } }']) {
        const body = JSON.stringify({ query });
        const forged = await signViewer(viewer, otherSecret, { audience: name, body });
        const expired = await signViewer(viewer, stack.signingSecret, { audience: name, body, ttlSeconds: -5 });
        for (const header of [undefined, forged, expired, 'garbage']) {
          const res = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(header ? { [VIEWER_HEADER]: header } : {}) },
            body,
          });
          const answer = (await res.json()) as any;
          expect(answer.data ?? null, `${name} ${query}`).toBeNull();
          expect(codes({ status: res.status, ...answer })).toEqual(['UNAUTHENTICATED']);
        }
      }
      // The same probe signed by the gateway's secret is answered: the refusal is about the signature.
      const okBody = JSON.stringify({ query: '{ _service { sdl } }' });
      const ok = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [VIEWER_HEADER]: await signViewer(viewer, stack.signingSecret, { audience: name, body: okBody }),
        },
        body: okBody,
      });
      expect(((await ok.json()) as any).data._service.sdl).toContain('type Query');
    },
  );
});
