/**
 * Our supergraph (schema/supergraph.graphql, unchanged) served by Hive Gateway with Hive
 * Router's Rust query planner (@graphql-hive/router-runtime), over our subgraphs: for teams that
 * outgrow Node's planner, and as the peer `npm run bench -- --peers` measures us against.
 *
 * What it keeps of ours: the caller's token verified by our verifier (viewer-auth.ts), and the
 * viewer signed for each subgraph fetch as our gateway signs it (viewer-signing.ts) — so the
 * subgraphs authorise exactly as behind our gateway. What it does not do (yet): the audit,
 * operation limits, rate limits, persisted queries and metrics of gateway/. Reads through it
 * are therefore not audited: see README, "Serving the graph with Hive Gateway".
 *
 * Hive Gateway and the router runtime are development dependencies (installed for the
 * benchmark); a deployment that serves the graph this way installs them itself.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime } from '@graphql-hive/gateway';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';
import type { AuthConfig } from '../gateway/auth/index.js';
import { loadSupergraphSdl } from '../gateway/server.js';
import type { SubgraphName } from '../lib/subgraphs.js';
import { useViewerAuth } from './viewer-auth.js';
import { useViewerSigning } from './viewer-signing.js';

export interface HiveGatewayOptions {
  port?: number;
  host?: string;
  auth: AuthConfig;
  signingSecret: Uint8Array;
  /** Where each subgraph is, in place of the supergraph's URLs. */
  subgraphUrls?: Partial<Record<SubgraphName, string>>;
  /** Hive's JavaScript planner instead of the Rust one (default false). */
  javascriptPlanner?: boolean;
}

export interface RunningHiveGateway {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startHiveGateway(options: HiveGatewayOptions): Promise<RunningHiveGateway> {
  const transportEntries = Object.fromEntries(Object.entries(options.subgraphUrls ?? {}).map(([name, location]) => [name, { location }]));
  const runtime = createGatewayRuntime({
    supergraph: loadSupergraphSdl(),
    transportEntries,
    ...(options.javascriptPlanner ? {} : { unifiedGraphHandler }),
    logging: 'error',
    landingPage: false,
    graphiql: false,
    plugins: () => [useViewerAuth(options.auth), useViewerSigning({ secret: options.signingSecret })] as any[],
  });
  const server = createServer(runtime);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}/graphql`,
    port,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.dispose();
    },
  };
}
