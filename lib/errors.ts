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
  | 'OPERATION_TOO_COMPLEX';

export type SystemName = 'client-record-system' | 'voucher-system' | 'provider-catalogue';

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
