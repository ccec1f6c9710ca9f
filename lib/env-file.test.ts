/**
 * `.env` in development (lib/env-file.ts), through a real entry point: `scripts/token.ts` run in a
 * fresh working directory, as a developer would. Its dev issuer keeps its key where
 * DEV_ISSUER_KEY_FILE says, so where the key appears shows which setting the process saw.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DevIssuer, authFromDevIssuer, verifyToken } from '../gateway/auth/index.js';
import { loadEnvFile } from './env-file.js';

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
const tsx = join(root, 'node_modules', '.bin', 'tsx');

/** The environment of a developer's shell: vitest's NODE_ENV=test removed. */
function shell(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.NODE_ENV;
  delete env.DEV_ISSUER_KEY_FILE;
  delete env.ENV_FILE;
  return { ...env, ...extra };
}

async function tokenIn(cwd: string, env: NodeJS.ProcessEnv) {
  const { stdout } = await run(tsx, [join(root, 'scripts', 'token.ts'), '--role', 'admin'], { cwd, env });
  return stdout.trim();
}

describe('.env in development', () => {
  it('sets a setting from .env in the working directory', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'env-file-'));
    const fromFile = join(cwd, 'from-dotenv', 'key.json');
    writeFileSync(join(cwd, '.env'), `# the dev issuer's key\nDEV_ISSUER_KEY_FILE="${fromFile}"\n`);
    const token = await tokenIn(cwd, shell());
    expect(existsSync(fromFile)).toBe(true);
    expect(existsSync(join(cwd, '.data'))).toBe(false);
    // The token is signed by the key .env pointed at.
    expect(await verifyToken(authFromDevIssuer(await DevIssuer.fromFile(fromFile)), token)).toMatchObject({ role: 'ADMIN' });
  });

  it('never overrides a variable already set in the environment', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'env-file-'));
    const fromFile = join(cwd, 'from-dotenv', 'key.json');
    const fromEnv = join(cwd, 'from-env', 'key.json');
    writeFileSync(join(cwd, '.env'), `DEV_ISSUER_KEY_FILE=${fromFile}\n`);
    await tokenIn(cwd, shell({ DEV_ISSUER_KEY_FILE: fromEnv }));
    expect(existsSync(fromEnv)).toBe(true);
    expect(existsSync(fromFile)).toBe(false);
  });

  it('is not read in production unless ENV_FILE names a file', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'env-file-'));
    const fromFile = join(cwd, 'from-dotenv', 'key.json');
    writeFileSync(join(cwd, '.env'), `DEV_ISSUER_KEY_FILE=${fromFile}\n`);
    await tokenIn(cwd, shell({ NODE_ENV: 'production' }));
    expect(existsSync(fromFile)).toBe(false);
    expect(existsSync(join(cwd, '.data', 'dev-issuer', 'key.json'))).toBe(true);

    await tokenIn(cwd, shell({ NODE_ENV: 'production', ENV_FILE: '.env' }));
    expect(existsSync(fromFile)).toBe(true);
  });

  it('says which file it could not read when ENV_FILE names a missing one, and applies nothing', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'env-file-'));
    const env: NodeJS.ProcessEnv = { ENV_FILE: 'nowhere.env' };
    expect(() => loadEnvFile(env, cwd)).toThrow(/ENV_FILE names .*nowhere\.env.*ENOENT/);
    expect(loadEnvFile({}, cwd)).toEqual({ file: null, applied: [] });
  });
});
