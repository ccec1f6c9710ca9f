/**
 * Starts the client-records subgraph: the SDL of schema/client-records.graphql, the resolvers,
 * and one FHIR client of the client-record system shared by all requests (DataLoaders are per
 * request, in the context). Authentication of the gateway's signed viewer is lib/subgraph-server.ts's.
 */
import type { UpstreamPolicy } from '../../lib/upstream.js';
import { startSubgraph, type RunningSubgraph } from '../../lib/subgraph-server.js';
import { createContext, type Context } from './context.js';
import { FhirClient } from './fhir-client.js';
import { resolvers } from './resolvers.js';

export interface ClientRecordsSubgraphOptions {
  port?: number;
  host?: string;
  /** FHIR base of the client-record system, e.g. http://localhost:4101/fhir. */
  clientRecordSystemUrl: string;
  signingSecret: Uint8Array;
  /** Timeouts and retries toward the system; UPSTREAM_* environment variables otherwise. */
  upstreamPolicy?: UpstreamPolicy;
}

export async function startClientRecordsSubgraph(options: ClientRecordsSubgraphOptions): Promise<RunningSubgraph> {
  const fhir = new FhirClient({ baseUrl: options.clientRecordSystemUrl, policy: options.upstreamPolicy });
  return startSubgraph<Context>({
    name: 'client-records',
    resolvers,
    port: options.port,
    host: options.host,
    signingSecret: options.signingSecret,
    context: (viewer, request) => createContext(viewer, fhir, request.requestId, request.audit),
  });
}
