import { createHmac } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { JwsInvalid, epochSeconds, signHs256, verifyHs256 } from './jws.js';

const secret = new TextEncoder().encode('a secret of the gateway and the subgraphs, 32+ bytes');
const other = new TextEncoder().encode('another secret entirely, also long enough to use...');
const options = {
  issuer: 'me',
  audience: 'vouchers',
  requiredClaims: ['exp', 'iat', 'jti'],
  maxTokenAgeSeconds: 30,
  clockToleranceSeconds: 5,
};
const claims = (over: Record<string, unknown> = {}) => {
  const iat = epochSeconds();
  return { iss: 'me', aud: 'vouchers', jti: 'j-1', iat, exp: iat + 30, ...over };
};
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof JwsInvalid ? error.message : `not JwsInvalid: ${String(error)}`;
  }
  return 'accepted';
};

describe('HS256 with node:crypto', () => {
  it('verifies what it signs, and what jose signs and verifies the same token', async () => {
    const token = signHs256(claims({ role: 'CLIENT' }), secret);
    expect(verifyHs256(token, secret, options)).toMatchObject({ role: 'CLIENT', aud: 'vouchers' });
    const { payload } = await jwtVerify(token, secret, { issuer: 'me', audience: 'vouchers', algorithms: ['HS256'] });
    expect(payload.role).toBe('CLIENT');
    const byJose = await new SignJWT(claims({ role: 'ANALYST' })).setProtectedHeader({ alg: 'HS256' }).sign(secret);
    expect(verifyHs256(byJose, secret, options)).toMatchObject({ role: 'ANALYST' });
  });

  it('refuses another secret, a changed payload or signature, and any other header', async () => {
    const token = signHs256(claims(), secret);
    expect(refusal(() => verifyHs256(token, other, options))).toBe('signature verification failed');
    const [h, p, s] = token.split('.');
    const forged = Buffer.from(JSON.stringify(claims({ role: 'ADMIN' }))).toString('base64url');
    expect(refusal(() => verifyHs256(`${h}.${forged}.${s}`, secret, options))).toBe('signature verification failed');
    expect(refusal(() => verifyHs256(`${h}.${p}.${s.slice(0, -2)}`, secret, options))).toBe('signature verification failed');
    expect(refusal(() => verifyHs256(`${h}.${p}.`, secret, options))).toBe('signature verification failed');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`;
    expect(refusal(() => verifyHs256(none, secret, options))).toBe('not an HS256 JWS of ours');
    const hs512 = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS512' }).sign(secret);
    expect(refusal(() => verifyHs256(hs512, secret, options))).toBe('not an HS256 JWS of ours');
    const withKid = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256', kid: 'x' }).sign(secret);
    expect(refusal(() => verifyHs256(withKid, secret, options))).toBe('not an HS256 JWS of ours');
    expect(refusal(() => verifyHs256('a.b', secret, options))).toBe('not an HS256 JWS of ours');
  });

  it('checks issuer, audience, required claims and time as jose does', () => {
    const now = epochSeconds();
    const check = (over: Record<string, unknown>) => refusal(() => verifyHs256(signHs256(claims(over), secret), secret, options));
    expect(check({})).toBe('accepted');
    expect(check({ aud: ['audit', 'vouchers'] })).toBe('accepted');
    expect(check({ iss: 'someone' })).toBe('unexpected iss');
    expect(check({ aud: 'providers' })).toBe('unexpected aud');
    expect(check({ jti: undefined })).toBe('missing the jti claim');
    expect(check({ exp: now - 6 })).toBe('expired');
    expect(check({ exp: now - 4 })).toBe('accepted'); // within the clock tolerance
    expect(check({ exp: 'soon' })).toBe('the exp claim is not a number');
    expect(check({ iat: now + 6 })).toBe('issued in the future');
    expect(check({ iat: now - 36 })).toBe('too old');
    expect(check({ iat: now - 34 })).toBe('accepted');
    expect(check({ nbf: now + 10 })).toBe('not yet valid');
    const notObject = `${signHs256(claims(), secret).split('.')[0]}.${Buffer.from('[1]').toString('base64url')}`;
    const signed = (input: string) => `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
    expect(refusal(() => verifyHs256(signed(notObject), secret, options))).toBe('the payload is not an object');
  });
});
