/**
 * The local development issuer: an ES256 key pair that signs demo tokens (`npm run token`) and
 * that the gateway trusts when no JWKS URL is configured.
 *
 * Why a key file: the token command and the gateway run as separate processes and must agree
 * on the key. It is generated on first use into .data/dev-issuer/ (git-ignored), never committed.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { Role } from '../../lib/viewer.js';

export const DEV_ISSUER = 'urn:client-plan-graph:dev-issuer';
export const DEV_AUDIENCE = 'client-plan-graph';
const ALG = 'ES256';

export interface TokenClaims {
  subject: string;
  role: Role;
  municipalityCode?: string;
  providerId?: string;
  clientId?: string;
}

type Key = Parameters<SignJWT['sign']>[0];

export class DevIssuer {
  private constructor(
    private readonly privateKey: Key,
    readonly publicJwk: JWK,
  ) {}

  /** A key pair that lives only in memory (tests). */
  static async ephemeral(): Promise<DevIssuer> {
    const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
    const publicJwk = { ...(await exportJWK(publicKey)), kid: 'dev-ephemeral', alg: ALG, use: 'sig' };
    return new DevIssuer(privateKey, publicJwk);
  }

  /** The key pair in `file`, generated there on first use. */
  static async fromFile(file = defaultKeyFile()): Promise<DevIssuer> {
    if (!existsSync(file)) {
      const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
      const kid = `dev-${Date.now().toString(36)}`;
      const stored = {
        privateJwk: { ...(await exportJWK(privateKey)), kid, alg: ALG },
        publicJwk: { ...(await exportJWK(publicKey)), kid, alg: ALG, use: 'sig' },
      };
      mkdirSync(dirname(file), { recursive: true });
      // Write then rename: two processes starting at once never read half a file.
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(stored, null, 2), { mode: 0o600 });
      if (!existsSync(file)) renameSync(tmp, file);
    }
    const { privateJwk, publicJwk } = JSON.parse(readFileSync(file, 'utf8')) as { privateJwk: JWK; publicJwk: JWK };
    return new DevIssuer(await importJWK(privateJwk, ALG), publicJwk);
  }

  /** A signed token with the contract's claims; valid for `ttlSeconds` (default 8 hours). */
  async sign(claims: TokenClaims, ttlSeconds = 8 * 3600): Promise<string> {
    return new SignJWT({
      role: claims.role,
      municipality_code: claims.municipalityCode,
      provider_id: claims.providerId,
      client_id: claims.clientId,
    })
      .setProtectedHeader({ alg: ALG, kid: this.publicJwk.kid, typ: 'JWT' })
      .setSubject(claims.subject)
      .setIssuer(DEV_ISSUER)
      .setAudience(DEV_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.privateKey);
  }
}

export function defaultKeyFile(env: NodeJS.ProcessEnv = process.env): string {
  return env.DEV_ISSUER_KEY_FILE ?? join(process.cwd(), '.data', 'dev-issuer', 'key.json');
}
