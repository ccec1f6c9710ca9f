/**
 * Resolvers of schema/vouchers.graphql, typed by codegen. They load through the per-request
 * DataLoaders, pass every record through the request's policy (`ctx.policy`, policy.ts: it decides
 * what the viewer may see and notes it for the audit) and use only what comes back, and turn cents and quantities into the
 * contract's Money and Decimal at the very edge.
 */
import { graphqlError, notFound } from '../../lib/errors.js';
import { money } from '../../lib/money.js';
import type { Resolvers } from './__generated__/resolvers-types.js';
import {
  computeBudget,
  grantedVoucherOf,
  unfixedServiceTypes,
  unitCostsByServiceType,
  usageOfVouchers,
  type BudgetPlan,
} from './budget.js';
import { orderConnection } from './connection.js';
import type { Context } from './context.js';
import { unitCostKey } from './loaders.js';
import type { ClientPlanModel, DeliveryModel, OrderModel } from './models.js';
import { spendingReport } from './report.js';
import { acceptOrder, cancelOrder, correctDelivery, declineOrder, orderService, reportDelivery, settlePayments } from './order-writes.js';
import { paymentConnection } from './payments.js';
import { setUnitCost, unitCostHistory, unitCosts, voucherValue } from './unit-costs.js';

const VOUCHER_PREFERENCE = ['ACTIVE', 'EXHAUSTED', 'EXPIRED', 'CANCELLED'];

/** The plan's fields the gateway sends for `budget` (@requires); their absence is a gateway fault. */
function budgetPlan(plan: ClientPlanModel): BudgetPlan & { municipalityCode: string } {
  const { validFrom, validTo, municipalityCode, services } = plan;
  if (!validFrom || !municipalityCode || !services || services.some((s) => !s.serviceTypeCode || !s.quantity || !s.per)) {
    throw graphqlError(
      'BAD_USER_INPUT',
      'ClientPlan.budget needs validFrom, validTo, municipalityCode and services { id serviceTypeCode quantity per }',
    );
  }
  return { validFrom, validTo: validTo ?? null, municipalityCode, services: services as BudgetPlan['services'] };
}

async function assignedOrders(
  ctx: Context,
  providerId: string,
  args: { first?: number | null; after?: string | null; status?: OrderModel['status'][] | null; updatedSince?: string | null },
) {
  const connection = await orderConnection(
    (limit, cursor) =>
      ctx.voucherSystem.ordersPage(
        { providerIds: [providerId], statuses: args.status ?? undefined, updatedSince: args.updatedSince ?? undefined },
        limit,
        cursor,
      ),
    args,
  );
  // Every order of the page is the provider's by the query; the policy still sees (and notes) each.
  const visible = new Set(
    ctx.policy.releaseAll(
      'Order',
      connection.edges.map((e) => e.node),
    ),
  );
  return { ...connection, edges: connection.edges.filter((e) => visible.has(e.node)) };
}

export const resolvers: Resolvers = {
  Query: {
    assignedOrders: (_root, args, ctx) => assignedOrders(ctx, ctx.policy.assignedOrdersOf(), args),
    spendingReport: (_root, args, ctx) => spendingReport(ctx, args),
    unitCosts: (_root, args, ctx) => unitCosts(ctx, args),
    unitCostHistory: (_root, args, ctx) => unitCostHistory(ctx, args),
    payments: (_root, args, ctx) => paymentConnection(ctx, args.providerId ?? null, args),
  },

  Mutation: {
    orderService: (_root, { input }, ctx) => orderService(ctx, input),
    cancelOrder: (_root, { input }, ctx) => cancelOrder(ctx, input),
    acceptOrder: (_root, { input }, ctx) => acceptOrder(ctx, input),
    declineOrder: (_root, { input }, ctx) => declineOrder(ctx, input),
    reportDelivery: (_root, { input }, ctx) => reportDelivery(ctx, input),
    correctDelivery: (_root, { input }, ctx) => correctDelivery(ctx, input),
    settlePayments: (_root, { input }, ctx) => settlePayments(ctx, input),
    setUnitCost: (_root, { input }, ctx) => setUnitCost(ctx, input),
  },

  Client: {
    vouchers: async (client, _args, ctx) => {
      if (!ctx.policy.mayAsk('Voucher', { clientId: client.id })) return [];
      return ctx.policy.releaseAll('Voucher', await ctx.loaders.vouchersByClient.load(client.id));
    },
    orders: async (client, args, ctx) => {
      if (!ctx.policy.mayAsk('Order', { clientId: client.id })) return [];
      const orders = await ctx.loaders.ordersByClient.load(client.id);
      // Filtered by status before the policy, so only what is returned is noted.
      const wanted = ctx.policy.releaseAll('Order', args.status?.length ? orders.filter((o) => args.status!.includes(o.status)) : orders);
      // Newest first: the system sorts by updatedAt; the contract's "newest" is by creation.
      return [...wanted].sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1));
    },
  },

  ClientPlan: {
    budget: async (plan, _args, ctx) => {
      ctx.policy.assertMayAsk('Budget', "a plan's budget");
      const p = budgetPlan(plan);
      // The plan's vouchers alone: they fix the unit costs and carry what the plan's orders have
      // spent and commit (budget.ts), so the budget reads no orders — the planned services'
      // `orders`, fetched beside it in the same query, are the query's one read of them.
      const vouchers = await ctx.loaders.vouchersByPlan.load(plan.id);
      // The unit costs the plan's voucher fixed when granted; today's only for what it has none
      // for (a plan not yet approved), so an approved budget shows what was granted.
      const fixed = grantedVoucherOf(vouchers)?.unitCosts ?? [];
      const todays = await Promise.all(
        unfixedServiceTypes(
          fixed,
          p.services.map((s) => s.serviceTypeCode),
        ).map((code) => ctx.loaders.unitCost.load(unitCostKey(p.municipalityCode, code))),
      );
      return ctx.policy.releaseBudget(p.municipalityCode, vouchers, () => {
        const costs = unitCostsByServiceType(fixed, todays);
        return computeBudget(
          p,
          (code) => {
            const cents = costs.get(code);
            if (cents === undefined) throw notFound(`no unit cost for ${code} in municipality ${p.municipalityCode}`);
            return cents;
          },
          usageOfVouchers(vouchers),
        );
      });
    },
    voucher: async (plan, _args, ctx) => {
      ctx.policy.assertMayAsk('Voucher', "a plan's voucher");
      const vouchers = await ctx.loaders.vouchersByPlan.load(plan.id);
      if (!vouchers.length) return null;
      const chosen = [...vouchers].sort((a, b) => VOUCHER_PREFERENCE.indexOf(a.status) - VOUCHER_PREFERENCE.indexOf(b.status))[0];
      return ctx.policy.release('Voucher', chosen);
    },
  },

  PlannedService: {
    orders: async (ps, _args, ctx) =>
      ctx.policy.mayAsk('Order') ? ctx.policy.releaseAll('Order', await ctx.loaders.ordersByPlannedService.load(ps.id)) : [],
    voucherValue: (ps, _args, ctx) => voucherValue(ctx, ps),
  },

  Provider: {
    assignedOrders: (provider, args, ctx) => assignedOrders(ctx, ctx.policy.assignedOrdersOf(provider.id), args),
    payments: (provider, args, ctx) => paymentConnection(ctx, provider.id, args),
  },

  Payment: {
    __resolveReference: async (ref, ctx) => {
      const [payment] = await ctx.voucherSystem.payments({ ids: [ref.id] });
      return ctx.policy.release('Payment', payment ?? null);
    },
    provider: (p) => ({ id: p.providerId }),
    amount: (p) => money(p.amountCents),
    // Through the loader: the deliveries of every payment in a list are one batched read.
    deliveries: async (p, _args, ctx) =>
      (await ctx.loaders.deliveryById.loadMany(p.deliveryIds)).filter((d): d is DeliveryModel => d !== null && !(d instanceof Error)),
  },

  Voucher: {
    __resolveReference: async (ref, ctx) => ctx.policy.release('Voucher', await ctx.loaders.voucherById.load(ref.id)),
    granted: (v) => money(v.grantedCents),
    balance: (v) => money(v.balanceCents),
    client: (v) => ({ id: v.clientId }),
    plan: (v) => ({ id: v.planId }),
  },

  Order: {
    __resolveReference: async (ref, ctx) => ctx.policy.release('Order', await ctx.loaders.orderById.load(ref.id)),
    client: (o) => ({ id: o.clientId }),
    plannedService: (o) => ({ id: o.plannedServiceId }),
    provider: (o) => ({ id: o.providerId }),
    offering: (o) => ({ id: o.offeringId }),
    unitPrice: (o) => money(o.unitPriceCents),
    voucherValue: (o) => money(o.voucherValueCents),
    clientShare: (o) => money(Math.max(0, o.unitPriceCents - o.voucherValueCents)),
    delivered: (o) => o.deliveredQuantity,
    version: (o) => String(o.version),
    deliveries: async (o, _args, ctx) => ctx.policy.releaseAll('Delivery', await ctx.loaders.deliveriesByOrder.load(o.id), o),
  },

  Delivery: {
    __resolveReference: async (ref, ctx) => {
      const delivery = await ctx.loaders.deliveryById.load(ref.id);
      if (!delivery) return null;
      return ctx.policy.release('Delivery', delivery, await ctx.loaders.orderById.load(delivery.orderId));
    },
    amount: (d) => money(d.amountCents),
    order: async (d, _args, ctx) => ctx.policy.release('Order', await ctx.loaders.orderById.load(d.orderId)),
    settled: (d) => d.paymentId != null,
  },

  Budget: {
    total: (b) => money(b.totalCents),
    committed: (b) => money(b.committedCents),
    spent: (b) => money(b.spentCents),
    remaining: (b) => money(b.remainingCents),
  },

  BudgetLine: {
    unitCost: (l) => money(l.unitCostCents),
    amount: (l) => money(l.amountCents),
  },

  SpendingReport: {
    total: (r) => money(r.totalCents),
  },

  SpendingRow: {
    amount: (r) => (r.amountCents === null ? null : money(r.amountCents)),
  },
};
