/**
 * The metrics plugin on its own, without a server: its hooks called through Apollo Server's
 * pipeline (plugin-harness.ts), then the registry read as a scraper would. Each answer is
 * counted by type, role and outcome; its errors by contract code, with the system of an
 * outage; nothing of the operation's name or the viewer's identity is exported.
 */
import { describe, expect, it } from 'vitest';
import { gatewayContext, runPipeline, viewerOf } from '../plugin-harness.js';
import { createMetrics } from './index.js';

const outage = {
  message: 'voucher-system is unavailable',
  path: ['client', 'vouchers'],
  extensions: { code: 'UPSTREAM_UNAVAILABLE', system: 'voucher-system' },
};

/** The sample lines of one metric, without HELP and TYPE. */
async function samples(metrics: ReturnType<typeof createMetrics>, name: string): Promise<string[]> {
  return (await metrics.registry.getSingleMetricAsString(name)).split('\n').filter((line) => line.startsWith(name));
}

describe('metrics plugin', () => {
  it('counts answers by type, role and outcome, and their errors by code and system', async () => {
    const metrics = createMetrics();
    const gateway = { plugins: [metrics.plugin] };
    const client = gatewayContext(viewerOf('CLIENT', 'cl-00042'));
    await runPipeline(gateway, { query: 'query MyPlan { me { role } }', context: client, result: { data: { me: { role: 'CLIENT' } } } });
    await runPipeline(gateway, {
      query: 'query MyPlan { client(id: "cl-00042") { id vouchers { id } } }',
      context: client,
      result: { data: { client: { id: 'cl-00042', vouchers: null } }, errors: [outage] },
    });
    await runPipeline(gateway, {
      query: 'mutation Approve($input: ApprovePlanInput!) { approvePlan(input: $input) { id } }',
      context: gatewayContext(viewerOf('CASE_WORKER')),
      result: {
        data: null,
        errors: [
          { message: 'no', extensions: { code: 'FORBIDDEN' } },
          { message: '?', extensions: { code: 'SOMETHING_ELSE' } },
        ],
      },
    });
    expect(await samples(metrics, 'graphql_operations_total')).toEqual([
      'graphql_operations_total{type="query",role="CLIENT",outcome="ok"} 1',
      'graphql_operations_total{type="query",role="CLIENT",outcome="partial"} 1',
      'graphql_operations_total{type="mutation",role="CASE_WORKER",outcome="failed"} 1',
    ]);
    expect(await samples(metrics, 'graphql_errors_total')).toEqual([
      'graphql_errors_total{code="UPSTREAM_UNAVAILABLE",system="voucher-system"} 1',
      'graphql_errors_total{code="FORBIDDEN",system=""} 1',
      'graphql_errors_total{code="OTHER",system=""} 1',
    ]);
    expect(
      (await samples(metrics, 'graphql_operation_duration_seconds')).find((l) =>
        l.startsWith('graphql_operation_duration_seconds_count{type="query"}'),
      ),
    ).toBe('graphql_operation_duration_seconds_count{type="query"} 2');
    const scraped = await metrics.registry.metrics();
    expect(scraped).not.toContain('MyPlan');
    expect(scraped).not.toContain('cl-00042');
  });

  it('counts a request refused before execution, of no known type', async () => {
    const metrics = createMetrics();
    await runPipeline({ plugins: [metrics.plugin] }, { query: '{ nope }' });
    expect(await samples(metrics, 'graphql_operations_total')).toEqual([
      'graphql_operations_total{type="unknown",role="CASE_WORKER",outcome="failed"} 1',
    ]);
    expect(await samples(metrics, 'graphql_errors_total')).toEqual(['graphql_errors_total{code="BAD_USER_INPUT",system=""} 1']);
  });

  it('reads the caches of query texts when scraped', async () => {
    const metrics = createMetrics();
    const documents = { bytes: 1000, entries: 3, maxBytes: 16 * 1024 * 1024 };
    metrics.watchCaches({ documents });
    documents.bytes = 2048;
    expect(await samples(metrics, 'graphql_query_cache_bytes')).toEqual(['graphql_query_cache_bytes{cache="documents"} 2048']);
    expect(await samples(metrics, 'graphql_query_cache_max_bytes')).toEqual(['graphql_query_cache_max_bytes{cache="documents"} 16777216']);
  });
});
