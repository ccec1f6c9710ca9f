/**
 * Who sees and writes what in the vouchers subgraph — the one module that decides it (docs/parties.md), and the one place that notes, for the gateway's audit, every read of a client's
 * data it lets through (lib/audit.ts). The shape is every subgraph's (lib/access-policy.ts):
 * `buildPolicy(viewer)` is the policy as data, and `VoucherPolicy` — `ctx.policy` — is the one
 * entry point resolvers and writes go through: `release`, `releaseAll`, `assertMayWrite`.
 *
 * Every decision is made from the voucher system's own records, which carry the client, the
 * municipality and the provider, never from what a caller claims. (The one exception is a plan's
 * municipality for its budget, which the gateway sends from the client-record system through
 * @requires: the voucher system may hold no records of a new plan.)
 *
 * The rules (buildPolicy), a row per role so a later access model (family members acting for a
 * client, substitute case workers, consent) extends a row instead of every resolver:
 * - CLIENT: their own vouchers, orders, deliveries and plan budgets (viewer.clientId); orders
 *   and cancels within their own plan.
 * - CASE_WORKER: records of clients of their own municipality; unit costs and spending reports
 *   of their own municipality; orders and cancels for their clients.
 * - PROVIDER: orders assigned to it and their deliveries; nothing of a plan (budget, voucher) and
 *   no vouchers; decides and reports on its own orders; its own payments.
 * - ANALYST: aggregates only — spending reports and unit costs, limited to their municipality
 *   when the token has one. No order, voucher, delivery or budget; writes nothing.
 * - ADMIN: unit costs (all municipalities, and the only role that sets them), spending reports,
 *   payments (settles them); no client records — so not assignedOrders either.
 *
 * PlannedService.voucherValue is a unit cost, not a client's data: it is for the roles that see
 * planned services at all (the client, case workers, the provider performing it), whose access
 * to the service the client-records subgraph decided when it served the @requires fields; it is
 * not noted for the audit.
 *
 * Shapes of a refusal:
 * - a single thing (entity, nullable field) is null with FORBIDDEN at its path;
 * - a list is filtered to what may be seen — never partly leaked, never an error that would null
 *   its parent; when the viewer can reach nothing of the kind, the system is not even asked;
 * - a root field for a viewer it is not meant for is FORBIDDEN.
 *
 * Audit: every record released is noted with its client, municipality and kind (Voucher,
 * Order, Delivery, Budget). Refused or filtered-out records are not noted; neither are
 * aggregates nor unit costs, which are no client's data (a report's run is a write-log entry,
 * report.ts). Records of a list are noted when released — when a field of the record is resolved
 * (lib/audit-paths.ts) — so a provider that asked its assigned orders only for their
 * `totalCount` read no client's order. What a provider is given is a disclosure: its notes carry
 * the basis, the order it reads for ("Order/or-1").
 */
import { ALL, AccessPolicy, NONE, only, type Facts, type Grant, type PolicyData } from '../../lib/access-policy.js';
import type { AuditKind, AuditTrail } from '../../lib/audit.js';
import { forbidden } from '../../lib/errors.js';
import type { Viewer } from '../../lib/viewer.js';

/** What a record tells about whose it is: every voucher and order carries these. */
export interface ClientRecord {
  clientId: string;
  municipalityCode: string;
}
export interface OrderRecord extends ClientRecord {
  id: string;
  providerId: string;
}

/** Kinds read: the client records, and the aggregates and unit costs that are no one's. */
type Kind = 'Voucher' | 'Order' | 'Delivery' | 'Budget' | 'Payment' | 'SpendingReport' | 'UnitCost' | 'VoucherValue';
/** Kinds of write: the mutations (decide: accept or decline; deliver: report or correct a delivery). */
type Write = 'orderService' | 'cancelOrder' | 'decideOrder' | 'deliver' | 'settlePayments' | 'setUnitCost';

const NOTHING: PolicyData<Kind, Write> = {
  read: {
    Voucher: NONE,
    Order: NONE,
    Delivery: NONE,
    Budget: NONE,
    Payment: NONE,
    SpendingReport: NONE,
    UnitCost: NONE,
    VoucherValue: NONE,
  },
  write: { orderService: NONE, cancelOrder: NONE, decideOrder: NONE, deliver: NONE, settlePayments: NONE, setUnitCost: NONE },
};

/** The policy as data: what this viewer reaches of each kind, and what it may write. */
export function buildPolicy(viewer: Viewer): PolicyData<Kind, Write> {
  const { clientId, municipalityCode, providerId } = viewer;
  switch (viewer.role) {
    case 'CLIENT': {
      const own = only('clientId', clientId);
      return {
        read: { ...NOTHING.read, Voucher: own, Order: own, Delivery: own, Budget: own, VoucherValue: ALL },
        write: { ...NOTHING.write, orderService: own, cancelOrder: own },
      };
    }
    case 'CASE_WORKER': {
      const municipality = only('municipalityCode', municipalityCode);
      return {
        read: {
          ...NOTHING.read,
          Voucher: municipality,
          Order: municipality,
          Delivery: municipality,
          Budget: municipality,
          SpendingReport: municipality,
          UnitCost: municipality,
          VoucherValue: ALL,
        },
        write: { ...NOTHING.write, orderService: municipality, cancelOrder: municipality },
      };
    }
    case 'PROVIDER': {
      const own = only('providerId', providerId);
      return {
        read: { ...NOTHING.read, Order: own, Delivery: own, Payment: own, VoucherValue: ALL },
        write: { ...NOTHING.write, decideOrder: own, deliver: own },
      };
    }
    case 'ANALYST': {
      const aggregates: Grant = municipalityCode ? only('municipalityCode', municipalityCode) : ALL;
      return { read: { ...NOTHING.read, SpendingReport: aggregates, UnitCost: aggregates }, write: NOTHING.write };
    }
    case 'ADMIN':
      return {
        read: { ...NOTHING.read, SpendingReport: ALL, UnitCost: ALL, Payment: ALL },
        write: { ...NOTHING.write, settlePayments: ALL, setUnitCost: ALL },
      };
  }
}

/** Refusals of a write before anything is read, and on the record it would change. */
const REFUSED: Record<Write, { before: (role: string) => string; on: string }> = {
  orderService: { before: (role) => `${role} may not order services`, on: "this plan is not the viewer's to order from" },
  cancelOrder: { before: (role) => `${role} may not cancel orders`, on: "this plan is not the viewer's to order from" },
  decideOrder: {
    before: (role) => `${role} may not accept or decline orders`,
    on: 'only the provider the order is assigned to may act on it',
  },
  deliver: { before: (role) => `${role} may not report deliveries`, on: 'only the provider the order is assigned to may act on it' },
  settlePayments: { before: (role) => `${role} may not settle payments`, on: 'payments are for administrators' },
  setUnitCost: { before: (role) => `${role} may not set unit costs`, on: 'unit costs are for administrators' },
};

const facts = (r: Partial<OrderRecord>): Facts => ({
  clientId: r.clientId,
  municipalityCode: r.municipalityCode,
  providerId: r.providerId,
});

/** The policy of one request, applied: the one entry point of the subgraph's resolvers and writes. */
export class VoucherPolicy extends AccessPolicy<Kind, Write> {
  constructor(
    private readonly viewer: Viewer,
    /** Where its notes go: the request's trail, or one located in it (notingIn). */
    private readonly audit: AuditTrail,
    data: PolicyData<Kind, Write> = buildPolicy(viewer),
  ) {
    super(data);
  }

  /**
   * This policy noting in `audit` — the request's trail located at one place of the answer
   * (lib/audit-paths.ts): the same decisions, noted there.
   */
  notingIn(audit: AuditTrail): VoucherPolicy {
    return new VoucherPolicy(this.viewer, audit, this.data);
  }

  /** Why the viewer may see an order's data when it is a disclosure (a provider's): the order itself. */
  private basisOf(order: OrderRecord) {
    return this.fixed('Order', 'providerId') ? { basis: `Order/${order.id}` } : undefined;
  }

  private note(kind: AuditKind, r: ClientRecord, basis?: { basis: string }): void {
    this.audit.record(r.clientId, r.municipalityCode, kind, basis);
  }

  // ---- reads -------------------------------------------------------------------------------

  /**
   * Whether to ask the system for records of a kind at all, given what is known of them (a
   * client's id, nothing): `false` means the list is empty, or the field FORBIDDEN.
   */
  mayAsk(kind: Kind, known: Facts = {}): boolean {
    return this.mayReach(kind, known);
  }

  /** FORBIDDEN, before anything is read, when the viewer can reach nothing of the kind. */
  assertMayAsk(kind: Kind, what: string): void {
    if (!this.mayReach(kind)) throw forbidden(`${what} is not visible to the viewer`);
  }

  /**
   * A single record (entity or field): itself, noted for the audit, or FORBIDDEN; null stays
   * null (not found). A delivery is visible exactly when its order is, and noted under it.
   */
  release<T extends ClientRecord>(kind: 'Voucher', record: T | null): T | null;
  release<T extends OrderRecord>(kind: 'Order', record: T | null): T | null;
  release<T extends { providerId: string }>(kind: 'Payment', record: T | null): T | null;
  release<T>(kind: 'Delivery', record: T | null, order: OrderRecord | null): T | null;
  release<T>(kind: 'Voucher' | 'Order' | 'Payment' | 'Delivery', record: T | null, order?: OrderRecord | null): T | null {
    if (!record || (kind === 'Delivery' && !order)) return null;
    const of = (kind === 'Delivery' ? order : record) as OrderRecord;
    if (!this.may(kind, facts(of))) {
      throw forbidden(
        kind === 'Payment'
          ? 'payments are for administrators and the provider paid'
          : `this ${kind.toLowerCase()} is not visible to the viewer`,
      );
    }
    if (kind === 'Voucher') this.note('Voucher', of);
    if (kind === 'Order' || kind === 'Delivery') this.note(kind, of, this.basisOf(of));
    return record;
  }

  /**
   * The visible part of a list, each record noted when released (return these very objects).
   * An order's deliveries: all of them when the order is visible (noted), none otherwise.
   */
  releaseAll<T extends ClientRecord>(kind: 'Voucher', records: readonly T[]): T[];
  releaseAll<T extends OrderRecord>(kind: 'Order', records: readonly T[]): T[];
  releaseAll<T>(kind: 'Delivery', records: readonly T[], order: OrderRecord): T[];
  releaseAll<T>(kind: 'Voucher' | 'Order' | 'Delivery', records: readonly T[], order?: OrderRecord): T[] {
    if (kind === 'Delivery') {
      if (!this.may('Delivery', facts(order!))) return [];
      if (records.length) this.note('Delivery', order!, this.basisOf(order!));
      return [...records];
    }
    const visible = (records as readonly (T & OrderRecord)[]).filter((r) => this.may(kind, facts(r)));
    for (const r of visible)
      this.audit.recordOnRelease(r, r.clientId, r.municipalityCode, kind, kind === 'Order' ? this.basisOf(r) : undefined);
    return visible;
  }

  /**
   * A plan's budget, decided from the plan's municipality and `records` (the system's vouchers
   * and orders of the plan) before `compute` runs: the budget, noted for the plan's client, or
   * FORBIDDEN. A plan without records is noted for the client the viewer is (their own plan);
   * for a case worker it has no client to note here (the client-records subgraph notes the plan
   * it served for the budget).
   */
  releaseBudget<T>(planMunicipality: string, records: readonly ClientRecord[], compute: () => T): T {
    if (!this.mayReach('Budget', { municipalityCode: planMunicipality }) || !records.every((r) => this.may('Budget', facts(r)))) {
      throw forbidden('this budget is not visible to the viewer');
    }
    const clients = new Map(records.map((r) => [r.clientId, r]));
    const own = this.fixed('Budget', 'clientId');
    if (!clients.size && own) clients.set(own, { clientId: own, municipalityCode: planMunicipality });
    const budget = compute();
    for (const r of clients.values()) this.note('Budget', r);
    return budget;
  }

  /**
   * The provider whose assigned orders the viewer may list (the one its orders are fixed to);
   * `requested` is the Provider entity asked about, absent for Query.assignedOrders. The page's
   * orders still go through `releaseAll`.
   */
  assignedOrdersOf(requested?: string): string {
    const providerId = this.fixed('Order', 'providerId');
    if (!providerId) throw forbidden('only a provider can list its assigned orders');
    if (requested !== undefined && requested !== providerId) throw forbidden('a provider can list only its own assigned orders');
    return providerId;
  }

  /** The municipality a spending report or a unit-cost read covers: null for all, or the viewer's own. */
  municipalityOf(kind: 'SpendingReport' | 'UnitCost', requested: string | null | undefined): string | null {
    return this.narrow(kind, 'municipalityCode', requested, kind === 'SpendingReport' ? 'spending reports' : 'unit costs');
  }

  /**
   * Payments: administrators see every provider's (or one's, when asked); a provider its own,
   * which it names (Provider.payments of itself). Returns the provider to list, or null for all.
   */
  paymentsOf(requestedProviderId: string | null | undefined): string | null {
    if (this.listed('Payment') === 'all') return requestedProviderId ?? null;
    if (requestedProviderId && this.may('Payment', { providerId: requestedProviderId })) return requestedProviderId;
    throw forbidden('payments are for administrators and the provider paid');
  }

  // ---- writes --------------------------------------------------------------------------------
  //
  // Each check on a record is made on the system of record's own data (the plan from the
  // client-record system, the order from the voucher system), never on what the caller claims.

  /** Before anything is read (no record), or on the plan or order the write would change. */
  assertMayWrite(action: Write, record?: Partial<OrderRecord>): void {
    if (!this.mayWrite(action, record && facts(record)))
      throw forbidden(record ? REFUSED[action].on : REFUSED[action].before(this.viewer.role));
  }

  /** Notes a write for the audit: who changed what of which client's data (after it succeeded). */
  noteWrite(r: ClientRecord, action: string): void {
    this.audit.recordWrite(r.clientId, r.municipalityCode, action);
  }

  /** Notes a unit cost write: no client's data, so under its own subject (after it succeeded). */
  noteUnitCostWrite(municipalityCode: string, serviceTypeCode: string, validFrom: string): void {
    this.audit.recordSubjectWrite(
      `UnitCost/${municipalityCode}/${serviceTypeCode}`,
      `setUnitCost UnitCost/${municipalityCode}/${serviceTypeCode}/${validFrom}`,
    );
  }
}
