/** The gateway's Prometheus metrics: counted per operation, on a port of their own. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authFromDevIssuer } from '../gateway/auth/index.js';
import { startGateway, type RunningGateway } from '../gateway/server.js';
import { startStack, type Stack } from './stack.js';
import { SHARED_PLAN } from './queries.js';
import { claims } from './support/index.js';

let stack: Stack;
let gateway: RunningGateway;
beforeAll(async () => {
  stack = await startStack();
  gateway = await startGateway({
    auth: authFromDevIssuer(stack.issuer),
    signingSecret: stack.signingSecret,
    subgraphUrls: stack.subgraphUrls,
    metricsPort: 0,
  });
});
afterAll(async () => {
  await gateway?.close();
  await stack?.close();
});

async function ask(query: string, token: string, variables?: Record<string, unknown>) {
  const res = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as any;
}
const value = (text: string, series: string) => Number(new RegExp(`^${series.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);

describe('metrics', () => {
  it('counts operations by role and outcome, and errors by code, on the metrics port only', async () => {
    const cw = await stack.token(claims.caseWorker());
    const client = await stack.token(claims.client());
    expect((await ask('{ client(id: "cl-00001") { firstName } }', cw)).errors).toBeUndefined();
    expect((await ask('{ client(id: "cl-00002") { firstName } }', client)).errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await ask(`{ ${Array.from({ length: 40 }, (_, i) => `a${i}: me { role }`).join(' ')} }`, cw)).errors[0].extensions.code).toBe(
      'OPERATION_TOO_COMPLEX',
    );

    const text = await (await fetch(gateway.metricsUrl!)).text();
    expect(value(text, 'graphql_operations_total{type="query",role="CASE_WORKER",outcome="ok"}')).toBe(1);
    expect(
      value(text, 'graphql_operations_total{type="query",role="CLIENT",outcome="failed"}') +
        value(text, 'graphql_operations_total{type="query",role="CLIENT",outcome="partial"}'),
    ).toBe(1);
    expect(value(text, 'graphql_errors_total{code="FORBIDDEN",system=""}')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'graphql_errors_total{code="OPERATION_TOO_COMPLEX",system=""}')).toBe(1);
    expect(text).toMatch(/graphql_operation_duration_seconds_count\{type="query"\} \d+/);
    expect(text).not.toMatch(/cl-0000|cw-0001/);
    // Not on the public port.
    expect((await fetch(`${gateway.origin}/metrics`)).status).toBe(404);
  });

  it('every subgraph serves its own: operations by type and outcome, durations, errors by code, its systems’ circuits', async () => {
    const cw = await stack.token(claims.caseWorker());
    const client = await stack.token(claims.client());
    // The shared plan reaches client-records, vouchers and providers; the access log, audit.
    expect((await ask(SHARED_PLAN, cw, { id: 'cl-00001' })).errors).toBeUndefined();
    expect((await ask('{ myAccessLog(first: 1) { totalCount } }', client)).errors).toBeUndefined();
    expect((await ask('{ client(id: "cl-00002") { firstName } }', client)).errors[0].extensions.code).toBe('FORBIDDEN');
    const scrape = async (url: string) => {
      const res = await fetch(new URL('/metrics', url));
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      return res.text();
    };
    for (const [name, url] of Object.entries(stack.subgraphUrls)) {
      const text = await scrape(url);
      expect(value(text, `subgraph_operations_total{subgraph="${name}",type="query",outcome="ok"}`), name).toBeGreaterThanOrEqual(1);
      expect(value(text, `subgraph_operation_duration_seconds_count{subgraph="${name}",type="query"}`), name).toBeGreaterThanOrEqual(1);
      expect(text, name).not.toMatch(/cl-0000|cw-0001/);
    }
    const clientRecords = await scrape(stack.subgraphUrls['client-records']);
    expect(value(clientRecords, 'subgraph_errors_total{subgraph="client-records",code="FORBIDDEN",system=""}')).toBeGreaterThanOrEqual(1);
    expect(
      value(clientRecords, 'subgraph_operations_total{subgraph="client-records",type="query",outcome="failed"}') +
        value(clientRecords, 'subgraph_operations_total{subgraph="client-records",type="query",outcome="partial"}'),
    ).toBeGreaterThanOrEqual(1);
    // The systems a subgraph calls, each with its circuit (0: closed).
    expect(clientRecords).toMatch(/^upstream_circuit_state\{system="client-record-system"\} 0$/m);
    expect(await scrape(stack.subgraphUrls.vouchers)).toMatch(/^upstream_circuit_state\{system="voucher-system"\} 0$/m);
  });
});
