/**
 * Metrics of the gateway in Prometheus' text format (prom-client): operations by type, role
 * and outcome, their durations, and errors by contract code — so UPSTREAM_UNAVAILABLE,
 * FORBIDDEN or OPERATION_TOO_COMPLEX surges show on a dashboard.
 *
 * Why a port of its own: everything on the public port but health needs a token; the scraper
 * reaches the metrics port from inside the network instead. Labels are bounded (no operation
 * names, no ids), so a caller cannot blow up the series count, and nothing personal is exported.
 *
 * Also how full the caches of query texts are (lib/query-cache.ts): their bytes, entries and
 * bound, read when scraped — a cache pinned at its bound means operations are being planned
 * again and again (many distinct texts: a client that builds queries instead of using variables).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApolloServerPlugin } from '@apollo/server';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { ERROR_CODES } from '../../lib/errors.js';
import type { GatewayContext } from '../context.js';

/** What the metrics read of a cache (lib/query-cache.ts MeasuredCache). */
export interface MeasuredCacheView {
  readonly bytes: number;
  readonly entries: number;
  readonly maxBytes: number;
}

export interface GatewayMetrics {
  registry: Registry;
  plugin: ApolloServerPlugin<GatewayContext>;
  /** Exports the size of these caches, by name (e.g. documents, plans). */
  watchCaches(caches: Record<string, MeasuredCacheView>): void;
  /** Serves GET /metrics on its own port; resolves to its URL. */
  serve(port: number, host?: string): Promise<{ url: string; close(): Promise<void> }>;
}

// Every code a caller can get (lib/errors.ts), plus Apollo's for an unknown persisted query: anything else is OTHER.
const KNOWN_CODES = new Set<string>([...ERROR_CODES, 'PERSISTED_QUERY_NOT_FOUND']);

export function createMetrics(): GatewayMetrics {
  // A registry per gateway: several gateways (tests, blue/green) may share one process.
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const operations = new Counter({
    name: 'graphql_operations_total',
    help: 'GraphQL operations answered, by type, role of the viewer and outcome (ok, partial, failed)',
    labelNames: ['type', 'role', 'outcome'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'graphql_operation_duration_seconds',
    help: 'Time from receiving an operation to sending its answer',
    labelNames: ['type'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'graphql_errors_total',
    help: 'Errors in answers, by extensions.code (and system for UPSTREAM_UNAVAILABLE)',
    labelNames: ['code', 'system'] as const,
    registers: [registry],
  });

  const caches: Record<string, MeasuredCacheView> = {};
  const cacheGauge = (name: string, help: string, read: (c: MeasuredCacheView) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['cache'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const [cache, view] of Object.entries(caches)) this.set({ cache }, read(view));
      },
    });
  cacheGauge(
    'graphql_query_cache_bytes',
    'Estimated heap bytes held by a cache of query texts (documents: parsed and validated; plans: query plans)',
    (c) => c.bytes,
  );
  cacheGauge('graphql_query_cache_entries', 'Entries (distinct query texts) held by a cache of query texts', (c) => c.entries);
  cacheGauge(
    'graphql_query_cache_max_bytes',
    'The bound of a cache of query texts, in estimated heap bytes (QUERY_CACHE_MB)',
    (c) => c.maxBytes,
  );

  const plugin: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ contextValue, response, operation }) {
          const type = operation?.operation ?? 'unknown';
          const body = response.body.kind === 'single' ? response.body.singleResult : null;
          const found = body?.errors ?? [];
          const outcome = !found.length ? 'ok' : body?.data ? 'partial' : 'failed';
          operations.inc({ type, role: contextValue.viewer?.role ?? 'NONE', outcome });
          duration.observe({ type }, Number(process.hrtime.bigint() - started) / 1e9);
          for (const e of found) {
            const code = String(e.extensions?.code ?? 'INTERNAL');
            errors.inc({
              code: KNOWN_CODES.has(code) ? code : 'OTHER',
              system: code === 'UPSTREAM_UNAVAILABLE' ? String(e.extensions?.system ?? '') : '',
            });
          }
        },
      };
    },
  };

  return {
    registry,
    plugin,
    watchCaches(watched) {
      Object.assign(caches, watched);
    },
    async serve(port, host = '127.0.0.1') {
      const server = http.createServer(async (req, res) => {
        if (req.method !== 'GET' || req.url !== '/metrics') {
          res.writeHead(404).end();
          return;
        }
        res.writeHead(200, { 'content-type': registry.contentType }).end(await registry.metrics());
      });
      await new Promise<void>((resolve) => server.listen(port, host, resolve));
      const { port: bound } = server.address() as AddressInfo;
      return {
        url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${bound}/metrics`,
        close: () => new Promise<void>((resolve) => server.close(() => resolve())),
      };
    },
  };
}
