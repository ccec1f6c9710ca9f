/**
 * The composition of the subgraph SDLs into one supergraph (@apollo/composition). Kept apart
 * from lib/subgraphs.ts so a running subgraph does not load the composition library.
 */
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { SUBGRAPHS, subgraphSdl } from './subgraphs.js';

export function composeSupergraph(): string {
  const result = composeServices(SUBGRAPHS.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(subgraphSdl(s.name)) })));
  if (result.errors?.length) {
    throw new Error(`composition failed:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`);
  }
  return result.supergraphSdl!;
}
