/**
 * A plan's budget (DESIGN.md step 2): for every planned service, planned quantity × periods in
 * the plan's validity × the municipality's unit cost (lib/budget.ts, the same rule the voucher
 * system used to grant the voucher), and what the plan's orders have spent and still commit.
 *
 * - total = the sum of the lines, exactly (each line is rounded once, to the cent)
 * - spent = the delivered amounts of the plan's orders
 * - committed = over REQUESTED and ACCEPTED orders, (ordered − delivered quantity) × voucher value,
 *   rounded per order to the cent, halves up
 * - remaining = total − committed − spent
 * Pure functions: the resolver loads, this computes, the tests check the arithmetic alone.
 */
import { budgetLineCents, validityDays } from '../../lib/budget.js';
import { decimalToHundredths, divRound } from '../../lib/money.js';
import type { PlanPeriod } from '../../lib/reference.js';
import type { BudgetModel, OrderModel, PlannedServiceModel } from './models.js';

export interface BudgetPlan {
  validFrom: string;
  validTo: string | null;
  services: (PlannedServiceModel & { serviceTypeCode: string; quantity: string; per: PlanPeriod })[];
}

type OrderFigures = Pick<OrderModel, 'status' | 'quantity' | 'deliveredQuantity' | 'deliveredCents' | 'voucherValueCents'>;

/** What an open order still holds of the budget. */
export function committedCents(order: OrderFigures): number {
  if (order.status !== 'REQUESTED' && order.status !== 'ACCEPTED') return 0;
  const open = decimalToHundredths(order.quantity) - decimalToHundredths(order.deliveredQuantity);
  if (open <= 0) return 0;
  return Number(divRound(BigInt(open) * BigInt(order.voucherValueCents), 100n));
}

/** `unitCostOf(serviceTypeCode)` gives the municipality's unit cost in cents. */
export function computeBudget(plan: BudgetPlan, unitCostOf: (serviceTypeCode: string) => number, orders: readonly OrderFigures[]): BudgetModel {
  const days = validityDays(plan.validFrom, plan.validTo);
  const lines = plan.services.map((ps) => {
    const unitCostCents = unitCostOf(ps.serviceTypeCode);
    return { plannedService: ps, unitCostCents, amountCents: budgetLineCents(decimalToHundredths(ps.quantity), ps.per, days, unitCostCents) };
  });
  const totalCents = lines.reduce((sum, l) => sum + l.amountCents, 0);
  const spentCents = orders.reduce((sum, o) => sum + o.deliveredCents, 0);
  const committed = orders.reduce((sum, o) => sum + committedCents(o), 0);
  return { totalCents, committedCents: committed, spentCents, remainingCents: totalCents - committed - spentCents, lines };
}
