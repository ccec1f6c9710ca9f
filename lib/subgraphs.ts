/** The subgraphs of the graph: names, default URLs and their SDL files (schema/<name>.graphql). */
import { readFileSync } from 'node:fs';

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
