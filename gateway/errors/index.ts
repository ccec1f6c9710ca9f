/**
 * What errors may say when they leave the graph: the contract's `extensions.code` (and
 * `system` for UPSTREAM_UNAVAILABLE), a message, a path — never stack traces or internals.
 */
import type { GraphQLFormattedError } from 'graphql';
import { tokenLimitError } from '../limits/index.js';

const KEEP = new Set(['code', 'system', 'serviceName', 'argumentName']);

export function formatGatewayError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const tooComplex = tokenLimitError(formatted);
  if (tooComplex) return tooComplex;
  const extensions = Object.fromEntries(Object.entries(formatted.extensions ?? {}).filter(([k]) => KEEP.has(k)));
  if (extensions.code === 'GRAPHQL_VALIDATION_FAILED' || extensions.code === 'GRAPHQL_PARSE_FAILED' || extensions.code === 'BAD_REQUEST') {
    // Malformed operations are bad input in the contract's vocabulary.
    extensions.code = 'BAD_USER_INPUT';
  }
  return { ...formatted, extensions };
}
