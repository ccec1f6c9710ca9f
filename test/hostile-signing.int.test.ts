/**
 * Issue 10, items 1 and 2, performed through real HTTP: a viewer header captured between the
 * gateway and a subgraph is replayed with another query, against another subgraph and a second
 * time; headers signed with the right secret but without `exp`, too old or too long-lived are
 * sent. Each must get UNAUTHENTICATED and no data (lib/viewer.ts).
 *
 * The capture is what an attacker inside the network sees: a second gateway reaches the
 * client-records subgraph through a recording relay, which keeps the header and body of every
 * fetch — and, when told to hold, keeps them without passing them on, so the test can show the
 * captured header was good for exactly its own request, once.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authFromDevIssuer } from '../gateway/auth/index.js';
import { startGateway, type RunningGateway } from '../gateway/server.js';
import { bodyHash, VIEWER_HEADER } from '../lib/viewer.js';
import { startStack, type Stack } from './stack.js';
import { claims } from './support/index.js';

interface Captured {
  header: string;
  body: string;
}

/** A relay in front of one subgraph that records each fetch's viewer header and body. */
async function startRecordingRelay(target: string) {
  const captured: Captured[] = [];
  const relay = { captured, hold: false, url: '', close: () => new Promise<void>((r) => server.close(() => r())) };
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    captured.push({ header: String(req.headers[VIEWER_HEADER] ?? ''), body });
    if (relay.hold) {
      res.writeHead(503).end();
      return;
    }
    const answer = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [VIEWER_HEADER]: String(req.headers[VIEWER_HEADER] ?? '') },
      body,
    });
    res
      .writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' })
      .end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  relay.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  return relay;
}

let stack: Stack;
let relay: Awaited<ReturnType<typeof startRecordingRelay>>;
let gateway: RunningGateway;
beforeAll(async () => {
  stack = await startStack();
  relay = await startRecordingRelay(stack.subgraphUrls['client-records']);
  gateway = await startGateway({
    auth: authFromDevIssuer(stack.issuer),
    signingSecret: stack.signingSecret,
    subgraphUrls: { ...stack.subgraphUrls, 'client-records': relay.url },
  });
});
afterAll(async () => {
  await gateway?.close();
  await relay?.close();
  await stack?.close();
});

/** POSTs `body` straight to a subgraph with `header`, as someone inside the network would. */
async function direct(url: string, header: string, body: string) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', [VIEWER_HEADER]: header }, body });
  return { status: res.status, ...((await res.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] }) };
}

function expectRefused(answer: Awaited<ReturnType<typeof direct>>, what: string) {
  expect(answer.status, what).toBe(401);
  expect(answer.data ?? null, what).toBeNull();
  expect(
    answer.errors?.map((e) => e.extensions?.code),
    what,
  ).toEqual(['UNAUTHENTICATED']);
}

const ME = '{ me { subject role municipalityCode } }';
/** What an attacker wants instead: identity codes, outside the gateway's limits and audit. */
const STEAL = JSON.stringify({ query: '{ clients(first: 100) { totalCount edges { node { id personalIdentityCode } } } }' });

async function captureOne(hold: boolean): Promise<Captured> {
  relay.hold = hold;
  relay.captured.length = 0;
  const token = await stack.token(claims.caseWorker());
  const res = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: ME }),
  });
  const answer = (await res.json()) as { data?: { me?: unknown } | null };
  if (!hold) expect(answer.data?.me).toMatchObject({ role: 'CASE_WORKER', municipalityCode: '205' });
  expect(relay.captured).toHaveLength(1);
  return relay.captured[0]!;
}

describe('a viewer header captured between the gateway and a subgraph', () => {
  it('is refused with another query, and against any other subgraph; good once for its own request, then refused', async () => {
    const { header, body } = await captureOne(true);
    expect(header).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    // (a) The same subgraph, another query: the body's hash does not match.
    expectRefused(await direct(stack.subgraphUrls['client-records'], header, STEAL), 'another body');
    // (b) Another subgraph, with the same body and with its own kind of query: not its audience.
    for (const name of ['vouchers', 'providers', 'audit'] as const) {
      expectRefused(await direct(stack.subgraphUrls[name], header, body), `${name}, same body`);
      expectRefused(
        await direct(stack.subgraphUrls[name], header, JSON.stringify({ query: '{ _service { sdl } }' })),
        `${name}, another body`,
      );
    }
    // The header is genuine: its own request, sent by the relay that held it, is answered once…
    const first = await direct(stack.subgraphUrls['client-records'], header, body);
    expect(first.status).toBe(200);
    expect(first.data?.me).toMatchObject({ subject: 'cw-0001', role: 'CASE_WORKER' });
    // (c) …and a second time refused: its id was seen.
    expectRefused(await direct(stack.subgraphUrls['client-records'], header, body), 'the same request again');
  });

  it('is spent once the gateway has used it: replaying the exact request is refused', async () => {
    const { header, body } = await captureOne(false);
    expectRefused(await direct(stack.subgraphUrls['client-records'], header, body), 'replayed after the gateway used it');
    expectRefused(await direct(stack.subgraphUrls['client-records'], header, STEAL), 'replayed with another body');
  });

  it('every fetch of an operation carries its own header', async () => {
    relay.hold = false;
    relay.captured.length = 0;
    const token = await stack.token(claims.caseWorker());
    for (let i = 0; i < 3; i++) {
      const res = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: ME }),
      });
      expect(res.status).toBe(200);
    }
    expect(new Set(relay.captured.map((c) => c.header)).size).toBe(3);
  });
});

describe('a header signed with the right secret is still refused when its life is not short', () => {
  const viewer = { role: 'CASE_WORKER', mun: '205' };
  const url = () => stack.subgraphUrls['client-records'];
  const now = () => Math.floor(Date.now() / 1000);
  /** Signs like the gateway (lib/viewer.ts) with the stack's own secret, then changes what `change` says. */
  async function craft(
    body: string,
    change: { iat?: number | null; exp?: number | null; jti?: string | null; bh?: string | null; aud?: string } = {},
  ) {
    const claims: Record<string, unknown> = { ...viewer, bh: change.bh === undefined ? bodyHash(body) : change.bh };
    if (claims.bh === null) delete claims.bh;
    let jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('cw-0001')
      .setIssuer('client-plan-gateway')
      .setAudience(change.aud ?? 'client-records');
    if (change.jti !== null) jwt = jwt.setJti(change.jti ?? randomUUID());
    const iat = change.iat === undefined ? now() : change.iat;
    if (iat !== null) jwt = jwt.setIssuedAt(iat);
    const exp = change.exp === undefined ? now() + 30 : change.exp;
    if (exp !== null) jwt = jwt.setExpirationTime(exp);
    return jwt.sign(stack.signingSecret);
  }

  it('refuses a header without exp, a stale one (iat 40 s ago), one living an hour, one without jti or body hash', async () => {
    const cases = {
      'no exp': { exp: null },
      'stale: iat 40 s ago, exp still ahead': { iat: now() - 40, exp: now() + 20 },
      'exp an hour after iat': { exp: now() + 3600 },
      'no iat': { iat: null },
      'iat a minute ahead': { iat: now() + 60, exp: now() + 90 },
      'no jti': { jti: null },
      'no body hash': { bh: null },
      'the old shared audience': { aud: 'client-plan-subgraphs' },
    } as const;
    for (const [what, change] of Object.entries(cases)) {
      const body = STEAL;
      expectRefused(await direct(url(), await craft(body, change), body), what);
    }
    // The same, with every claim as the gateway makes it, is answered: the refusals are about the claims.
    const ok = await direct(url(), await craft(STEAL), STEAL);
    expect(ok.status).toBe(200);
    expect(ok.data?.clients?.totalCount).toBeGreaterThan(0);
  });
});
