/**
 * Issue 10, items 1 and 12, performed on the stack as people start it: `npm start`
 * (scripts/start.ts) in a fresh checkout with no configuration but free ports, a gateway started alone in the
 * same checkout, and a subgraph started alone in another checkout — each its own process.
 *
 * 1. Known signing secret by default: without SUBGRAPH_SIGNING_SECRET each checkout makes its
 *    own random secret (`.data/subgraph-signing-secret`, 0600), which its processes share and
 *    no other checkout has; no string in the source (nor the development secret the source
 *    once published) forges a viewer; every server listens on loopback only.
 * 12. Telemetry: with APOLLO_KEY, APOLLO_GRAPH_REF and APOLLO_SCHEMA_REPORTING set, and every
 *    proxy variable pointing at a local listener, start-up, a query and a graceful stop make
 *    no connection and no name lookup outside the machine (watched at the socket layer of each
 *    process: test/support/record-outbound.mjs), and nothing reaches the proxy.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevIssuer } from '../gateway/auth/dev-issuer.js';
import { signViewer, VIEWER_HEADER, type Viewer } from '../lib/viewer.js';
import { claims, freePort, runPart, viewerOf, type RunningProcess } from './support/index.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const checkoutA = mkdtempSync(join(tmpdir(), 'checkout-a-'));
const checkoutB = mkdtempSync(join(tmpdir(), 'checkout-b-'));
const outboundLog = join(mkdtempSync(join(tmpdir(), 'outbound-')), 'attempts.jsonl');
const secretFile = (checkout: string) => join(checkout, '.data', 'subgraph-signing-secret');

/** The development secret lib/viewer.ts published until issue 10: everyone knows it now. */
const ONCE_PUBLISHED = 'dev-only-subgraph-signing-secret-change-me-in-production';

/** Where an outbound call would go instead, if a library honoured the proxy variables. */
let proxy: net.Server;
const proxied: string[] = [];
/** `npm start`'s eight servers (by their settings' names; metrics too), the gateway started alone, the subgraph of checkout B. */
const PORT_NAMES = [
  'PORT',
  'METRICS_PORT',
  'CLIENT_RECORDS_PORT',
  'VOUCHERS_PORT',
  'PROVIDERS_PORT',
  'AUDIT_PORT',
  'CLIENT_RECORD_SYSTEM_PORT',
  'VOUCHER_SYSTEM_PORT',
  'GATEWAY_B',
  'SUBGRAPH_C',
] as const;
const ports = {} as Record<(typeof PORT_NAMES)[number], number>;
let stackA: RunningProcess;
let gatewayB: RunningProcess;
let subgraphC: RunningProcess;

beforeAll(async () => {
  proxy = net.createServer((socket) => {
    proxied.push(`${socket.remoteAddress}:${socket.remotePort}`);
    socket.destroy();
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const proxyUrl = `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
  for (const name of PORT_NAMES) ports[name] = await freePort();
  // None of our settings but ports (no HOST, no secret), and everything that asks Apollo's libraries to call out.
  const hostile = {
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    APOLLO_KEY: 'service:hostile-test:0123456789abcdef',
    APOLLO_GRAPH_REF: 'hostile-test@current',
    APOLLO_SCHEMA_REPORTING: 'true',
    HTTP_PROXY: proxyUrl,
    HTTPS_PROXY: proxyUrl,
    ALL_PROXY: proxyUrl,
    http_proxy: proxyUrl,
    https_proxy: proxyUrl,
    RECORD_OUTBOUND_FILE: outboundLog,
  };
  const { GATEWAY_B, SUBGRAPH_C, ...stackPorts } = ports;
  stackA = runPart('scripts/start.ts', checkoutA, {
    ...hostile,
    ...Object.fromEntries(Object.entries(stackPorts).map(([k, v]) => [k, String(v)])),
  });
  await stackA.waitFor(/The shared client-plan graph is running/, 120_000);
  const local = (port: number) => `http://127.0.0.1:${port}/graphql`;
  gatewayB = runPart('gateway/main.ts', checkoutA, {
    ...hostile,
    PORT: String(GATEWAY_B),
    CLIENT_RECORDS_URL: local(ports.CLIENT_RECORDS_PORT),
    VOUCHERS_URL: local(ports.VOUCHERS_PORT),
    PROVIDERS_URL: local(ports.PROVIDERS_PORT),
    AUDIT_URL: local(ports.AUDIT_PORT),
  });
  subgraphC = runPart('subgraphs/client-records/main.ts', checkoutB, { ...hostile, CLIENT_RECORDS_PORT: String(SUBGRAPH_C) });
  await Promise.all([gatewayB.waitFor(/gateway: http/), subgraphC.waitFor(/client-records subgraph at/)]);
}, 180_000);

afterAll(async () => {
  await Promise.all([stackA, gatewayB, subgraphC].map((p) => p?.stop()));
  await new Promise<void>((resolve) => proxy?.close(() => resolve()));
  for (const dir of [checkoutA, checkoutB, dirname(outboundLog)]) rmSync(dir, { recursive: true, force: true });
});

const caseWorker: Viewer = viewerOf(claims.caseWorker());
const STEAL = JSON.stringify({ query: '{ clients(first: 5) { totalCount edges { node { personalIdentityCode } } } }' });

/** POSTs STEAL to a client-records subgraph with a header signed by `secret`, as someone on the network would. */
async function stealWith(port: number, secret: Uint8Array) {
  const header = await signViewer(caseWorker, secret, { audience: 'client-records', body: STEAL });
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [VIEWER_HEADER]: header },
    body: STEAL,
  });
  return { status: res.status, ...((await res.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] }) };
}

async function queryGateway(port: number) {
  const issuer = await DevIssuer.fromFile(join(checkoutA, '.data', 'dev-issuer', 'key.json'));
  const token = await issuer.sign(claims.caseWorker());
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ me { role municipalityCode } serviceTypes { code } clients(first: 1) { totalCount } }' }),
  });
  return { status: res.status, ...((await res.json()) as { data?: any; errors?: unknown[] }) };
}

const secretOf = (checkout: string) => new TextEncoder().encode(readFileSync(secretFile(checkout), 'utf8').trim());

describe('item 1: no known signing secret by default', () => {
  it('each checkout makes its own random secret, kept 0600 in .data/, which its processes share', async () => {
    for (const checkout of [checkoutA, checkoutB]) {
      expect(existsSync(secretFile(checkout)), checkout).toBe(true);
      expect(statSync(secretFile(checkout)).mode & 0o777).toBe(0o600);
      expect(readFileSync(secretFile(checkout), 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(readFileSync(secretFile(checkoutA), 'utf8')).not.toBe(readFileSync(secretFile(checkoutB), 'utf8'));
    // Shared in checkout A: `npm start`'s gateway and a gateway started alone both reach A's subgraphs.
    for (const port of [ports.PORT, ports.GATEWAY_B]) {
      const answer = await queryGateway(port);
      expect(answer.errors, `gateway on ${port}`).toBeUndefined();
      expect(answer.data.me).toEqual({ role: 'CASE_WORKER', municipalityCode: '205' });
      expect(answer.data.clients.totalCount).toBeGreaterThan(0);
    }
    // Not shared across checkouts: A's secret is refused by B's subgraph, which takes its own.
    expect((await stealWith(ports.SUBGRAPH_C, secretOf(checkoutA))).status).toBe(401);
    expect((await stealWith(ports.CLIENT_RECORDS_PORT, secretOf(checkoutB))).status).toBe(401);
    expect((await stealWith(ports.SUBGRAPH_C, secretOf(checkoutB))).status).toBe(200);
  });

  it('no string in the source, nor the secret it once published, forges a viewer', async () => {
    const literals = new Set([ONCE_PUBLISHED, ...sourceLiterals()]);
    expect(literals.size).toBeGreaterThan(100);
    const accepted: string[] = [];
    const queue = [...literals];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let literal = queue.pop(); literal !== undefined; literal = queue.pop()) {
          const answer = await stealWith(ports.CLIENT_RECORDS_PORT, new TextEncoder().encode(literal));
          if (answer.status !== 401 || answer.data) accepted.push(literal);
        }
      }),
    );
    expect(accepted).toEqual([]);
    // The same request signed with the checkout's own secret is answered: the refusals are about the secret.
    const control = await stealWith(ports.CLIENT_RECORDS_PORT, secretOf(checkoutA));
    expect(control.status).toBe(200);
    expect(control.data.clients.edges[0].node.personalIdentityCode).toBeTruthy();
  });

  const external = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && !a.internal && a.family === 'IPv4')?.address;
  it.skipIf(!external)(
    `every server listens on loopback only, unless HOST says otherwise (probed at ${external ?? 'no external address'})`,
    async () => {
      const connects = (host: string, port: number) =>
        new Promise<boolean>((resolve) => {
          const socket = net.connect({ host, port, timeout: 2000 });
          socket.once('connect', () => (socket.destroy(), resolve(true)));
          socket.once('error', () => resolve(false));
          socket.once('timeout', () => (socket.destroy(), resolve(false)));
        });
      for (const [name, port] of Object.entries(ports)) {
        expect(await connects('127.0.0.1', port), `${name} on loopback`).toBe(true);
        expect(await connects(external!, port), `${name} on ${external}`).toBe(false);
      }
    },
  );
});

describe('item 12: no call outside the machine', () => {
  it('start-up, queries and a graceful stop, with APOLLO_KEY, APOLLO_GRAPH_REF, APOLLO_SCHEMA_REPORTING and proxies set: nothing leaves', async () => {
    expect((await queryGateway(ports.PORT)).status).toBe(200);
    expect((await queryGateway(ports.GATEWAY_B)).status).toBe(200);
    // Apollo's usage reports and @apollo/gateway's metrics are sent on stop, when not before.
    for (const part of [gatewayB, stackA, subgraphC]) expect(await part.stop()).toBe(0);
    const attempts = readFileSync(outboundLog, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { kind: string; host?: string; port?: number; path?: string });
    // The record works: each process's connections to its neighbours on loopback are in it.
    expect(attempts.filter((a) => a.kind === 'connect' && isLoopback(a.host)).length).toBeGreaterThan(0);
    expect(attempts.filter((a) => !a.path && !isLoopback(a.host))).toEqual([]);
    expect(proxied).toEqual([]);
  });
});

function isLoopback(host: string | undefined): boolean {
  return host !== undefined && (host === 'localhost' || host === '::1' || /^127\./.test(host) || host === '::ffff:127.0.0.1');
}

/** Every string literal of 32 characters or more in the repository's own non-test TypeScript. */
function sourceLiterals(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!['node_modules', '.data', '.git', 'dist', 'test', '__generated__'].includes(entry.name)) walk(path);
      } else if (/\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) {
        const text = readFileSync(path, 'utf8');
        for (const match of text.matchAll(/'([^'\\\n]{32,})'|"([^"\\\n]{32,})"|`([^`\\$]{32,})`/g))
          found.push(match[1] ?? match[2] ?? match[3]!);
      }
    }
  };
  walk(REPO);
  return found;
}
