/**
 * Keyset cursor paging: a cursor is the sort key of the last item served, so the next page
 * starts right after it even when items were added or changed in between (no skipped or
 * repeated items, unlike offsets). Why binary search: every list is kept in its sort order,
 * so finding the page start costs log n, also at the national scale.
 */
import { ProblemError } from './problem.js';

export type Key = readonly string[];

/** How a list is sorted: a key of strings per item and a direction per key part. */
export interface Ordering<T> {
  key(item: T): Key;
  directions: readonly (1 | -1)[];
}

export function compareKeys(a: Key, b: Key, directions: readonly (1 | -1)[]): number {
  for (let i = 0; i < directions.length; i++) {
    if (a[i] !== b[i]) return (a[i] < b[i] ? -1 : 1) * directions[i];
  }
  return 0;
}

/** Sorts in place; keys are computed once per item, not once per comparison. */
export function sortBy<T>(items: T[], ordering: Ordering<T>): T[] {
  const decorated = items.map((item) => ({ item, key: ordering.key(item) }));
  decorated.sort((x, y) => compareKeys(x.key, y.key, ordering.directions));
  for (let i = 0; i < decorated.length; i++) items[i] = decorated[i].item;
  return items;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total: number;
}

function decode(cursor: string, width: number): Key {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === width && key.every((k) => typeof k === 'string')) return key;
  } catch {
    /* fall through */
  }
  throw new ProblemError(400, 'cursor is not a cursor of this list', [{ name: 'cursor', reason: 'not a cursor of this list' }]);
}

/** One page of a sorted list, starting after the cursor's key. */
export function page<T, R = T>(
  sorted: readonly T[],
  ordering: Ordering<T>,
  limit: number,
  cursor: string | undefined,
  present?: (item: T) => R,
): Page<R> {
  let start = 0;
  if (cursor !== undefined) {
    const after = decode(cursor, ordering.directions.length);
    let [lo, hi] = [0, sorted.length];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareKeys(ordering.key(sorted[mid]), after, ordering.directions) <= 0) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  const slice = sorted.slice(start, start + limit);
  const more = start + limit < sorted.length;
  return {
    items: present ? slice.map(present) : (slice as unknown as R[]),
    nextCursor: more && slice.length ? Buffer.from(JSON.stringify(ordering.key(slice[slice.length - 1]))).toString('base64url') : null,
    total: sorted.length,
  };
}

/** Inserts an item at its place in a sorted list (binary search), keeping the list sorted. */
export function insertSorted<T>(sorted: T[], item: T, ordering: Ordering<T>): void {
  const key = ordering.key(item);
  let [lo, hi] = [0, sorted.length];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareKeys(ordering.key(sorted[mid]), key, ordering.directions) <= 0) lo = mid + 1;
    else hi = mid;
  }
  sorted.splice(lo, 0, item);
}
