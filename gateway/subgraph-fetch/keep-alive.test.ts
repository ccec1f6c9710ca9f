/**
 * The gateway's HTTP client for subgraphs over real HTTP: connections are reused across fetches,
 * answers read as fetch's Response, a fetch cut by its signal, a refused connection an error.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepAliveFetch } from './keep-alive.js';

let server: http.Server;
let url: string;
let connections = 0;

beforeAll(async () => {
  server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.url === '/hang') return; // never answers
    if (req.url === '/empty') return void res.writeHead(204).end();
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ echo: Buffer.concat(chunks).toString(), method: req.method }));
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('keepAliveFetch', () => {
  it('reuses one connection for fetches one after another, and answers as fetch does', async () => {
    const fetcher = keepAliveFetch();
    const before = connections;
    for (let i = 0; i < 5; i++) {
      const response = await fetcher(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `{"n":${i}}`,
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(await response.json()).toEqual({ echo: `{"n":${i}}`, method: 'POST' });
    }
    expect(connections - before).toBe(1);
    expect((await fetcher(`${url}/empty`, { method: 'POST', body: '' })).status).toBe(204);
    fetcher.close();
  });

  it('cuts a fetch when its signal aborts', async () => {
    const fetcher = keepAliveFetch();
    const started = Date.now();
    await expect(fetcher(`${url}/hang`, { method: 'POST', body: '{}', signal: AbortSignal.timeout(200) })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(3000);
    fetcher.close();
  });

  it('rejects when nothing listens', async () => {
    const fetcher = keepAliveFetch();
    await expect(fetcher('http://127.0.0.1:1/graphql', { method: 'POST', body: '{}' })).rejects.toThrow(/ECONNREFUSED/);
    fetcher.close();
  });
});
