/**
 * Payments to providers as a Relay connection (Query.payments for administrators,
 * Provider.payments for the provider itself and administrators). A provider is paid about once
 * a month, so its payments are read whole from the voucher system and paged here by offset.
 */
import { connection, decodeCursor, encodeCursor, isOffsetCursor, pageSize } from '../../lib/paging.js';
import type { Context } from './context.js';

export async function paymentConnection(ctx: Context, providerId: string | null, args: { first?: number | null; after?: string | null }) {
  const scope = ctx.policy.paymentsOf(providerId);
  const first = pageSize(args.first, 20);
  const start = (decodeCursor(args.after, isOffsetCursor)?.o ?? -1) + 1;
  const all = await ctx.voucherSystem.payments({ providerIds: scope ? [scope] : [] });
  const newest = [...all].sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1));
  const edges = newest.slice(start, start + first).map((node, i) => ({ cursor: encodeCursor({ o: start + i }), node }));
  return connection(edges, newest.length, start + first < newest.length, args.after);
}
