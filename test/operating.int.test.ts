/**
 * Issue 11, point 7: operators see what happens — through real HTTP, the whole stack in this
 * process, the audit log on PGlite.
 *
 * - Every gateway answer carries `x-request-id`: the caller's own when sane, else a new UUID —
 *   on 200s and on refusals (400, 401, 413, 429), and on /health.
 * - The audit entry carries the same id; a caller that reuses its id gets both requests
 *   answered and both audited (the audit log keys replays on its own batch id).
 * - The subgraphs get the id with each fetch, and their logs name it.
 * - One structured log line per operation, with no personal data in it.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Loggers are made as their modules load: at info, so this file sees the lines (captured below).
const previousLevel = vi.hoisted(() => {
  const level = process.env.LOG_LEVEL;
  process.env.LOG_LEVEL = 'info';
  return level;
});

import { authFromDevIssuer } from '../gateway/auth/index.js';
import { startGateway, type RunningGateway } from '../gateway/server.js';
import { captureLogs } from '../lib/log.js';
import { SHARED_PLAN } from './queries.js';
import { startStack, type Stack } from './stack.js';
import { claims } from './support/index.js';

const lines: Record<string, any>[] = [];
const stopCapture = captureLogs((line) => void lines.push(JSON.parse(line)));

let stack: Stack;
/** A gateway over the same subgraphs whose clients may send one request a minute: for 429s. */
let strict: RunningGateway;
let tokens: { caseWorker: string; client: string; otherClient: string };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

beforeAll(async () => {
  stack = await startStack();
  strict = await startGateway({
    auth: authFromDevIssuer(stack.issuer),
    signingSecret: stack.signingSecret,
    subgraphUrls: stack.subgraphUrls,
    rateLimits: { perRole: { CLIENT: 1 } },
  });
  tokens = {
    caseWorker: await stack.token(claims.caseWorker()),
    client: await stack.token(claims.client()),
    otherClient: await stack.token(claims.client('cl-00002')),
  };
});
afterAll(async () => {
  await strict?.close();
  await stack?.close();
  stopCapture();
  if (previousLevel === undefined) delete process.env.LOG_LEVEL;
  else process.env.LOG_LEVEL = previousLevel;
});

/** POSTs a body (an operation, or anything) to a gateway with these headers; the answer's id, status and JSON. */
async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { id: response.headers.get('x-request-id'), status: response.status, body: (await response.json()) as any };
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
/** The operation log line of the request with this id (written once the answer has gone). */
async function operationLine(requestId: string) {
  await vi.waitFor(() => expect(lines.filter((l) => l.name === 'gateway-operations' && l.requestId === requestId)).toHaveLength(1));
  return lines.find((l) => l.name === 'gateway-operations' && l.requestId === requestId)!;
}

describe('x-request-id', () => {
  it('is the caller’s own when sane, else a new UUID — on answers and refusals alike', async () => {
    const url = stack.gateway.url;
    const me = { query: '{ me { role } }' };
    expect((await post(url, me, { ...bearer(tokens.caseWorker), 'x-request-id': 'ticket-4711:retry.2_a' })).id).toBe(
      'ticket-4711:retry.2_a',
    );
    const made = await post(url, me, bearer(tokens.caseWorker));
    expect(made.status).toBe(200);
    expect(made.id).toMatch(UUID);
    // Not sane: too long, a space, a newline (an attempt at a forged log line), empty.
    for (const insane of ['x'.repeat(65), 'a b', 'a\\nb', '<script>', 'ä']) {
      const answer = await post(url, me, { ...bearer(tokens.caseWorker), 'x-request-id': insane });
      expect(answer.id, insane).toMatch(UUID);
    }
    // Refusals: no token (401), a malformed document (400), a body too large (413), a rate limit (429).
    const refusals = [
      await post(url, me, { 'x-request-id': 'r-401' }),
      await post(url, { query: '{ me { ' }, { ...bearer(tokens.caseWorker), 'x-request-id': 'r-400' }),
      await post(url, { query: `{ me { role } } # ${'x'.repeat(2_000_000)}` }, { ...bearer(tokens.caseWorker), 'x-request-id': 'r-413' }),
    ];
    await post(strict.url, me, bearer(tokens.client));
    refusals.push(await post(strict.url, me, { ...bearer(tokens.client), 'x-request-id': 'r-429' }));
    expect(refusals.map((r) => [r.status, r.id, r.body.errors?.[0]?.extensions?.code])).toEqual([
      [401, 'r-401', 'UNAUTHENTICATED'],
      [400, 'r-400', 'BAD_USER_INPUT'],
      [413, 'r-413', 'BAD_USER_INPUT'],
      [429, 'r-429', 'RATE_LIMITED'],
    ]);
    const health = await fetch(`${stack.gateway.origin}/health`, { headers: { 'x-request-id': 'probe-1' } });
    expect(health.headers.get('x-request-id')).toBe('probe-1');
  });

  it('is the id of the audit entry; two requests reusing one id are both answered and both audited', async () => {
    const id = `reused-${Date.now()}`;
    const answers = [];
    for (let i = 0; i < 2; i++)
      answers.push(
        await post(
          stack.gateway.url,
          { query: SHARED_PLAN, variables: { id: 'cl-00003' } },
          { ...bearer(tokens.caseWorker), 'x-request-id': id },
        ),
      );
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.id).toBe(id);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data.client.personalIdentityCode).toBeTruthy();
    }
    const { rows } = await stack.subgraphs.audit.store.page('cl-00003', 50, null);
    const audited = rows.filter((r) => r.requestId === id);
    expect(audited).toHaveLength(2);
    expect(audited.map((r) => [r.actorId, r.operation, r.accessKind])).toEqual([
      ['cw-0001', 'SharedPlan', 'READ'],
      ['cw-0001', 'SharedPlan', 'READ'],
    ]);
    // A made-up id is the audit entry's too.
    const made = await post(stack.gateway.url, { query: SHARED_PLAN, variables: { id: 'cl-00003' } }, bearer(tokens.caseWorker));
    expect((await stack.subgraphs.audit.store.page('cl-00003', 1, null)).rows[0]!.requestId).toBe(made.id);
  });

  it('goes to the subgraphs with each fetch, and their logs name it', async () => {
    // A subgraph's log: a request without the gateway's signature is refused and logged with its id.
    const refused = await fetch(stack.subgraphUrls['client-records'], {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'straight-to-subgraph' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(refused.status).toBe(401);
    expect(lines.find((l) => l.name === 'client-records' && l.requestId === 'straight-to-subgraph')?.msg).toMatch(
      /refused a request without a valid gateway signature/,
    );
    // Through the gateway: every subgraph fetch of the operation carries the caller's id.
    const seen: string[] = [];
    const { createServer } = await import('node:http');
    const relay = createServer(async (req, res) => {
      seen.push(String(req.headers['x-request-id']));
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(([k, v]) => typeof v === 'string' && !['host', 'connection', 'content-length'].includes(k)),
      ) as Record<string, string>;
      const answer = await fetch(stack.subgraphUrls.vouchers, { method: 'POST', headers, body: Buffer.concat(chunks) });
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(Buffer.from(await answer.arrayBuffer()));
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const gateway = await startGateway({
      auth: authFromDevIssuer(stack.issuer),
      signingSecret: stack.signingSecret,
      subgraphUrls: { ...stack.subgraphUrls, vouchers: `http://127.0.0.1:${(relay.address() as { port: number }).port}/graphql` },
    });
    try {
      const answer = await post(
        gateway.url,
        { query: SHARED_PLAN, variables: { id: 'cl-00001' } },
        { ...bearer(tokens.caseWorker), 'x-request-id': 'through-the-graph' },
      );
      expect(answer.body.errors).toBeUndefined();
      expect(seen.length).toBeGreaterThan(0);
      expect(new Set(seen)).toEqual(new Set(['through-the-graph']));
    } finally {
      await gateway.close();
      await new Promise<void>((resolve) => relay.close(() => resolve()));
    }
  });
});

describe('one log line per operation', () => {
  it('says what happened — operation, type, role, duration, outcome, codes, status — and nothing personal', async () => {
    const ok = await post(
      stack.gateway.url,
      { query: SHARED_PLAN, variables: { id: 'cl-00001' }, operationName: 'SharedPlan' },
      { ...bearer(tokens.caseWorker), 'x-request-id': 'log-ok' },
    );
    expect(ok.body.errors).toBeUndefined();
    const line = await operationLine('log-ok');
    expect(line).toMatchObject({
      msg: 'operation',
      requestId: 'log-ok',
      operationName: 'SharedPlan',
      operationType: 'query',
      role: 'CASE_WORKER',
      outcome: 'ok',
      errorCodes: [],
      httpStatus: 200,
    });
    expect(line.durationMs).toBeGreaterThan(0);
    // Nothing of the answer's personal data, nor who asked.
    const client = ok.body.data.client;
    const personal = [
      client.id,
      client.personalIdentityCode,
      client.firstName,
      client.lastName,
      client.responsibleWorker.name,
      client.responsibleWorker.email,
      'cw-0001',
    ];
    for (const value of personal) expect(JSON.stringify(line), value).not.toContain(value);
    expect(Object.keys(line).sort()).toEqual([
      'durationMs',
      'errorCodes',
      'hostname',
      'httpStatus',
      'level',
      'msg',
      'name',
      'operationName',
      'operationType',
      'outcome',
      'pid',
      'requestId',
      'role',
      'time',
    ]);

    // Another client's plan: refused by the policy (FORBIDDEN), its variables (the client id) not logged.
    const forbidden = await post(
      stack.gateway.url,
      { query: SHARED_PLAN, variables: { id: 'cl-00001' } },
      { ...bearer(tokens.otherClient), 'x-request-id': 'log-forbidden' },
    );
    expect(forbidden.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const refused = await operationLine('log-forbidden');
    expect(refused).toMatchObject({
      operationName: 'SharedPlan',
      operationType: 'query',
      role: 'CLIENT',
      outcome: 'refused',
      errorCodes: ['FORBIDDEN'],
      httpStatus: 200,
    });
    expect(JSON.stringify(refused)).not.toContain('cl-0000');

    // Refused before any operation ran: no token, a malformed document.
    await post(stack.gateway.url, { query: SHARED_PLAN, variables: { id: 'cl-00001' } }, { 'x-request-id': 'log-401' });
    expect(await operationLine('log-401')).toMatchObject({
      operationName: null,
      operationType: null,
      role: null,
      outcome: 'refused',
      errorCodes: ['UNAUTHENTICATED'],
      httpStatus: 401,
    });
    await post(stack.gateway.url, { query: 'query Broken { me {' }, { ...bearer(tokens.client), 'x-request-id': 'log-400' });
    expect(await operationLine('log-400')).toMatchObject({
      operationType: null,
      role: 'CLIENT',
      outcome: 'refused',
      errorCodes: ['BAD_USER_INPUT'],
      httpStatus: 400,
    });
  });

  it('says `error` when the failure is ours: a system that does not answer', async () => {
    stack.systems.vouchers.setFaults({ failureRate: 1 });
    try {
      const answer = await post(
        stack.gateway.url,
        { query: SHARED_PLAN, variables: { id: 'cl-00001' } },
        { ...bearer(tokens.caseWorker), 'x-request-id': 'log-outage' },
      );
      expect(answer.body.errors.map((e: any) => e.extensions.code)).toContain('UPSTREAM_UNAVAILABLE');
    } finally {
      stack.systems.vouchers.setFaults({ failureRate: 0 });
    }
    expect(await operationLine('log-outage')).toMatchObject({
      role: 'CASE_WORKER',
      outcome: 'error',
      errorCodes: ['UPSTREAM_UNAVAILABLE'],
      httpStatus: 200,
    });
  });
});
