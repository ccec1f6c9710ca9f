/**
 * The local development issuer: an ES256 key pair that signs demo tokens (`npm run token`) and
 * that the gateway trusts when no JWKS URL is configured.
 *
 * Why a key file: the token command and the gateway run as separate processes and must agree
 * on the key. It is generated on first use into .data/dev-issuer/ (git-ignored), never committed.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { readOrCreatePrivateFile } from '../../lib/private-file.js';
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
    // Made before knowing whether it is needed: making a key is asynchronous, the file's creation is not.
    const made = existsSync(file) ? null : JSON.stringify(await newStoredKey(), null, 2);
    const content = readOrCreatePrivateFile(file, () => {
      if (made === null) throw new Error(`the dev issuer's key file ${file} disappeared while it was read`);
      return made;
    });
    const { privateJwk, publicJwk } = JSON.parse(content) as { privateJwk: JWK; publicJwk: JWK };
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

async function newStoredKey(): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
  const kid = `dev-${Date.now().toString(36)}`;
  return {
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: ALG },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: ALG, use: 'sig' },
  };
}

export function defaultKeyFile(env: NodeJS.ProcessEnv = process.env): string {
  return env.DEV_ISSUER_KEY_FILE ?? join(process.cwd(), '.data', 'dev-issuer', 'key.json');
}
