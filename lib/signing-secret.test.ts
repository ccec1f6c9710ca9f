import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { signingSecret } from './signing-secret.js';

const made: string[] = [];
const checkout = (name: string) => (made.push(mkdtempSync(join(tmpdir(), `${name}-`))), made.at(-1)!);
const fileIn = (dir: string) => join(dir, '.data', 'subgraph-signing-secret');
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('signingSecret', () => {
  it('without SUBGRAPH_SIGNING_SECRET, makes a random one on first use, 0600, and reads the same one after', () => {
    const a = fileIn(checkout('secret-a'));
    const b = fileIn(checkout('secret-b'));
    const first = signingSecret({ SUBGRAPH_SIGNING_SECRET_FILE: a });
    expect(statSync(a).mode & 0o777).toBe(0o600);
    expect(new TextDecoder().decode(first)).toBe(readFileSync(a, 'utf8').trim());
    expect(signingSecret({ SUBGRAPH_SIGNING_SECRET_FILE: a })).toEqual(first);
    expect(signingSecret({ SUBGRAPH_SIGNING_SECRET_FILE: b })).not.toEqual(first);
  });

  it('takes SUBGRAPH_SIGNING_SECRET over the file, and refuses production without it', () => {
    const file = fileIn(checkout('secret-c'));
    expect(new TextDecoder().decode(signingSecret({ SUBGRAPH_SIGNING_SECRET: 'y'.repeat(32), SUBGRAPH_SIGNING_SECRET_FILE: file }))).toBe(
      'y'.repeat(32),
    );
    expect(() => signingSecret({ NODE_ENV: 'production', SUBGRAPH_SIGNING_SECRET_FILE: file })).toThrow(/SUBGRAPH_SIGNING_SECRET/);
  });
});
