/**
 * Each subgraph's Prometheus metrics, on its own `GET /metrics` (lib/subgraph-server.ts): the
 * operations it answered by type and outcome, their durations, and errors by contract code (and
 * system, for UPSTREAM_UNAVAILABLE) — beside the circuit breakers of the systems it calls
 * (lib/upstream.ts). The operation series carry `subgraph`, so one dashboard can sum or split all four.
 *
 * Labels are bounded as at the gateway (gateway/metrics): no operation names, no ids — nothing
 * personal, and no caller can grow the series count. Outcome as the gateway's metrics: ok,
 * partial (data and errors), failed (errors, no data).
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Counter, Histogram, Registry } from 'prom-client';
import { ERROR_CODES } from './errors.js';
import { registerBreakerMetrics } from './upstream.js';

export interface SubgraphMetrics {
  registry: Registry;
  plugin: ApolloServerPlugin<BaseContext>;
}

const KNOWN_CODES = new Set<string>(ERROR_CODES);

export function subgraphMetrics(subgraph: string): SubgraphMetrics {
  // A registry per subgraph: `npm start` runs all four in one process.
  const registry = new Registry();
  registerBreakerMetrics(registry);
  const operations = new Counter({
    name: 'subgraph_operations_total',
    help: 'Operations this subgraph answered for the gateway, by type and outcome (ok, partial, failed)',
    labelNames: ['subgraph', 'type', 'outcome'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'subgraph_operation_duration_seconds',
    help: 'Time from receiving an operation to sending its answer',
    labelNames: ['subgraph', 'type'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'subgraph_errors_total',
    help: 'Errors in answers, by extensions.code (and system for UPSTREAM_UNAVAILABLE)',
    labelNames: ['subgraph', 'code', 'system'] as const,
    registers: [registry],
  });
  const plugin: ApolloServerPlugin<BaseContext> = {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ response, operation }) {
          const type = operation?.operation ?? 'unknown';
          const body = response.body.kind === 'single' ? response.body.singleResult : response.body.initialResult;
          const found = body.errors ?? [];
          operations.inc({ subgraph, type, outcome: !found.length ? 'ok' : body.data ? 'partial' : 'failed' });
          duration.observe({ subgraph, type }, Number(process.hrtime.bigint() - started) / 1e9);
          for (const e of found) {
            const code = String(e.extensions?.code ?? 'INTERNAL');
            errors.inc({
              subgraph,
              code: KNOWN_CODES.has(code) ? code : 'OTHER',
              system: code === 'UPSTREAM_UNAVAILABLE' ? String(e.extensions?.system ?? '') : '',
            });
          }
        },
      };
    },
  };
  return { registry, plugin };
}
