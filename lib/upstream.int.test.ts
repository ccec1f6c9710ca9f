/**
 * The system clients' HTTP policy against a real HTTP server that misbehaves the ways failing
 * systems do: garbage bodies, cut connections, trickling bodies, 503s with Retry-After, and a
 * system that stays down (the circuit opens and errors come at once, then it closes by itself).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UpstreamError } from './errors.js';
import { breakerStates, policyFromEnv, retryAfterMs, upstreamFetch, type RetryPolicy } from './upstream.js';

type Behaviour = (req: IncomingMessage, res: ServerResponse) => void;
let behaviour: Behaviour;
let calls: string[] = [];
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    calls.push(req.method!);
    behaviour(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  calls = [];
});

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Behaviour =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  };

// Each test its own path's origin? Breakers are per origin, so each describe uses its own policy
// and the tests that open the circuit come last.
const policy: RetryPolicy = { timeoutMs: 400, retries: 1, backoffMs: 10, breakerThreshold: 50, halfOpenMs: 300 };

async function failure(run: Promise<unknown>): Promise<UpstreamError> {
  const error = await run.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

describe('garbage from a system is the system failing, within the time bound', () => {
  const get = () => upstreamFetch('voucher-system', policy)(`${base}/x`);

  it('passes a good JSON answer through, parsed once', async () => {
    behaviour = json(200, { items: [1, 2] });
    const res = await get();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ items: [1, 2] });
  });

  it.each([
    [
      'malformed JSON',
      ((_q, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"items": [1, 2')) as Behaviour,
      /not valid JSON/,
    ],
    [
      'an HTML 200',
      ((_q, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>proxy error</html>')) as Behaviour,
      /text\/html, not JSON/,
    ],
    [
      'a truncated body',
      ((_q, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
        res.write('{"items": [');
        setTimeout(() => res.socket?.destroy(), 20); // the headers and part of the body are out
      }) as Behaviour,
      /cut off/,
    ],
    ['a connection cut before the answer', ((req) => req.socket.destroy()) as Behaviour, /did not answer/],
  ])('%s → UpstreamError naming the system, retried once for a read', async (_name, b, message) => {
    behaviour = b;
    const error = await failure(get());
    expect(error.system).toBe('voucher-system');
    expect(error.message).toMatch(message);
    expect(calls).toEqual(['GET', 'GET']);
  });

  it('a body that trickles in is cut off at the time bound', async () => {
    behaviour = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"items": [');
      const drip = setInterval(() => (res.destroyed ? clearInterval(drip) : res.write('1,')), 100);
      res.on('close', () => clearInterval(drip));
    };
    const started = Date.now();
    const error = await failure(upstreamFetch('voucher-system', { ...policy, retries: 0 })(`${base}/x`));
    expect(error.message).toMatch(/no answer in 400 ms/);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('a body over the size bound is refused', async () => {
    behaviour = json(200, { blob: 'x'.repeat(5_000) });
    const error = await failure(upstreamFetch('voucher-system', { ...policy, retries: 0, maxBodyBytes: 1_000 })(`${base}/x`));
    expect(error.message).toMatch(/body of \d+ bytes|over 1000 bytes/);
  });

  it('answers about the request (4xx, 500) come back for the client to read, error pages included', async () => {
    behaviour = json(404, { title: 'no such voucher' }, { 'content-type': 'application/problem+json' });
    const notFound = await get();
    expect(notFound.status).toBe(404);
    expect(await notFound.json()).toEqual({ title: 'no such voucher' });
    behaviour = (_req, res) => res.writeHead(500, { 'content-type': 'text/html' }).end('<h1>oops</h1>');
    expect((await get()).status).toBe(500);
    expect(calls).toEqual(['GET', 'GET']); // not retried: an answer, not an outage
  });
});

describe('retries: safe reads only, after at least the Retry-After asked for', () => {
  it('a write is sent once', async () => {
    behaviour = json(503, {});
    await failure(
      upstreamFetch('voucher-system', policy)(`${base}/w`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }),
    );
    expect(calls).toEqual(['POST']);
  });

  it('a read waits the Retry-After out before its retry', async () => {
    let n = 0;
    behaviour = (req, res) => (n++ === 0 ? json(503, {}, { 'retry-after': '1' })(req, res) : json(200, { ok: true })(req, res));
    const started = Date.now();
    const res = await upstreamFetch('voucher-system', policy)(`${base}/r`);
    expect(await res.json()).toEqual({ ok: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('a read is not retried when the system asks for longer than a read may wait', async () => {
    behaviour = json(503, {}, { 'retry-after': '30' });
    const started = Date.now();
    await failure(upstreamFetch('voucher-system', policy)(`${base}/r`));
    expect(calls).toEqual(['GET']);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('reads Retry-After as seconds or an HTTP date, bounded', () => {
    expect(retryAfterMs('2', 60_000)).toBe(2_000);
    expect(retryAfterMs('999', 60_000)).toBe(60_000);
    expect(retryAfterMs(new Date(Date.now() + 10_000).toUTCString(), 60_000)).toBeGreaterThan(8_000);
    expect(retryAfterMs('soon', 60_000)).toBeNull();
    expect(retryAfterMs(null, 60_000)).toBeNull();
  });

  it('a caller that gives up is not the system failing', async () => {
    behaviour = (_req, res) => setTimeout(() => json(200, {})(_req, res), 300);
    const error = await failure(upstreamFetch('voucher-system', policy)(`${base}/r`, { signal: AbortSignal.timeout(50) }));
    expect(error.message).toMatch(/gave up/);
    expect(calls).toEqual(['GET']);
  });
});

describe('the circuit breaker, per system', () => {
  it('opens after consecutive failures: then errors come at once, without calling; it closes when the system is back', async () => {
    const breaking: RetryPolicy = { timeoutMs: 200, retries: 0, backoffMs: 10, breakerThreshold: 3, halfOpenMs: 300 };
    const get = upstreamFetch('client-record-system', breaking);
    behaviour = json(503, {});
    for (let i = 0; i < 3; i++) await failure(get(`${base}/b`));
    expect(calls).toHaveLength(3);
    expect(breakerStates()).toContainEqual({ system: 'client-record-system', state: 'open' });

    const started = Date.now();
    const fast = await failure(get(`${base}/b`));
    expect(Date.now() - started).toBeLessThan(50);
    expect(fast.message).toMatch(/failing fast/);
    expect(calls).toHaveLength(3); // the system was not called

    behaviour = json(200, { ok: true });
    await new Promise((r) => setTimeout(r, 350));
    expect(await (await get(`${base}/b`)).json()).toEqual({ ok: true }); // the trial call
    expect(breakerStates()).toContainEqual({ system: 'client-record-system', state: 'closed' });
  });

  it('stays open at least as long as the Retry-After of the failure that opened it', async () => {
    const breaking: RetryPolicy = { timeoutMs: 200, retries: 0, backoffMs: 10, breakerThreshold: 1, halfOpenMs: 100 };
    const get = upstreamFetch('provider-catalogue', breaking);
    behaviour = json(503, {}, { 'retry-after': '1' });
    await failure(get(`${base}/c`));
    behaviour = json(200, {});
    await new Promise((r) => setTimeout(r, 300));
    expect((await failure(get(`${base}/c`))).message).toMatch(/failing fast/);
    await new Promise((r) => setTimeout(r, 800));
    expect((await get(`${base}/c`)).status).toBe(200);
  });
});

describe('settings', () => {
  it('refuses a malformed setting with a message that says what is expected', () => {
    expect(() => policyFromEnv({ UPSTREAM_TIMEOUT_MS: '2s' })).toThrow(
      /UPSTREAM_TIMEOUT_MS must be a whole number of at least 1, without a unit/,
    );
    expect(() => policyFromEnv({ UPSTREAM_RETRIES: '-1' })).toThrow(/UPSTREAM_RETRIES/);
    expect(policyFromEnv({ UPSTREAM_TIMEOUT_MS: '1500', UPSTREAM_RETRIES: '0' })).toMatchObject({ timeoutMs: 1500, retries: 0 });
  });
});
