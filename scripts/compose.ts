/**
 * Composes the three subgraph SDLs into schema/supergraph.graphql with @apollo/composition.
 * `--check` fails (exit 1) when the checked-in supergraph is stale, for CI and tests.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { composeSupergraph } from '../lib/supergraph.js';

const path = new URL('../schema/supergraph.graphql', import.meta.url);
const supergraph = composeSupergraph();
if (process.argv.includes('--check')) {
  const current = readFileSync(path, 'utf8');
  if (current !== supergraph) {
    console.error('schema/supergraph.graphql is stale: run `npm run compose`');
    process.exit(1);
  }
  console.log('schema/supergraph.graphql is up to date');
} else {
  writeFileSync(path, supergraph);
  console.log('wrote schema/supergraph.graphql');
}
