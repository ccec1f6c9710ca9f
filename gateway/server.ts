/**
 * The gateway: Apollo Server 5 + @apollo/gateway over the checked-in static supergraph.
 * Cross-cutting concerns are plugins/modules in folders of their own (auth, signing,
 * subgraph-fetch, audit, cache, health, errors, documents, limits, rate-limit, metrics), each
 * with an index.ts as its face; the servers' shared parts are in lib/
 * (graceful stop, bounded caches of query texts, readiness). This file only wires them together.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { ApolloGateway, type GatewayConfig } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { DocumentNode } from 'graphql';
import { abortedWhenGone } from '../lib/caller-gone.js';
import { unauthenticated } from '../lib/errors.js';
import { gracefulStop, gracefulStopPlugin } from '../lib/graceful-stop.js';
import { apolloOfflinePlugins } from '../lib/apollo-offline.js';
import { createLogger } from '../lib/log.js';
import { measuredCache } from '../lib/query-cache.js';
import { SUBGRAPHS, type SubgraphName } from '../lib/subgraphs.js';
import { bearerToken, verifyToken, type AuthConfig } from './auth/index.js';
import type { GatewayContext } from './context.js';
import { auditPlugin, httpAuditSink, type AuditSink } from './audit/index.js';
import { boundedPersistedQueries, createGatewayCache, type PersistedQueryBounds } from './cache/index.js';
import { documentValidationRules, operationChoicePlugin } from './documents/index.js';
import { formatGatewayError, outageErrorsPlugin } from './errors/index.js';
import { mountHealth } from './health/index.js';
import { createMetrics } from './metrics/index.js';
import { apolloLimitOptions, operationLimitsPlugin, requestLimits, resolveLimits, type OperationLimits } from './limits/index.js';
import { viewerSigner } from './signing/index.js';
import { SYSTEM_OF_SUBGRAPH, SubgraphDataSource, keepAliveFetch } from './subgraph-fetch/index.js';
import { createRateLimiter, type RateLimitOptions } from './rate-limit/index.js';
import { browserOptionsFromEnv, mountBrowserPolicy, type BrowserOptions } from './browser/index.js';
import { mountIde } from './ide/index.js';
import { operationRecordOf, requestIdOf, requestIds, requestLog, requestLogPlugin } from './telemetry/index.js';

export interface GatewayOptions {
  port?: number;
  host?: string;
  auth: AuthConfig;
  /** Where each subgraph answers; defaults to the supergraph's URLs. */
  subgraphUrls?: Partial<Record<SubgraphName, string>>;
  signingSecret: Uint8Array;
  /** Time the gateway waits for one subgraph fetch. */
  subgraphTimeoutMs?: number;
  supergraphSdl?: string;
  /** Serve Prometheus metrics on this port (0 = any free one); off when absent. */
  metricsPort?: number;
  /** Where audit entries go; the audit subgraph's ingest endpoint by default. */
  auditSink?: AuditSink;
  /** Redis for shared state (persisted queries, rate limits); in-memory when absent. */
  redisUrl?: string | null;
  /** Requests per minute of each role's callers (gateway/rate-limit); RATE_LIMIT_PER_MINUTE_<ROLE>. */
  rateLimits?: RateLimitOptions;
  /** What a caller may persist (gateway/cache/persisted-queries.ts); PERSISTED_QUERY_*. */
  persistedQueries?: Partial<PersistedQueryBounds>;
  /** Operation and request limits over those of the environment (gateway/limits). */
  limits?: Partial<OperationLimits>;
  /** Time in-flight requests get to finish on close (lib/graceful-stop.ts); SHUTDOWN_GRACE_MS, 10 s. */
  shutdownGraceMs?: number;
  /** Bound of each cache of query texts (documents, plans), in bytes (lib/query-cache.ts); QUERY_CACHE_MB, 16 MiB. */
  queryCacheBytes?: number;
  /** CORS origins, the IDE and trusted proxies (gateway/browser); CORS_ORIGINS, GRAPHQL_IDE, TRUST_PROXY when absent. */
  browser?: BrowserOptions;
}

type QueryPlanCache = NonNullable<NonNullable<GatewayConfig['queryPlannerConfig']>['cache']>;
type QueryPlan = QueryPlanCache extends { get(key: string): Promise<infer P | undefined> } ? P : never;

export interface RunningGateway {
  url: string;
  port: number;
  origin: string;
  cacheKind: 'redis' | 'memory';
  /** GET this for Prometheus metrics, when they are served. */
  metricsUrl: string | null;
  /**
   * Stops gracefully: refuses new connections, answers every request in flight (within the
   * grace period), then stops the gateway and its cache. Calling it again waits for the same stop.
   */
  close(): Promise<void>;
}

export function loadSupergraphSdl(): string {
  return readFileSync(new URL('../schema/supergraph.graphql', import.meta.url), 'utf8');
}

/** Subgraph URLs from CLIENT_RECORDS_URL, VOUCHERS_URL, PROVIDERS_URL and AUDIT_URL. */
export function subgraphUrlsFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<Record<SubgraphName, string>> {
  const urls: Partial<Record<SubgraphName, string>> = {};
  if (env.CLIENT_RECORDS_URL) urls['client-records'] = env.CLIENT_RECORDS_URL;
  if (env.VOUCHERS_URL) urls.vouchers = env.VOUCHERS_URL;
  if (env.PROVIDERS_URL) urls.providers = env.PROVIDERS_URL;
  if (env.AUDIT_URL) urls.audit = env.AUDIT_URL;
  return urls;
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const log = createLogger('gateway');
  const urls = Object.fromEntries(SUBGRAPHS.map((s) => [s.name, options.subgraphUrls?.[s.name] ?? s.url])) as Record<SubgraphName, string>;
  // Documents and plans of each distinct query text, bounded by memory (lib/query-cache.ts).
  const queryCaches = {
    documents: measuredCache<DocumentNode>('documents', options.queryCacheBytes),
    plans: measuredCache<QueryPlan>('plans', options.queryCacheBytes),
  };
  const supergraphSdl = options.supergraphSdl ?? loadSupergraphSdl();
  // Before the ApolloGateway: its constructor starts Apollo's telemetry unless told not to.
  const offline = apolloOfflinePlugins<GatewayContext>();
  const signer = viewerSigner(options.signingSecret);
  // One keep-alive HTTP client for every subgraph and the audit log's ingest (gateway/subgraph-fetch).
  const httpFetch = keepAliveFetch();
  const gateway = new ApolloGateway({
    supergraphSdl,
    queryPlannerConfig: { cache: queryCaches.plans },
    buildService: ({ name }) =>
      new SubgraphDataSource(name, urls[name as SubgraphName], signer, options.subgraphTimeoutMs ?? 8000, httpFetch),
  });
  const app = express();
  app.disable('x-powered-by');
  // No ETag on answers: express would hash every answer's body for it (SHA-1 per request), and
  // a GraphQL answer of people's data is neither cached nor revalidated by anyone.
  app.set('etag', false);
  // Every answer carries x-request-id, refusals and health included (gateway/telemetry).
  app.use(requestIds());
  // Security headers and CORS first, so every answer carries them (gateway/browser).
  const browser = options.browser ?? browserOptionsFromEnv();
  mountBrowserPolicy(app, browser);
  const httpServer = http.createServer(app);
  const stopper = gracefulStop(httpServer, options.shutdownGraceMs);
  const shared = await createGatewayCache(options.redisUrl);
  const rateLimiter = createRateLimiter(options.rateLimits, shared.redis ? { redis: shared.redis, prefix: shared.prefix } : null);
  const persisted = boundedPersistedQueries(shared, options.persistedQueries);
  const limits = resolveLimits(options.limits);
  const metrics = createMetrics();
  metrics.watchCaches(queryCaches);
  const server = new ApolloServer<GatewayContext>({
    gateway,
    cache: shared.cache,
    documentStore: queryCaches.documents,
    persistedQueries: persisted.options,
    formatError: formatGatewayError,
    includeStacktraceInErrorResponses: false,
    // Introspection for any request the context lets through, i.e. authenticated ones only;
    // CSRF prevention is Apollo Server's default, stated so nobody turns it off unawares.
    introspection: true,
    csrfPrevention: true,
    validationRules: documentValidationRules(supergraphSdl),
    // Signals are main.ts's (lib/graceful-stop.ts stopOnSignals): Apollo's own handlers would stop
    // each server of a process on its own, in no order, and then signal the process again.
    stopOnTerminationSignals: false,
    ...apolloLimitOptions(limits),
    plugins: [
      gracefulStopPlugin(stopper, { log }),
      ...offline,
      ApolloServerPluginLandingPageDisabled(),
      outageErrorsPlugin(),
      metrics.plugin,
      operationChoicePlugin(),
      operationLimitsPlugin(limits),
      persisted.plugin,
      auditPlugin(options.auditSink ?? httpAuditSink(urls.audit, options.signingSecret, undefined, { fetch: httpFetch })),
      requestLogPlugin(),
    ],
  });
  await server.start();
  mountHealth(app, {
    subgraphs: urls,
    systemOf: SYSTEM_OF_SUBGRAPH,
    redis: shared.kind === 'redis' ? (ms) => shared.check(ms) : undefined,
  });
  // A browser's page load of /graphql gets the IDE; everything else goes on to Apollo Server.
  mountIde(app, { enabled: browser.ide });
  app.use(
    '/graphql',
    requestLog(),
    ...requestLimits(limits),
    expressMiddleware(server, {
      context: async ({ req, res }) => {
        const viewer = await verifyToken(options.auth, bearerToken(req.header('authorization')));
        if (!viewer) throw unauthenticated();
        // Counted before anything is parsed or run: over its rate, a caller costs one Redis call.
        await rateLimiter.admit(viewer);
        return { viewer, requestId: requestIdOf(res), requestLog: operationRecordOf(res), auditReads: [], signal: abortedWhenGone(res) };
      },
    }),
  );
  await new Promise<void>((resolve) => httpServer.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  const origin = `http://${options.host === '0.0.0.0' ? 'localhost' : (options.host ?? '127.0.0.1')}:${port}`;
  const metricsServer = options.metricsPort === undefined ? null : await metrics.serve(options.metricsPort, options.host);
  log.info({ url: `${origin}/graphql`, metrics: metricsServer?.url ?? null }, 'gateway ready');
  let closing: Promise<void> | null = null;
  return {
    url: `${origin}/graphql`,
    port,
    origin,
    cacheKind: shared.kind,
    metricsUrl: metricsServer?.url ?? null,
    close() {
      // Apollo Server stops the HTTP server first (gracefulStopPlugin) and executes operations
      // until it has; the cache and metrics go after, since answers in flight still use them.
      closing ??= (async () => {
        await server.stop();
        await shared.close();
        await metricsServer?.close();
        httpFetch.close();
      })();
      return closing;
    },
  };
}
