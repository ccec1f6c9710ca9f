/**
 * `npm run --silent token -- --role ROLE [options]`: prints a signed JWT from the local dev
 * issuer, and nothing else on stdout (docs/contract.md). Errors go to stderr with exit code 2.
 *   client --client CLIENT_ID | case_worker --municipality CODE [--subject WORKER_ID]
 *   provider --provider PROVIDER_ID | analyst [--municipality CODE] | admin
 */
import '../lib/env-file.js'; // first: .env (development) before any module reads a setting
import { parseArgs } from 'node:util';
import { DevIssuer, type TokenClaims } from '../gateway/auth/index.js';
import { municipalityByCode } from '../lib/reference.js';

function fail(message: string): never {
  console.error(`token: ${message}`);
  console.error(
    'usage: npm run --silent token -- --role client|case_worker|provider|analyst|admin [--client ID] [--municipality CODE] [--provider ID] [--subject ID] [--ttl SECONDS]',
  );
  process.exit(2);
}

export function claimsFromArgs(argv: string[]): { claims: TokenClaims; ttl: number } {
  const { values } = parseArgs({
    args: argv,
    options: {
      role: { type: 'string' },
      client: { type: 'string' },
      municipality: { type: 'string' },
      provider: { type: 'string' },
      subject: { type: 'string' },
      ttl: { type: 'string' },
    },
    strict: true,
  });
  const id = /^[A-Za-z0-9\-.]{1,64}$/;
  const municipality = values.municipality;
  if (municipality !== undefined && !municipalityByCode.has(municipality)) {
    fail(`--municipality must be a known three-digit municipality code, got "${municipality}"`);
  }
  const ttl = values.ttl ? Number(values.ttl) : 8 * 3600;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > 7 * 24 * 3600) fail('--ttl must be whole seconds, at most a week');
  for (const [name, value] of Object.entries({ client: values.client, provider: values.provider, subject: values.subject })) {
    if (value !== undefined && !id.test(value)) fail(`--${name} must be an id of letters, digits, - and .`);
  }
  switch (values.role) {
    case 'client':
      if (!values.client) fail('--role client needs --client CLIENT_ID');
      return { claims: { role: 'CLIENT', subject: values.subject ?? values.client, clientId: values.client }, ttl };
    case 'case_worker':
      if (!municipality) fail('--role case_worker needs --municipality CODE');
      return {
        claims: { role: 'CASE_WORKER', subject: values.subject ?? `case-worker-${municipality}`, municipalityCode: municipality },
        ttl,
      };
    case 'provider':
      if (!values.provider) fail('--role provider needs --provider PROVIDER_ID');
      return { claims: { role: 'PROVIDER', subject: values.subject ?? `system-${values.provider}`, providerId: values.provider }, ttl };
    case 'analyst':
      return { claims: { role: 'ANALYST', subject: values.subject ?? 'analyst', municipalityCode: municipality }, ttl };
    case 'admin':
      return { claims: { role: 'ADMIN', subject: values.subject ?? 'admin' }, ttl };
    default:
      fail(values.role ? `unknown role "${values.role}"` : '--role is required');
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let parsed: ReturnType<typeof claimsFromArgs>;
  try {
    parsed = claimsFromArgs(process.argv.slice(2));
  } catch (error) {
    fail((error as Error).message);
  }
  const issuer = await DevIssuer.fromFile();
  process.stdout.write(`${await issuer.sign(parsed.claims, parsed.ttl)}\n`);
}
