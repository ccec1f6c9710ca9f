/**
 * The keep-alive exchange against a real HTTP server: connections reused and bounded, idle ones
 * closed before the server would, an exchange cut by its signal, bodies over the bound (declared
 * or streamed) refused, a body cut mid-way told apart from a failed connection.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BodyCutOff, BodyTooLarge, KeepAliveHttp } from './keep-alive-http.js';

let server: http.Server;
let base: string;
let connections = 0;
const closedEarly: string[] = [];

beforeAll(async () => {
  server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    res.on('close', () => (res.writableFinished ? undefined : closedEarly.push(req.url!)));
    switch (req.url) {
      case '/hang':
        return; // never answers
      case '/slow':
        return void setTimeout(() => res.end('{}'), 100);
      case '/large': {
        const large = JSON.stringify({ blob: 'x'.repeat(5_000) });
        return void res.writeHead(200, { 'content-type': 'application/json', 'content-length': large.length }).end(large);
      }
      case '/streamed': {
        // No Content-Length: the size is known only by reading.
        res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
        for (let i = 0; i < 5; i++) res.write('x'.repeat(1_000));
        return void res.end();
      }
      case '/cut':
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
        res.write('{"items": [');
        return void setTimeout(() => res.socket?.destroy(), 20);
      case '/unavailable':
        return void res.writeHead(503, { 'retry-after': '1', 'content-type': 'text/html' }).end('<h1>down</h1>');
      default:
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ method: req.method, echo: Buffer.concat(chunks).toString(), length: req.headers['content-length'] }));
    }
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const get = { method: 'GET', headers: {} };
const failure = (run: Promise<unknown>) =>
  run.then(
    () => null,
    (e: unknown) => e as Error,
  );

describe('connections', () => {
  it('reuses one connection for exchanges one after another, a body sent with its length', async () => {
    const client = new KeepAliveHttp();
    const before = connections;
    for (let i = 0; i < 5; i++) {
      const answer = await client.exchange(new URL(`${base}/echo`), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: i % 2 ? Buffer.from(`{"n":${i}}`) : `{"n":${i}}`,
      });
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toBe('application/json');
      expect(JSON.parse(answer.body.toString())).toEqual({ method: 'POST', echo: `{"n":${i}}`, length: String(`{"n":${i}}`.length) });
    }
    expect(connections - before).toBe(1);
    client.close();
  });

  it('opens at most maxSockets connections to an origin; the requests beyond wait their turn', async () => {
    const client = new KeepAliveHttp({ maxSockets: 2 });
    const before = connections;
    const answers = await Promise.all(Array.from({ length: 6 }, () => client.exchange(new URL(`${base}/slow`), get)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(connections - before).toBe(2);
    client.close();
  });

  it('closes an idle connection after idleMs, so the next exchange opens a new one', async () => {
    const client = new KeepAliveHttp({ idleMs: 100 });
    const before = connections;
    await client.exchange(new URL(`${base}/echo`), get);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await client.exchange(new URL(`${base}/echo`), get);
    expect(connections - before).toBe(2);
    client.close();
  });
});

describe('bounds', () => {
  it('an abort cuts the exchange at once, with the signal’s reason, and the server sees the connection close', async () => {
    const client = new KeepAliveHttp();
    const started = Date.now();
    const error = await failure(client.exchange(new URL(`${base}/hang`), { ...get, signal: AbortSignal.timeout(100) }));
    expect(error?.name).toBe('TimeoutError');
    expect(Date.now() - started).toBeLessThan(1_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closedEarly).toContain('/hang');
    const aborted = new AbortController();
    aborted.abort();
    expect((await failure(client.exchange(new URL(`${base}/echo`), { ...get, signal: aborted.signal })))?.name).toBe('AbortError');
    client.close();
  });

  it('refuses a body over the bound, declared by its Content-Length or found while reading', async () => {
    const client = new KeepAliveHttp();
    const declared = await failure(client.exchange(new URL(`${base}/large`), { ...get, maxBodyBytes: 1_000 }));
    expect(declared).toBeInstanceOf(BodyTooLarge);
    expect(declared?.message).toMatch(/^a body of 50\d\d bytes$/);
    const streamed = await failure(client.exchange(new URL(`${base}/streamed`), { ...get, maxBodyBytes: 1_000 }));
    expect(streamed).toBeInstanceOf(BodyTooLarge);
    expect(streamed?.message).toBe('a body over 1000 bytes');
    expect((await client.exchange(new URL(`${base}/streamed`), { ...get, maxBodyBytes: 5_000 })).body.length).toBe(5_000);
    client.close();
  });

  it('a body cut off mid-way is BodyCutOff; a connection that fails before the answer is not', async () => {
    const client = new KeepAliveHttp();
    expect(await failure(client.exchange(new URL(`${base}/cut`), get))).toBeInstanceOf(BodyCutOff);
    const refused = await failure(client.exchange(new URL('http://127.0.0.1:1/'), get));
    expect(refused?.message).toMatch(/ECONNREFUSED/);
    expect(refused).not.toBeInstanceOf(BodyCutOff);
    client.close();
  });

  it('answers at once without the body for the statuses skipped, and the next exchange still works', async () => {
    const client = new KeepAliveHttp();
    const answer = await client.exchange(new URL(`${base}/unavailable`), { ...get, skipBodyOf: (status) => status === 503 });
    expect([answer.status, answer.headers['retry-after'], answer.body.length]).toEqual([503, '1', 0]);
    expect((await client.exchange(new URL(`${base}/unavailable`), get)).body.toString()).toBe('<h1>down</h1>');
    expect((await client.exchange(new URL(`${base}/echo`), get)).status).toBe(200);
    client.close();
  });
});
