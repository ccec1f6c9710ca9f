/**
 * Relay connections (docs/contract.md "Lists") on top of the voucher system's cursor paging.
 * The system gives a cursor per page, Relay wants one per edge: an edge's cursor is the system
 * cursor its page started from plus its position after it, and the last edge of a page is
 * re-based onto the system's `nextCursor`, so paging forward from `endCursor` always asks for
 * exactly `first` items (one call). Resuming from a middle edge re-reads from its page start;
 * only when that would exceed the system's page size does one extra call move the base first.
 * The system's cursor stays opaque inside ours.
 */
import { connection, decodeCursor, encodeCursor, pageSize } from '../../lib/paging.js';
import type { OrderConnectionModel, OrderModel } from './models.js';
import { MAX_PAGE_SIZE, type Page } from '../../lib/voucher-client.js';

interface EdgeCursor {
  /** The system cursor the position counts from (null: the start of the list). */
  s: string | null;
  /** The edge's 0-based position after `s`; -1 means "just before the first item after `s`". */
  o: number;
}

const isEdgeCursor = (v: unknown): v is EdgeCursor =>
  typeof v === 'object' &&
  v !== null &&
  ((v as EdgeCursor).s === null || typeof (v as EdgeCursor).s === 'string') &&
  Number.isInteger((v as EdgeCursor).o) &&
  (v as EdgeCursor).o >= -1 &&
  (v as EdgeCursor).o < MAX_PAGE_SIZE - 1;

export async function orderConnection(
  fetchPage: (limit: number, cursor: string | undefined) => Promise<Page<OrderModel>>,
  args: { first?: number | null; after?: string | null },
): Promise<OrderConnectionModel> {
  const first = pageSize(args.first, 50);
  const after = decodeCursor(args.after, isEdgeCursor) ?? { s: null, o: -1 };
  let base = after.s;
  let skip = after.o + 1;
  if (skip + first > MAX_PAGE_SIZE) {
    // Far into a page (after chains of middle edges): move the base to the edge with one call
    // reading up to it, so every request stays within the system's page size.
    const lead = await fetchPage(skip, base ?? undefined);
    if (!lead.nextCursor) return connection([], lead.total, false, args.after);
    [base, skip] = [lead.nextCursor, 0];
  }
  const page = await fetchPage(skip + first, base ?? undefined);
  const nodes = page.items.slice(skip, skip + first);
  const edges = nodes.map((node, i) => {
    const last = i === nodes.length - 1 && page.nextCursor !== null;
    return { cursor: encodeCursor(last ? { s: page.nextCursor, o: -1 } : { s: base, o: skip + i }), node };
  });
  return connection(edges, page.total, page.nextCursor !== null || page.items.length > skip + first, args.after);
}
