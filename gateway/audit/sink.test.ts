/**
 * Fail closed, without a gateway: the audit plugin with the HTTP sink it uses in production,
 * in front of a small audit store over real HTTP that accepts, refuses or never answers. The
 * plugins run in the gateway's order through Apollo Server's pipeline (plugin-harness.ts), so
 * what the metrics count is what the caller receives: an answer whose audit was not written
 * carries no client data, only UPSTREAM_UNAVAILABLE naming the audit log.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditBatch, type AuditBatch } from '../../lib/audit-ingest.js';
import { outageErrorsPlugin } from '../errors/index.js';
import { createMetrics } from '../metrics/index.js';
import { gatewayContext, runPipeline } from '../plugin-harness.js';
import { auditPlugin, httpAuditSink } from './index.js';

const secret = new TextEncoder().encode('a-test-secret-of-at-least-32-bytes!!');
let answer: 'accept' | 'refuse' | 'hang' = 'accept';
const received: AuditBatch[] = [];
const hanging: http.ServerResponse[] = [];
let store: http.Server;
let storeUrl: string;

beforeAll(async () => {
  store = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (answer === 'hang') return void hanging.push(res);
    if (answer === 'refuse') return void res.writeHead(500).end();
    const batch = req.url === '/audit/entries' ? await verifyAuditBatch(Buffer.concat(chunks).toString(), secret) : null;
    if (!batch) return void res.writeHead(401).end();
    received.push(batch);
    res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => store.listen(0, '127.0.0.1', resolve));
  storeUrl = `http://127.0.0.1:${(store.address() as AddressInfo).port}/graphql`;
});
afterAll(async () => {
  for (const res of hanging) res.destroy();
  store.closeAllConnections();
  await new Promise((resolve) => store.close(resolve));
});

const QUERY = 'query SharedPlan { client(id: "cl-00001") { firstName personalIdentityCode } }';
const DATA = { client: { firstName: 'Aino', personalIdentityCode: '010150-123N' } };
const read = { clientId: 'cl-00001', municipalityCode: '205', kinds: ['Client'], written: [] };

async function request(
  query = QUERY,
  auditReads = [read],
  data: Record<string, unknown> = DATA,
  // Short enough for the test to wait out when the store hangs, long enough for a loaded machine otherwise.
  sink = httpAuditSink(storeUrl, secret, answer === 'hang' ? 300 : 10_000),
  requestId?: string,
) {
  const metrics = createMetrics();
  // The gateway's order (server.ts): the audit last, so the others' willSendResponse sees what it withheld.
  const out = await runPipeline(
    { plugins: [outageErrorsPlugin(), metrics.plugin, auditPlugin(sink)] },
    { query, context: gatewayContext(undefined, { auditReads, ...(requestId ? { requestId } : {}) }), result: { data } },
  );
  const counted = (await metrics.registry.getSingleMetricAsString('graphql_errors_total'))
    .split('\n')
    .filter((l) => l.startsWith('graphql_errors_total{'));
  return { ...out, counted };
}

describe('audit plugin over HTTP', () => {
  it('writes one signed batch and lets the answer through', async () => {
    answer = 'accept';
    const before = received.length;
    const out = await request();
    expect(out.body).toEqual({ data: DATA });
    expect(received.slice(before)).toEqual([
      expect.objectContaining({
        entries: [expect.objectContaining({ clientId: 'cl-00001', dataRead: ['Client'], operation: 'SharedPlan', accessKind: 'READ' })],
      }),
    ]);
  });

  it('withholds the client data when the audit store refuses the batch', async () => {
    answer = 'refuse';
    const out = await request();
    expect(out.body).toEqual({
      data: null,
      errors: [
        {
          message: 'the read could not be audited, so no client data is returned; try again shortly',
          extensions: { code: 'UPSTREAM_UNAVAILABLE', system: 'audit-log' },
        },
      ],
    });
    expect(JSON.stringify(out.body)).not.toContain('Aino');
    expect(out.counted).toEqual(['graphql_errors_total{code="UPSTREAM_UNAVAILABLE",system="audit-log"} 1']);
  });

  it('withholds the client data when the audit store does not answer in time', async () => {
    answer = 'hang';
    const started = Date.now();
    const out = await request();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(out.body).toEqual({
      data: null,
      errors: [
        {
          message: 'the read could not be audited, so no client data is returned; try again shortly',
          extensions: { code: 'UPSTREAM_UNAVAILABLE', system: 'audit-log' },
        },
      ],
    });
    expect(out.counted).toEqual(['graphql_errors_total{code="UPSTREAM_UNAVAILABLE",system="audit-log"} 1']);
  });

  it('answers what is not client data while the store is down: nothing to audit, nothing withheld', async () => {
    answer = 'refuse';
    const catalogue = { serviceTypes: [{ code: 'kotihoito' }] };
    const out = await request('{ serviceTypes { code } }', [], catalogue);
    expect(out.body).toEqual({ data: catalogue });
    expect(out.counted).toEqual([]);
  });

  describe('group commit: concurrent requests share a batch', () => {
    // One batch under way at a time, so what arrives meanwhile waits and leaves together.
    const groupSink = () => httpAuditSink(storeUrl, secret, 10_000, { maxInFlight: 1 });
    const readOf = (clientId: string) => [{ ...read, clientId }];

    it("writes concurrent requests' entries in fewer batches, each request's own entries stored before its answer", async () => {
      answer = 'accept';
      const sink = groupSink();
      const before = received.length;
      const outs = await Promise.all(['cl-a', 'cl-b', 'cl-c', 'cl-d'].map((id) => request(QUERY, readOf(id), DATA, sink)));
      for (const out of outs) expect(out.body).toEqual({ data: DATA });
      const batches = received.slice(before);
      // The first leaves alone; the three that came meanwhile leave in one.
      expect(batches.map((b) => b.entries.map((e) => e.clientId))).toEqual([['cl-a'], ['cl-b', 'cl-c', 'cl-d']]);
      expect(new Set(batches[1]!.entries.map((e) => e.requestId)).size).toBe(3);
    });

    it('never puts two entries of the same request id and client in one batch (the store would refuse it as a replay)', async () => {
      answer = 'accept';
      const sink = groupSink();
      const before = received.length;
      // The caller's own x-request-id, repeated across its requests.
      const outs = await Promise.all([1, 2, 3].map(() => request(QUERY, readOf('cl-same'), DATA, sink, 'callers-own-id')));
      for (const out of outs) expect(out.body).toEqual({ data: DATA });
      expect(received.slice(before).map((b) => b.entries.length)).toEqual([1, 1, 1]);
    });

    it('withholds the data of every request whose shared batch was refused', async () => {
      answer = 'refuse';
      const sink = groupSink();
      const outs = await Promise.all(['cl-a', 'cl-b', 'cl-c'].map((id) => request(QUERY, readOf(id), DATA, sink)));
      for (const out of outs) {
        expect(out.body).toEqual({
          data: null,
          errors: [expect.objectContaining({ extensions: { code: 'UPSTREAM_UNAVAILABLE', system: 'audit-log' } })],
        });
        expect(JSON.stringify(out.body)).not.toContain('Aino');
      }
    });
  });
});
