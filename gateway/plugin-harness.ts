/**
 * For the gateway's plugin tests: one request through Apollo Server's request pipeline without
 * a server, as Apollo Server's own plugin tests do — each plugin's hooks called in the
 * pipeline's order (requestDidStart, didResolveSource, parsingDidStart, validationDidStart,
 * didResolveOperation, executionDidStart … executionDidEnd, willSendResponse; didEncounterErrors
 * and the error response where the pipeline sends one), with a request context built from a
 * real parsed document, the gateway's API schema and a real GatewayContext.
 *
 * What stands in for the gateway is only the execution: the test gives the result the
 * subgraphs would have produced (`result`), and the context's audit notes if any. Everything
 * else is the gateway's own: its plugins, parse options, validation rules and error formatter.
 * The pipeline's steps are those of @apollo/server 5 (dist/esm/requestPipeline.js), kept short.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import {
  HeaderMap,
  type ApolloServerPlugin,
  type GraphQLRequestContext,
  type GraphQLRequestExecutionListener,
  type GraphQLRequestListener,
} from '@apollo/server';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import {
  GraphQLError,
  getOperationAST,
  parse,
  specifiedRules,
  validate,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type ParseOptions,
  type ValidationRule,
} from 'graphql';
import type { Role, Viewer } from '../lib/viewer.js';
import type { GatewayContext } from './context.js';
import { formatGatewayError } from './errors/index.js';

let apiSchema: GraphQLSchema | undefined;
/** The schema the gateway serves: the checked-in supergraph's API schema, as @apollo/gateway builds it. */
export function gatewaySchema(): GraphQLSchema {
  apiSchema ??= Supergraph.build(readFileSync(new URL('../schema/supergraph.graphql', import.meta.url), 'utf8'))
    .apiSchema()
    .toGraphQLJSSchema();
  return apiSchema;
}

/** A viewer of each role, as gateway/auth would verify it. */
export function viewerOf(role: Role, subject = `${role.toLowerCase()}-1`): Viewer {
  return {
    subject,
    role,
    municipalityCode: role === 'CASE_WORKER' ? '205' : null,
    providerId: role === 'PROVIDER' ? 'pr-1' : null,
    clientId: role === 'CLIENT' ? 'cl-1' : null,
  };
}

/** The context server.ts builds for an authenticated request. */
export function gatewayContext(viewer: Viewer = viewerOf('CASE_WORKER'), extra: Partial<GatewayContext> = {}): GatewayContext {
  return { viewer, requestId: randomUUID(), auditReads: [], ...extra };
}

/** The parts of Apollo Server's options that shape the pipeline. */
export interface PipelineOptions {
  plugins: ApolloServerPlugin<GatewayContext>[];
  parseOptions?: ParseOptions;
  validationRules?: ValidationRule[];
  /** The gateway's (gateway/errors) unless given. */
  formatError?: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
}

export interface RequestInput {
  query?: string;
  variables?: Record<string, unknown>;
  operationName?: string;
  extensions?: Record<string, unknown>;
  context?: GatewayContext;
  /** What execution returns (the subgraphs' answer through the query plan); `{ data: {} }` when absent. */
  result?: { data?: Record<string, unknown> | null; errors?: GraphQLFormattedError[] };
}

export interface PipelineOutcome {
  status: number;
  headers: HeaderMap;
  body: { data?: Record<string, unknown> | null; errors?: readonly GraphQLFormattedError[] };
  /** The request context as the hooks left it. */
  requestContext: GraphQLRequestContext<GatewayContext>;
  /** Whether execution ran (false when the pipeline answered with errors before it). */
  executed: boolean;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Errors as Apollo Server formats them: `http` taken out into the response, a code always, then formatError. */
function formatErrors(
  errors: readonly GraphQLError[],
  http: { status?: number; headers: HeaderMap },
  formatError: NonNullable<PipelineOptions['formatError']>,
): GraphQLFormattedError[] {
  return errors.map((error) => {
    const { http: head, ...extensions } = error.extensions as { http?: { status?: number; headers?: HeaderMap }; code?: unknown };
    if (head?.status) http.status = head.status;
    for (const [name, value] of head?.headers ?? []) http.headers.set(name, value);
    const formatted = { ...error.toJSON(), extensions: { ...extensions, code: extensions.code ?? 'INTERNAL_SERVER_ERROR' } };
    return formatError(formatted, error);
  });
}

const asGraphQLError = (error: unknown) =>
  error instanceof GraphQLError ? error : new GraphQLError((error as Error).message, { originalError: error as Error });

/** Runs one request through the pipeline's hooks; answers with what would be sent. */
export async function runPipeline(options: PipelineOptions, input: RequestInput): Promise<PipelineOutcome> {
  const formatError = options.formatError ?? formatGatewayError;
  const http = { status: undefined as number | undefined, headers: new HeaderMap() };
  const requestContext = {
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    cache: new InMemoryLRUCache<string>(),
    schema: gatewaySchema(),
    contextValue: input.context ?? gatewayContext(),
    request: {
      query: input.query,
      variables: input.variables,
      operationName: input.operationName,
      extensions: input.extensions,
      http: { method: 'POST', headers: new HeaderMap([['content-type', 'application/json']]), search: '', body: {} },
    },
    response: { http },
    metrics: {},
    requestIsBatched: false,
  } as unknown as GraphQLRequestContext<GatewayContext> & Record<string, unknown>;
  const ctx = requestContext as unknown as Record<string, unknown> & {
    response: { body?: PipelineOutcome['body'] | { kind: 'single'; singleResult: PipelineOutcome['body'] } };
  };
  const listeners = (await Promise.all(options.plugins.map((p) => p.requestDidStart?.(requestContext)))).filter(
    (l): l is GraphQLRequestListener<GatewayContext> => !!l,
  );
  const each = async (hook: (l: GraphQLRequestListener<GatewayContext>) => unknown) => void (await Promise.all(listeners.map(hook)));
  const outcome = (executed: boolean): PipelineOutcome => {
    const body = ctx.response.body as { kind: 'single'; singleResult: PipelineOutcome['body'] };
    return { status: http.status ?? 200, headers: http.headers, body: body.singleResult, requestContext, executed };
  };
  const sendErrorResponse = async (errors: GraphQLError[]) => {
    ctx.errors = errors;
    await each((l) => l.didEncounterErrors?.(requestContext as never));
    ctx.response.body = { kind: 'single', singleResult: { errors: formatErrors(errors, http, formatError) } };
    http.status ??= 500;
    await each((l) => l.willSendResponse?.(requestContext as never));
    return outcome(false);
  };

  // Source: the query, or a persisted query's registration (a hash with its text).
  const metrics = requestContext.metrics;
  metrics.persistedQueryHit = false;
  metrics.persistedQueryRegister = false;
  const persisted = input.extensions?.persistedQuery as { version?: number; sha256Hash?: string } | undefined;
  let queryHash: string;
  if (persisted) {
    if (!input.query) throw new Error('plugin-harness: a persisted query is run here only as a registration (hash and text)');
    if (persisted.sha256Hash !== sha256(input.query))
      return sendErrorResponse([new GraphQLError('provided sha does not match query', { extensions: { http: { status: 400 } } })]);
    queryHash = persisted.sha256Hash;
    metrics.persistedQueryRegister = true;
  } else if (input.query) {
    queryHash = sha256(input.query);
  } else {
    return sendErrorResponse([
      new GraphQLError('GraphQL operations must contain a non-empty `query` or a `persistedQuery` extension.', {
        extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
      }),
    ]);
  }
  ctx.queryHash = queryHash;
  ctx.source = input.query;
  await each((l) => l.didResolveSource?.(requestContext as never));

  // Parsing and validation, with the gateway's options.
  await each((l) => l.parsingDidStart?.(requestContext as never));
  let document;
  try {
    document = parse(input.query!, options.parseOptions);
  } catch (error) {
    return sendErrorResponse([
      new GraphQLError(asGraphQLError(error).message, { extensions: { code: 'GRAPHQL_PARSE_FAILED', http: { status: 400 } } }),
    ]);
  }
  ctx.document = document;
  await each((l) => l.validationDidStart?.(requestContext as never));
  const invalid = validate(requestContext.schema, document, [...specifiedRules, ...(options.validationRules ?? [])]);
  if (invalid.length)
    return sendErrorResponse(
      invalid.map(
        (e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } } }),
      ),
    );

  const operation = getOperationAST(document, input.operationName);
  ctx.operation = operation ?? undefined;
  ctx.operationName = operation?.name?.value ?? null;
  try {
    await each((l) => l.didResolveOperation?.(requestContext as never));
  } catch (error) {
    return sendErrorResponse([asGraphQLError(error)]);
  }

  // Execution: the given result in place of the query plan's.
  const executionListeners = (await Promise.all(listeners.map((l) => l.executionDidStart?.(requestContext as never))))
    .filter((l): l is GraphQLRequestExecutionListener<GatewayContext> => !!l)
    .reverse();
  const result = input.result ?? { data: {} };
  const errors = result.errors?.map((e) => new GraphQLError(e.message, { path: e.path, extensions: e.extensions }));
  if (errors?.length) {
    ctx.errors = errors;
    await each((l) => l.didEncounterErrors?.(requestContext as never));
  }
  ctx.response.body = {
    kind: 'single',
    singleResult: {
      ...(result.data !== undefined ? { data: result.data } : {}),
      ...(errors ? { errors: formatErrors(errors, http, formatError) } : {}),
    },
  };
  await Promise.all(executionListeners.map((l) => l.executionDidEnd?.()));
  await each((l) => l.willSendResponse?.(requestContext as never));
  return outcome(true);
}
