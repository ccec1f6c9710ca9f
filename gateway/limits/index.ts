/**
 * Operation limits at the gateway: the face of gateway/limits. Every request is bounded before
 * anything runs, so no party (and no stolen token) can make the gateway or the existing systems
 * do unbounded work:
 *
 * - request body size (express, before anything is parsed): HTTP 413, BAD_USER_INPUT;
 * - batched requests (a JSON array of operations) are refused: HTTP 400, BAD_USER_INPUT. Why
 *   off: Apollo Server shares one context across a batch, and the audit (gateway/audit)
 *   gathers each operation's client-data reads in the context, so a batch would attribute
 *   one operation's reads to another; a batch would also multiply every limit below by its
 *   length. Clients send one operation per request (HTTP/2 multiplexes them just as well);
 * - tokens of the query text (the parser stops counting at the limit, so validation never sees
 *   a huge document): OPERATION_TOO_COMPLEX;
 * - depth, aliases, cost and reports of the operation to run (this plugin, after validation,
 *   before execution, so no subgraph is called): HTTP 400, OPERATION_TOO_COMPLEX, with a message
 *   naming each limit broken and the measured value.
 *
 * Why reports are limits of their own: a spending report is cheap to write and dear to answer —
 * the voucher system reads every delivery of its months, the vouchers subgraph works out the
 * months' suppression, and its rows multiply by its dimensions. One request of 30 aliased
 * five-year reports by every dimension passed the old limits (30 aliases, cost 390) and took
 * 2.8–4.7 s of server time for a 15 MB answer. Now a report costs the rows it can return
 * (measure.ts) — that request measures 108 000 090 — and an operation holds one report at most.
 *
 * How the limits were chosen. Measured with measure.ts against the API schema (cost model in
 * measure.ts: object field 1, leaf 0, lists × `first` or 10, `first` counted up to 100):
 *
 *   operation                                      depth  aliases   cost  tokens   bytes
 *   SHARED_PLAN (case worker, client)                  7        0   1652     172    1304
 *   ASSIGNED_ORDERS (provider), first: 50              6        0    403     100     665
 *   ASSIGNED_ORDERS, first: 100 (largest page)         6        0    803     100     665
 *   PROVIDERS (client), first: 20                      6        0    463      70     360
 *   PROVIDERS, first: 100 (largest page)               6        0   2303      70     360
 *   SPENDING (analyst), by municipality                4        0     18      68     354
 *   SPENDING, by municipality and service type         4        0    153      68     354
 *   README case worker                                 7        0   1440     114     679
 *   README client                                      6        0    467      93     465
 *   README provider's system                           6        0    353      64     424
 *   README analyst                                     4        0    153      35     215
 *   a report by every dimension, 24 months             4        1  3.6 M      42     249
 *   README administrator                               5        0     43      29     127
 *   graphql-js getIntrospectionQuery() (tooling)      15        0  14966     163    1927
 *
 * Chosen (environment variable, default):
 *   MAX_OPERATION_DEPTH    15     2× the parties' deepest (7); the standard introspection query
 *                                 that codegen and IDEs send (15) still fits. Depth is what
 *                                 stops cycles of single objects (client → currentPlan → client …),
 *                                 which cost little each.
 *   MAX_OPERATION_ALIASES  30     the parties use none; room for a screen that aliases a few
 *                                 fields (`fi: name(lang: FI) sv: name(lang: SV)`) or clients.
 *   MAX_OPERATION_COST     20000  12× the parties' costliest at its default page (SHARED_PLAN
 *                                 1652) and 8× at the largest page (PROVIDERS 2303), and above
 *                                 full introspection (14966). A page of 100 inside a page of 100
 *                                 passes only with bare ids in it (10 302); one object more per
 *                                 item (20 302) and it is refused; three levels never pass.
 *   MAX_OPERATION_REPORTS  1      the parties' screens show one report at a time; a second is a
 *                                 second request, which queues fairly behind others' (the
 *                                 vouchers subgraph's report gate). Aliases and fragments count.
 *                                 With MAX_OPERATION_COST, a report returns at most ~20 000 rows:
 *                                 e.g. by provider (counted up to 1 000) and month, 20 months.
 *   MAX_OPERATION_TOKENS   2000   11× the longest query (172); bounds parsing and validation.
 *   MAX_REQUEST_BYTES      102400 (100 KiB, the gateway's earlier express limit) 50× the
 *                                 longest query with its variables; tokens bound the query anyway.
 */
import type { ApolloServerOptions, ApolloServerPlugin, BaseContext } from '@apollo/server';
import express, { type ErrorRequestHandler, type RequestHandler, type Response } from 'express';
import type { GraphQLFormattedError } from 'graphql';
import { graphqlError, type ErrorCode } from '../../lib/errors.js';
import { createLogger } from '../../lib/log.js';
import type { OperationLimits } from './config.js';
import { DEFAULT_COST_MODEL, measureOperation, type CostModel, type OperationMeasure } from './measure.js';

export { DEFAULT_LIMITS, resolveLimits, type OperationLimits } from './config.js';
export { DEFAULT_COST_MODEL, countTokens, measureOperation, type CostModel, type OperationMeasure } from './measure.js';

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
export function apolloLimitOptions(limits: OperationLimits): Pick<ApolloServerOptions<BaseContext>, 'parseOptions' | 'allowBatchedHttpRequests'> {
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

function sendError(res: Response, status: number, code: ErrorCode, message: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/**
 * Express handlers for /graphql, before Apollo Server (and so before authentication): the JSON
 * body parser with the size limit, its errors as GraphQL-shaped JSON (not express's HTML
 * page), and the refusal of batches.
 */
export function requestLimits(limits: OperationLimits): (RequestHandler | ErrorRequestHandler)[] {
  const bodyErrors: ErrorRequestHandler = (error, _req, res, next) => {
    const type = (error as { type?: unknown })?.type;
    if (type === 'entity.too.large') {
      const size = (error as { length?: number; received?: number }).length ?? (error as { received?: number }).received;
      const measured = size === undefined ? 'the request body' : `the request body of ${size} bytes`;
      sendError(res, 413, 'BAD_USER_INPUT', `${measured} exceeds the limit of ${limits.maxRequestBytes} bytes`);
    } else if (typeof type === 'string' && typeof (error as { status?: unknown }).status === 'number' && (error as { status: number }).status < 500) {
      // Malformed JSON, an unsupported charset or encoding: the client's to fix.
      sendError(res, (error as { status: number }).status, 'BAD_USER_INPUT', `the request body could not be read: ${(error as Error).message}`);
    } else {
      next(error);
    }
  };
  const noBatches: RequestHandler = (req, res, next) => {
    // Apollo Server would refuse it too ("Operation batching disabled"); this says why, and
    // before the token is verified.
    if (Array.isArray(req.body)) {
      sendError(res, 400, 'BAD_USER_INPUT', `batched requests are not accepted (this one holds ${req.body.length} operations): send one operation per request`);
      return;
    }
    next();
  };
  return [express.json({ limit: limits.maxRequestBytes }), bodyErrors, noBatches];
}
