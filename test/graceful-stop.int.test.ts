/**
 * Stopping under load (lib/graceful-stop.ts): many callers keep requests going on kept-alive
 * connections while a server is stopped. Each request either gets its complete answer, or is
 * refused before the server ran it — a connection refused, or a kept-alive connection closed
 * under it before the server read it (a client may retry that safely; Node's own advice for
 * `reusedSocket`). None is run and then cut off: whatever the gateway executed and audited,
 * its caller got the answer of.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authFromDevIssuer } from '../gateway/auth/index.js';
import { httpAuditSink } from '../gateway/audit/index.js';
import { startGateway } from '../gateway/server.js';
import { serveStandIn } from '../systems/http.js';
import { TEST_RATE_LIMITS, startStack, type Stack } from './stack.js';
import { claims } from './support/index.js';

interface Outcome {
  name: string;
  kind: 'answered' | 'refused' | 'reset';
  status?: number;
  body?: any;
  /** The answer's Connection header. */
  connection?: string;
  /** The request went out on a kept-alive connection opened for an earlier one. */
  reused: boolean;
}

/** POSTs one request through the agent; never rejects: failures are outcomes. */
function post(agent: http.Agent, url: string, name: string, body: string, headers: Record<string, string> = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        let parsed: any;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = { incomplete: text };
        }
        resolve({
          name,
          kind: 'answered',
          status: res.statusCode,
          body: parsed,
          connection: res.headers.connection,
          reused: req.reusedSocket,
        });
      });
      res.on('error', () => resolve({ name, kind: 'reset', reused: req.reusedSocket }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      resolve({ name, kind: error.code === 'ECONNREFUSED' ? 'refused' : 'reset', reused: req.reusedSocket });
    });
    req.end(body);
  });
}

/**
 * `workers` callers, each sending request after request through a keep-alive agent of
 * `sockets` connections until one is refused; `stop` runs once `warmUp` answers came back.
 */
async function underLoad(options: {
  workers: number;
  sockets: number;
  warmUp: number;
  send: (agent: http.Agent, n: number) => Promise<Outcome>;
  stop: () => Promise<void>;
}) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.sockets, keepAliveMsecs: 60_000 });
  const outcomes: Outcome[] = [];
  let n = 0;
  let stopped: Promise<number> | null = null;
  const deadline = Date.now() + 30_000;
  const worker = async () => {
    for (;;) {
      const outcome = await options.send(agent, n++);
      outcomes.push(outcome);
      if (!stopped && outcomes.filter((o) => o.kind === 'answered').length >= options.warmUp) {
        const started = Date.now();
        stopped = options.stop().then(() => Date.now() - started);
      }
      if (outcome.kind === 'refused' || Date.now() > deadline) return;
    }
  };
  await Promise.all(Array.from({ length: options.workers }, worker));
  agent.destroy();
  return { outcomes, stopMs: await stopped! };
}

describe('the gateway stops under load', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => stack?.close());

  it('answers every request it ran, refuses the rest before running them, and stops within the grace period', async () => {
    // What the gateway executed: every read of a client's data is audited before its answer leaves.
    const audited = new Set<string>();
    const sink = httpAuditSink(stack.subgraphUrls.audit, stack.signingSecret);
    const gateway = await startGateway({
      auth: authFromDevIssuer(stack.issuer),
      signingSecret: stack.signingSecret,
      subgraphUrls: stack.subgraphUrls,
      rateLimits: TEST_RATE_LIMITS,
      auditSink: {
        async append(entries) {
          await sink.append(entries);
          for (const e of entries) if (e.operation) audited.add(e.operation);
        },
      },
    });
    const token = await stack.token(claims.caseWorker());
    // Requests last a while, so many are in flight when the stop comes.
    stack.systems.clientRecords.setFaults({ latencyMs: 100 });
    try {
      const { outcomes, stopMs } = await underLoad({
        workers: 32,
        sockets: 16,
        warmUp: 60,
        send: (agent, n) =>
          post(agent, gateway.url, `Read_${n}`, JSON.stringify({ query: `query Read_${n} { client(id: "cl-00001") { firstName } }` }), {
            authorization: `Bearer ${token}`,
          }),
        stop: () => gateway.close(),
      });
      const answered = outcomes.filter((o) => o.kind === 'answered');
      const resets = outcomes.filter((o) => o.kind === 'reset');
      console.info(
        `graceful stop (gateway): ${answered.length} answered, ${outcomes.filter((o) => o.kind === 'refused').length} refused, ${resets.length} closed before being read; stopped in ${stopMs} ms`,
      );

      expect(answered.length).toBeGreaterThan(60);
      for (const o of answered)
        expect({ name: o.name, status: o.status, data: o.body?.data }).toEqual({
          name: o.name,
          status: 200,
          data: { client: { firstName: expect.any(String) } },
        });
      // The heart of it: nothing ran without its caller getting the answer.
      const unanswered = [...audited].filter((name) => !answered.some((o) => o.name === name));
      expect(unanswered).toEqual([]);
      // A request cut off is one the server never read, sent on a kept-alive connection as it closed.
      for (const o of resets)
        expect({ name: o.name, reused: o.reused, audited: audited.has(o.name) }).toEqual({ name: o.name, reused: true, audited: false });
      expect(stopMs).toBeLessThan(10_000);
    } finally {
      stack.systems.clientRecords.setFaults({ latencyMs: 0 });
      await gateway.close();
    }
  }, 60_000);
});

describe('a stand-in (and every server on lib/graceful-stop) stops under load', () => {
  it('finishes what it started, within the grace period, and says Connection: close', async () => {
    const executed = new Set<string>();
    const running = await serveStandIn(
      (app) => {
        app.post('/work/:name', (req, res) => {
          executed.add(req.params.name);
          setTimeout(() => res.json({ done: req.params.name }), 50);
        });
      },
      { unavailable: (res) => res.end() },
    );
    const { outcomes, stopMs } = await underLoad({
      workers: 24,
      sockets: 8,
      warmUp: 100,
      send: async (agent, n) => post(agent, `${running.url}/work/w${n}`, `w${n}`, '{}'),
      stop: () => running.close(),
    });
    const answered = outcomes.filter((o) => o.kind === 'answered');
    expect(answered.length).toBeGreaterThan(100);
    for (const o of answered) expect(o.body).toEqual({ done: o.name });
    // Those answered after the stop told their caller not to send more on that connection.
    expect(answered.some((o) => o.connection === 'close')).toBe(true);
    console.info(
      `graceful stop (stand-in): ${answered.length} answered, ${outcomes.filter((o) => o.kind === 'refused').length} refused, ${outcomes.filter((o) => o.kind === 'reset').length} closed before being read; stopped in ${stopMs} ms`,
    );
    expect([...executed].filter((name) => !answered.some((o) => o.name === name))).toEqual([]);
    for (const o of outcomes.filter((x) => x.kind === 'reset'))
      expect({ name: o.name, reused: o.reused, executed: executed.has(o.name) }).toEqual({ name: o.name, reused: true, executed: false });
    expect(stopMs).toBeLessThan(10_000);
  }, 60_000);

  it('cuts off what outlasts the grace period, and stops then', async () => {
    const running = await serveStandIn(
      (app) => {
        app.get('/slow', (_req, res) => void setTimeout(() => res.json({ late: true }), 5_000));
      },
      { unavailable: (res) => res.end(), shutdownGraceMs: 300 },
    );
    const agent = new http.Agent({ keepAlive: true });
    const pending = new Promise<string>((resolve) => {
      http
        .get(`${running.url}/slow`, { agent }, (res) => res.resume().on('end', () => resolve('answered')))
        .on('error', () => resolve('cut off'));
    });
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    await running.close();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await pending).toBe('cut off');
    agent.destroy();
  });
});
