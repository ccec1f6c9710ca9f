/**
 * Starts the providers subgraph: opens the catalogue (PGlite by default, Postgres with a URL),
 * migrates and seeds it unless told not to, and serves schema/providers.graphql through
 * lib/subgraph-server.ts (which refuses requests without the gateway's signed viewer).
 * Why the catalogue is returned: tests count its queries and reach its tables.
 */
import { startSubgraph, type RunningSubgraph } from '../../lib/subgraph-server.js';
import type { WorldOptions } from '../../seed/world.js';
import { createContext, type Context } from './context.js';
import { openCatalogue, type Catalogue } from './db/catalogue.js';
import { resolvers } from './resolvers.js';

export interface ProvidersSubgraphOptions {
  port?: number;
  host?: string;
  signingSecret: Uint8Array;
  /** PostgreSQL; PGlite when absent. */
  databaseUrl?: string;
  /** PGlite's data folder; in memory when absent. */
  dataDir?: string;
  /** Postgres schema (search_path) to create and use, e.g. for an isolated test. */
  schema?: string;
  /** Seed the demo data on start (default true); a world other than the environment's, if given. */
  seed?: boolean | WorldOptions;
  /** Migrate on start (default true). */
  migrate?: boolean;
  /** Serve an already opened catalogue instead; the subgraph then leaves closing it to the caller. */
  catalogue?: Catalogue;
}

export type RunningProvidersSubgraph = RunningSubgraph & { catalogue: Catalogue };

export async function startProvidersSubgraph(options: ProvidersSubgraphOptions): Promise<RunningProvidersSubgraph> {
  const owned = !options.catalogue;
  const catalogue = options.catalogue ?? (await openCatalogue({ databaseUrl: options.databaseUrl, dataDir: options.dataDir, schema: options.schema }));
  try {
    if (options.migrate ?? owned) await catalogue.migrate();
    const seed = options.seed ?? owned;
    if (seed) await catalogue.seed(seed === true ? undefined : seed);
    const running = await startSubgraph<Context>({
      name: 'providers',
      resolvers,
      port: options.port,
      host: options.host,
      signingSecret: options.signingSecret,
      context: (viewer, request) => createContext(catalogue, viewer, request.requestId, request.audit),
      onClose: owned ? () => catalogue.close() : undefined,
    });
    return { ...running, catalogue };
  } catch (error) {
    if (owned) await catalogue.close().catch(() => undefined);
    throw error;
  }
}
