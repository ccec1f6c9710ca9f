/** Keyset paging of the stand-in: pages join up exactly, also when items arrive in between. */
import { describe, expect, it } from 'vitest';
import { page, sortBy, type Ordering } from './paging.js';
import { ProblemError } from './problem.js';

interface Item {
  id: string;
  at: string;
}
const ordering: Ordering<Item> = { key: (i) => [i.at, i.id], directions: [-1, 1] };
const items = (n: number) =>
  sortBy(
    Array.from({ length: n }, (_, i) => ({ id: `x-${String(i).padStart(3, '0')}`, at: `2026-01-${String((i % 9) + 1).padStart(2, '0')}` })),
    ordering,
  );

describe('page', () => {
  it('walks the list in pages whose concatenation is the list', () => {
    const list = items(23);
    const seen: Item[] = [];
    let cursor: string | undefined;
    do {
      const p = page(list, ordering, 5, cursor);
      expect(p.total).toBe(23);
      seen.push(...p.items);
      cursor = p.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(list);
  });

  it('neither repeats nor skips when an item is added before the cursor', () => {
    const list = items(10);
    const first = page(list, ordering, 4, undefined);
    const grown = sortBy([...list, { id: 'new', at: '2026-12-31' }], ordering); // sorts first
    const second = page(grown, ordering, 4, first.nextCursor!);
    expect(second.items).toEqual(list.slice(4, 8));
  });

  it('refuses a cursor it did not make', () => {
    expect(() => page(items(3), ordering, 2, 'bm9wZQ')).toThrow(ProblemError);
  });
});
