/**
 * Errors with the codes of CONTRACT.md. Why helpers: a code is part of the contract, so it is
 * spelled in one place and every subgraph raises the same shape.
 */
import { GraphQLError } from 'graphql';

export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UPSTREAM_UNAVAILABLE'
  | 'BUDGET_EXCEEDED'
  | 'NOT_IN_PLAN'
  | 'OPERATION_TOO_COMPLEX'
  | 'RATE_LIMITED';

export type SystemName = 'client-record-system' | 'voucher-system' | 'provider-catalogue' | 'audit-log';

export function graphqlError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

export const unauthenticated = (message = 'a valid token is required') => graphqlError('UNAUTHENTICATED', message, { http: { status: 401 } });
export const forbidden = (message = 'not allowed for this viewer') => graphqlError('FORBIDDEN', message);
export const badUserInput = (message: string, extensions: Record<string, unknown> = {}) => graphqlError('BAD_USER_INPUT', message, extensions);
export const notFound = (message: string) => graphqlError('NOT_FOUND', message);

/** Thrown by system clients; resolvers let it surface as UPSTREAM_UNAVAILABLE. */
export class UpstreamError extends Error {
  constructor(
    readonly system: SystemName,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'UpstreamError';
  }
}

/**
 * A system of record refused a request on its merits (a 4xx with a problem or an
 * OperationOutcome): a stale version, a transition its rules forbid, a balance it will not let
 * go below zero, input it finds invalid. Not an outage — the write resolvers map it to the
 * contract's CONFLICT, BUDGET_EXCEEDED, BAD_USER_INPUT or NOT_FOUND.
 *
 * `kind` is the system's own reason in one word, read from its answer by the system client:
 * 'stale' (412), 'precondition-required' (428), 'not-found' (404), 'invalid' (400/422),
 * 'conflict' (409 without a known type), or the last path segment of a problem `type`
 * (e.g. 'balance-exceeded', 'invalid-transition', 'delivery-settled', 'idempotency-mismatch').
 */
export class SystemRefusal extends Error {
  constructor(
    readonly system: SystemName,
    readonly status: number,
    readonly kind: string,
    /** The system's own explanation; for logs and, when safe, the caller. Never holds internals. */
    readonly detail: string,
    readonly invalidParams: { name: string; reason: string }[] = [],
  ) {
    super(`${system} refused (${status} ${kind}): ${detail}`);
    this.name = 'SystemRefusal';
  }
}
