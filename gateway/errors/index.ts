/**
 * What errors may say when they leave the graph: the contract's `extensions.code` (and
 * `system` for UPSTREAM_UNAVAILABLE), a message, a path — never stack traces or internals, and
 * never more of the caller's input than lib/errors.ts `boundMessage` lets through (graphql-js'
 * own messages repeat variable values and names in full).
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
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

/**
 * One error per failed system, not one per list item (issue: a provider's 50 orders with the
 * client-record system down gave 100 identical errors). Outage errors naming the same system
 * are collapsed into the first one, which keeps its path and says how many fields the outage
 * nulled (`extensions.fields`); every other error is left as it is, in order.
 */
export function collapseOutages(errors: readonly GraphQLFormattedError[]): GraphQLFormattedError[] {
  const first = new Map<string, { error: GraphQLFormattedError; fields: number }>();
  const out: GraphQLFormattedError[] = [];
  for (const error of errors) {
    const system = error.extensions?.code === 'UPSTREAM_UNAVAILABLE' ? error.extensions.system : undefined;
    if (typeof system !== 'string') {
      out.push(error);
      continue;
    }
    const seen = first.get(system);
    if (seen) {
      seen.fields += 1;
      continue;
    }
    const entry = { error: { ...error, extensions: { ...error.extensions } }, fields: 1 };
    first.set(system, entry);
    out.push(entry.error);
  }
  for (const { error, fields } of first.values()) if (fields > 1) (error.extensions as Record<string, unknown>).fields = fields;
  return out;
}

/** Applies collapseOutages to every answer (Apollo Server plugin). */
export function outageErrorsPlugin(): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind === 'single' && (response.body.singleResult.errors?.length ?? 0) > 1) {
            response.body.singleResult.errors = collapseOutages(response.body.singleResult.errors!);
          }
        },
      };
    },
  };
}
