/**
 * Gathering: each subgraph answer's audit notes (lib/audit.ts, in its `extensions`) into the
 * operation's context, for the plugin to write when the answer leaves (plugin.ts).
 *
 * Each client-data read is kept with where it was read: the places in this subgraph's answer
 * (lib/audit-paths.ts) and where this answer goes in the gateway's (the fetch's path, and how
 * many entities it fetched), so that the plugin keeps only what reaches the caller (reach.ts).
 * Writes that changed no client's data (a provider's offering, a unit cost) are kept as they are.
 */
import { readsFromExtensions, subjectWritesFromExtensions } from '../../lib/audit.js';
import { placesFromExtensions } from '../../lib/audit-paths.js';
import type { GatewayContext } from '../context.js';
import { locateRead } from './reach.js';

/** What the subgraph fetch knows of one answer (RemoteGraphQLDataSource's didReceiveResponse). */
export interface SubgraphAnswer {
  /** The answer's `data` and `extensions`. */
  response: { data?: unknown; extensions?: Record<string, unknown> | null };
  /** The request's variables: an `_entities` fetch sends its `representations` there. */
  variables?: Record<string, unknown> | null;
  /** Where this fetch's answer goes in the gateway's; absent for a fetch outside a query plan. */
  pathInIncomingRequest?: (string | number)[];
}

/** Adds the answer's notes to the operation's (`auditReads`, `subjectWrites`). */
export function gatherAuditNotes(
  context: Partial<Pick<GatewayContext, 'auditReads' | 'subjectWrites'>>,
  { response, variables, pathInIncomingRequest }: SubgraphAnswer,
): void {
  const extensions = response.extensions ?? undefined;
  const reads = readsFromExtensions(extensions);
  if (reads.length) {
    const places = placesFromExtensions(extensions);
    const representations = variables?.representations;
    const fetch = { path: pathInIncomingRequest ?? [], entities: Array.isArray(representations) ? representations.length : null };
    context.auditReads?.push(...reads.map((read) => locateRead(read, places.get(read.clientId), fetch, response.data)));
  }
  const writes = subjectWritesFromExtensions(extensions);
  if (writes.length) (context.subjectWrites ??= []).push(...writes);
}
