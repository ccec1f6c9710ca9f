/**
 * One way for tests to send a GraphQL operation over real HTTP: to the gateway with a bearer
 * token, or straight to a subgraph with a viewer header signed as the gateway signs it (bound
 * to the subgraph's audience and the exact body), a forged one, a raw one, or none.
 */
import { randomBytes } from 'node:crypto';
import type { SubgraphName } from '../../lib/subgraphs.js';
import { signViewer, VIEWER_HEADER, type Viewer } from '../../lib/viewer.js';

export interface GraphQLError {
  message: string;
  path?: (string | number)[];
  extensions?: Record<string, any>;
}

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T | null;
  errors?: GraphQLError[];
  extensions?: Record<string, any>;
}

/** POSTs `{ query, variables }` with these headers; the answer's JSON with its HTTP status. */
export async function postGraphQL<T = any>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as object) };
}

/** `Authorization: Bearer <token>`, or no header for null/undefined (anonymous). */
export const bearer = (token: string | null | undefined): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});

/** A viewer header signed with a secret the subgraph does not know: what an attacker could make. */
export interface Forged {
  forged: Viewer;
}
export const forged = (viewer: Viewer): Forged => ({ forged: viewer });

/**
 * Who calls a subgraph: a viewer (signed with the stack's secret), a forged viewer, a raw
 * header value (garbage, a replayed header), or null for no header at all.
 */
export type SubgraphCaller = Viewer | Forged | string | null;

export interface SubgraphTarget {
  /** The subgraph's URL, or a function giving it (it is known only once the suite started it). */
  url: string | (() => string);
  secret: Uint8Array;
  audience: SubgraphName;
}

/** A client for one subgraph: `gql(as, query, variables)`. */
export function subgraphClient({ url, secret, audience }: SubgraphTarget) {
  const forgerySecret = new TextEncoder().encode(randomBytes(32).toString('hex'));
  return async <T = any>(as: SubgraphCaller, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>> => {
    // The header is signed over the exact body sent, so the body is made once here.
    const body = JSON.stringify({ query, variables });
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (typeof as === 'string') headers[VIEWER_HEADER] = as;
    else if (as && 'forged' in as) headers[VIEWER_HEADER] = await signViewer(as.forged, forgerySecret, { audience, body });
    else if (as) headers[VIEWER_HEADER] = await signViewer(as, secret, { audience, body });
    const response = await fetch(typeof url === 'string' ? url : url(), { method: 'POST', headers, body });
    return { status: response.status, ...((await response.json()) as object) };
  };
}

/** A fresh signing secret for a subgraph started by a test. */
export const testSecret = (): Uint8Array => new TextEncoder().encode(randomBytes(32).toString('hex'));

declare const operation: unique symbol;
/**
 * A document of test/queries.ts with the result and variables types codegen generated for it
 * (test/__generated__/operations.ts); at run time a plain string, so it goes anywhere a query does.
 */
export type TypedDocument<Result, Variables> = string & { readonly [operation]?: { result: Result; variables: Variables } };
export const typed = <Result, Variables>(document: string) => document as TypedDocument<Result, Variables>;

/**
 * An operation's data as a test reads it once it has asserted what it expects of the errors:
 * every field present. Why: a test that reads `data.client.currentPlan` is checked against the
 * schema by the compiler, and asserts the nulls it expects (`toBeNull()`) at run time.
 */
export type Present<T> = T extends readonly (infer U)[]
  ? Present<U>[]
  : T extends object
    ? { [K in keyof T]-?: Present<NonNullable<T[K]>> }
    : NonNullable<T>;
export type Answer<T> = Omit<GraphQLResponse<T>, 'data'> & { data: Present<T> };

/** Runs a typed document through a stack's gateway: its variables checked, its data typed (see Present). */
export async function ask<Result, Variables>(
  stack: { query(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GraphQLResponse<any>> },
  document: TypedDocument<Result, Variables>,
  variables: Variables,
  token?: string | null,
): Promise<Answer<Result>> {
  return (await stack.query(document, variables as Record<string, unknown>, token)) as Answer<Result>;
}
