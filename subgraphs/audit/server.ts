/** Starts the audit subgraph: the access log's GraphQL face and the gateway's ingest endpoint. */
import { startSubgraph, type RunningSubgraph } from '../../lib/subgraph-server.js';
import { createContext, type Context } from './context.js';
import { mountIngest } from './ingest.js';
import { resolvers } from './resolvers.js';
import { openAuditStore, type AuditStore, type AuditStoreOptions } from './store.js';

/** `databaseUrl` is the log's owner (migrations); `appendDatabaseUrl` the role the store runs as (store.ts). */
export interface AuditSubgraphOptions extends AuditStoreOptions {
  port?: number;
  host?: string;
  signingSecret: Uint8Array;
}

export async function startAuditSubgraph(options: AuditSubgraphOptions): Promise<RunningSubgraph & { store: AuditStore }> {
  const store = await openAuditStore({
    databaseUrl: options.databaseUrl,
    appendDatabaseUrl: options.appendDatabaseUrl,
    dataDir: options.dataDir,
    schema: options.schema,
  });
  const running = await startSubgraph<Context>({
    name: 'audit',
    resolvers,
    port: options.port,
    host: options.host,
    signingSecret: options.signingSecret,
    routes: (app) => mountIngest(app, store, options.signingSecret),
    // Ready when the audit log's database answers: without it no client data may be read.
    checks: { 'audit-log': () => store.ping() },
    context: (viewer, request) => createContext(viewer, store, request.requestId, request.audit),
    onClose: () => store.close(),
  });
  return { ...running, store };
}
