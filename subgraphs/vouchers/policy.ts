/**
 * Who sees what in the vouchers subgraph — the one module that decides it (DESIGN.md, parties).
 * Every decision is made from the voucher system's own records, which carry the client, the
 * municipality and the provider, never from what a caller claims.
 *
 * Rules per role, in one table so the full access model (a later issue: family members acting
 * for a client, substitute case workers, consent) extends a row instead of every resolver:
 * - CLIENT: their own vouchers, orders, deliveries and plan budgets (viewer.clientId).
 * - CASE_WORKER: records of clients of their own municipality (viewer.municipalityCode).
 * - PROVIDER: orders assigned to their provider and those orders' deliveries; no vouchers or budgets.
 * - ANALYST: aggregates only (spending reports), limited to their municipality when the token has one.
 * - ADMIN: spending reports; no client records. The design gives administrators providers,
 *   applications and unit costs, not clients' orders, so ADMIN cannot list assignedOrders either.
 * Forbidden single things are null with FORBIDDEN; lists are filtered, never partially leaked.
 */
import { forbidden } from '../../lib/errors.js';
import type { Role, Viewer } from '../../lib/viewer.js';

/** What a record tells about whose it is: every voucher and order carries these. */
export interface ClientRecord {
  clientId: string;
  municipalityCode: string;
}
export interface OrderRecord extends ClientRecord {
  providerId: string;
}

interface RoleRules {
  /** Whether asking the system for this client's vouchers/orders can yield anything visible. */
  mayAskForClient(viewer: Viewer, clientId: string, kind: 'vouchers' | 'orders'): boolean;
  seesVoucher(viewer: Viewer, v: ClientRecord): boolean;
  seesOrder(viewer: Viewer, o: OrderRecord): boolean;
  /** A plan's budget, given the plan's municipality and the system's records for the plan. */
  seesBudget(viewer: Viewer, planMunicipality: string, records: ClientRecord[]): boolean;
  /** Whose assigned orders the viewer may list: their own provider's, or nobody's. */
  ordersOfProvider(viewer: Viewer): string | null;
  /** Spending reports: 'all' municipalities, 'own' municipality (from the token), or none. */
  reports: 'all' | 'own-if-set' | 'own' | 'none';
}

const own = (viewer: Viewer, r: ClientRecord) => viewer.clientId !== null && r.clientId === viewer.clientId;
const ownMunicipality = (viewer: Viewer, r: { municipalityCode: string }) =>
  viewer.municipalityCode !== null && r.municipalityCode === viewer.municipalityCode;
const nobody = () => false;

const RULES: Record<Role, RoleRules> = {
  CLIENT: {
    mayAskForClient: (viewer, clientId) => viewer.clientId === clientId,
    seesVoucher: own,
    seesOrder: own,
    // Without records the budget is the caller's own plan (from the gateway) × unit costs: nothing to leak.
    seesBudget: (viewer, _mun, records) => viewer.clientId !== null && records.every((r) => own(viewer, r)),
    ordersOfProvider: () => null,
    reports: 'none',
  },
  CASE_WORKER: {
    mayAskForClient: (viewer) => viewer.municipalityCode !== null,
    seesVoucher: ownMunicipality,
    seesOrder: ownMunicipality,
    seesBudget: (viewer, mun, records) => ownMunicipality(viewer, { municipalityCode: mun }) && records.every((r) => ownMunicipality(viewer, r)),
    ordersOfProvider: () => null,
    reports: 'own',
  },
  PROVIDER: {
    mayAskForClient: (viewer, _clientId, kind) => kind === 'orders' && viewer.providerId !== null,
    seesVoucher: nobody,
    seesOrder: (viewer, o) => viewer.providerId !== null && o.providerId === viewer.providerId,
    seesBudget: nobody,
    ordersOfProvider: (viewer) => viewer.providerId,
    reports: 'none',
  },
  ANALYST: {
    mayAskForClient: nobody,
    seesVoucher: nobody,
    seesOrder: nobody,
    seesBudget: nobody,
    ordersOfProvider: () => null,
    reports: 'own-if-set',
  },
  ADMIN: {
    mayAskForClient: nobody,
    seesVoucher: nobody,
    seesOrder: nobody,
    seesBudget: nobody,
    ordersOfProvider: () => null,
    reports: 'all',
  },
};

const rules = (viewer: Viewer) => RULES[viewer.role];

export function mayAskForClient(viewer: Viewer, clientId: string, kind: 'vouchers' | 'orders'): boolean {
  return rules(viewer).mayAskForClient(viewer, clientId, kind);
}

export function canSeeVoucher(viewer: Viewer, v: ClientRecord): boolean {
  return rules(viewer).seesVoucher(viewer, v);
}

/** Deliveries are visible exactly when their order is. */
export function canSeeOrder(viewer: Viewer, o: OrderRecord): boolean {
  return rules(viewer).seesOrder(viewer, o);
}

export function canSeeBudget(viewer: Viewer, planMunicipality: string, records: ClientRecord[]): boolean {
  return rules(viewer).seesBudget(viewer, planMunicipality, records);
}

/** The visible part of a list. */
export function visibleOrders<T extends OrderRecord>(viewer: Viewer, orders: readonly T[]): T[] {
  return orders.filter((o) => canSeeOrder(viewer, o));
}
export function visibleVouchers<T extends ClientRecord>(viewer: Viewer, vouchers: readonly T[]): T[] {
  return vouchers.filter((v) => canSeeVoucher(viewer, v));
}

/** A single record, or FORBIDDEN. */
export function assertVisible<T>(visible: boolean, record: T, what: string): T {
  if (!visible) throw forbidden(`this ${what} is not visible to the viewer`);
  return record;
}

/**
 * The provider whose assigned orders the viewer may list; `requested` is the Provider entity
 * asked about (Provider.assignedOrders), absent for Query.assignedOrders. FORBIDDEN otherwise.
 */
export function assignedOrdersProvider(viewer: Viewer, requested?: string): string {
  const providerId = rules(viewer).ordersOfProvider(viewer);
  if (!providerId) throw forbidden('only a provider can list its assigned orders');
  if (requested !== undefined && requested !== providerId) throw forbidden('a provider can list only its own assigned orders');
  return providerId;
}

/**
 * The municipalities a spending report may cover: `null` for all, or the viewer's own.
 * FORBIDDEN for roles without reports and for asking about another municipality.
 */
export function spendingReportScope(viewer: Viewer, requested: string | null | undefined): string | null {
  const scope = rules(viewer).reports;
  if (scope === 'none') throw forbidden('spending reports are for analysts, case workers and administrators');
  const limit = scope === 'all' ? null : viewer.municipalityCode;
  if (scope === 'own' && !limit) throw forbidden('a case worker without a municipality cannot read spending reports');
  if (!limit) return requested ?? null;
  if (requested && requested !== limit) throw forbidden(`the viewer may read reports of municipality ${limit} only`);
  return limit;
}
