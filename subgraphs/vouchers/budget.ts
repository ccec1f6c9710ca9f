/**
 * A plan's budget (docs/flow.md step 2): for every planned service, planned quantity × periods in
 * the plan's validity × the municipality's unit cost (lib/budget.ts, the same rule the voucher
 * system used to grant the voucher), and what the plan's orders have spent and still commit.
 *
 * Which unit cost: the one the plan's voucher fixed when it was granted (a service-voucher
 * decision fixes the voucher's value, so a budget approved before a new unit cost keeps its
 * own), and today's for a plan not yet approved or a service type the voucher fixed none for.
 * So the budget shown is the budget granted, and an order's voucher value is its line's unit cost.
 *
 * - total = the sum of the lines, exactly (each line is rounded once, to the cent)
 * - spent = the delivered amounts of the plan's orders
 * - committed = over REQUESTED and ACCEPTED orders, (ordered − delivered quantity) × voucher value,
 *   rounded per order to the cent, halves up
 * - remaining = total − committed − spent
 *
 * Spent and committed come from the plan's vouchers (`usageOfVouchers`): the voucher system keeps
 * them per voucher by exactly the rule above over the voucher's orders, and every order of a plan
 * is made against one of the plan's vouchers. Why not from the orders: the budget then needs no
 * read of the plan's orders, a read that the planned services' `orders` (another fetch of the
 * same query) makes anyway — one order read per query instead of two.
 * Pure functions: the resolver loads, this computes, the tests check the arithmetic alone.
 */
import { budgetLineCents, validityDays } from '../../lib/budget.js';
import { decimalToHundredths, divRound } from '../../lib/money.js';
import type { PlanPeriod } from '../../lib/reference.js';
import type { BudgetModel, FixedUnitCostModel, OrderModel, PlannedServiceModel, UnitCostModel, VoucherModel } from './models.js';

export interface BudgetPlan {
  validFrom: string;
  validTo: string | null;
  services: (PlannedServiceModel & { serviceTypeCode: string; quantity: string; per: PlanPeriod })[];
}

type OrderFigures = Pick<OrderModel, 'status' | 'quantity' | 'deliveredQuantity' | 'deliveredCents' | 'voucherValueCents'>;

/** What of a budget is used: delivered (spent) and held by open orders (committed), in cents. */
export interface BudgetUsage {
  spentCents: number;
  committedCents: number;
}

/** What an open order still holds of the budget. */
export function committedCents(order: OrderFigures): number {
  if (order.status !== 'REQUESTED' && order.status !== 'ACCEPTED') return 0;
  const open = decimalToHundredths(order.quantity) - decimalToHundredths(order.deliveredQuantity);
  if (open <= 0) return 0;
  return Number(divRound(BigInt(open) * BigInt(order.voucherValueCents), 100n));
}

/** Statuses of a voucher that was granted and stands (CANCELLED ones were withdrawn, e.g. when their plan's approval failed), most current first. */
const GRANTED = ['ACTIVE', 'EXHAUSTED', 'EXPIRED'] as const;

/** The plan's granted voucher, whose unit costs its budget uses: the most current of them, or null before approval. */
export function grantedVoucherOf<T extends Pick<VoucherModel, 'status'>>(vouchers: readonly T[]): T | null {
  let chosen: T | null = null;
  for (const v of vouchers) {
    const rank = (GRANTED as readonly string[]).indexOf(v.status);
    if (rank >= 0 && (!chosen || rank < (GRANTED as readonly string[]).indexOf(chosen.status))) chosen = v;
  }
  return chosen;
}

/** The service types among `codes` the voucher fixed no unit cost for: those need today's. */
export function unfixedServiceTypes(fixed: readonly FixedUnitCostModel[], codes: Iterable<string>): string[] {
  const have = new Set(fixed.map((u) => u.serviceTypeCode));
  return [...new Set(codes)].filter((code) => !have.has(code));
}

/** Unit costs in cents by service type: the voucher's fixed ones, today's for the rest. */
export function unitCostsByServiceType(
  fixed: readonly FixedUnitCostModel[],
  todays: readonly (UnitCostModel | null)[],
): Map<string, number> {
  const costs = new Map<string, number>();
  for (const u of todays) if (u) costs.set(u.serviceTypeCode, u.unitCostCents);
  for (const u of fixed) costs.set(u.serviceTypeCode, u.unitCostCents);
  return costs;
}

/** The usage of a plan's orders, each commitment rounded on its own. */
export function usageOfOrders(orders: readonly OrderFigures[]): BudgetUsage {
  return {
    spentCents: orders.reduce((sum, o) => sum + o.deliveredCents, 0),
    committedCents: orders.reduce((sum, o) => sum + committedCents(o), 0),
  };
}

/**
 * The usage of a plan's orders as the voucher system sums them on the plan's vouchers (every
 * status: a cancelled voucher keeps what was delivered against it, and commits nothing).
 */
export function usageOfVouchers(vouchers: readonly Pick<VoucherModel, 'deliveredCents' | 'committedCents'>[]): BudgetUsage {
  return {
    spentCents: vouchers.reduce((sum, v) => sum + v.deliveredCents, 0),
    committedCents: vouchers.reduce((sum, v) => sum + v.committedCents, 0),
  };
}

/** `unitCostOf(serviceTypeCode)` gives the unit cost in cents (see `unitCostsByServiceType`). */
export function computeBudget(
  plan: BudgetPlan,
  unitCostOf: (serviceTypeCode: string) => number,
  usage: readonly OrderFigures[] | BudgetUsage,
): BudgetModel {
  const days = validityDays(plan.validFrom, plan.validTo);
  const lines = plan.services.map((ps) => {
    const unitCostCents = unitCostOf(ps.serviceTypeCode);
    return {
      plannedService: ps,
      unitCostCents,
      amountCents: budgetLineCents(decimalToHundredths(ps.quantity), ps.per, days, unitCostCents),
    };
  });
  const totalCents = lines.reduce((sum, l) => sum + l.amountCents, 0);
  const { spentCents, committedCents: committed } = Array.isArray(usage) ? usageOfOrders(usage) : (usage as BudgetUsage);
  return { totalCents, committedCents: committed, spentCents, remainingCents: totalCents - committed - spentCents, lines };
}
