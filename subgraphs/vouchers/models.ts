/**
 * What the resolvers pass around (codegen's mappers): the voucher system's own records, typed
 * from its OpenAPI document (lib/__generated__/voucher-system.d.ts), and the entity references
 * other subgraphs send. Why the system's records as models: money stays in integer cents and
 * quantities in decimal strings until the field resolvers turn them into the contract's
 * `Money`/`Decimal` — one conversion, at the edge.
 */
import type { PlanPeriod } from '../../lib/reference.js';
export type {
  DeliveryModel,
  FixedUnitCostModel,
  OrderModel,
  PaymentModel,
  RegisteredProviderModel,
  SettlementModel,
  SpendingReportResource,
  UnitCostModel,
  VoucherModel,
} from '../../lib/voucher-client.js';
import type { OrderModel } from '../../lib/voucher-client.js';

/** A reference to an entity another subgraph owns (or a stub to resolve here): its key only. */
export interface EntityRef {
  id: string;
}

/** A ClientPlan as the gateway sends it: the key and, for `budget`, the @requires fields. */
export interface ClientPlanModel {
  id: string;
  validFrom?: string;
  validTo?: string | null;
  municipalityCode?: string;
  services?: PlannedServiceModel[];
}

/**
 * A PlannedService: the key; inside a plan's @requires also its type, quantity and period; for
 * `voucherValue` (@requires) its plan, municipality and type.
 */
export interface PlannedServiceModel {
  id: string;
  planId?: string;
  municipalityCode?: string;
  serviceTypeCode?: string;
  quantity?: string;
  per?: PlanPeriod;
}

export interface BudgetLineModel {
  plannedService: PlannedServiceModel;
  unitCostCents: number;
  amountCents: number;
}

export interface BudgetModel {
  totalCents: number;
  committedCents: number;
  spentCents: number;
  remainingCents: number;
  lines: BudgetLineModel[];
}

export interface OrderConnectionModel {
  totalCount: number;
  edges: { cursor: string; node: OrderModel }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null; hasPreviousPage: boolean; startCursor: string | null };
}

export interface SpendingRowModel {
  serviceTypeCode: string | null;
  municipalityCode: string | null;
  providerId: string | null;
  month: string | null;
  suppressed: boolean;
  clients: number | null;
  orders: number | null;
  amountCents: number | null;
}

export interface SpendingReportModel {
  rows: SpendingRowModel[];
  totalCents: number;
}
