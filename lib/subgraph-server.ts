/**
 * Starts one subgraph: Apollo Server 5 over a federation subgraph schema, on express.
 *
 * Every request must carry the gateway's signed viewer header (lib/viewer.ts); without it the
 * subgraph answers UNAUTHENTICATED and resolves nothing — `_entities` and `_service` included —
 * so calling a subgraph directly yields no data. Errors thrown by system clients (UpstreamError)
 * become UPSTREAM_UNAVAILABLE with the system's name.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import express from 'express';
import { parse, type GraphQLFormattedError } from 'graphql';
import { AUDIT_EXTENSION, AuditTrail } from './audit.js';
import { UpstreamError, boundMessage, unauthenticated } from './errors.js';
import { gracefulStop, gracefulStopPlugin } from './graceful-stop.js';
import { createLogger } from './log.js';
import { scalarResolvers } from './scalars.js';
import { subgraphSdl, type SubgraphName } from './subgraphs.js';
import { VIEWER_HEADER, verifyViewer, type Viewer } from './viewer.js';

export interface SubgraphOptions<C extends BaseContext> {
  /** Also names its SDL, schema/<name>.graphql — the contract the supergraph is composed from. */
  name: SubgraphName;
  resolvers: object;
  port?: number;
  host?: string;
  signingSecret: Uint8Array;
  /**
   * Builds the per-request context (loaders, clients) once the viewer is verified. The policy
   * notes client-data reads in `audit`; they go back to the gateway in the response.
   */
  context: (viewer: Viewer, request: { operationName: string | null; requestId: string; audit: AuditTrail }) => Promise<C> | C;
  /** Extra HTTP routes beside /graphql (the audit subgraph's ingest endpoint). */
  routes?: (app: express.Express) => void;
  /** Called on close, after the server stops (database pools and the like). */
  onClose?: () => Promise<void>;
  /** Time in-flight requests get to finish on close (lib/graceful-stop.ts); SHUTDOWN_GRACE_MS, 10 s. */
  shutdownGraceMs?: number;
}

export interface RunningSubgraph {
  url: string;
  port: number;
  /**
   * Stops gracefully: refuses new connections, answers every request in flight (within the
   * grace period), then runs onClose. Calling it again waits for the same stop.
   */
  close(): Promise<void>;
}

function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof UpstreamError) {
    return { ...formatted, message: original.message, extensions: { code: 'UPSTREAM_UNAVAILABLE', system: original.system } };
  }
  // No stack traces or internals leave a subgraph, and no more of the caller's input than a bounded echo.
  const { stacktrace: _stack, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
  return { ...formatted, message: boundMessage(formatted.message), extensions };
}

/** Puts the request's audit notes into the response extensions for the gateway. */
const auditPlugin: ApolloServerPlugin<BaseContext & { audit?: AuditTrail }> = {
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue, response }) {
        const trail = contextValue.audit;
        if (!trail?.size || response.body.kind !== 'single') return;
        response.body.singleResult.extensions = { ...response.body.singleResult.extensions, [AUDIT_EXTENSION]: trail.toJSON() };
      },
    };
  },
};

export async function startSubgraph<C extends BaseContext & { audit: AuditTrail }>(options: SubgraphOptions<C>): Promise<RunningSubgraph> {
  const log = createLogger(options.name);
  const app = express();
  const httpServer = http.createServer(app);
  const stopper = gracefulStop(httpServer, options.shutdownGraceMs);
  const schema = buildSubgraphSchema({
    typeDefs: parse(subgraphSdl(options.name)),
    resolvers: { ...scalarResolvers, ...options.resolvers } as GraphQLResolverMap<unknown>,
  });
  const server = new ApolloServer<C>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    // No inline traces: they are for Apollo's hosted studio, which this graph does not report to.
    plugins: [gracefulStopPlugin(stopper, { log }) as ApolloServerPlugin<C>, ApolloServerPluginInlineTraceDisabled(), auditPlugin as ApolloServerPlugin<C>],
  });
  await server.start();
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', subgraph: options.name });
  });
  options.routes?.(app);
  let requests = 0;
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(server, {
      context: async ({ req }) => {
        const viewer = await verifyViewer(req.header(VIEWER_HEADER), options.signingSecret);
        if (!viewer) {
          log.warn({ path: req.path }, 'refused a request without a valid gateway signature');
          throw unauthenticated('requests to a subgraph must come through the gateway');
        }
        const body = req.body as { operationName?: string } | undefined;
        return options.context(viewer, { operationName: body?.operationName ?? null, requestId: `${options.name}-${++requests}`, audit: new AuditTrail() });
      },
    }),
  );
  await new Promise<void>((resolve) => httpServer.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}/graphql`;
  log.info({ url }, 'subgraph ready');
  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    close() {
      closing ??= (async () => {
        await server.stop();
        await options.onClose?.();
      })();
      return closing;
    },
  };
}
