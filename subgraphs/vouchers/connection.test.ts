/** Relay edges over a system that only pages: every edge cursor resumes exactly after its edge. */
import { describe, expect, it } from 'vitest';
import { orderConnection } from './connection.js';
import type { OrderModel } from './models.js';

const all = Array.from({ length: 1234 }, (_, i) => ({ id: `or-${i}` }) as OrderModel);
let calls: number[] = [];
/** A system with offset cursors (opaque to the connection), at most 500 a page. */
const fetchPage = async (limit: number, cursor: string | undefined) => {
  calls.push(limit);
  expect(limit).toBeLessThanOrEqual(500);
  const start = cursor ? Number(cursor) : 0;
  const items = all.slice(start, start + limit);
  return { items, nextCursor: start + limit < all.length ? String(start + limit) : null, total: all.length };
};

describe('orderConnection', () => {
  it('pages forward from endCursor asking for exactly `first` each time', async () => {
    calls = [];
    const ids: string[] = [];
    let after: string | null = null;
    for (;;) {
      const c = await orderConnection(fetchPage, { first: 100, after });
      ids.push(...c.edges.map((e) => e.node.id));
      if (!c.pageInfo.hasNextPage) break;
      after = c.pageInfo.endCursor;
    }
    expect(ids).toEqual(all.map((o) => o.id));
    expect(calls.every((l) => l === 100)).toBe(true);
  });

  it('resumes after middle edges, again and again, without drifting or overflowing', async () => {
    let after: string | null = null;
    let position = -1;
    for (let round = 0; round < 12; round++) {
      const c = await orderConnection(fetchPage, { first: 100, after });
      expect(c.edges[0].node.id).toBe(`or-${position + 1}`);
      // Continue after the edge before the last one: its cursor counts from the page's start.
      const edge = c.edges[c.edges.length - 2];
      position = Number(edge.node.id.slice(3));
      after = edge.cursor;
    }
  });

  it('rejects first outside 1–100', async () => {
    await expect(orderConnection(fetchPage, { first: 101 })).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });
});
