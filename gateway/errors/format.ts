/**
 * What errors may say when they leave the graph: the contract's `extensions.code` (and
 * `system` for UPSTREAM_UNAVAILABLE), a message, a path — never stack traces or internals, and
 * never more of the caller's input than lib/errors.ts `boundMessage` lets through (graphql-js'
 * own messages repeat variable values and names in full).
 */
import type { GraphQLFormattedError } from 'graphql';
import { boundMessage } from '../../lib/errors.js';
import { tokenLimitError } from '../limits/index.js';

const KEEP = new Set(['code', 'system', 'serviceName', 'argumentName', 'retryAfter']);

/** The HTTP status an error asked Apollo Server for (`extensions.http.status`), if any. */
function requestedStatus(error: unknown): number | undefined {
  const status = (error as { extensions?: { http?: { status?: unknown } } } | null)?.extensions?.http?.status;
  return typeof status === 'number' ? status : undefined;
}

export function formatGatewayError(formatted: GraphQLFormattedError, error?: unknown): GraphQLFormattedError {
  const tooComplex = tokenLimitError(formatted);
  if (tooComplex) return tooComplex;
  const extensions = Object.fromEntries(Object.entries(formatted.extensions ?? {}).filter(([k]) => KEEP.has(k)));
  if (extensions.code === 'GRAPHQL_VALIDATION_FAILED' || extensions.code === 'GRAPHQL_PARSE_FAILED' || extensions.code === 'BAD_REQUEST') {
    // Malformed operations are bad input in the contract's vocabulary.
    extensions.code = 'BAD_USER_INPUT';
  } else if (extensions.code === 'INTERNAL_SERVER_ERROR' && (requestedStatus(error) ?? 500) < 500) {
    // Apollo Server refuses some requests (an unsupported persisted-query version) with a 4xx
    // but no code, which it then reports as INTERNAL_SERVER_ERROR: the caller's to fix.
    extensions.code = 'BAD_USER_INPUT';
  }
  return { ...formatted, message: boundMessage(formatted.message), extensions };
}
