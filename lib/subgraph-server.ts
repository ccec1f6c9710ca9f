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
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import express from 'express';
import helmet from 'helmet';
import { parse, type GraphQLFormattedError } from 'graphql';
import { apolloOfflinePlugins } from './apollo-offline.js';
import { AUDIT_EXTENSION, AuditTrail } from './audit.js';
import { abortedWhenGone } from './caller-gone.js';
import { AUDIT_PLACES_EXTENSION, LocatingAuditTrail, trackResolverPaths } from './audit-paths.js';
import { UpstreamError, boundMessage, unauthenticated, type SystemName } from './errors.js';
import { gracefulStop, gracefulStopPlugin } from './graceful-stop.js';
import { createLogger } from './log.js';
import { measuredCache } from './query-cache.js';
import { presetHeaders } from './preset-headers.js';
import { readiness, type Check } from './readiness.js';
import { breakerStates } from './upstream.js';
import { REQUEST_ID_HEADER, saneRequestId } from './request-id.js';
import { subgraphMetrics } from './subgraph-metrics.js';
import { scalarResolvers } from './scalars.js';
import { subgraphSdl, type SubgraphName } from './subgraphs.js';
import { ReplayGuard } from './replay-guard.js';
import { REPLAY_WINDOW_MS, VIEWER_HEADER, verifyViewer, type Viewer } from './viewer.js';

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
   * `signal` aborts when the gateway closes the request unanswered (lib/caller-gone.ts), so
   * heavy reads can stop their calls to the systems.
   */
  context: (
    viewer: Viewer,
    request: { operationName: string | null; requestId: string; audit: AuditTrail; signal: AbortSignal },
  ) => Promise<C> | C;
  /** Extra HTTP routes beside /graphql (the audit subgraph's ingest endpoint). */
  routes?: (app: express.Express) => void;
  /** Called on close, after the server stops (database pools and the like). */
  onClose?: () => Promise<void>;
  /** Time in-flight requests get to finish on close (lib/graceful-stop.ts); SHUTDOWN_GRACE_MS, 10 s. */
  shutdownGraceMs?: number;
  /** Bound of the cache of parsed documents, in bytes (lib/query-cache.ts); QUERY_CACHE_MB, 16 MiB. */
  queryCacheBytes?: number;
  /**
   * Readiness: each system this subgraph needs, with a cheap call that resolves when the system
   * answers (FHIR `GET [base]/metadata`, a database `select 1`) and rejects when it does not.
   * `GET /ready` reports each as up or down — 503 when one is down — and the gateway's
   * `/ready` gathers them (gateway/health). `/health` stays liveness: the process serves.
   */
  checks?: Partial<Record<SystemName, Check>>;
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

/** What the system's client said about the call: a request path, a URL or a parser's words. */
const INTERNAL_DETAIL = /\b(GET|HEAD|POST|PUT|PATCH|DELETE) \/|https?:\/\/|\/fhir\b|[A-Z][a-z]+\?[a-z_-]+=|JSON|at position/;
const outageLog = createLogger('subgraph-outage');

/**
 * An outage as the caller may read it. Messages written for the caller (an order made but not
 * yet complete, a provider left as it was) pass; a client's technical detail — the system's
 * request path, its URL, a parser's message — stays in our log (docs/contract.md, "Errors": messages
 * never show internals), and the caller reads only which system is unavailable.
 */
function outageMessage(error: UpstreamError): string {
  if (!INTERNAL_DETAIL.test(error.message)) return boundMessage(error.message);
  outageLog.warn({ system: error.system, detail: error.message.slice(0, 300) }, 'system unavailable');
  return `${error.system} is unavailable`;
}

function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof UpstreamError) {
    return { ...formatted, message: outageMessage(original), extensions: { code: 'UPSTREAM_UNAVAILABLE', system: original.system } };
  }
  // No stack traces or internals leave a subgraph, and no more of the caller's input than a bounded echo.
  const { stacktrace: _stack, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
  return { ...formatted, message: boundMessage(formatted.message), extensions };
}

/**
 * Puts the request's audit notes into the response extensions for the gateway, and where their
 * data sits in this answer (lib/audit-paths.ts), so the gateway audits only what reaches the caller.
 */
const auditPlugin: ApolloServerPlugin<BaseContext & { audit?: AuditTrail }> = {
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue, response }) {
        const trail = contextValue.audit;
        if (!trail?.size || response.body.kind !== 'single') return;
        const places = trail instanceof LocatingAuditTrail ? trail.placesRead() : {};
        response.body.singleResult.extensions = {
          ...response.body.singleResult.extensions,
          [AUDIT_EXTENSION]: trail.toJSON(),
          ...(Object.keys(places).length ? { [AUDIT_PLACES_EXTENSION]: places } : {}),
        };
      },
    };
  },
};

export async function startSubgraph<C extends BaseContext & { audit: AuditTrail }>(options: SubgraphOptions<C>): Promise<RunningSubgraph> {
  const log = createLogger(options.name);
  const app = express();
  // Machine-to-machine JSON, yet answered as safely as the gateway's: no X-Powered-By, nosniff,
  // no referrer, a CSP under which an answer opened in a browser loads nothing; no HSTS (plain HTTP inside).
  app.disable('x-powered-by');
  // No ETags: an answer is a POST's, which nobody asks again conditionally, and express hashed
  // every answer for one — a SHA-1 of the shared plan's 28 kB, per request, for nothing.
  app.set('etag', false);
  app.use(
    presetHeaders(
      helmet({
        contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
        strictTransportSecurity: false,
        referrerPolicy: { policy: 'no-referrer' },
      }),
    ),
  );
  const httpServer = http.createServer(app);
  const stopper = gracefulStop(httpServer, options.shutdownGraceMs);
  // Resolvers run knowing their response path, so audit notes say where their data sits (lib/audit-paths.ts).
  // Prometheus: operations, durations and errors, and the circuit breakers of the systems it calls.
  const metrics = subgraphMetrics(options.name);
  const schema = trackResolverPaths(
    buildSubgraphSchema({
      typeDefs: parse(subgraphSdl(options.name)),
      resolvers: { ...scalarResolvers, ...options.resolvers } as GraphQLResolverMap<unknown>,
    }),
  );
  const server = new ApolloServer<C>({
    schema,
    // Bounded by memory, not by Apollo's 30 MiB of JSON (lib/query-cache.ts).
    documentStore: measuredCache('documents', options.queryCacheBytes),
    formatError,
    includeStacktraceInErrorResponses: false,
    // Signals are main.ts's (lib/graceful-stop.ts stopOnSignals), which stops the servers in order.
    stopOnTerminationSignals: false,
    // Nothing goes to Apollo's hosted studio — no inline traces, usage or schema reports — even
    // when APOLLO_KEY and friends are in the environment (lib/apollo-offline.ts). No landing
    // page either: it is for people, who use the gateway, and it loads Apollo's CDN.
    plugins: [
      gracefulStopPlugin(stopper, { log }) as ApolloServerPlugin<C>,
      ApolloServerPluginInlineTraceDisabled(),
      // No cache hints are set anywhere (answers hold people's data: nobody may cache them), and
      // Apollo's cache-control plugin otherwise wraps every field's resolver to read them —
      // ~4% of a subgraph's CPU per request in the benchmark's profile, for nothing.
      ApolloServerPluginCacheControlDisabled(),
      ...apolloOfflinePlugins<C>(),
      ApolloServerPluginLandingPageDisabled(),
      auditPlugin as ApolloServerPlugin<C>,
      metrics.plugin as ApolloServerPlugin<C>,
    ],
  });
  await server.start();
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', subgraph: options.name });
  });
  const ready = readiness(
    Object.fromEntries(Object.entries(options.checks ?? {}).filter((e): e is [string, Check] => typeof e[1] === 'function')),
    { log },
  );
  app.get('/ready', async (_req, res) => {
    const { ready: isReady, parts } = await ready();
    // The circuit of each system this process calls: "open" explains a fast "down".
    const circuits = Object.fromEntries(breakerStates().map(({ system, state }) => [system, state]));
    res.status(isReady ? 200 : 503).json({ status: isReady ? 'ready' : 'not ready', subgraph: options.name, systems: parts, circuits });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  options.routes?.(app);
  let requests = 0;
  // The viewer header is bound to the exact body bytes (lib/viewer.ts): keep them beside the parsed body.
  const rawBodies = new WeakMap<object, Buffer>();
  const replays = new ReplayGuard(REPLAY_WINDOW_MS);
  app.use(
    '/graphql',
    express.json({ limit: '1mb', verify: (req, _res, raw) => void rawBodies.set(req, raw) }),
    expressMiddleware(server, {
      context: async ({ req, res }) => {
        const verified = await verifyViewer(req.header(VIEWER_HEADER), options.signingSecret, {
          audience: options.name,
          body: rawBodies.get(req),
          replays,
        });
        // The gateway's request id, so this subgraph's logs name the operation as the gateway's do.
        const requestId = saneRequestId(req.header(REQUEST_ID_HEADER)) ?? `${options.name}-${++requests}`;
        if (!('viewer' in verified)) {
          log.warn({ path: req.path, reason: verified.refused, requestId }, 'refused a request without a valid gateway signature');
          throw unauthenticated('requests to a subgraph must come through the gateway');
        }
        const body = req.body as { operationName?: string } | undefined;
        return options.context(verified.viewer, {
          operationName: body?.operationName ?? null,
          requestId,
          audit: new LocatingAuditTrail(),
          signal: abortedWhenGone(res),
        });
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
