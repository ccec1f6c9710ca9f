/** The checked-in supergraph is the composition of the subgraph SDLs (CI fails when stale). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { composeSupergraph } from '../lib/supergraph.js';

describe('schema/supergraph.graphql', () => {
  it('is up to date with schema/*.graphql (run `npm run compose`)', () => {
    const checkedIn = readFileSync(new URL('../schema/supergraph.graphql', import.meta.url), 'utf8');
    expect(checkedIn).toBe(composeSupergraph());
  });
});
