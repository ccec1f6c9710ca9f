/**
 * Relay connections (docs/contract.md "Lists"): `first` within 1–100, opaque cursors.
 * Why opaque base64url JSON: clients must not build cursors, and a subgraph may put an
 * offset, a sort key or an upstream system's own cursor inside.
 */
import { badUserInput } from './errors.js';

export const MAX_PAGE = 100;

export function pageSize(first: number | null | undefined, fallback: number): number {
  const n = first ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE) {
    throw badUserInput(`first must be between 1 and ${MAX_PAGE}`, { argumentName: 'first' });
  }
  return n;
}

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T>(cursor: string | null | undefined, check: (v: unknown) => v is T): T | null {
  if (cursor == null) return null;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (check(value)) return value;
  } catch {
    /* fall through */
  }
  throw badUserInput('after is not a cursor from this list', { argumentName: 'after' });
}

export const isOffsetCursor = (v: unknown): v is { o: number } =>
  typeof v === 'object' && v !== null && Number.isInteger((v as { o: unknown }).o) && (v as { o: number }).o >= 0;

/**
 * A Relay connection from its edges: the start and end cursors are the first and last edge's.
 * Lists page forward (`first`/`after`), so a page asked for after a cursor has items before it:
 * `hasPreviousPage` is whether `after` was given (Relay's spec lets a forward-only list say so).
 */
export function connection<T>(edges: { cursor: string; node: T }[], totalCount: number, hasNextPage: boolean, after?: string | null) {
  const pageInfo = {
    hasNextPage,
    endCursor: edges.at(-1)?.cursor ?? null,
    hasPreviousPage: after != null,
    startCursor: edges[0]?.cursor ?? null,
  };
  return { totalCount, edges, pageInfo };
}
