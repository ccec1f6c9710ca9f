/**
 * Who the subgraphs are to the existing systems: an OAuth 2.0 client of the voucher system (id
 * and secret) and a SMART Backend Services client of the client-record system (id and private
 * key), from the environment (lib/settings.ts, SYSTEM_CLIENT_SETTINGS; required in production).
 *
 * Why generated in development: `npm start` must run with no configuration, yet the stand-ins
 * must refuse anonymous callers like the real systems. So what the environment does not set is
 * made on first start and kept in the checkout (`.data/system-clients.json`, 0600, git-ignored),
 * where every process of that checkout — the stand-ins registering the clients, the subgraphs
 * using them, each started alone or by `npm start` — finds the same, and no other checkout does.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSigningKey, signingKeyFrom, type ClientRecordSystemCredentials } from './smart-backend.js';
import { readOrCreatePrivateFile } from './private-file.js';
import type { VoucherSystemCredentials } from './voucher-client.js';

export type { ClientRecordSystemCredentials, VoucherSystemCredentials };

export interface SystemCredentials {
  voucherSystem: VoucherSystemCredentials;
  clientRecordSystem: ClientRecordSystemCredentials;
}

/** The settings read here (lib/settings.ts SYSTEM_CLIENT_SETTINGS). */
export interface CredentialSettings {
  NODE_ENV?: string;
  VOUCHER_SYSTEM_CLIENT_ID?: string;
  VOUCHER_SYSTEM_CLIENT_SECRET?: string;
  VOUCHER_SYSTEM_TOKEN_URL?: string;
  CLIENT_RECORD_SYSTEM_CLIENT_ID?: string;
  CLIENT_RECORD_SYSTEM_PRIVATE_KEY?: string;
  CLIENT_RECORD_SYSTEM_PRIVATE_KEY_FILE?: string;
  CLIENT_RECORD_SYSTEM_SCOPE?: string;
  SYSTEM_CREDENTIALS_FILE?: string;
}

const DEV_CLIENT_ID = 'client-plan-graph-dev';

interface StoredDevCredentials {
  voucherSystem: { clientId: string; clientSecret: string };
  clientRecordSystem: { clientId: string; privateJwk: Record<string, unknown> };
}

export function devCredentialsFile(settings: CredentialSettings): string {
  return settings.SYSTEM_CREDENTIALS_FILE ?? join(process.cwd(), '.data', 'system-clients.json');
}

/** The development credentials of this checkout, made on first use. */
async function devCredentials(file: string): Promise<StoredDevCredentials> {
  // The key is made before the file is claimed: readOrCreatePrivateFile takes a synchronous maker.
  const { privateJwk } = await generateSigningKey();
  const text = readOrCreatePrivateFile(file, () =>
    JSON.stringify(
      {
        voucherSystem: { clientId: DEV_CLIENT_ID, clientSecret: randomBytes(32).toString('base64url') },
        clientRecordSystem: { clientId: DEV_CLIENT_ID, privateJwk },
      } satisfies StoredDevCredentials,
      null,
      2,
    ),
  );
  return JSON.parse(text) as StoredDevCredentials;
}

/**
 * The credentials of this process: each system's from the environment when set there, otherwise
 * (development only) this checkout's generated ones.
 */
export async function systemCredentials(settings: CredentialSettings): Promise<SystemCredentials> {
  const production = settings.NODE_ENV === 'production';
  const voucherGiven = settings.VOUCHER_SYSTEM_CLIENT_ID && settings.VOUCHER_SYSTEM_CLIENT_SECRET;
  if (settings.CLIENT_RECORD_SYSTEM_PRIVATE_KEY && settings.CLIENT_RECORD_SYSTEM_PRIVATE_KEY_FILE) {
    throw new Error('set CLIENT_RECORD_SYSTEM_PRIVATE_KEY or CLIENT_RECORD_SYSTEM_PRIVATE_KEY_FILE, not both');
  }
  const keyGiven =
    settings.CLIENT_RECORD_SYSTEM_PRIVATE_KEY ??
    (settings.CLIENT_RECORD_SYSTEM_PRIVATE_KEY_FILE ? readKeyFile(settings.CLIENT_RECORD_SYSTEM_PRIVATE_KEY_FILE) : undefined);
  const recordGiven = settings.CLIENT_RECORD_SYSTEM_CLIENT_ID && keyGiven;
  if (production && !(voucherGiven && recordGiven))
    throw new Error('in production the system clients need their credentials from the environment (lib/settings.ts)');
  const dev = voucherGiven && recordGiven ? undefined : await devCredentials(devCredentialsFile(settings));

  const voucherSystem: VoucherSystemCredentials = voucherGiven
    ? { clientId: settings.VOUCHER_SYSTEM_CLIENT_ID!, clientSecret: settings.VOUCHER_SYSTEM_CLIENT_SECRET! }
    : { ...dev!.voucherSystem };
  if (settings.VOUCHER_SYSTEM_TOKEN_URL) voucherSystem.tokenUrl = settings.VOUCHER_SYSTEM_TOKEN_URL;
  let key;
  try {
    key = await signingKeyFrom(recordGiven ? keyGiven! : JSON.stringify(dev!.clientRecordSystem.privateJwk));
  } catch (error) {
    throw new Error(
      `CLIENT_RECORD_SYSTEM_PRIVATE_KEY${settings.CLIENT_RECORD_SYSTEM_PRIVATE_KEY_FILE ? '_FILE' : ''}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const clientRecordSystem: ClientRecordSystemCredentials = {
    clientId: recordGiven ? settings.CLIENT_RECORD_SYSTEM_CLIENT_ID! : dev!.clientRecordSystem.clientId,
    key,
    ...(settings.CLIENT_RECORD_SYSTEM_SCOPE ? { scope: settings.CLIENT_RECORD_SYSTEM_SCOPE } : {}),
  };
  return { voucherSystem, clientRecordSystem };
}

function readKeyFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`CLIENT_RECORD_SYSTEM_PRIVATE_KEY_FILE cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, {
      cause: error,
    });
  }
}

/** Credentials that live only in memory, for one test stack or suite. */
export async function ephemeralSystemCredentials(clientId = `test-${randomBytes(4).toString('hex')}`): Promise<SystemCredentials> {
  const { key } = await generateSigningKey();
  return { voucherSystem: { clientId, clientSecret: randomBytes(24).toString('base64url') }, clientRecordSystem: { clientId, key } };
}

/** As systemCredentials, or — when they cannot be read — the reason on stderr and exit code 1 (every main.ts). */
export async function systemCredentialsOrExit(settings: CredentialSettings): Promise<SystemCredentials> {
  try {
    return await systemCredentials(settings);
  } catch (error) {
    process.stderr.write(`the system clients' credentials cannot be used: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
