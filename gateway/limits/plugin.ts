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
import type { DocumentNode, GraphQLFormattedError, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { graphqlError } from '../../lib/errors.js';
import { createLogger } from '../../lib/log.js';
import type { OperationLimits } from './config.js';
import { DEFAULT_COST_MODEL, measureOperation, type CostModel, type OperationMeasure } from './measure.js';

const log = createLogger('gateway-limits');
const MAX_CACHED_VARIABLES_LENGTH = 1024;
const MAX_CACHED_VARIANTS = 16;

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
  /**
   * Measures already taken, per operation and variables. Why: the same query text arrives again
   * and again (a party's main query), and Apollo Server hands the same parsed document for it
   * from its document store — measuring it once per variables is enough. Keyed by the operation's
   * node, so a document that leaves the store (or a new schema's) takes its measures with it.
   */
  const measured = new WeakMap<OperationDefinitionNode, Map<string, OperationMeasure>>();
  function measureOf(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Record<string, unknown>,
  ) {
    const key = JSON.stringify(variables);
    // Long variables (a write's input) are not worth a place: measured each time.
    if (key.length > MAX_CACHED_VARIABLES_LENGTH) return measureOperation(schema, document, operation, variables, model);
    let byVariables = measured.get(operation);
    if (!byVariables) measured.set(operation, (byVariables = new Map()));
    let measure = byVariables.get(key);
    if (!measure) {
      measure = measureOperation(schema, document, operation, variables, model);
      // A few variants per operation at most: a caller varying its variables gains no memory.
      if (byVariables.size >= MAX_CACHED_VARIANTS) byVariables.delete(byVariables.keys().next().value!);
      byVariables.set(key, measure);
    }
    return measure;
  }
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const measure = measureOf(schema, document, operation, request.variables ?? {});
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
