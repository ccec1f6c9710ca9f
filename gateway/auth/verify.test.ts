/** Tokens the gateway must refuse, and the one it accepts. */
import { SignJWT, UnsecuredJWT, createLocalJWKSet, exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { signingSecret } from '../../lib/viewer.js';
import { DEV_AUDIENCE, DEV_ISSUER, DevIssuer, authFromDevIssuer, authFromEnv, bearerToken, verifyToken, type AuthConfig } from './index.js';

const issuer = await DevIssuer.ephemeral();
const auth = authFromDevIssuer(issuer);
const rawKeys = await generateKeyPair('ES256', { extractable: true });
const rawAuth: AuthConfig = {
  keys: createLocalJWKSet({ keys: [{ ...(await exportJWK(rawKeys.publicKey)), kid: 'raw', alg: 'ES256' }] }),
  issuer: DEV_ISSUER,
  audience: DEV_AUDIENCE,
  devIssuer: null,
};

describe('verifyToken', () => {
  it('accepts a token of the dev issuer and maps its claims', async () => {
    const token = await issuer.sign({ role: 'CASE_WORKER', subject: 'cw-0001', municipalityCode: '205' });
    expect(await verifyToken(auth, token)).toEqual({
      subject: 'cw-0001',
      role: 'CASE_WORKER',
      municipalityCode: '205',
      providerId: null,
      clientId: null,
    });
  });

  it('refuses an expired token', async () => {
    const token = await issuer.sign({ role: 'ADMIN', subject: 'admin' }, -10);
    expect(await verifyToken(auth, token)).toBeNull();
  });

  it('refuses a token it accepted before once the token has expired (verified tokens are kept only until their expiry)', async () => {
    const token = await issuer.sign({ role: 'ADMIN', subject: 'admin' }, 1);
    expect(await verifyToken(auth, token)).toMatchObject({ subject: 'admin', role: 'ADMIN' });
    expect(await verifyToken(auth, token)).toMatchObject({ subject: 'admin', role: 'ADMIN' });
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect(await verifyToken(auth, token)).toBeNull();
  });

  it('refuses alg: none', async () => {
    const token = new UnsecuredJWT({ role: 'ADMIN' })
      .setSubject('admin')
      .setIssuer(DEV_ISSUER)
      .setAudience(DEV_AUDIENCE)
      .setExpirationTime('1h')
      .encode();
    expect(await verifyToken(auth, token)).toBeNull();
  });

  it('refuses a wrong audience, a wrong issuer and another key', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const other = await new SignJWT({ role: 'ADMIN' })
      .setProtectedHeader({ alg: 'ES256', kid: issuer.publicJwk.kid })
      .setSubject('a')
      .setIssuer(DEV_ISSUER)
      .setAudience(DEV_AUDIENCE)
      .setExpirationTime('1h')
      .sign(privateKey);
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

  describe('refuses a token with any claim not of its shape', () => {
    /** A token with exactly these claims, of any JSON type (the dev issuer only signs strings). */
    const raw = async (claims: Record<string, unknown>, subject: string) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: 'raw' })
        .setSubject(subject)
        .setIssuer(DEV_ISSUER)
        .setAudience(DEV_AUDIENCE)
        .setExpirationTime('1h')
        .sign(rawKeys.privateKey);
    const sign = (claims: Record<string, unknown>) => issuer.sign(claims as never);
    const caseWorker = { role: 'CASE_WORKER', subject: 'cw-0001', municipalityCode: '205' };

    it('municipality codes: three digits, nothing else', async () => {
      // The attack: FHIR reads "205,905" as 205 OR 905, so the search spanned two municipalities.
      for (const municipalityCode of ['205,905', '205 ', ' 205', '2050', '20', '20a', '205\n', '205|905', '*', '٢٠٥']) {
        expect(await verifyToken(auth, await sign({ ...caseWorker, municipalityCode })), municipalityCode).toBeNull();
      }
      expect(await verifyToken(auth, await sign({ role: 'ANALYST', subject: 'analyst', municipalityCode: '205,905' }))).toBeNull();
      // On a role not scoped by it too: every claim is checked, not only the one the role needs.
      expect(await verifyToken(auth, await sign({ role: 'ADMIN', subject: 'admin', municipalityCode: '205,905' }))).toBeNull();
      expect((await verifyToken(auth, await sign({ ...caseWorker, municipalityCode: '091' })))?.municipalityCode).toBe('091');
    });

    it('client and provider ids: the FHIR id rule, starting with a letter or digit', async () => {
      for (const clientId of ['cl-00001,cl-00002', '..', '.', '-x', 'cl/00001', 'cl 1', 'cl_1', 'x'.repeat(65), 'cl-1&_id=cl-2']) {
        expect(await verifyToken(auth, await sign({ role: 'CLIENT', subject: 'cl-00001', clientId })), clientId).toBeNull();
      }
      for (const providerId of ['pr-0001,pr-0002', '../orders', '..', 'pr 1', 'pr-1?x=1']) {
        expect(await verifyToken(auth, await sign({ role: 'PROVIDER', subject: 'system-pr-0001', providerId })), providerId).toBeNull();
      }
      expect((await verifyToken(auth, await sign({ role: 'CLIENT', subject: 'cl-00001', clientId: 'cl-00001' })))?.clientId).toBe(
        'cl-00001',
      );
      expect(
        (await verifyToken(auth, await sign({ role: 'PROVIDER', subject: 'system-pr-new-1', providerId: 'pr-new.1' })))?.providerId,
      ).toBe('pr-new.1');
    });

    it('subjects: an identity provider’s id, and for a case worker a Practitioner id', async () => {
      for (const subject of ['cw 1', 'a,b', 'a/b', '"a"', '', 'x'.repeat(65), '-a', 'a\u0000']) {
        expect(await verifyToken(auth, await sign({ role: 'ADMIN', subject })), JSON.stringify(subject)).toBeNull();
      }
      // An identity provider's subjects of other kinds still pass for the roles not named in a plan.
      for (const subject of [
        'auth0|5f7c8ec7c33c6c004bbafe82',
        'maija.meikalainen@vaasa.fi',
        'AAAAAAAAAAAAAAAAAAAAAIkzqFVr_SaFHy782bbtaQ',
        '0f8fad5b-d9cb-469f-a165-70867728950e',
      ]) {
        expect((await verifyToken(auth, await sign({ role: 'ADMIN', subject })))?.subject).toBe(subject);
      }
      // A case worker's subject becomes the author `Practitioner/<subject>` of the plans they write.
      expect(await verifyToken(auth, await sign({ ...caseWorker, subject: 'maija@vaasa.fi' }))).toBeNull();
    });

    it('claims of another type: a number, a list, an object', async () => {
      expect(await verifyToken(rawAuth, await raw({ role: 'CASE_WORKER', municipality_code: 205 }, 'cw-0001'))).toBeNull();
      expect(await verifyToken(rawAuth, await raw({ role: 'CASE_WORKER', municipality_code: ['205', '905'] }, 'cw-0001'))).toBeNull();
      expect(await verifyToken(rawAuth, await raw({ role: ['ADMIN'] }, 'admin'))).toBeNull();
      expect(await verifyToken(rawAuth, await raw({ role: 'CLIENT', client_id: { id: 'cl-00001' } }, 'cl-00001'))).toBeNull();
      // Absent (or null) is absent, not malformed: an administrator has no municipality.
      expect(await verifyToken(rawAuth, await raw({ role: 'ADMIN', municipality_code: null }, 'admin'))).toEqual({
        subject: 'admin',
        role: 'ADMIN',
        municipalityCode: null,
        providerId: null,
        clientId: null,
      });
    });
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
