/**
 * The secret the gateway signs viewer headers with and the subgraphs verify them with
 * (lib/viewer.ts).
 *
 * Why no built-in default: a secret printed in the source is known to everyone who can read
 * it, and with it anyone who reaches a subgraph port forges any viewer. So it comes from
 * SUBGRAPH_SIGNING_SECRET (required in production), or — in development — from a random one
 * made on first start and kept in the checkout (`.data/subgraph-signing-secret`, 0600,
 * git-ignored), so every process of one checkout shares it and no two checkouts do.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { readOrCreatePrivateFile } from './private-file.js';

const MIN_LENGTH = 32;

export function signingSecretFile(env: NodeJS.ProcessEnv = process.env): string {
  return env.SUBGRAPH_SIGNING_SECRET_FILE || join(process.cwd(), '.data', 'subgraph-signing-secret');
}

export function signingSecret(env: NodeJS.ProcessEnv = process.env): Uint8Array {
  const given = env.SUBGRAPH_SIGNING_SECRET;
  if (!given && env.NODE_ENV === 'production') throw new Error('SUBGRAPH_SIGNING_SECRET must be set in production');
  const secret = given || readOrCreatePrivateFile(signingSecretFile(env), () => randomBytes(32).toString('hex')).trim();
  if (secret.length < MIN_LENGTH) throw new Error(`SUBGRAPH_SIGNING_SECRET (or its file) must be at least ${MIN_LENGTH} characters`);
  return new TextEncoder().encode(secret);
}
