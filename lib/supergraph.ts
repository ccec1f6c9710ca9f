/** The subgraphs as composition sees them, and their composition into one supergraph. */
import { readFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';

export const SUBGRAPHS = [
  { name: 'client-records', url: 'http://localhost:4001/graphql' },
  { name: 'vouchers', url: 'http://localhost:4002/graphql' },
  { name: 'providers', url: 'http://localhost:4003/graphql' },
  { name: 'audit', url: 'http://localhost:4004/graphql' },
] as const;
export type SubgraphName = (typeof SUBGRAPHS)[number]['name'];

export function subgraphSdl(name: SubgraphName): string {
  return readFileSync(new URL(`../schema/${name}.graphql`, import.meta.url), 'utf8');
}

export function composeSupergraph(): string {
  const result = composeServices(SUBGRAPHS.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(subgraphSdl(s.name)) })));
  if (result.errors?.length) {
    throw new Error(`composition failed:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`);
  }
  return result.supergraphSdl!;
}
