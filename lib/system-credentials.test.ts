/**
 * Where the system clients' credentials come from: the environment (a private key as PEM, as
 * JWK, or in a file), or in development this checkout's generated file, made once and kept
 * private; keys SMART Backend Services cannot use are refused at start, not at the first call.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { signingKeyFrom } from './smart-backend.js';
import { systemCredentials } from './system-credentials.js';

const dir = mkdtempSync(join(tmpdir(), 'system-credentials-'));
const pem = (options: Parameters<typeof generateKeyPairSync>[1] & object, type: 'ec' | 'rsa') =>
  generateKeyPairSync(
    type as 'ec',
    {
      ...(options as object),
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    } as never,
  ).privateKey as unknown as string;

describe('the private key of the client-record system client', () => {
  it('EC P-384 (PEM) signs ES384, RSA (PEM) RS384; the kid is the public key thumbprint', async () => {
    const ec = await signingKeyFrom(pem({ namedCurve: 'P-384' } as never, 'ec'));
    expect(ec.alg).toBe('ES384');
    expect(ec.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(ec.publicJwk).toMatchObject({ kty: 'EC', crv: 'P-384', kid: ec.kid, alg: 'ES384' });
    expect(ec.publicJwk).not.toHaveProperty('d');
    const rsa = await signingKeyFrom(pem({ modulusLength: 2048 } as never, 'rsa'));
    expect(rsa.alg).toBe('RS384');
  });

  it('a JWK keeps its own kid', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'our-key-2026' };
    expect((await signingKeyFrom(JSON.stringify(jwk))).kid).toBe('our-key-2026');
  });

  it('refuses keys SMART does not allow, public keys and text that is no key', async () => {
    await expect(signingKeyFrom(pem({ namedCurve: 'P-256' } as never, 'ec'))).rejects.toThrow(/P-384/);
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    await expect(signingKeyFrom(JSON.stringify(publicKey.export({ format: 'jwk' })))).rejects.toThrow(/no private part/);
    await expect(signingKeyFrom('hunter2')).rejects.toThrow(/neither a PEM nor a JWK/);
  });
});

describe('the credentials of a process', () => {
  it('from the environment: the secret as given, the key from a file', async () => {
    const keyFile = join(dir, 'key.pem');
    writeFileSync(keyFile, pem({ namedCurve: 'P-384' } as never, 'ec'));
    const c = await systemCredentials({
      VOUCHER_SYSTEM_CLIENT_ID: 'graph',
      VOUCHER_SYSTEM_CLIENT_SECRET: 's3cret',
      VOUCHER_SYSTEM_TOKEN_URL: 'https://auth.example.fi/token',
      CLIENT_RECORD_SYSTEM_CLIENT_ID: 'graph-fhir',
      CLIENT_RECORD_SYSTEM_PRIVATE_KEY_FILE: keyFile,
      CLIENT_RECORD_SYSTEM_SCOPE: 'system/Patient.read',
      SYSTEM_CREDENTIALS_FILE: join(dir, 'never-made.json'),
    });
    expect(c.voucherSystem).toEqual({ clientId: 'graph', clientSecret: 's3cret', tokenUrl: 'https://auth.example.fi/token' });
    expect(c.clientRecordSystem).toMatchObject({ clientId: 'graph-fhir', scope: 'system/Patient.read', key: { alg: 'ES384' } });
    expect(() => statSync(join(dir, 'never-made.json'))).toThrow();
  });

  it('in development, made once into a private file that every later process reads alike', async () => {
    const file = join(dir, 'dev', 'system-clients.json');
    const first = await systemCredentials({ SYSTEM_CREDENTIALS_FILE: file });
    const second = await systemCredentials({ SYSTEM_CREDENTIALS_FILE: file });
    expect(second.voucherSystem).toEqual(first.voucherSystem);
    expect(second.clientRecordSystem.key.publicJwk).toEqual(first.clientRecordSystem.key.publicJwk);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.voucherSystem.clientSecret.length).toBeGreaterThanOrEqual(40);
    expect(JSON.parse(readFileSync(file, 'utf8')).clientRecordSystem.privateJwk.d).toEqual(expect.any(String));
  });

  it('in production, nothing is made up', async () => {
    await expect(systemCredentials({ NODE_ENV: 'production', SYSTEM_CREDENTIALS_FILE: join(dir, 'prod.json') })).rejects.toThrow(
      /production/,
    );
    expect(() => statSync(join(dir, 'prod.json'))).toThrow();
  });

  it('a key given twice is a mistake', async () => {
    await expect(
      systemCredentials({
        CLIENT_RECORD_SYSTEM_CLIENT_ID: 'x',
        CLIENT_RECORD_SYSTEM_PRIVATE_KEY: '{}',
        CLIENT_RECORD_SYSTEM_PRIVATE_KEY_FILE: '/nonexistent',
      }),
    ).rejects.toThrow(/not both/);
  });
});
