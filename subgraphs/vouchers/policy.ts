/**
 * Who sees what in the vouchers subgraph — the one module that decides it (DESIGN.md, parties),
 * and the one place that notes, for the gateway's audit, every read of a client's data it lets
 * through (lib/audit.ts). Resolvers never decide and never note: they pass what they loaded
 * through a function here and use only what comes back, so no resolver can forget either.
 *
 * Every decision is made from the voucher system's own records, which carry the client, the
 * municipality and the provider, never from what a caller claims. (The one exception is a plan's
 * municipality for its budget, which the gateway sends from the client-record system through
 * @requires: the voucher system may hold no records of a new plan.)
 *
 * Rules per role, in one table so the full access model (a later issue: family members acting
 * for a client, substitute case workers, consent) extends a row instead of every resolver:
 * - CLIENT: their own vouchers, orders, deliveries and plan budgets (viewer.clientId).
 * - CASE_WORKER: records of clients of their own municipality (viewer.municipalityCode);
 *   unit costs and spending reports of their own municipality.
 * - PROVIDER: orders assigned to their provider and those orders' deliveries; nothing of a plan
 *   (budget, voucher) and no vouchers. Client.orders and PlannedService.orders list only its own.
 * - ANALYST: aggregates only — spending reports and unit costs, both limited to their
 *   municipality when the token has one. No order, voucher, delivery or budget.
 * - ADMIN: unit costs (all municipalities) and spending reports; no client records. The design
 *   gives administrators providers, applications and unit costs, not clients' orders, so ADMIN
 *   cannot list assignedOrders either. The only role that sets unit costs.
 *
 * PlannedService.voucherValue is a unit cost (the one the plan's voucher fixed, or today's), not
 * a client's data: it is for the roles that see planned services at all (the client, case
 * workers, the provider performing it), whose access to the service the client-record system's
 * subgraph decided when it served the @requires fields; it is not noted for the audit.
 *
 * Shapes of a refusal:
 * - a single thing (entity, nullable field) is null with FORBIDDEN at its path;
 * - a list is filtered to what may be seen — never partly leaked, never an error that would null
 *   its parent; when the role can never see anything of the kind, the system is not even asked;
 * - a root field for a role it is not meant for (assignedOrders for non-providers, reports and
 *   unit costs for clients and providers) is FORBIDDEN.
 *
 * Audit: every record released to a viewer is noted as `audit.record(clientId, municipality,
 * kind)` with kind "Voucher", "Order", "Delivery" or "Budget". Refused or filtered-out records
 * are not noted; neither are aggregates (spending reports) nor unit costs, which are no client's data.
 * A report's run is recorded all the same, as a write-log entry of subject Report/spending (report.ts).
 * Records of a list are noted when released — when a field of the record is resolved
 * (lib/audit-paths.ts) — so a provider that asked its assigned orders only for their
 * `totalCount` is recorded as having read no client's order. What a provider is given is a
 * disclosure: its notes carry the basis, the order it reads for ("Order/or-1").
 */
import type { AuditTrail } from '../../lib/audit.js';
import { forbidden } from '../../lib/errors.js';
import type { Role, Viewer } from '../../lib/viewer.js';

/** What a record tells about whose it is: every voucher and order carries these. */
export interface ClientRecord {
  clientId: string;
  municipalityCode: string;
}
export interface OrderRecord extends ClientRecord {
  id: string;
  providerId: string;
}

/** What the policy needs of a request: who asks, and where to note what they were given. */
export interface Access {
  viewer: Viewer;
  audit: AuditTrail;
}

export type AuditKind = 'Voucher' | 'Order' | 'Delivery' | 'Budget';

/** How far a role's aggregate reads (reports, unit costs) reach. */
type Reach = 'all' | 'own-if-set' | 'own' | 'none';

interface RoleRules {
  /** Whether asking the system for this client's vouchers/orders can yield anything visible. */
  mayAskForClient(viewer: Viewer, clientId: string, kind: 'vouchers' | 'orders'): boolean;
  /** Whether a plan's budget or voucher can ever be visible to the role (no call when not). */
  mayAskForPlan: boolean;
  /** Whether a planned service's orders can ever be visible to the role (no call when not). */
  mayAskForOrders: boolean;
  seesVoucher(viewer: Viewer, v: ClientRecord): boolean;
  seesOrder(viewer: Viewer, o: OrderRecord): boolean;
  /** A plan's budget, given the plan's municipality and the system's records for the plan. */
  seesBudget(viewer: Viewer, planMunicipality: string, records: readonly ClientRecord[]): boolean;
  /** Whose assigned orders the viewer may list: their own provider's, or nobody's. */
  ordersOfProvider(viewer: Viewer): string | null;
  /** Spending reports: 'all' municipalities, 'own' municipality (from the token), or none. */
  reports: Reach;
  /** Municipal unit costs, likewise. */
  unitCosts: Reach;
  /** Whether the role may set municipal unit costs (Mutation.setUnitCost). */
  setsUnitCosts: boolean;
  /** Whether the role may read PlannedService.voucherValue (the roles that see planned services). */
  seesVoucherValue: boolean;
}

const own = (viewer: Viewer, r: ClientRecord) => viewer.clientId !== null && r.clientId === viewer.clientId;
const ownMunicipality = (viewer: Viewer, r: { municipalityCode: string }) =>
  viewer.municipalityCode !== null && r.municipalityCode === viewer.municipalityCode;
const nobody = () => false;

const RULES: Record<Role, RoleRules> = {
  CLIENT: {
    mayAskForClient: (viewer, clientId) => viewer.clientId === clientId,
    mayAskForPlan: true,
    mayAskForOrders: true,
    seesVoucher: own,
    seesOrder: own,
    // Without records the budget is the caller's own plan (from the gateway) × unit costs: nothing to leak.
    seesBudget: (viewer, _mun, records) => viewer.clientId !== null && records.every((r) => own(viewer, r)),
    ordersOfProvider: () => null,
    reports: 'none',
    unitCosts: 'none',
    setsUnitCosts: false,
    seesVoucherValue: true,
  },
  CASE_WORKER: {
    mayAskForClient: (viewer) => viewer.municipalityCode !== null,
    mayAskForPlan: true,
    mayAskForOrders: true,
    seesVoucher: ownMunicipality,
    seesOrder: ownMunicipality,
    seesBudget: (viewer, mun, records) => ownMunicipality(viewer, { municipalityCode: mun }) && records.every((r) => ownMunicipality(viewer, r)),
    ordersOfProvider: () => null,
    reports: 'own',
    unitCosts: 'own',
    setsUnitCosts: false,
    seesVoucherValue: true,
  },
  PROVIDER: {
    mayAskForClient: (viewer, _clientId, kind) => kind === 'orders' && viewer.providerId !== null,
    mayAskForPlan: false,
    mayAskForOrders: true,
    seesVoucher: nobody,
    seesOrder: (viewer, o) => viewer.providerId !== null && o.providerId === viewer.providerId,
    seesBudget: nobody,
    ordersOfProvider: (viewer) => viewer.providerId,
    reports: 'none',
    unitCosts: 'none',
    setsUnitCosts: false,
    seesVoucherValue: true,
  },
  ANALYST: {
    mayAskForClient: nobody,
    mayAskForPlan: false,
    mayAskForOrders: false,
    seesVoucher: nobody,
    seesOrder: nobody,
    seesBudget: nobody,
    ordersOfProvider: () => null,
    reports: 'own-if-set',
    unitCosts: 'own-if-set',
    setsUnitCosts: false,
    seesVoucherValue: false,
  },
  ADMIN: {
    mayAskForClient: nobody,
    mayAskForPlan: false,
    mayAskForOrders: false,
    seesVoucher: nobody,
    seesOrder: nobody,
    seesBudget: nobody,
    ordersOfProvider: () => null,
    reports: 'all',
    unitCosts: 'all',
    setsUnitCosts: true,
    seesVoucherValue: false,
  },
};

const rules = (viewer: Viewer) => RULES[viewer.role];

const note = (access: Access, r: ClientRecord, kind: AuditKind) => access.audit.record(r.clientId, r.municipalityCode, kind);

/** Why a provider may see an order's data: the order itself (a disclosure's basis); nothing to add for the client's own side. */
const basisOf = (access: Access, o: OrderRecord) => (access.viewer.role === 'PROVIDER' ? { basis: `Order/${o.id}` } : undefined);
const noteOrder = (access: Access, o: OrderRecord, kind: AuditKind) => access.audit.record(o.clientId, o.municipalityCode, kind, basisOf(access, o));

// ---- lists of a client, a plan or a planned service --------------------------------------

/** Whether to ask the system for a client's vouchers/orders at all; `false` means the list is empty. */
export function mayAskForClient(viewer: Viewer, clientId: string, kind: 'vouchers' | 'orders'): boolean {
  return rules(viewer).mayAskForClient(viewer, clientId, kind);
}

/** Whether to ask the system for a planned service's orders at all; `false` means the list is empty. */
export function mayAskForPlannedServiceOrders(viewer: Viewer): boolean {
  return rules(viewer).mayAskForOrders;
}

/** The visible part of a list of orders, each noted when released (return these very objects). */
export function visibleOrders<T extends OrderRecord>(access: Access, orders: readonly T[]): T[] {
  const visible = orders.filter((o) => rules(access.viewer).seesOrder(access.viewer, o));
  for (const o of visible) access.audit.recordOnRelease(o, o.clientId, o.municipalityCode, 'Order', basisOf(access, o));
  return visible;
}

/** The visible part of a list of vouchers, each noted when released (return these very objects). */
export function visibleVouchers<T extends ClientRecord>(access: Access, vouchers: readonly T[]): T[] {
  const visible = vouchers.filter((v) => rules(access.viewer).seesVoucher(access.viewer, v));
  for (const v of visible) access.audit.recordOnRelease(v, v.clientId, v.municipalityCode, 'Voucher');
  return visible;
}

/** An order's deliveries: all of them when the order is visible (noted), none otherwise. */
export function visibleDeliveries<T>(access: Access, order: OrderRecord, deliveries: readonly T[]): T[] {
  if (!rules(access.viewer).seesOrder(access.viewer, order)) return [];
  if (deliveries.length) noteOrder(access, order, 'Delivery');
  return [...deliveries];
}

// ---- single records ----------------------------------------------------------------------

/** An order (entity or field): itself, noted, or FORBIDDEN. Null stays null (not found). */
export function visibleOrder<T extends OrderRecord>(access: Access, order: T | null): T | null {
  if (!order) return null;
  if (!rules(access.viewer).seesOrder(access.viewer, order)) throw forbidden('this order is not visible to the viewer');
  noteOrder(access, order, 'Order');
  return order;
}

/** A voucher (entity or field): itself, noted, or FORBIDDEN. Null stays null (not found). */
export function visibleVoucher<T extends ClientRecord>(access: Access, voucher: T | null): T | null {
  if (!voucher) return null;
  if (!rules(access.viewer).seesVoucher(access.viewer, voucher)) throw forbidden('this voucher is not visible to the viewer');
  note(access, voucher, 'Voucher');
  return voucher;
}

/** A delivery is visible exactly when its order is; noted under the order's client. */
export function visibleDelivery<T>(access: Access, delivery: T | null, order: OrderRecord | null): T | null {
  if (!delivery || !order) return null;
  if (!rules(access.viewer).seesOrder(access.viewer, order)) throw forbidden('this delivery is not visible to the viewer');
  noteOrder(access, order, 'Delivery');
  return delivery;
}

// ---- a plan's budget and voucher ---------------------------------------------------------

/**
 * Before anything is read for a plan's budget or voucher: FORBIDDEN for roles that can never
 * see them (providers, analysts, administrators), so the system is not asked.
 */
export function assertMayAskForPlan(viewer: Viewer, what: 'budget' | 'voucher'): void {
  if (!rules(viewer).mayAskForPlan) throw forbidden(`a plan's ${what} is not visible to the viewer`);
}

/**
 * A plan's budget, decided from the plan's `records` (the system's vouchers and orders of the
 * plan) before `compute` runs: the budget, noted for the plan's client, or FORBIDDEN. A plan without records is noted for
 * the client viewing their own plan; for a case worker it has no client to note here (the
 * client-record system's subgraph notes the plan it served for the budget).
 */
export function visibleBudget<T>(access: Access, planMunicipality: string, records: readonly ClientRecord[], compute: () => T): T {
  const { viewer } = access;
  if (!rules(viewer).seesBudget(viewer, planMunicipality, records)) throw forbidden('this budget is not visible to the viewer');
  const clients = new Map(records.map((r) => [r.clientId, r]));
  if (!clients.size && viewer.role === 'CLIENT' && viewer.clientId) clients.set(viewer.clientId, { clientId: viewer.clientId, municipalityCode: planMunicipality });
  const budget = compute();
  for (const r of clients.values()) note(access, r, 'Budget');
  return budget;
}

// ---- root fields -------------------------------------------------------------------------

/**
 * The provider whose assigned orders the viewer may list; `requested` is the Provider entity
 * asked about (Provider.assignedOrders), absent for Query.assignedOrders. FORBIDDEN otherwise.
 * The orders of the page still go through `visibleOrders` (which notes them).
 */
export function assignedOrdersProvider(viewer: Viewer, requested?: string): string {
  const providerId = rules(viewer).ordersOfProvider(viewer);
  if (!providerId) throw forbidden('only a provider can list its assigned orders');
  if (requested !== undefined && requested !== providerId) throw forbidden('a provider can list only its own assigned orders');
  return providerId;
}

function scope(viewer: Viewer, reach: Reach, requested: string | null | undefined, what: string): string | null {
  if (reach === 'none') throw forbidden(`${what} are not for this role`);
  const limit = reach === 'all' ? null : viewer.municipalityCode;
  if (reach === 'own' && !limit) throw forbidden(`a viewer without a municipality cannot read ${what}`);
  if (!limit) return requested ?? null;
  if (requested && requested !== limit) throw forbidden(`the viewer may read ${what} of municipality ${limit} only`);
  return limit;
}

/**
 * The municipalities a spending report may cover: `null` for all, or the viewer's own.
 * FORBIDDEN for roles without reports and for asking about another municipality.
 */
export function spendingReportScope(viewer: Viewer, requested: string | null | undefined): string | null {
  return scope(viewer, rules(viewer).reports, requested, 'spending reports');
}

/** The municipality whose unit costs the viewer may list (`null`: every one), as for reports. */
export function unitCostScope(viewer: Viewer, requested: string | null | undefined): string | null {
  return scope(viewer, rules(viewer).unitCosts, requested, 'unit costs');
}

/** PlannedService.voucherValue: FORBIDDEN, before anything is read, for roles that see no planned services. */
export function assertMayAskForVoucherValue(viewer: Viewer): void {
  if (!rules(viewer).seesVoucherValue) throw forbidden(`a planned service's voucher value is not for ${viewer.role}`);
}

// ---- writes --------------------------------------------------------------------------------
//
// Who may act (CONTRACT.md "Who may write"): a client orders and cancels within their own plan;
// a case worker orders and cancels for clients of their own municipality; a provider's system
// decides and reports only on orders assigned to it; the administrator settles payments and
// sets unit costs; analysts write nothing. Each check is made on the system of record's own data (the plan from
// the client-record system, the order from the voucher system), never on what the caller claims.

/** orderService: the plan's client, or a case worker of the plan's municipality. */
export function assertMayOrderFor(viewer: Viewer, plan: ClientRecord): void {
  const allowed = viewer.role === 'CLIENT' ? own(viewer, plan) : viewer.role === 'CASE_WORKER' ? ownMunicipality(viewer, plan) : false;
  if (!allowed) throw forbidden(viewer.role === 'CLIENT' || viewer.role === 'CASE_WORKER' ? 'this plan is not the viewer\'s to order from' : `${viewer.role} may not order services`);
}

/** Before anything is read for an order write: roles that never make it are refused at once. */
export function assertMayWrite(viewer: Viewer, write: 'order' | 'cancel' | 'decide' | 'deliver' | 'settle'): void {
  const roles: Record<typeof write, Role[]> = { order: ['CLIENT', 'CASE_WORKER'], cancel: ['CLIENT', 'CASE_WORKER'], decide: ['PROVIDER'], deliver: ['PROVIDER'], settle: ['ADMIN'] };
  if (!roles[write].includes(viewer.role)) throw forbidden(`${viewer.role} may not ${write === 'decide' ? 'accept or decline orders' : write === 'deliver' ? 'report deliveries' : write === 'settle' ? 'settle payments' : `${write} orders`}`);
}

/** cancelOrder: as for ordering, decided on the order's own client and municipality. */
export function assertMayCancel(viewer: Viewer, order: OrderRecord): void {
  assertMayOrderFor(viewer, order);
}

/** acceptOrder, declineOrder, reportDelivery, correctDelivery: the provider the order is assigned to. */
export function assertProviderOf(viewer: Viewer, order: OrderRecord): void {
  if (viewer.role !== 'PROVIDER' || !viewer.providerId || order.providerId !== viewer.providerId) {
    throw forbidden('only the provider the order is assigned to may act on it');
  }
}

/** setUnitCost: administrators only, decided before the input is even read. */
export function assertMaySetUnitCosts(viewer: Viewer): void {
  if (!rules(viewer).setsUnitCosts) throw forbidden(`${viewer.role} may not set unit costs`);
}

/** Notes a unit cost write for the audit: no client's data, so under its own subject (after it succeeded). */
export function noteUnitCostWrite(access: Access, municipalityCode: string, serviceTypeCode: string, validFrom: string): void {
  access.audit.recordSubjectWrite(`UnitCost/${municipalityCode}/${serviceTypeCode}`, `setUnitCost UnitCost/${municipalityCode}/${serviceTypeCode}/${validFrom}`);
}

/** Notes a write for the audit: who changed what of which client's data (after it succeeded). */
export function noteWrite(access: Access, r: ClientRecord, action: string): void {
  access.audit.recordWrite(r.clientId, r.municipalityCode, action);
}

/**
 * Payments: administrators see every provider's (or one's, when asked); a provider sees its own
 * (Provider.payments of itself). Returns the provider to list, or null for all.
 */
export function paymentsScope(viewer: Viewer, requestedProviderId: string | null | undefined): string | null {
  if (viewer.role === 'ADMIN') return requestedProviderId ?? null;
  if (viewer.role === 'PROVIDER' && viewer.providerId && requestedProviderId === viewer.providerId) return viewer.providerId;
  throw forbidden('payments are for administrators and the provider paid');
}
