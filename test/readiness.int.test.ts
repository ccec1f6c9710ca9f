/**
 * Readiness tells the truth (gateway/health, lib/subgraph-server.ts): the gateway's `/ready`
 * reports every existing system, every subgraph and Redis as up or down — 503 when the graph
 * cannot answer — and says nothing an outsider could use. And when the audit log's database
 * fails, reads of client data fail as UPSTREAM_UNAVAILABLE naming the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authFromDevIssuer } from '../gateway/auth/index.js';
import { startGateway } from '../gateway/server.js';
import { startStack, type Stack } from './stack.js';
import { startTcpRelay } from './support/tcp-relay.js';
import { claims } from './support/index.js';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) console.warn('redis: readiness with Redis skipped (REDIS_URL not set)');

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.close());

async function ready(origin: string): Promise<{ status: number; body: any; text: string }> {
  const response = await fetch(`${origin}/ready`);
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text), text };
}

/** Asks until `predicate` holds (checks are shared for a second), within 15 s. */
async function readyUntil(origin: string, predicate: (r: { status: number; body: any }) => boolean) {
  const until = Date.now() + 15_000;
  for (;;) {
    const r = await ready(origin);
    if (predicate(r) || Date.now() > until) return r;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const NOTHING_TO_USE = /https?:|127\.0\.0\.1|localhost|:\d{4}|ECONN|Error|select/i;
const ALL_UP = { 'client-record-system': 'up', 'voucher-system': 'up', 'provider-catalogue': 'up', 'audit-log': 'up' };

describe('readiness', () => {
  it('is ready with every system and subgraph up, and names nothing an outsider could use', async () => {
    const r = await ready(stack.gateway.origin);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      status: 'ready',
      systems: ALL_UP,
      subgraphs: { 'client-records': 'up', vouchers: 'up', providers: 'up', audit: 'up' },
    });
    expect(r.text).not.toMatch(NOTHING_TO_USE);
    // A subgraph's own readiness reports the systems it checks.
    const audit = await ready(new URL(stack.subgraphs.audit.url).origin);
    expect(audit).toMatchObject({ status: 200, body: { status: 'ready', subgraph: 'audit', systems: { 'audit-log': 'up' } } });
  });

  describe.skipIf(!redisUrl)(`redis: readiness${redisUrl ? '' : ' (REDIS_URL not set)'}`, () => {
    it('reports Redis, and stays ready without it (its errors are misses)', async () => {
      // A relay the test can cut, standing for Redis going away.
      const relay = await startTcpRelay(redisUrl!);
      const gateway = await startGateway({
        auth: authFromDevIssuer(stack.issuer),
        signingSecret: stack.signingSecret,
        subgraphUrls: stack.subgraphUrls,
        redisUrl: `redis://127.0.0.1:${relay.port}`,
      });
      try {
        expect((await ready(gateway.origin)).body).toMatchObject({ status: 'ready', redis: 'up' });
        await relay.cut();
        const down = await readyUntil(gateway.origin, (r) => r.body.redis === 'down');
        expect(down.status).toBe(200);
        expect(down.body).toMatchObject({ status: 'ready', redis: 'down', systems: ALL_UP });
        expect(down.text).not.toMatch(NOTHING_TO_USE);
      } finally {
        await gateway.close();
      }
    });
  });

  it('the voucher system down: not ready, voucher-system down in the gateway and in the subgraphs that need it; back up by itself', async () => {
    stack.systems.vouchers.setFaults({ failureRate: 1 });
    try {
      const r = await readyUntil(stack.gateway.origin, (x) => x.body.systems?.['voucher-system'] === 'down');
      expect(r.status).toBe(503);
      expect(r.body.systems).toEqual({ ...ALL_UP, 'voucher-system': 'down' });
      expect(r.text).not.toMatch(NOTHING_TO_USE);
      for (const subgraph of [stack.subgraphs.vouchers, stack.subgraphs.clientRecords]) {
        const own = await readyUntil(new URL(subgraph.url).origin, (x) => x.body.systems?.['voucher-system'] === 'down');
        expect(own).toMatchObject({
          status: 503,
          body: { status: 'not ready', systems: { 'voucher-system': 'down', 'client-record-system': 'up' } },
        });
      }
      // The breaker's state: in readiness (why "down" comes at once) and in the subgraph's metrics.
      const vouchers = new URL(stack.subgraphs.vouchers.url).origin;
      const open = await readyUntil(vouchers, (x) => x.body.circuits?.['voucher-system'] === 'open');
      expect(open.body.circuits).toMatchObject({ 'voucher-system': 'open', 'client-record-system': 'closed' });
      const metrics = await (await fetch(`${vouchers}/metrics`)).text();
      expect(metrics).toMatch(/^upstream_circuit_state\{system="voucher-system"\} 2$/m);
      expect(metrics).toMatch(/^upstream_circuit_changes_total\{system="voucher-system",state="open"\} [1-9]/m);
    } finally {
      stack.systems.vouchers.setFaults({ failureRate: 0 });
    }
    // The circuit closes by itself once the system answers (half-open after 5 s).
    const back = await readyUntil(stack.gateway.origin, (x) => x.status === 200);
    expect(back.body.systems).toEqual(ALL_UP);
  }, 30_000);

  it('the audit log’s database down: not ready, audit-log down; client reads fail naming the audit log', async () => {
    const cw = await stack.token(claims.caseWorker());
    await stack.subgraphs.audit.store.close();

    const r = await readyUntil(stack.gateway.origin, (x) => x.status === 503);
    expect(r.status).toBe(503);
    expect(r.body).toEqual({
      status: 'not ready',
      systems: { ...ALL_UP, 'audit-log': 'down' },
      subgraphs: { 'client-records': 'up', vouchers: 'up', providers: 'up', audit: 'up' },
    });
    expect(r.text).not.toMatch(NOTHING_TO_USE);
    const audit = await ready(new URL(stack.subgraphs.audit.url).origin);
    expect(audit).toMatchObject({ status: 503, body: { status: 'not ready', systems: { 'audit-log': 'down' } } });

    // The audit write fails (the ingest answers 503): the client data is withheld, the caller
    // told why, and the metrics count it under the audit log.
    const gateway = await startGateway({
      auth: authFromDevIssuer(stack.issuer),
      signingSecret: stack.signingSecret,
      subgraphUrls: stack.subgraphUrls,
      metricsPort: 0,
    });
    try {
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${cw}` },
        body: JSON.stringify({ query: '{ client(id: "cl-00001") { firstName } }' }),
      });
      const res = (await response.json()) as { data?: unknown; errors?: { message: string; extensions: unknown }[] };
      expect(res.data ?? null).toBeNull();
      expect(res.errors).toEqual([{ message: expect.any(String), extensions: { code: 'UPSTREAM_UNAVAILABLE', system: 'audit-log' } }]);
      expect(res.errors![0]!.message).not.toMatch(NOTHING_TO_USE);
      const metrics = await (await fetch(gateway.metricsUrl!)).text();
      expect(metrics).toMatch(/^graphql_errors_total\{code="UPSTREAM_UNAVAILABLE",system="audit-log"\} 1$/m);
      expect(metrics).toMatch(/^graphql_operations_total\{type="query",role="CASE_WORKER",outcome="failed"\} 1$/m);
    } finally {
      await gateway.close();
    }
  });

  it('a subgraph gone: its system and itself down, 503', async () => {
    await stack.subgraphs.providers.close();
    const r = await readyUntil(stack.gateway.origin, (x) => x.body.subgraphs?.providers === 'down');
    expect(r.status).toBe(503);
    expect(r.body.systems['provider-catalogue']).toBe('down');
    expect(r.body.subgraphs).toEqual({ 'client-records': 'up', vouchers: 'up', providers: 'down', audit: 'up' });
    expect(r.text).not.toMatch(NOTHING_TO_USE);
    // Liveness is another matter: the gateway itself serves.
    expect((await fetch(`${stack.gateway.origin}/health`)).status).toBe(200);
  });
});
