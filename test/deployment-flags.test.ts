/**
 * The gateway runs with the same node flags wherever it is deployed — the Dockerfile's CMD,
 * compose.yaml's gateway service — and the benchmark measures it with them (bench/stack.ts
 * GATEWAY_NODE_FLAGS): a figure the benchmark prints is a figure of the deployed process.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GATEWAY_NODE_FLAGS } from '../bench/stack.js';

const root = new URL('..', import.meta.url).pathname;

/** The JSON-array command that starts dist/gateway/main.js in `text` (a Dockerfile or a compose file). */
function gatewayCommand(text: string): string[] {
  const line = text.split('\n').find((l) => /^\s*(CMD|command:)\s*\[.*dist\/gateway\/main\.js/.test(l));
  if (!line) throw new Error('no command that starts dist/gateway/main.js');
  return JSON.parse(line.slice(line.indexOf('[')).replace(/'/g, '"')) as string[];
}

describe('the gateway’s node flags', () => {
  it('bound its heap', () => {
    expect(GATEWAY_NODE_FLAGS.some((f) => /^--max-old-space-size=\d+$/.test(f))).toBe(true);
  });

  it.each(['Dockerfile', 'compose.yaml'])('are those %s starts it with', (file) => {
    expect(gatewayCommand(readFileSync(`${root}${file}`, 'utf8'))).toEqual(['node', ...GATEWAY_NODE_FLAGS, 'dist/gateway/main.js']);
  });
});
