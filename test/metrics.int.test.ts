/** The gateway's Prometheus metrics: counted per operation, on a port of their own. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authFromDevIssuer } from '../gateway/auth/index.js';
import { startGateway, type RunningGateway } from '../gateway/server.js';
import { startStack, type Stack } from './stack.js';

let stack: Stack;
let gateway: RunningGateway;
beforeAll(async () => {
  stack = await startStack();
  gateway = await startGateway({ auth: authFromDevIssuer(stack.issuer), signingSecret: stack.signingSecret, subgraphUrls: stack.subgraphUrls, metricsPort: 0 });
});
afterAll(async () => {
  await gateway?.close();
  await stack?.close();
});

async function ask(query: string, token: string) {
  const res = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) });
  return (await res.json()) as any;
}
const value = (text: string, series: string) => Number(new RegExp(`^${series.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);

describe('metrics', () => {
  it('counts operations by role and outcome, and errors by code, on the metrics port only', async () => {
    const cw = await stack.token({ role: 'CASE_WORKER', subject: 'cw-0001', municipalityCode: '205' });
    const client = await stack.token({ role: 'CLIENT', subject: 'cl-00001', clientId: 'cl-00001' });
    expect((await ask('{ client(id: "cl-00001") { firstName } }', cw)).errors).toBeUndefined();
    expect((await ask('{ client(id: "cl-00002") { firstName } }', client)).errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await ask(`{ ${Array.from({ length: 40 }, (_, i) => `a${i}: me { role }`).join(' ')} }`, cw)).errors[0].extensions.code).toBe('OPERATION_TOO_COMPLEX');

    const text = await (await fetch(gateway.metricsUrl!)).text();
    expect(value(text, 'graphql_operations_total{type="query",role="CASE_WORKER",outcome="ok"}')).toBe(1);
    expect(value(text, 'graphql_operations_total{type="query",role="CLIENT",outcome="failed"}') + value(text, 'graphql_operations_total{type="query",role="CLIENT",outcome="partial"}')).toBe(1);
    expect(value(text, 'graphql_errors_total{code="FORBIDDEN",system=""}')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'graphql_errors_total{code="OPERATION_TOO_COMPLEX",system=""}')).toBe(1);
    expect(text).toMatch(/graphql_operation_duration_seconds_count\{type="query"\} \d+/);
    expect(text).not.toMatch(/cl-0000|cw-0001/);
    // Not on the public port.
    expect((await fetch(`${gateway.origin}/metrics`)).status).toBe(404);
  });
});
