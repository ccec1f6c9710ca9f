/**
 * The browser policy (CORS allow-list, security headers, HSTS over TLS) through real HTTP on a
 * small express app, and its settings. Node's fetch does not enforce CORS, so these tests read
 * the headers a browser would act on; test/browser.int.test.ts has a real browser act on them.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettingsError } from '../../lib/settings.js';
import { browserOptionsFromEnv, mountBrowserPolicy, type BrowserOptions } from './index.js';

const APP_ORIGIN = 'http://localhost:5173';

async function serve(options: Pick<BrowserOptions, 'corsOrigins' | 'trustProxy'>) {
  const app = express();
  mountBrowserPolicy(app, options);
  app.all('/graphql', (_req, res) => {
    res.setHeader('x-request-id', 'req-1');
    res.json({ data: { ok: true } });
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('CORS and security headers', () => {
  let app: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    app = await serve({ corsOrigins: [APP_ORIGIN], trustProxy: false });
  });
  afterAll(() => app.close());

  it('lets a listed origin read the answer, with no credentials and its request id exposed', async () => {
    const res = await fetch(app.url, { method: 'POST', headers: { origin: APP_ORIGIN, 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('access-control-expose-headers')).toBe('x-request-id,retry-after');
    expect(res.headers.get('vary')).toMatch(/Origin/);
  });

  it('gives any other origin no CORS header at all (and says the answer varies by origin)', async () => {
    for (const origin of ['http://localhost:5174', 'https://localhost:5173', 'null', 'http://evil.example']) {
      const res = await fetch(app.url, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: '{}' });
      expect(
        [...res.headers.keys()].filter((h) => h.startsWith('access-control-')),
        origin,
      ).toEqual([]);
      expect(res.headers.get('vary')).toMatch(/Origin/);
    }
  });

  it("answers a listed origin's preflight with the methods and headers a GraphQL client sends", async () => {
    const res = await fetch(app.url, {
      method: 'OPTIONS',
      headers: {
        origin: APP_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,x-request-id',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(res.headers.get('access-control-allow-methods')).toBe('GET,POST');
    expect(res.headers.get('access-control-allow-headers')?.split(',')).toEqual(
      expect.arrayContaining(['authorization', 'content-type', 'x-request-id', 'apollo-require-preflight']),
    );
    expect(res.headers.get('access-control-max-age')).toBe('600');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it("refuses another origin's preflight with 403 and no CORS headers", async () => {
    const res = await fetch(app.url, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(res.status).toBe(403);
    expect([...res.headers.keys()].filter((h) => h.startsWith('access-control-'))).toEqual([]);
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('FORBIDDEN');
  });

  it('sends nosniff, no referrer, a CSP that loads nothing, no framing and no X-Powered-By; no HSTS over plain HTTP', async () => {
    const res = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it('does not believe X-Forwarded-Proto from a proxy it was not told to trust', async () => {
    const res = await fetch(app.url, { headers: { 'x-forwarded-proto': 'https' } });
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });
});

describe('HSTS behind a trusted TLS proxy (TRUST_PROXY=loopback)', () => {
  let app: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    app = await serve({ corsOrigins: [], trustProxy: ['loopback'] });
  });
  afterAll(() => app.close());

  it('sends Strict-Transport-Security when the proxy says the request came over TLS, and not otherwise', async () => {
    const tls = await fetch(app.url, { headers: { 'x-forwarded-proto': 'https' } });
    expect(tls.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    const plain = await fetch(app.url, { headers: { 'x-forwarded-proto': 'http' } });
    expect(plain.headers.get('strict-transport-security')).toBeNull();
  });

  it('lets no browser origin in when the list is empty', async () => {
    const res = await fetch(app.url, { headers: { origin: APP_ORIGIN } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('browser settings (CORS_ORIGINS, GRAPHQL_IDE, TRUST_PROXY)', () => {
  it('development (or no NODE_ENV): the local dev servers and the IDE', () => {
    for (const env of [{}, { NODE_ENV: 'development' }]) {
      const options = browserOptionsFromEnv(env);
      expect(options.corsOrigins).toContain('http://localhost:5173');
      expect(options.ide).toBe(true);
      expect(options.trustProxy).toBe(false);
    }
  });

  it('production: no browser origin and no IDE unless told', () => {
    expect(browserOptionsFromEnv({ NODE_ENV: 'production' })).toEqual({ corsOrigins: [], ide: false, trustProxy: false });
    expect(
      browserOptionsFromEnv({
        NODE_ENV: 'production',
        GRAPHQL_IDE: 'on',
        CORS_ORIGINS: 'https://app.example.fi, https://hoitaja.example.fi:8443',
      }),
    ).toEqual({
      corsOrigins: ['https://app.example.fi', 'https://hoitaja.example.fi:8443'],
      ide: true,
      trustProxy: false,
    });
  });

  it('CORS_ORIGINS=none and GRAPHQL_IDE=off turn them off in development', () => {
    expect(browserOptionsFromEnv({ CORS_ORIGINS: 'none', GRAPHQL_IDE: 'off' })).toMatchObject({ corsOrigins: [], ide: false });
  });

  it('TRUST_PROXY: hops, addresses and named ranges', () => {
    expect(browserOptionsFromEnv({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(browserOptionsFromEnv({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toEqual(['loopback', '10.0.0.0/8']);
  });

  it.each([
    ['CORS_ORIGINS', '*'],
    ['CORS_ORIGINS', 'app.example.fi'],
    ['CORS_ORIGINS', 'https://app.example.fi/path'],
    ['CORS_ORIGINS', 'ftp://app.example.fi'],
    ['GRAPHQL_IDE', 'maybe'],
    ['TRUST_PROXY', 'true'],
    ['TRUST_PROXY', 'everyone'],
    ['TRUST_PROXY', 'beef'],
    ['TRUST_PROXY', '10.0.0.0/40'],
  ])('refuses %s=%s, naming the setting', (name, value) => {
    expect(() => browserOptionsFromEnv({ [name]: value })).toThrow(SettingsError);
    expect(() => browserOptionsFromEnv({ [name]: value })).toThrow(new RegExp(name));
  });
});
