/** `npm run --silent token` prints one verifiable JWT and nothing else (docs/contract.md). */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DevIssuer, authFromDevIssuer, verifyToken } from '../gateway/auth/index.js';

const run = promisify(execFile);
const keyFile = join(mkdtempSync(join(tmpdir(), 'dev-issuer-')), 'key.json');
const env = { ...process.env, DEV_ISSUER_KEY_FILE: keyFile };
const token = (...args: string[]) =>
  run('npm', ['run', '--silent', 'token', '--', ...args], { env, cwd: new URL('..', import.meta.url).pathname });

describe('npm run token', () => {
  it('prints only a JWT that the gateway accepts, for every role', async () => {
    const cases = [
      [['--role', 'client', '--client', 'cl-00001'], { role: 'CLIENT', clientId: 'cl-00001' }],
      [
        ['--role', 'case_worker', '--municipality', '205', '--subject', 'cw-0001'],
        { role: 'CASE_WORKER', municipalityCode: '205', subject: 'cw-0001' },
      ],
      [['--role', 'provider', '--provider', 'pr-0001'], { role: 'PROVIDER', providerId: 'pr-0001' }],
      [['--role', 'analyst', '--municipality', '905'], { role: 'ANALYST', municipalityCode: '905' }],
      [['--role', 'admin'], { role: 'ADMIN' }],
    ] as const;
    const auth = authFromDevIssuer(await DevIssuer.fromFile(keyFile));
    for (const [args, expected] of cases) {
      const { stdout } = await token(...args);
      expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
      expect(await verifyToken(auth, stdout.trim())).toMatchObject(expected);
    }
  });

  it('fails with a message on stderr for a role without its scope or a bad code', async () => {
    await expect(token('--role', 'client')).rejects.toMatchObject({ code: 2, stdout: '' });
    await expect(token('--role', 'case_worker', '--municipality', '999')).rejects.toMatchObject({ code: 2, stdout: '' });
    await expect(token('--role', 'king')).rejects.toMatchObject({ code: 2 });
  });
});
