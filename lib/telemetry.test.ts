/** What leaves the process in a span, and when tracing starts at all (lib/telemetry.ts). */
import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-node';
import { describe, expect, it } from 'vitest';
import { privateSpan, redactQuery, startTelemetry, tracesExporterOf } from './telemetry.js';

describe('tracing starts only when asked for', () => {
  it('OTEL_TRACES_EXPORTER=otlp asks; unset, none or another exporter does not; OTEL_SDK_DISABLED=true wins', () => {
    expect(tracesExporterOf({ OTEL_TRACES_EXPORTER: 'otlp' })).toBe('otlp');
    expect(tracesExporterOf({ OTEL_TRACES_EXPORTER: 'console, OTLP' })).toBe('otlp');
    expect(tracesExporterOf({})).toBeNull();
    expect(tracesExporterOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBeNull();
    expect(tracesExporterOf({ OTEL_TRACES_EXPORTER: 'none' })).toBeNull();
    expect(tracesExporterOf({ OTEL_TRACES_EXPORTER: 'zipkin' })).toBeNull();
    expect(tracesExporterOf({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_SDK_DISABLED: 'true' })).toBeNull();
    expect(startTelemetry('test', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' })).toBeNull();
  });
});

describe('spans leave without personal data', () => {
  it('keeps the names of query parameters, never their values', () => {
    expect(redactQuery('http://fhir:4101/fhir/Patient?identifier=urn:oid:1.2.246.21|131052-308T&_count=5')).toBe(
      'http://fhir:4101/fhir/Patient?identifier=REDACTED&_count=REDACTED',
    );
    expect(redactQuery('/graphql?query={client(id:"cl-1"){lastName}}&variables={}')).toBe('/graphql?query=REDACTED&variables=REDACTED');
    expect(redactQuery('?_id=cl-1,cl-2')).toBe('?_id=REDACTED');
    expect(redactQuery('name=Virtanen&flag')).toBe('name=REDACTED&flag');
    expect(redactQuery('/fhir/metadata')).toBe('/fhir/metadata');
  });

  it('drops callers’ addresses and the messages of exceptions and statuses', () => {
    const span = {
      name: 'GET',
      attributes: {
        'url.full': 'http://x/Patient?identifier=131052-308T',
        'client.address': '203.0.113.7',
        'http.response.status_code': 500,
      },
      events: [
        {
          name: 'exception',
          time: [0, 0],
          attributes: {
            'exception.type': 'GraphQLError',
            'exception.message': 'no client 131052-308T',
            'exception.stacktrace': 'GraphQLError: no client 131052-308T\n at …',
          },
        },
      ],
      status: { code: SpanStatusCode.ERROR, message: 'no client 131052-308T' },
      spanContext: () => ({ traceId: 't', spanId: 's', traceFlags: 1 }),
    } as unknown as ReadableSpan;
    const seen = privateSpan(span);
    expect(seen.attributes).toEqual({ 'url.full': 'http://x/Patient?identifier=REDACTED', 'http.response.status_code': 500 });
    expect(seen.events[0]!.attributes).toEqual({ 'exception.type': 'GraphQLError' });
    expect(seen.status).toEqual({ code: SpanStatusCode.ERROR });
    expect(JSON.stringify({ a: seen.attributes, e: seen.events, s: seen.status })).not.toContain('131052-308T');
    expect(seen.name).toBe('GET');
    expect(seen.spanContext().traceId).toBe('t');
  });
});
