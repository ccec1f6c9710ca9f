/**
 * OpenTelemetry traces, off unless asked for. Each process's entry point calls
 * `startTelemetry(name)` first; with `OTEL_TRACES_EXPORTER=otlp` the standard Node SDK then traces
 * incoming and outgoing HTTP (`node:http` servers, `fetch` through undici) with W3C trace-context
 * propagation, so one operation is one trace from the gateway through the subgraphs to the
 * systems, and @apollo/gateway's own spans (gateway.request, gateway.plan, gateway.fetch …) join
 * it. Spans go to `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) as
 * OTLP/HTTP JSON.
 *
 * Why nothing at all otherwise: the SDK's own default would export to localhost:4318 — a call
 * nobody configured (DESIGN.md principle 11). So `OTEL_TRACES_EXPORTER` unset (or `none`) starts
 * no tracer, patches nothing and sends nothing; `OTEL_SDK_DISABLED=true` wins over everything.
 * No resource detectors either: the cloud ones call metadata services.
 *
 * Privacy: a span leaves the process only through `privateSpans` below — query strings (a FHIR
 * search by identity code, GraphQL variables in a GET) keep their parameter names with the values
 * redacted, callers' addresses are dropped, and exception and status messages (which may echo
 * input) are dropped, their types kept. No header is recorded.
 *
 * ESM: the entry points are ES modules whose static imports (express, Apollo) load `node:http`
 * before this runs. That is fine: the HTTP instrumentation patches the shared `http` module
 * object and `http.Server.prototype` in place — every server made afterwards is traced — and
 * `fetch` is traced through undici's diagnostics channels, which need no loader hook.
 */
import { createRequire } from 'node:module';
import { context, trace, SpanStatusCode, type Attributes, type AttributeValue } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-node';
import type { ExportResult } from '@opentelemetry/core';

export interface Telemetry {
  /** Exports what is pending, then stops tracing. */
  shutdown(): Promise<void>;
}

/** Attributes whose value is a URL or its query: kept with every query value redacted. */
const URL_ATTRIBUTES = new Set(['url.full', 'url.query', 'http.url', 'http.target', 'url.original']);
/** Who called (an end user's address at the gateway): not kept. */
const CALLER_ATTRIBUTES = new Set([
  'client.address',
  'http.client_ip',
  'net.peer.ip',
  'network.peer.address',
  'net.sock.peer.addr',
  'http.request.header.x-forwarded-for',
]);
/** Of an exception event, only its type leaves: messages and stacks may echo the caller's input. */
const EXCEPTION_KEPT = new Set(['exception.type', 'exception.escaped']);

/** `…?identifier=urn:oid:1.2.246.21|010101-123N&_count=5` → `…?identifier=REDACTED&_count=REDACTED`. */
export function redactQuery(value: string): string {
  const at = value.indexOf('?');
  const query = at < 0 ? (/^[^/]*=/.test(value) ? value : null) : value.slice(at + 1);
  if (query === null) return value;
  const hashAt = query.indexOf('#');
  const redacted = (hashAt < 0 ? query : query.slice(0, hashAt))
    .split('&')
    .map((pair) => (pair.includes('=') ? `${pair.slice(0, pair.indexOf('='))}=REDACTED` : pair))
    .join('&');
  return at < 0 ? redacted : `${value.slice(0, at)}?${redacted}`;
}

function privateAttributes(attributes: Attributes): Attributes {
  const kept: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (CALLER_ATTRIBUTES.has(key)) continue;
    kept[key] = URL_ATTRIBUTES.has(key) && typeof value === 'string' ? redactQuery(value) : (value as AttributeValue);
  }
  return kept;
}

/** The span as it may leave: the same span, seen through the redactions above. */
export function privateSpan(span: ReadableSpan): ReadableSpan {
  const attributes = privateAttributes(span.attributes);
  const events = span.events.map((event) =>
    event.name === 'exception'
      ? { ...event, attributes: Object.fromEntries(Object.entries(event.attributes ?? {}).filter(([k]) => EXCEPTION_KEPT.has(k))) }
      : { ...event, attributes: event.attributes && privateAttributes(event.attributes) },
  );
  const status = span.status.code === SpanStatusCode.ERROR ? { code: SpanStatusCode.ERROR } : span.status;
  return new Proxy(span, {
    get(target, key, receiver) {
      if (key === 'attributes') return attributes;
      if (key === 'events') return events;
      if (key === 'status') return status;
      return Reflect.get(target, key, receiver);
    },
  });
}

/** An exporter that sends only private spans (privateSpan). */
class PrivateSpanExporter implements SpanExporter {
  constructor(private readonly inner: SpanExporter) {}
  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.inner.export(spans.map(privateSpan), done);
  }
  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

/** The exporters `OTEL_TRACES_EXPORTER` asks for that we have: `otlp`, or none (unset, `none`, anything else). */
export function tracesExporterOf(env: NodeJS.ProcessEnv = process.env): 'otlp' | null {
  if ((env.OTEL_SDK_DISABLED ?? '').trim().toLowerCase() === 'true') return null;
  const asked = (env.OTEL_TRACES_EXPORTER ?? '').split(',').map((s) => s.trim().toLowerCase());
  return asked.includes('otlp') ? 'otlp' : null;
}

let running: Telemetry | null = null;

/**
 * Starts tracing for this process as `serviceName` (OTEL_SERVICE_NAME overrides it) when the
 * environment asks for an exporter; returns null, having done nothing, when it does not. Once a
 * process: `npm start` runs every part in one process, whose spans then share one SDK.
 */
export function startTelemetry(serviceName: string, env: NodeJS.ProcessEnv = process.env): Telemetry | null {
  if (running) return running;
  const exporter = tracesExporterOf(env);
  if (!exporter) return null;
  const resource = resourceFromAttributes({ 'service.name': serviceName }).merge(detectResources({ detectors: [envDetector] }));
  const provider = new NodeTracerProvider({
    resource,
    // The exporter reads OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT and _HEADERS itself; the batch, OTEL_BSP_*.
    spanProcessors: [new BatchSpanProcessor(new PrivateSpanExporter(new OTLPTraceExporter()))],
  });
  // The W3C trace-context and baggage propagators, and the async-hooks context manager.
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        // Probes and scrapes are not operations.
        ignoreIncomingRequestHook: (request) => /^\/(health|ready|metrics)\b/.test(request.url ?? ''),
      }),
      new UndiciInstrumentation(),
    ],
  });
  // The http module was loaded by the entry point's imports already: requiring it again now
  // runs the instrumentation's hook, which patches it in place (see ESM above).
  createRequire(import.meta.url)('node:http');
  // Spans still in the batch go out when the process is told to stop (lib/graceful-stop.ts
  // stopOnSignals stops the servers, then exits).
  const flush = () => void provider.forceFlush().catch(() => undefined);
  process.once('SIGTERM', flush);
  process.once('SIGINT', flush);
  running = {
    async shutdown() {
      process.off('SIGTERM', flush);
      process.off('SIGINT', flush);
      await provider.shutdown();
      running = null;
    },
  };
  return running;
}

/** The trace id of the span in progress, when one is (for log lines beside the request id). */
export function currentTraceId(): string | undefined {
  const span = trace.getSpan(context.active());
  const id = span?.spanContext().traceId;
  return id && !/^0+$/.test(id) && span?.isRecording() ? id : undefined;
}
