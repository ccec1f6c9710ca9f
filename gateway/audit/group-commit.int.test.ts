/**
 * Group commit against the real audit subgraph (PGlite): concurrent requests' entries arrive in
 * shared signed batches, every entry is stored under its own request, and a captured batch of
 * several requests replayed to the ingest stores nothing more (409).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_INGEST_PATH, type AuditEntry } from '../../lib/audit-ingest.js';
import { startAuditSubgraph } from '../../subgraphs/audit/server.js';
import { httpAuditSink } from './index.js';

const secret = new TextEncoder().encode(randomBytes(32).toString('hex'));
let audit: Awaited<ReturnType<typeof startAuditSubgraph>>;
beforeAll(async () => {
  audit = await startAuditSubgraph({ signingSecret: secret });
});
afterAll(async () => audit?.close());

const entry = (clientId: string, requestId: string): AuditEntry => ({
  actorRole: 'CASE_WORKER',
  actorId: 'cw-0001',
  clientId,
  municipalityCode: '205',
  operation: 'SharedPlan',
  requestId,
  dataRead: ['Client'],
  dataWritten: [],
  accessKind: 'READ',
  recipient: null,
  basis: [],
});

describe('audit group commit into the audit subgraph', () => {
  it("stores every request's entries from shared batches, and a replayed shared batch stores nothing", async () => {
    const sent: string[] = [];
    // The global fetch, keeping what it sent: a party between the gateway and the audit log.
    const recording = async (url: URL, init: { method: string; headers: Record<string, string>; body: string; signal: AbortSignal }) => {
      sent.push(init.body);
      return fetch(url, init);
    };
    const sink = httpAuditSink(audit.url, secret, 10_000, { maxInFlight: 1, fetch: recording });
    const client = `cl-${randomBytes(4).toString('hex')}`;
    // Five requests at once, two of them under the same caller-chosen request id.
    const requests = ['r-1', 'r-2', 'r-3', 'same', 'same'];
    await Promise.all(requests.map((id) => sink.append([entry(client, id)])));
    const { rows, totalCount } = await audit.store.page(client, 50, null);
    expect(totalCount).toBe(5);
    expect(rows.map((r) => r.requestId).sort()).toEqual(['r-1', 'r-2', 'r-3', 'same', 'same']);
    // Fewer batches than requests: the ones that waited went together.
    expect(sent.length).toBeLessThan(5);
    const shared = sent.find((body) => JSON.parse(Buffer.from(body.split('.')[1]!, 'base64url').toString()).entries.length > 1);
    expect(shared).toBeDefined();
    const replay = await fetch(new URL(AUDIT_INGEST_PATH, audit.url), {
      method: 'POST',
      headers: { 'content-type': 'application/jwt' },
      body: shared,
    });
    expect(replay.status).toBe(409);
    expect((await audit.store.page(client, 50, null)).totalCount).toBe(5);
  });
});
