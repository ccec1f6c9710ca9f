/**
 * Metrics of the gateway in Prometheus' text format (prom-client): operations by type, role
 * and outcome, their durations, and errors by contract code — so UPSTREAM_UNAVAILABLE,
 * FORBIDDEN or OPERATION_TOO_COMPLEX surges show on a dashboard.
 *
 * Why a port of its own: everything on the public port but health needs a token; the scraper
 * reaches the metrics port from inside the network instead. Labels are bounded (no operation
 * names, no ids), so a caller cannot blow up the series count, and nothing personal is exported.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApolloServerPlugin } from '@apollo/server';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { GatewayContext } from '../context.js';

export interface GatewayMetrics {
  registry: Registry;
  plugin: ApolloServerPlugin<GatewayContext>;
  /** Serves GET /metrics on its own port; resolves to its URL. */
  serve(port: number, host?: string): Promise<{ url: string; close(): Promise<void> }>;
}

const KNOWN_CODES = new Set([
  'UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'UPSTREAM_UNAVAILABLE',
  'BUDGET_EXCEEDED', 'NOT_IN_PLAN', 'OPERATION_TOO_COMPLEX', 'PERSISTED_QUERY_NOT_FOUND',
]);

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
            errors.inc({ code: KNOWN_CODES.has(code) ? code : 'OTHER', system: code === 'UPSTREAM_UNAVAILABLE' ? String(e.extensions?.system ?? '') : '' });
          }
        },
      };
    },
  };

  return {
    registry,
    plugin,
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
