/** Tokens the gateway must refuse, and the one it accepts. */
import { SignJWT, UnsecuredJWT, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { signingSecret } from '../../lib/viewer.js';
import { DEV_AUDIENCE, DEV_ISSUER, DevIssuer, authFromDevIssuer, authFromEnv, bearerToken, verifyToken } from './index.js';

const issuer = await DevIssuer.ephemeral();
const auth = authFromDevIssuer(issuer);

describe('verifyToken', () => {
  it('accepts a token of the dev issuer and maps its claims', async () => {
    const token = await issuer.sign({ role: 'CASE_WORKER', subject: 'cw-0001', municipalityCode: '205' });
    expect(await verifyToken(auth, token)).toEqual({ subject: 'cw-0001', role: 'CASE_WORKER', municipalityCode: '205', providerId: null, clientId: null });
  });

  it('refuses an expired token', async () => {
    const token = await issuer.sign({ role: 'ADMIN', subject: 'admin' }, -10);
    expect(await verifyToken(auth, token)).toBeNull();
  });

  it('refuses alg: none', async () => {
    const token = new UnsecuredJWT({ role: 'ADMIN' }).setSubject('admin').setIssuer(DEV_ISSUER).setAudience(DEV_AUDIENCE).setExpirationTime('1h').encode();
    expect(await verifyToken(auth, token)).toBeNull();
  });

  it('refuses a wrong audience, a wrong issuer and another key', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const other = await new SignJWT({ role: 'ADMIN' }).setProtectedHeader({ alg: 'ES256', kid: issuer.publicJwk.kid }).setSubject('a').setIssuer(DEV_ISSUER).setAudience(DEV_AUDIENCE).setExpirationTime('1h').sign(privateKey);
    expect(await verifyToken(auth, other)).toBeNull();
    const wrongAudience = await (await DevIssuer.ephemeral()).sign({ role: 'ADMIN', subject: 'a' });
    expect(await verifyToken(auth, wrongAudience)).toBeNull();
  });

  it('refuses malformed tokens and tokens missing their role scope', async () => {
    expect(await verifyToken(auth, 'not.a.jwt')).toBeNull();
    expect(await verifyToken(auth, '')).toBeNull();
    expect(await verifyToken(auth, await issuer.sign({ role: 'CLIENT', subject: 'x' }))).toBeNull();
    expect(await verifyToken(auth, await issuer.sign({ role: 'PROVIDER', subject: 'x' }))).toBeNull();
  });

  it('reads only Bearer authorization headers', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });
});

describe('production configuration', () => {
  it('refuses to start without a JWKS URL or without a signing secret', async () => {
    await expect(authFromEnv({ NODE_ENV: 'production' })).rejects.toThrow(/JWKS_URL/);
    await expect(authFromEnv({ JWKS_URL: 'https://idp.example/jwks' })).rejects.toThrow(/JWT_ISSUER/);
    expect(() => signingSecret({ NODE_ENV: 'production' })).toThrow(/SUBGRAPH_SIGNING_SECRET/);
    expect(() => signingSecret({ SUBGRAPH_SIGNING_SECRET: 'short' })).toThrow(/32/);
    expect(signingSecret({ NODE_ENV: 'production', SUBGRAPH_SIGNING_SECRET: 'x'.repeat(32) })).toHaveLength(32);
  });
});
