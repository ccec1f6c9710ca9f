/**
 * Errors with the codes of docs/contract.md. Why helpers: a code is part of the contract, so it is
 * spelled in one place and every subgraph raises the same shape.
 */
import { GraphQLError } from 'graphql';

/** docs/contract.md's `extensions.code`s: the only list of them; everything else imports it. */
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'UPSTREAM_UNAVAILABLE',
  'BUDGET_EXCEEDED',
  'NOT_IN_PLAN',
  'OPERATION_TOO_COMPLEX',
  'RATE_LIMITED',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
/** The codes graphql-js and Apollo Server give a document they cannot parse or validate, which the contract allows beside ours. */
export const DOCUMENT_ERROR_CODES = ['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED'] as const;

/** docs/contract.md's `extensions.system` of an UPSTREAM_UNAVAILABLE error. */
export const SYSTEM_NAMES = ['client-record-system', 'voucher-system', 'provider-catalogue', 'audit-log'] as const;
export type SystemName = (typeof SYSTEM_NAMES)[number];

/** The longest stretch of a caller's input an error message repeats. */
export const MAX_ECHO = 100;
/** The longest error message; anything longer is cut. */
export const MAX_MESSAGE = 1_000;

/** `text` cut to `max` characters with "…" (never splitting a surrogate pair); as is when short. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/.test(text[max - 1]!) ? max - 1 : max;
  return `${text.slice(0, end)}…`;
}

/**
 * A caller's value as an error message may repeat it: at most MAX_ECHO characters, cut with
 * "…". Why: a message that echoes a 60 000-character id costs every log, metric label and
 * client that handles it, and helps nobody find their mistake better than its first 100.
 */
export function echo(value: unknown, max = MAX_ECHO): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return cut(text, max);
}

// A run of characters without a space or a quote: an id, a number, a token someone pasted.
const LONG_RUN = new RegExp(`[^\\s"'\`]{${MAX_ECHO + 1},}`, 'g');

/**
 * A message as it may leave: every run of more than MAX_ECHO characters without a space (an
 * echoed id or value) cut to MAX_ECHO with "…", and the whole to MAX_MESSAGE. Errors made here
 * get it; the subgraph server and the gateway apply it to every message (graphql-js' own
 * validation messages repeat variable values), so no caller input leaves unbounded.
 */
export function boundMessage(message: string): string {
  return cut(
    message.replace(LONG_RUN, (run) => cut(run, MAX_ECHO)),
    MAX_MESSAGE,
  );
}

export function graphqlError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(boundMessage(message), { extensions: { ...extensions, code } });
}

export const unauthenticated = (message = 'a valid token is required') =>
  graphqlError('UNAUTHENTICATED', message, { http: { status: 401 } });
export const forbidden = (message = 'not allowed for this viewer') => graphqlError('FORBIDDEN', message);
export const badUserInput = (message: string, extensions: Record<string, unknown> = {}) =>
  graphqlError('BAD_USER_INPUT', message, extensions);
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
