/**
 * Issue 11, point 7: traces, performed on the stack as people start it (`npm start`, i.e.
 * scripts/start.ts, as a process of its own in a fresh checkout) with a tiny OTLP/HTTP receiver
 * standing in for a collector.
 *
 * - With OTEL_TRACES_EXPORTER=otlp and OTEL_EXPORTER_OTLP_ENDPOINT, one operation is one trace —
 *   continuing the caller's W3C traceparent — through the gateway (its HTTP server and
 *   @apollo/gateway's spans), a subgraph and a stand-in of an existing system; no span carries
 *   an identity code or a name, and query strings arrive with their values redacted.
 * - Without OTEL_TRACES_EXPORTER (the endpoint set all the same), or with OTEL_SDK_DISABLED=true,
 *   nothing is sent: not to the endpoint, not to the SDK's default localhost:4318.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DevIssuer } from '../gateway/auth/dev-issuer.js';
import { SHARED_PLAN } from './queries.js';
import { claims, freePort, runPart, type RunningProcess } from './support/index.js';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: Record<string, unknown> }[];
  events?: { name: string; attributes?: { key: string; value: Record<string, unknown> }[] }[];
}
interface Received {
  service: string;
  scope: string;
  span: OtlpSpan;
}

/** An OTLP/HTTP receiver (JSON): every span posted to /v1/traces, and every request at all. */
async function otlpReceiver() {
  const spans: Received[] = [];
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push(`${req.method} ${req.url} ${req.headers['content-type']}`);
      if (req.url === '/v1/traces') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          resourceSpans: {
            resource: { attributes: OtlpSpan['attributes'] };
            scopeSpans: { scope: { name: string }; spans: OtlpSpan[] }[];
          }[];
        };
        for (const rs of body.resourceSpans) {
          const service = String(rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue);
          for (const ss of rs.scopeSpans) for (const span of ss.spans) spans.push({ service, scope: ss.scope.name, span });
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    port: (server.address() as AddressInfo).port,
    spans,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const checkout = mkdtempSync(join(tmpdir(), 'checkout-otel-'));
const outboundLog = join(mkdtempSync(join(tmpdir(), 'outbound-otel-')), 'attempts.jsonl');
const PORT_NAMES = [
  'PORT',
  'CLIENT_RECORDS_PORT',
  'VOUCHERS_PORT',
  'PROVIDERS_PORT',
  'AUDIT_PORT',
  'CLIENT_RECORD_SYSTEM_PORT',
  'VOUCHER_SYSTEM_PORT',
  'QUIET_GATEWAY',
  'DISABLED_GATEWAY',
] as const;
const ports = {} as Record<(typeof PORT_NAMES)[number], number>;
let collector: Awaited<ReturnType<typeof otlpReceiver>>;
/** Where the processes told not to trace would send, if they did. */
let unused: Awaited<ReturnType<typeof otlpReceiver>>;
let stack: RunningProcess;
let quiet: RunningProcess;
let disabled: RunningProcess;

beforeAll(async () => {
  [collector, unused] = await Promise.all([otlpReceiver(), otlpReceiver()]);
  for (const name of PORT_NAMES) ports[name] = await freePort();
  const { QUIET_GATEWAY, DISABLED_GATEWAY, ...stackPorts } = ports;
  const base = { NODE_ENV: 'development', LOG_LEVEL: 'warn' };
  stack = runPart('scripts/start.ts', checkout, {
    ...base,
    ...Object.fromEntries(Object.entries(stackPorts).map(([k, v]) => [k, String(v)])),
    OTEL_TRACES_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_BSP_SCHEDULE_DELAY: '200',
  });
  await stack.waitFor(/The shared client-plan graph is running/, 150_000);
  // Two gateways alone over the stack's subgraphs: one with the endpoint but no exporter asked
  // for, one with the exporter asked for but the SDK disabled.
  const gatewayAlone = (port: number, otel: Record<string, string>) =>
    runPart('gateway/main.ts', checkout, {
      ...base,
      PORT: String(port),
      CLIENT_RECORDS_URL: `http://127.0.0.1:${ports.CLIENT_RECORDS_PORT}/graphql`,
      VOUCHERS_URL: `http://127.0.0.1:${ports.VOUCHERS_PORT}/graphql`,
      PROVIDERS_URL: `http://127.0.0.1:${ports.PROVIDERS_PORT}/graphql`,
      AUDIT_URL: `http://127.0.0.1:${ports.AUDIT_PORT}/graphql`,
      OTEL_BSP_SCHEDULE_DELAY: '200',
      RECORD_OUTBOUND_FILE: outboundLog,
      ...otel,
    });
  quiet = gatewayAlone(QUIET_GATEWAY, { OTEL_EXPORTER_OTLP_ENDPOINT: unused.url });
  disabled = gatewayAlone(DISABLED_GATEWAY, {
    OTEL_SDK_DISABLED: 'true',
    OTEL_TRACES_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_ENDPOINT: unused.url,
  });
  await Promise.all([quiet.waitFor(/gateway: http/), disabled.waitFor(/gateway: http/)]);
}, 240_000);

afterAll(async () => {
  await Promise.all([stack, quiet, disabled].map((p) => p?.stop()));
  await Promise.all([collector?.close(), unused?.close()]);
  for (const dir of [checkout, dirname(outboundLog)]) rmSync(dir, { recursive: true, force: true });
});

async function sharedPlan(port: number, headers: Record<string, string> = {}) {
  const issuer = await DevIssuer.fromFile(join(checkout, '.data', 'dev-issuer', 'key.json'));
  const token = await issuer.sign(claims.caseWorker());
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify({ query: SHARED_PLAN, variables: { id: 'cl-00001' } }),
  });
  const body = (await res.json()) as { data?: any; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  return body.data.client;
}

const attribute = (span: OtlpSpan, key: string) => {
  const value = span.attributes.find((a) => a.key === key)?.value;
  return value && (value.stringValue ?? (value.intValue !== undefined ? Number(value.intValue) : undefined));
};
const SERVER = 2;

describe('traces', () => {
  it('with OTEL_TRACES_EXPORTER=otlp: one trace from the caller through gateway, subgraph and system, with nothing personal in it', async () => {
    const traceId = randomBytes(16).toString('hex');
    const client = await sharedPlan(ports.PORT, { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` });
    const servedBy = (port: number) => (r: Received) =>
      r.span.traceId === traceId && r.span.kind === SERVER && attribute(r.span, 'server.port') === port;
    await vi.waitFor(
      () => {
        expect(collector.spans.some(servedBy(ports.PORT))).toBe(true);
        expect(collector.spans.some(servedBy(ports.CLIENT_RECORDS_PORT))).toBe(true);
        expect(collector.spans.some(servedBy(ports.CLIENT_RECORD_SYSTEM_PORT))).toBe(true);
        expect(collector.spans.some(servedBy(ports.VOUCHER_SYSTEM_PORT))).toBe(true);
      },
      { timeout: 20_000, interval: 250 },
    );
    const trace = collector.spans.filter((r) => r.span.traceId === traceId);
    expect(new Set(trace.map((r) => r.service))).toEqual(new Set(['client-plan-graph']));
    // @apollo/gateway's own spans join the trace: the request, its plan, a fetch per subgraph.
    const names = new Set(trace.map((r) => r.span.name));
    for (const name of ['gateway.request', 'gateway.plan', 'gateway.execute', 'gateway.fetch']) expect(names, name).toContain(name);
    // Every span has its parent in the trace, but the gateway's server span, whose parent is the caller's.
    const ids = new Set(trace.map((r) => r.span.spanId));
    const roots = trace.filter((r) => !r.span.parentSpanId || !ids.has(r.span.parentSpanId));
    expect(roots.map((r) => [r.span.kind, attribute(r.span, 'server.port')])).toEqual([[SERVER, ports.PORT]]);
    // Query strings (FHIR searches, the voucher system's filters) keep their names, not their values.
    const queries = collector.spans.flatMap((r) =>
      r.span.attributes
        .filter((a) => ['url.query', 'url.full', 'http.url', 'http.target'].includes(a.key))
        .map((a) => String(a.value.stringValue)),
    );
    expect(queries.filter((q) => q.includes('=')).length).toBeGreaterThan(0);
    for (const q of queries) expect(q.replace(/=REDACTED/g, '')).not.toContain('=');
    // Nothing personal anywhere: not the identity code, not a name, not the case worker's email.
    const everything = JSON.stringify(collector.spans);
    for (const value of [
      client.personalIdentityCode,
      client.firstName,
      client.lastName,
      client.responsibleWorker.name,
      client.responsibleWorker.email,
    ])
      expect(everything, value).not.toContain(value);
    console.log(
      `trace ${traceId}: ${trace.length} spans —`,
      [...new Set(trace.map((r) => `${r.scope.replace('@opentelemetry/instrumentation-', '')}:${r.span.name}`))].join(', '),
    );
  });

  it('without OTEL_TRACES_EXPORTER, or with OTEL_SDK_DISABLED=true, nothing is sent anywhere', async () => {
    await sharedPlan(ports.QUIET_GATEWAY);
    await sharedPlan(ports.DISABLED_GATEWAY);
    // A batch would have gone after 200 ms, and at the latest on a graceful stop.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await quiet.stop()).toBe(0);
    expect(await disabled.stop()).toBe(0);
    expect(unused.requests).toEqual([]);
    const attempts = readFileSync(outboundLog, 'utf8')
      .split('\n')
      .filter(Boolean)
      // Ports as the connecting library gave them: a number, or a URL's string.
      .map((line) => JSON.parse(line) as { kind: string; port?: number | string })
      .map((a) => ({ ...a, port: a.port === undefined ? undefined : Number(a.port) }));
    // The record works (the gateways reached their subgraphs), and holds no attempt at an OTLP endpoint.
    expect(attempts.some((a) => a.kind === 'connect' && a.port === ports.CLIENT_RECORDS_PORT)).toBe(true);
    expect(attempts.filter((a) => a.port === unused.port || a.port === 4318)).toEqual([]);
  });
});
