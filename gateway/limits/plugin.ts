/**
 * The limits of one operation, checked in Apollo Server (docs/architecture.md, principle 11: no party, and no stolen
 * token, can make the gateway or the existing systems do unbounded work):
 *
 * - tokens of the query text (the parser stops counting at the limit, so validation never sees
 *   a huge document; `apolloLimitOptions`): OPERATION_TOO_COMPLEX (`tokenLimitError`);
 * - depth, aliases, cost and reports of the operation to run (this plugin, after validation,
 *   before execution, so no subgraph is called): HTTP 400, OPERATION_TOO_COMPLEX, with a message
 *   naming each limit broken and the measured value (measure.ts measures).
 *
 * Why reports are limits of their own: a spending report is cheap to write and dear to answer —
 * the voucher system reads every delivery of its months, the vouchers subgraph works out the
 * months' suppression, and its rows multiply by its dimensions. One request of 30 aliased
 * five-year reports by every dimension passed the old limits (30 aliases, cost 390) and took
 * 2.8–4.7 s of server time for a 15 MB answer. Now a report costs the rows it can return
 * (measure.ts) — that request measures 108 000 090 — and an operation holds one report at most.
 *
 * Why these figures: config.ts.
 */
import type { ApolloServerOptions, ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { graphqlError } from '../../lib/errors.js';
import { createLogger } from '../../lib/log.js';
import type { OperationLimits } from './config.js';
import { DEFAULT_COST_MODEL, measureOperation, type CostModel, type OperationMeasure } from './measure.js';

const log = createLogger('gateway-limits');

/** The limits an operation's measure breaks, as phrases for the error message; empty when none. */
export function brokenLimits(measure: OperationMeasure, limits: OperationLimits): string[] {
  const checks: [string, number, number][] = [
    ['depth', measure.depth, limits.maxDepth],
    ['aliases', measure.aliases, limits.maxAliases],
    ['cost', measure.cost, limits.maxCost],
    ['reports', measure.reports, limits.maxReports],
  ];
  return checks.filter(([, value, max]) => value > max).map(([name, value, max]) => `${name} ${value} exceeds the limit of ${max}`);
}

/**
 * Refuses an operation whose depth, aliases or cost is over the limits. It runs when the
 * operation is resolved — after validation, before execution and so before any subgraph call —
 * with the request's variables, which `first: $first` depends on.
 */
export function operationLimitsPlugin(limits: OperationLimits, model: CostModel = DEFAULT_COST_MODEL): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const measure = measureOperation(schema, document, operation, request.variables ?? {}, model);
          const broken = brokenLimits(measure, limits);
          if (broken.length === 0) return;
          log.warn({ operationName: operation.name?.value ?? null, ...measure }, 'operation refused: too complex');
          throw graphqlError('OPERATION_TOO_COMPLEX', `Operation too complex: ${broken.join('; ')}.`, { http: { status: 400 } });
        },
      };
    },
  };
}

/** Apollo Server's own options that the limits set: the parser's token limit; batching off. */
export function apolloLimitOptions(
  limits: OperationLimits,
): Pick<ApolloServerOptions<BaseContext>, 'parseOptions' | 'allowBatchedHttpRequests'> {
  return { parseOptions: { maxTokens: limits.maxTokens }, allowBatchedHttpRequests: false };
}

// graphql-js 16 spells it "more that"; later versions may not.
const TOKEN_LIMIT = /^Syntax Error: Document contains more th(?:an|at) (\d+) tokens/;

/**
 * The parser's token-limit error is a syntax error to Apollo Server; to the contract it is an
 * operation too complex. The error formatter calls this first; null for every other error.
 */
export function tokenLimitError(formatted: GraphQLFormattedError): GraphQLFormattedError | null {
  const match = TOKEN_LIMIT.exec(formatted.message);
  if (!match || formatted.extensions?.code !== 'GRAPHQL_PARSE_FAILED') return null;
  return {
    message: `Operation too complex: tokens exceed the limit of ${match[1]} (parsing stopped there).`,
    extensions: { code: 'OPERATION_TOO_COMPLEX' },
  };
}
