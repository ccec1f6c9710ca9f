/**
 * One structured log line per operation (logger `gateway-operations`, message `operation`):
 *
 *   { requestId, operationName, operationType, role, durationMs, outcome, errorCodes, httpStatus, traceId? }
 *
 * - outcome `ok`: answered without errors; `refused`: every error is the caller's to fix or a
 *   rule that refused it (UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT, RATE_LIMITED, …, a 4xx);
 *   `error`: something failed on our side (UPSTREAM_UNAVAILABLE, an unknown code, a 5xx) —
 *   the one to alert on.
 * - No personal data by construction: the viewer's role, never its subject, client or provider
 *   id; no variables, no document, no error messages (they may echo input) — only codes. An
 *   operation name is logged only when it is a GraphQL name (it is the caller's text).
 *
 * Why express and an Apollo plugin together: requests refused before Apollo Server runs an
 * operation — a body too large, a missing token (the context throws), a rate limit — never
 * reach a plugin, and the plugin alone sees the operation and the viewer. The middleware times
 * the whole exchange and writes the line when the answer has gone; the plugin fills in what it
 * saw (via the context's `requestLog`). For answers it never saw, the codes are read from the
 * small JSON error body on its way out.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { createLogger } from '../../lib/log.js';
import { currentTraceId } from '../../lib/telemetry.js';
import type { GatewayContext } from '../context.js';

export type Outcome = 'ok' | 'error' | 'refused';

/** What the plugin saw of one operation, filled in as it runs. */
export interface OperationRecord {
  operationName: string | null;
  operationType: string | null;
  role: string | null;
  /** extensions.code of every error in the answer, in order, each once. */
  errorCodes: string[] | null;
}

/** Codes of a request refused, or answered as the caller must fix: not our failure. */
const REFUSALS = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'BUDGET_EXCEEDED',
  'NOT_IN_PLAN',
  'OPERATION_TOO_COMPLEX',
  'RATE_LIMITED',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
]);
const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;
/** Error bodies read for their codes are small; a larger answer is not parsed. */
const SNIFF_BYTES = 16 * 1024;

export function outcomeOf(errorCodes: string[], httpStatus: number): Outcome {
  if (httpStatus >= 500 || errorCodes.some((c) => !REFUSALS.has(c))) return 'error';
  return errorCodes.length || httpStatus >= 400 ? 'refused' : 'ok';
}

const codesOf = (errors: readonly { extensions?: Record<string, unknown> }[] | undefined): string[] => [
  ...new Set((errors ?? []).map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'))),
];

/** The record the context hands to the plugin (GatewayContext.requestLog). */
export function operationRecordOf(res: Response): OperationRecord | undefined {
  return res.locals.operationRecord as OperationRecord | undefined;
}

/** Express, first on /graphql: times the request and logs its line once the answer has gone. */
export function requestLog(log: Logger = createLogger('gateway-operations')): RequestHandler {
  return (_req, res, next) => {
    const started = performance.now();
    const traceId = currentTraceId();
    const record: OperationRecord = { operationName: null, operationType: null, role: null, errorCodes: null };
    res.locals.operationRecord = record;
    let body: string | undefined;
    // Only for answers the plugin did not see: a refusal's small JSON error body.
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    res.end = ((...args: unknown[]) => {
      const chunk = args[0];
      if (record.errorCodes === null && (typeof chunk === 'string' || Buffer.isBuffer(chunk)) && chunk.length <= SNIFF_BYTES)
        body = chunk.toString();
      return end(...args);
    }) as Response['end'];
    let written = false;
    const write = () => {
      if (written) return;
      written = true;
      const httpStatus = res.statusCode;
      const errorCodes = record.errorCodes ?? sniffCodes(body);
      log.info(
        {
          requestId: res.locals.requestId ?? null,
          operationName: record.operationName,
          operationType: record.operationType,
          role: record.role,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
          outcome: outcomeOf(errorCodes, httpStatus),
          errorCodes,
          httpStatus,
          // The connection closed before the answer was sent: the caller went away.
          ...(res.writableFinished ? {} : { callerGone: true }),
          ...(traceId ? { traceId } : {}),
        },
        'operation',
      );
    };
    res.once('finish', write);
    res.once('close', write);
    next();
  };
}

function sniffCodes(body: string | undefined): string[] {
  if (!body) return [];
  try {
    const parsed = JSON.parse(body) as { errors?: { extensions?: Record<string, unknown> }[] };
    return Array.isArray(parsed?.errors) ? codesOf(parsed.errors) : [];
  } catch {
    return [];
  }
}

/** Apollo Server: fills the context's record with the operation, the role and the answer's codes. */
export function requestLogPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      const record = contextValue.requestLog;
      if (!record) return {};
      record.role = contextValue.viewer?.role ?? null;
      return {
        async didResolveOperation({ operation, operationName }) {
          record.operationType = operation?.operation ?? null;
          record.operationName = operationName && GRAPHQL_NAME.test(operationName) ? operationName : null;
        },
        async willSendResponse({ response, request }) {
          if (!record.operationName && request.operationName && GRAPHQL_NAME.test(request.operationName))
            record.operationName = request.operationName;
          record.errorCodes =
            response.body.kind === 'single' ? codesOf(response.body.singleResult.errors) : codesOf(response.body.initialResult.errors);
        },
      };
    },
  };
}
