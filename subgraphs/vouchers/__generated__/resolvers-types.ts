import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { OrderModel, VoucherModel, DeliveryModel, BudgetModel, BudgetLineModel, ClientPlanModel, PlannedServiceModel, EntityRef, OrderConnectionModel, SpendingReportModel, SpendingRowModel, PaymentModel } from '../models.js';
import type { Context } from '../context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A calendar date in ISO 8601 (YYYY-MM-DD), e.g. "2026-11-22": no time of day, no time zone. */
  Date: { input: string; output: string; }
  /** An instant as an RFC 3339 timestamp in UTC, e.g. "2026-11-22T10:15:00Z" (milliseconds when not whole seconds, "2026-11-22T10:15:00.250Z"). Input may carry an offset; it is turned to UTC. */
  DateTime: { input: string; output: string; }
  /** An exact decimal number as a string, e.g. "1234.50" (never a float): an optional minus, up to 15 digits, up to 6 decimals. Amounts of money have 2 decimals. */
  Decimal: { input: string; output: string; }
  _FieldSet: { input: unknown; output: unknown; }
};

/** A plan's budget: what its planned services would cost the municipality, and how much of it is used. No id: it belongs to its plan. */
export type Budget = {
  __typename?: 'Budget';
  /** Ordered but not yet delivered, at the orders' voucher values. */
  committed: Money;
  /** One line per planned service. */
  lines: Array<BudgetLine>;
  /** total − committed − spent. */
  remaining: Money;
  /** Delivered and charged to the budget. */
  spent: Money;
  /** Planned quantities × the municipality's unit costs, over the plan's validity. */
  total: Money;
};

/** One planned service's part of a budget. */
export type BudgetLine = {
  __typename?: 'BudgetLine';
  /** The planned quantity over the plan's validity × the unit cost. */
  amount: Money;
  /** The planned service; null (with an error) only when the client-record system fails. */
  plannedService?: Maybe<PlannedService>;
  /** The municipality's own unit cost of the service type. */
  unitCost: Money;
};

/** Cancellation of a REQUESTED or ACCEPTED order. */
export type CancelOrderInput = {
  /** The `Order.version` the cancellation was decided on; a stale one is CONFLICT. */
  expectedVersion: Scalars['String']['input'];
  /** The order to cancel. */
  orderId: Scalars['ID']['input'];
  /** Why, kept with the order. */
  reason?: InputMaybe<Scalars['String']['input']>;
};

export type Client = {
  __typename?: 'Client';
  id: Scalars['ID']['output'];
  /** The client's orders, newest first; only those the viewer may see (a provider: its own). */
  orders?: Maybe<Array<Order>>;
  /** Balance vouchers (saldoseteli) granted to the client, newest first; only those the viewer may see. */
  vouchers?: Maybe<Array<Voucher>>;
};


export type ClientOrdersArgs = {
  status?: InputMaybe<Array<OrderStatus>>;
};

export type ClientPlan = {
  __typename?: 'ClientPlan';
  /** Planned quantities × the municipality's unit costs, and what is committed and spent of it (the client and case workers of the plan's municipality). */
  budget?: Maybe<Budget>;
  id: Scalars['ID']['output'];
  municipalityCode: Scalars['String']['output'];
  services: Array<PlannedService>;
  validFrom: Scalars['Date']['output'];
  validTo?: Maybe<Scalars['Date']['output']>;
  /** The balance voucher granted for this plan (the client and case workers of its municipality). */
  voucher?: Maybe<Voucher>;
};

/** A correction of a delivery that is not yet settled. */
export type CorrectDeliveryInput = {
  /** The delivery to correct. */
  deliveryId: Scalars['ID']['input'];
  /** The corrected quantity; 0 voids the delivery. */
  quantity: Scalars['Decimal']['input'];
  /** Why, kept with the delivery (`correctionReason`). */
  reason: Scalars['String']['input'];
};

/** A delivery the provider reported; its amount is charged to the budget. */
export type Delivery = {
  __typename?: 'Delivery';
  /** Charged to the budget: quantity × the order's voucher value. */
  amount: Money;
  /** When the delivery was last corrected; null when never. */
  correctedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Why it was last corrected; null when never. */
  correctionReason?: Maybe<Scalars['String']['output']>;
  /** The day the service was delivered. */
  date: Scalars['Date']['output'];
  /** The delivery's id, e.g. "de-0000001". */
  id: Scalars['ID']['output'];
  /** The order delivered. */
  order?: Maybe<Order>;
  /** Units delivered (0 when voided by a correction). */
  quantity: Scalars['Decimal']['output'];
  /** When the provider's system reported it. */
  reportedAt?: Maybe<Scalars['DateTime']['output']>;
  /** True once the delivery is in a payment; it can no longer be corrected. */
  settled: Scalars['Boolean']['output'];
};

/** An exact amount of money: `amount` a Decimal string with 2 decimals, e.g. "1234.50", in `currency`. No id: clients' caches store it inside its parent. */
export type Money = {
  __typename?: 'Money';
  /** The amount, e.g. "1234.50" (exact; never a float). */
  amount: Scalars['Decimal']['output'];
  /** ISO 4217 currency code: always "EUR". */
  currency: Scalars['String']['output'];
};

/** Every write of the graph. A refused write returns null with an error (`extensions.code`) and changes nothing, anywhere. */
export type Mutation = {
  __typename?: 'Mutation';
  /** The provider's system: REQUESTED → ACCEPTED, its own orders only. */
  acceptOrder?: Maybe<Order>;
  /** REQUESTED or ACCEPTED → CANCELLED, by the client or their case worker; the undelivered part is released. */
  cancelOrder?: Maybe<Order>;
  /** The provider's system corrects a delivery before it is settled (quantity 0 voids it). */
  correctDelivery?: Maybe<Delivery>;
  /** The provider's system: REQUESTED → DECLINED, its own orders only. */
  declineOrder?: Maybe<Order>;
  /**
   * The client (in their own ACTIVE plan), or a case worker of the client's municipality for them,
   * orders a planned service from an offering: REQUESTED, pinned to the plan's current version,
   * at the provider's price, the municipality's unit cost as voucher value per unit.
   * NOT_IN_PLAN when the service, provider or offering is not in the client's ACTIVE plan;
   * BUDGET_EXCEEDED when committed + spent would exceed the budget.
   */
  orderService?: Maybe<Order>;
  /**
   * The provider's system reports a delivery of an ACCEPTED order of its own: dated within the
   * plan's validity and not in the future, never more than ordered minus delivered. Charged to
   * the voucher; the order becomes COMPLETED when all is delivered.
   */
  reportDelivery?: Maybe<Delivery>;
  /**
   * Administrators: a municipality's unit cost of a service type from `validFrom` (today or
   * later) on. Budgets approved before keep the unit costs they were granted with; plans
   * approved from then on use the new one.
   */
  setUnitCost?: Maybe<UnitCost>;
  /**
   * Administrators: one payment per provider for its unsettled deliveries dated up to `through`,
   * to the provider's checked IBAN with a Finnish payment reference.
   */
  settlePayments?: Maybe<Array<Payment>>;
};


/** Every write of the graph. A refused write returns null with an error (`extensions.code`) and changes nothing, anywhere. */
export type MutationAcceptOrderArgs = {
  input: OrderDecisionInput;
};


/** Every write of the graph. A refused write returns null with an error (`extensions.code`) and changes nothing, anywhere. */
export type MutationCancelOrderArgs = {
  input: CancelOrderInput;
};


/** Every write of the graph. A refused write returns null with an error (`extensions.code`) and changes nothing, anywhere. */
export type MutationCorrectDeliveryArgs = {
  input: CorrectDeliveryInput;
};


/** Every write of the graph. A refused write returns null with an error (`extensions.code`) and changes nothing, anywhere. */
export type MutationDeclineOrderArgs = {
  input: OrderDecisionInput;
};


/** Every write of the graph. A refused write returns null with an error (`extensions.code`) and changes nothing, anywhere. */
export type MutationOrderServiceArgs = {
  input: OrderServiceInput;
};


/** Every write of the graph. A refused write returns null with an error (`extensions.code`) and changes nothing, anywhere. */
export type MutationReportDeliveryArgs = {
  input: ReportDeliveryInput;
};


/** Every write of the graph. A refused write returns null with an error (`extensions.code`) and changes nothing, anywhere. */
export type MutationSetUnitCostArgs = {
  input: SetUnitCostInput;
};


/** Every write of the graph. A refused write returns null with an error (`extensions.code`) and changes nothing, anywhere. */
export type MutationSettlePaymentsArgs = {
  input: SettlePaymentsInput;
};

/** An order of a planned service from a provider the client chose. */
export type Order = {
  __typename?: 'Order';
  /** The client it is for; null (with an error) when the client-record system fails or the viewer may not see the client. */
  client?: Maybe<Client>;
  /** Per unit, paid by the client (omavastuuosuus): max(0, unitPrice − voucherValue). */
  clientShare: Money;
  /** When the order was made. */
  createdAt: Scalars['DateTime']['output'];
  /** Quantity delivered so far. */
  delivered: Scalars['Decimal']['output'];
  /** The deliveries reported, oldest first. */
  deliveries: Array<Delivery>;
  /** The order's id, e.g. "or-000724". */
  id: Scalars['ID']['output'];
  /** The provider's offering it was ordered from. */
  offering?: Maybe<ServiceOffering>;
  /** The plan version the order was made against. */
  planVersion: Scalars['String']['output'];
  /** The planned service ordered; null (with an error) when the client-record system fails. */
  plannedService?: Maybe<PlannedService>;
  /** The provider chosen; null (with an error) only when the provider catalogue fails. */
  provider?: Maybe<Provider>;
  /** Units ordered. */
  quantity: Scalars['Decimal']['output'];
  /** Where the order is in its life. */
  status: OrderStatus;
  /** The unit the quantity counts. */
  unit: ServiceUnit;
  /** The provider's price per unit. */
  unitPrice: Money;
  /** When the order last changed (a provider's system polls by it). */
  updatedAt: Scalars['DateTime']['output'];
  /** Changes whenever the order changes; send it back as `expectedVersion`. */
  version: Scalars['String']['output'];
  /** Per unit, paid from the budget: the unit cost fixed when the voucher was granted, at most the provider's price. */
  voucherValue: Money;
};

/** A page of orders (a Relay connection). */
export type OrderConnection = {
  __typename?: 'OrderConnection';
  /** The orders of this page, each with its cursor. */
  edges: Array<OrderEdge>;
  /** Where this page is, and how to get the next one. */
  pageInfo: PageInfo;
  /** How many orders the list has in all, over every page. */
  totalCount: Scalars['Int']['output'];
};

/** A provider's decision on a REQUESTED order of its own. */
export type OrderDecisionInput = {
  /** The `Order.version` the decision was made on; a stale one is CONFLICT. */
  expectedVersion: Scalars['String']['input'];
  /** The order decided on. */
  orderId: Scalars['ID']['input'];
  /** Why, kept with the order (e.g. why declined). */
  reason?: InputMaybe<Scalars['String']['input']>;
};

/** One of a page of orders, with its cursor. */
export type OrderEdge = {
  __typename?: 'OrderEdge';
  /** Opaque: pass it as `after` to continue after this one. */
  cursor: Scalars['String']['output'];
  /** The order. */
  node: Order;
};

/** An order of a planned service from a provider's offering. */
export type OrderServiceInput = {
  /** 1–100 characters: the same key with the same input returns the first order; with another input it is CONFLICT. */
  idempotencyKey: Scalars['String']['input'];
  /** The provider's offering of the service's type (`PlannedService.availableOfferings`). */
  offeringId: Scalars['ID']['input'];
  /** The planned service of the client's ACTIVE plan. */
  plannedServiceId: Scalars['ID']['input'];
  /** Units ordered; positive, at most two decimals. */
  quantity: Scalars['Decimal']['input'];
};

/** Where an order is in its life. */
export type OrderStatus =
  /** Accepted by the provider, which delivers and reports deliveries. */
  | 'ACCEPTED'
  /** Cancelled by the client or their case worker, or with its plan revoked; the undelivered part is released. */
  | 'CANCELLED'
  /** Everything ordered has been delivered. */
  | 'COMPLETED'
  /** Declined by the provider. */
  | 'DECLINED'
  /** Ordered by the client or their case worker; the provider has not decided yet. */
  | 'REQUESTED';

/** Where a page of a list (a Relay connection) is, and how to get the next one. */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** The cursor of the page's last edge; null on an empty page. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** True when there are more items after this page: ask again with `after: endCursor`. */
  hasNextPage: Scalars['Boolean']['output'];
  /** True when there are items before this page (the page was asked for with `after`). */
  hasPreviousPage: Scalars['Boolean']['output'];
  /** The cursor of the page's first edge; null on an empty page. */
  startCursor?: Maybe<Scalars['String']['output']>;
};

/** A payment from the municipality to a provider for its delivered, planned services. */
export type Payment = {
  __typename?: 'Payment';
  /** The sum of the payment's deliveries. */
  amount: Money;
  /** When the payment was made (settled). */
  createdAt: Scalars['DateTime']['output'];
  /** The deliveries the payment settles. */
  deliveries: Array<Delivery>;
  /** The provider's account (IBAN), checked. */
  iban: Scalars['String']['output'];
  /** The payment's id, e.g. "pa-000001". */
  id: Scalars['ID']['output'];
  /** The provider paid; null (with an error) only when the provider catalogue fails. */
  provider?: Maybe<Provider>;
  /** A Finnish payment reference (viitenumero), checked. */
  reference: Scalars['String']['output'];
  /** Whether it has been paid out. */
  status: PaymentStatus;
};

/** A page of payments (a Relay connection). */
export type PaymentConnection = {
  __typename?: 'PaymentConnection';
  /** The payments of this page, each with its cursor. */
  edges: Array<PaymentEdge>;
  /** Where this page is, and how to get the next one. */
  pageInfo: PageInfo;
  /** How many payments the list has in all, over every page. */
  totalCount: Scalars['Int']['output'];
};

/** One of a page of payments, with its cursor. */
export type PaymentEdge = {
  __typename?: 'PaymentEdge';
  /** Opaque: pass it as `after` to continue after this one. */
  cursor: Scalars['String']['output'];
  /** The payment. */
  node: Payment;
};

/** Where a payment to a provider is. */
export type PaymentStatus =
  /** Paid to the provider's account. */
  | 'PAID'
  /** Made and waiting to be paid out. */
  | 'PENDING';

/** The period a planned quantity is for: 3 hours per WEEK. */
export type PlanPeriod =
  /** Per calendar month. */
  | 'MONTH'
  /** Per calendar week. */
  | 'WEEK'
  /** Per year. */
  | 'YEAR';

export type PlannedService = {
  __typename?: 'PlannedService';
  id: Scalars['ID']['output'];
  municipalityCode: Scalars['String']['output'];
  /** Orders made for this planned service; only those the viewer may see (a provider: its own). */
  orders?: Maybe<Array<Order>>;
  per: PlanPeriod;
  planId: Scalars['ID']['output'];
  quantity: Scalars['Decimal']['output'];
  serviceTypeCode: Scalars['String']['output'];
  /**
   * The voucher value of one unit (what the budget pays per unit): the unit cost fixed when the
   * plan's voucher was granted, or today's unit cost for a plan not yet approved.
   */
  voucherValue?: Maybe<Money>;
};

export type Provider = {
  __typename?: 'Provider';
  /** Orders assigned to this provider: for the provider itself only, null with FORBIDDEN for anyone else. */
  assignedOrders?: Maybe<OrderConnection>;
  id: Scalars['ID']['output'];
  /** Payments to this provider, newest first: for the provider itself and administrators. */
  payments?: Maybe<PaymentConnection>;
};


export type ProviderAssignedOrdersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  status?: InputMaybe<Array<OrderStatus>>;
  updatedSince?: InputMaybe<Scalars['DateTime']['input']>;
};


export type ProviderPaymentsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** Every read of the graph: each party sees what it may (README, "Who sees what"). */
export type Query = {
  __typename?: 'Query';
  /** Orders assigned to the viewer's provider, most recently updated first; `updatedSince` lets a provider's system poll. Providers only: FORBIDDEN to every other role. */
  assignedOrders: OrderConnection;
  /** Payments to providers, newest first (administrators; `providerId` narrows to one provider). */
  payments: PaymentConnection;
  /** Spending from delivered services, grouped; rows covering fewer than 5 clients are suppressed. */
  spendingReport: SpendingReport;
  /** Every unit cost a municipality has had and has scheduled for a service type, newest validFrom first (the same viewers as unitCosts). */
  unitCostHistory: Array<UnitCost>;
  /**
   * The municipalities' own unit costs (what one unit of a service type costs the municipality's
   * own production: the basis of budgets and voucher values), by municipality then service type.
   * Administrators see every municipality; case workers their own; analysts theirs when the token
   * names one. Unknown codes are BAD_USER_INPUT.
   */
  unitCosts: Array<UnitCost>;
};


/** Every read of the graph: each party sees what it may (README, "Who sees what"). */
export type QueryAssignedOrdersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  status?: InputMaybe<Array<OrderStatus>>;
  updatedSince?: InputMaybe<Scalars['DateTime']['input']>;
};


/** Every read of the graph: each party sees what it may (README, "Who sees what"). */
export type QueryPaymentsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  providerId?: InputMaybe<Scalars['ID']['input']>;
};


/** Every read of the graph: each party sees what it may (README, "Who sees what"). */
export type QuerySpendingReportArgs = {
  from: Scalars['Date']['input'];
  groupBy: Array<ReportDimension>;
  municipalityCode?: InputMaybe<Scalars['String']['input']>;
  to: Scalars['Date']['input'];
};


/** Every read of the graph: each party sees what it may (README, "Who sees what"). */
export type QueryUnitCostHistoryArgs = {
  municipalityCode: Scalars['String']['input'];
  serviceTypeCode: Scalars['String']['input'];
};


/** Every read of the graph: each party sees what it may (README, "Who sees what"). */
export type QueryUnitCostsArgs = {
  municipalityCode?: InputMaybe<Scalars['String']['input']>;
  serviceTypeCode?: InputMaybe<Scalars['String']['input']>;
  validOn?: InputMaybe<Scalars['Date']['input']>;
};

/** A delivery of an ACCEPTED order, reported by its provider's system. */
export type ReportDeliveryInput = {
  /** The day of the delivery: within the plan's validity, not in the future. */
  date: Scalars['Date']['input'];
  /** 1–100 characters: a retried report with the same key is never charged twice. */
  idempotencyKey: Scalars['String']['input'];
  /** The order delivered. */
  orderId: Scalars['ID']['input'];
  /** Units delivered; positive, at most two decimals, at most what is still undelivered. */
  quantity: Scalars['Decimal']['input'];
};

/** What a spending report groups its rows by. */
export type ReportDimension =
  /** By calendar month of delivery: rows carry `month`. */
  | 'MONTH'
  /** By the client's municipality: rows carry `municipalityCode`. */
  | 'MUNICIPALITY'
  /** By provider: rows carry `providerId`. */
  | 'PROVIDER'
  /** By service type: rows carry `serviceTypeCode`. */
  | 'SERVICE_TYPE';

export type ServiceOffering = {
  __typename?: 'ServiceOffering';
  id: Scalars['ID']['output'];
};

/** The unit a service type is planned, priced and delivered in. */
export type ServiceUnit =
  /** A day (e.g. day activity, päivätoiminta). */
  | 'DAY'
  /** An hour of work (e.g. home care, kotihoito). */
  | 'HOUR'
  /** A meal (ateriapalvelu). */
  | 'MEAL'
  /** A month (e.g. safety phone, turvapuhelin). */
  | 'MONTH'
  /** A trip (kuljetuspalvelu). */
  | 'TRIP'
  /** A visit (e.g. physiotherapy, fysioterapia). */
  | 'VISIT';

/** A municipality's unit cost of a service type from a day on. */
export type SetUnitCostInput = {
  /** The municipality (three-digit code, e.g. "205"). */
  municipalityCode: Scalars['String']['input'];
  /** The service type's code, e.g. "kotihoito". */
  serviceTypeCode: Scalars['String']['input'];
  /** Euros per unit; positive, at most two decimals. */
  unitCost: Scalars['Decimal']['input'];
  /** Today or later. */
  validFrom: Scalars['Date']['input'];
};

/** Settlement of providers' delivered services. */
export type SettlePaymentsInput = {
  /** 1–100 characters: a retried settlement pays nothing twice. */
  idempotencyKey: Scalars['String']['input'];
  /** Only this provider's deliveries; every provider's when absent. */
  providerId?: InputMaybe<Scalars['ID']['input']>;
  /** Deliveries dated up to this day (not in the future). */
  through: Scalars['Date']['input'];
};

/** Spending from delivered services over whole months, grouped. No id: a report is computed for its arguments. */
export type SpendingReport = {
  __typename?: 'SpendingReport';
  /** One row per group; small groups suppressed. */
  rows: Array<SpendingRow>;
  /** Everything delivered in the period and area, suppressed rows included. */
  total: Money;
};

/** One group of a spending report; the grouping fields not asked for are null. */
export type SpendingRow = {
  __typename?: 'SpendingRow';
  /** Delivered and charged; null when suppressed (it still counts in the report's total). */
  amount?: Maybe<Money>;
  /** Clients served; null when suppressed. */
  clients?: Maybe<Scalars['Int']['output']>;
  /** The month, e.g. "2026-11", when grouped by MONTH. */
  month?: Maybe<Scalars['String']['output']>;
  /** The municipality's code, when grouped by MUNICIPALITY. */
  municipalityCode?: Maybe<Scalars['String']['output']>;
  /** Orders delivered on; null when suppressed. */
  orders?: Maybe<Scalars['Int']['output']>;
  /** The provider's id, when grouped by PROVIDER. */
  providerId?: Maybe<Scalars['ID']['output']>;
  /** The service type's code, when grouped by SERVICE_TYPE. */
  serviceTypeCode?: Maybe<Scalars['String']['output']>;
  /** True when the row covers fewer than 5 clients (or must hide to protect one that does). */
  suppressed: Scalars['Boolean']['output'];
};

/** A municipality's unit cost of a service type. */
export type UnitCost = {
  __typename?: 'UnitCost';
  /** The municipality (three-digit code). */
  municipalityCode: Scalars['String']['output'];
  /** The service type's code. */
  serviceTypeCode: Scalars['String']['output'];
  /** The unit the cost is per. */
  unit: ServiceUnit;
  /** What one unit costs the municipality's own production (yksikkökustannus). */
  unitCost: Money;
  /** The first day it is in effect. */
  validFrom: Scalars['Date']['output'];
  /** The last day it is in effect; null until a later one replaces it. */
  validTo?: Maybe<Scalars['Date']['output']>;
};

/** A balance voucher (saldoseteli): the budget recorded in the voucher system. */
export type Voucher = {
  __typename?: 'Voucher';
  /** What is left: granted − committed − spent. */
  balance: Money;
  /** The client it was granted to; null (with an error) only when the client-record system fails. */
  client?: Maybe<Client>;
  /** The amount granted: the plan's budget when approved (or revised). */
  granted: Money;
  /** The voucher's id, e.g. "vo-000001". */
  id: Scalars['ID']['output'];
  /** The plan it was granted for; null (with an error) only when the client-record system fails. */
  plan?: Maybe<ClientPlan>;
  /** Where the voucher is in its life. */
  status: VoucherStatus;
  /** The first day it can be used. */
  validFrom: Scalars['Date']['output'];
  /** The last day it can be used. */
  validTo: Scalars['Date']['output'];
};

/** Where a balance voucher is in its life. */
export type VoucherStatus =
  /** Granted and in force: orders and deliveries are charged to it. */
  | 'ACTIVE'
  /** Cancelled, with its plan revoked: nothing more is charged to it. */
  | 'CANCELLED'
  /** Its balance is used up. */
  | 'EXHAUSTED'
  /** Its validity has ended. */
  | 'EXPIRED';

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = ResolversObject<{
  Client: Client;
  ClientPlan: ClientPlan;
  Delivery: Delivery;
  Order: Order;
  Payment: Payment;
  PlannedService: PlannedService;
  Provider: Provider;
  Voucher: Voucher;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Client:
    ( { __typename: 'Client' }
    & GraphQLRecursivePick<FederationTypes['Client'], {"id":true}> );
  ClientPlan:
    ( { __typename: 'ClientPlan' }
    & GraphQLRecursivePick<FederationTypes['ClientPlan'], {"id":true}>
    & ( Record<PropertyKey, never>
        | GraphQLRecursivePick<FederationTypes['ClientPlan'], {"validFrom":true,"validTo":true,"municipalityCode":true,"services":{"id":true,"serviceTypeCode":true,"quantity":true,"per":true}}> ) );
  Delivery:
    ( { __typename: 'Delivery' }
    & GraphQLRecursivePick<FederationTypes['Delivery'], {"id":true}> );
  Order:
    ( { __typename: 'Order' }
    & GraphQLRecursivePick<FederationTypes['Order'], {"id":true}> );
  Payment:
    ( { __typename: 'Payment' }
    & GraphQLRecursivePick<FederationTypes['Payment'], {"id":true}> );
  PlannedService:
    ( { __typename: 'PlannedService' }
    & GraphQLRecursivePick<FederationTypes['PlannedService'], {"id":true}>
    & ( Record<PropertyKey, never>
        | GraphQLRecursivePick<FederationTypes['PlannedService'], {"planId":true,"municipalityCode":true,"serviceTypeCode":true}> ) );
  Provider:
    ( { __typename: 'Provider' }
    & GraphQLRecursivePick<FederationTypes['Provider'], {"id":true}> );
  Voucher:
    ( { __typename: 'Voucher' }
    & GraphQLRecursivePick<FederationTypes['Voucher'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  Budget: ResolverTypeWrapper<BudgetModel>;
  BudgetLine: ResolverTypeWrapper<BudgetLineModel>;
  CancelOrderInput: CancelOrderInput;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Client: ResolverTypeWrapper<EntityRef>;
  ClientPlan: ResolverTypeWrapper<ClientPlanModel>;
  CorrectDeliveryInput: CorrectDeliveryInput;
  Date: ResolverTypeWrapper<Scalars['Date']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Decimal: ResolverTypeWrapper<Scalars['Decimal']['output']>;
  Delivery: ResolverTypeWrapper<DeliveryModel>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Money: ResolverTypeWrapper<Money>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Order: ResolverTypeWrapper<OrderModel>;
  OrderConnection: ResolverTypeWrapper<OrderConnectionModel>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  OrderDecisionInput: OrderDecisionInput;
  OrderEdge: ResolverTypeWrapper<Omit<OrderEdge, 'node'> & { node: ResolversTypes['Order'] }>;
  OrderServiceInput: OrderServiceInput;
  OrderStatus: OrderStatus;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Payment: ResolverTypeWrapper<PaymentModel>;
  PaymentConnection: ResolverTypeWrapper<Omit<PaymentConnection, 'edges'> & { edges: Array<ResolversTypes['PaymentEdge']> }>;
  PaymentEdge: ResolverTypeWrapper<Omit<PaymentEdge, 'node'> & { node: ResolversTypes['Payment'] }>;
  PaymentStatus: PaymentStatus;
  PlanPeriod: PlanPeriod;
  PlannedService: ResolverTypeWrapper<PlannedServiceModel>;
  Provider: ResolverTypeWrapper<EntityRef>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  ReportDeliveryInput: ReportDeliveryInput;
  ReportDimension: ReportDimension;
  ServiceOffering: ResolverTypeWrapper<EntityRef>;
  ServiceUnit: ServiceUnit;
  SetUnitCostInput: SetUnitCostInput;
  SettlePaymentsInput: SettlePaymentsInput;
  SpendingReport: ResolverTypeWrapper<SpendingReportModel>;
  SpendingRow: ResolverTypeWrapper<SpendingRowModel>;
  UnitCost: ResolverTypeWrapper<UnitCost>;
  Voucher: ResolverTypeWrapper<VoucherModel>;
  VoucherStatus: VoucherStatus;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  Budget: BudgetModel;
  BudgetLine: BudgetLineModel;
  CancelOrderInput: CancelOrderInput;
  String: Scalars['String']['output'];
  ID: Scalars['ID']['output'];
  Client: EntityRef;
  ClientPlan: ClientPlanModel;
  CorrectDeliveryInput: CorrectDeliveryInput;
  Date: Scalars['Date']['output'];
  DateTime: Scalars['DateTime']['output'];
  Decimal: Scalars['Decimal']['output'];
  Delivery: DeliveryModel;
  Boolean: Scalars['Boolean']['output'];
  Money: Money;
  Mutation: Record<PropertyKey, never>;
  Order: OrderModel;
  OrderConnection: OrderConnectionModel;
  Int: Scalars['Int']['output'];
  OrderDecisionInput: OrderDecisionInput;
  OrderEdge: Omit<OrderEdge, 'node'> & { node: ResolversParentTypes['Order'] };
  OrderServiceInput: OrderServiceInput;
  PageInfo: PageInfo;
  Payment: PaymentModel;
  PaymentConnection: Omit<PaymentConnection, 'edges'> & { edges: Array<ResolversParentTypes['PaymentEdge']> };
  PaymentEdge: Omit<PaymentEdge, 'node'> & { node: ResolversParentTypes['Payment'] };
  PlannedService: PlannedServiceModel;
  Provider: EntityRef;
  Query: Record<PropertyKey, never>;
  ReportDeliveryInput: ReportDeliveryInput;
  ServiceOffering: EntityRef;
  SetUnitCostInput: SetUnitCostInput;
  SettlePaymentsInput: SettlePaymentsInput;
  SpendingReport: SpendingReportModel;
  SpendingRow: SpendingRowModel;
  UnitCost: UnitCost;
  Voucher: VoucherModel;
}>;

export type BudgetResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Budget'] = ResolversParentTypes['Budget']> = ResolversObject<{
  committed?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  lines?: Resolver<Array<ResolversTypes['BudgetLine']>, ParentType, ContextType>;
  remaining?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  spent?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
}>;

export type BudgetLineResolvers<ContextType = Context, ParentType extends ResolversParentTypes['BudgetLine'] = ResolversParentTypes['BudgetLine']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  plannedService?: Resolver<Maybe<ResolversTypes['PlannedService']>, ParentType, ContextType>;
  unitCost?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
}>;

export type ClientResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Client'] = ResolversParentTypes['Client'], FederationReferenceType extends FederationReferenceTypes['Client'] = FederationReferenceTypes['Client']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Client']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  orders?: Resolver<Maybe<Array<ResolversTypes['Order']>>, ParentType, ContextType, Partial<ClientOrdersArgs>>;
  vouchers?: Resolver<Maybe<Array<ResolversTypes['Voucher']>>, ParentType, ContextType>;
}>;

export type ClientPlanResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ClientPlan'] = ResolversParentTypes['ClientPlan'], FederationReferenceType extends FederationReferenceTypes['ClientPlan'] = FederationReferenceTypes['ClientPlan']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['ClientPlan']> | FederationReferenceType, FederationReferenceType, ContextType>;
  budget?: Resolver<Maybe<ResolversTypes['Budget']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  voucher?: Resolver<Maybe<ResolversTypes['Voucher']>, ParentType, ContextType>;
}>;

export interface DateScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['Date'], any> {
  name: 'Date';
}

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export interface DecimalScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['Decimal'], any> {
  name: 'Decimal';
}

export type DeliveryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Delivery'] = ResolversParentTypes['Delivery'], FederationReferenceType extends FederationReferenceTypes['Delivery'] = FederationReferenceTypes['Delivery']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Delivery']> | FederationReferenceType, FederationReferenceType, ContextType>;
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  correctedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  correctionReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  date?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  order?: Resolver<Maybe<ResolversTypes['Order']>, ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  reportedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  settled?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type MoneyResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  acceptOrder?: Resolver<Maybe<ResolversTypes['Order']>, ParentType, ContextType, RequireFields<MutationAcceptOrderArgs, 'input'>>;
  cancelOrder?: Resolver<Maybe<ResolversTypes['Order']>, ParentType, ContextType, RequireFields<MutationCancelOrderArgs, 'input'>>;
  correctDelivery?: Resolver<Maybe<ResolversTypes['Delivery']>, ParentType, ContextType, RequireFields<MutationCorrectDeliveryArgs, 'input'>>;
  declineOrder?: Resolver<Maybe<ResolversTypes['Order']>, ParentType, ContextType, RequireFields<MutationDeclineOrderArgs, 'input'>>;
  orderService?: Resolver<Maybe<ResolversTypes['Order']>, ParentType, ContextType, RequireFields<MutationOrderServiceArgs, 'input'>>;
  reportDelivery?: Resolver<Maybe<ResolversTypes['Delivery']>, ParentType, ContextType, RequireFields<MutationReportDeliveryArgs, 'input'>>;
  setUnitCost?: Resolver<Maybe<ResolversTypes['UnitCost']>, ParentType, ContextType, RequireFields<MutationSetUnitCostArgs, 'input'>>;
  settlePayments?: Resolver<Maybe<Array<ResolversTypes['Payment']>>, ParentType, ContextType, RequireFields<MutationSettlePaymentsArgs, 'input'>>;
}>;

export type OrderResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Order'] = ResolversParentTypes['Order'], FederationReferenceType extends FederationReferenceTypes['Order'] = FederationReferenceTypes['Order']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Order']> | FederationReferenceType, FederationReferenceType, ContextType>;
  client?: Resolver<Maybe<ResolversTypes['Client']>, ParentType, ContextType>;
  clientShare?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  delivered?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  deliveries?: Resolver<Array<ResolversTypes['Delivery']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  offering?: Resolver<Maybe<ResolversTypes['ServiceOffering']>, ParentType, ContextType>;
  planVersion?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  plannedService?: Resolver<Maybe<ResolversTypes['PlannedService']>, ParentType, ContextType>;
  provider?: Resolver<Maybe<ResolversTypes['Provider']>, ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['OrderStatus'], ParentType, ContextType>;
  unit?: Resolver<ResolversTypes['ServiceUnit'], ParentType, ContextType>;
  unitPrice?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  voucherValue?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
}>;

export type OrderConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['OrderConnection'] = ResolversParentTypes['OrderConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['OrderEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type OrderEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['OrderEdge'] = ResolversParentTypes['OrderEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Order'], ParentType, ContextType>;
}>;

export type PageInfoResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hasPreviousPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  startCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type PaymentResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Payment'] = ResolversParentTypes['Payment'], FederationReferenceType extends FederationReferenceTypes['Payment'] = FederationReferenceTypes['Payment']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Payment']> | FederationReferenceType, FederationReferenceType, ContextType>;
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  deliveries?: Resolver<Array<ResolversTypes['Delivery']>, ParentType, ContextType>;
  iban?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  provider?: Resolver<Maybe<ResolversTypes['Provider']>, ParentType, ContextType>;
  reference?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['PaymentStatus'], ParentType, ContextType>;
}>;

export type PaymentConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PaymentConnection'] = ResolversParentTypes['PaymentConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['PaymentEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type PaymentEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PaymentEdge'] = ResolversParentTypes['PaymentEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Payment'], ParentType, ContextType>;
}>;

export type PlannedServiceResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PlannedService'] = ResolversParentTypes['PlannedService'], FederationReferenceType extends FederationReferenceTypes['PlannedService'] = FederationReferenceTypes['PlannedService']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['PlannedService']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  orders?: Resolver<Maybe<Array<ResolversTypes['Order']>>, ParentType, ContextType>;
  voucherValue?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
}>;

export type ProviderResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Provider'] = ResolversParentTypes['Provider'], FederationReferenceType extends FederationReferenceTypes['Provider'] = FederationReferenceTypes['Provider']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Provider']> | FederationReferenceType, FederationReferenceType, ContextType>;
  assignedOrders?: Resolver<Maybe<ResolversTypes['OrderConnection']>, ParentType, ContextType, RequireFields<ProviderAssignedOrdersArgs, 'first'>>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  payments?: Resolver<Maybe<ResolversTypes['PaymentConnection']>, ParentType, ContextType, RequireFields<ProviderPaymentsArgs, 'first'>>;
}>;

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  assignedOrders?: Resolver<ResolversTypes['OrderConnection'], ParentType, ContextType, RequireFields<QueryAssignedOrdersArgs, 'first'>>;
  payments?: Resolver<ResolversTypes['PaymentConnection'], ParentType, ContextType, RequireFields<QueryPaymentsArgs, 'first'>>;
  spendingReport?: Resolver<ResolversTypes['SpendingReport'], ParentType, ContextType, RequireFields<QuerySpendingReportArgs, 'from' | 'groupBy' | 'to'>>;
  unitCostHistory?: Resolver<Array<ResolversTypes['UnitCost']>, ParentType, ContextType, RequireFields<QueryUnitCostHistoryArgs, 'municipalityCode' | 'serviceTypeCode'>>;
  unitCosts?: Resolver<Array<ResolversTypes['UnitCost']>, ParentType, ContextType, Partial<QueryUnitCostsArgs>>;
}>;

export type ServiceOfferingResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ServiceOffering'] = ResolversParentTypes['ServiceOffering']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type SpendingReportResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SpendingReport'] = ResolversParentTypes['SpendingReport']> = ResolversObject<{
  rows?: Resolver<Array<ResolversTypes['SpendingRow']>, ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
}>;

export type SpendingRowResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SpendingRow'] = ResolversParentTypes['SpendingRow']> = ResolversObject<{
  amount?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  clients?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  month?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  municipalityCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  orders?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  providerId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  serviceTypeCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  suppressed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type UnitCostResolvers<ContextType = Context, ParentType extends ResolversParentTypes['UnitCost'] = ResolversParentTypes['UnitCost']> = ResolversObject<{
  municipalityCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  serviceTypeCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  unit?: Resolver<ResolversTypes['ServiceUnit'], ParentType, ContextType>;
  unitCost?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  validFrom?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
  validTo?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
}>;

export type VoucherResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Voucher'] = ResolversParentTypes['Voucher'], FederationReferenceType extends FederationReferenceTypes['Voucher'] = FederationReferenceTypes['Voucher']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Voucher']> | FederationReferenceType, FederationReferenceType, ContextType>;
  balance?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  client?: Resolver<Maybe<ResolversTypes['Client']>, ParentType, ContextType>;
  granted?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  plan?: Resolver<Maybe<ResolversTypes['ClientPlan']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['VoucherStatus'], ParentType, ContextType>;
  validFrom?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
  validTo?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = Context> = ResolversObject<{
  Budget?: BudgetResolvers<ContextType>;
  BudgetLine?: BudgetLineResolvers<ContextType>;
  Client?: ClientResolvers<ContextType>;
  ClientPlan?: ClientPlanResolvers<ContextType>;
  Date?: GraphQLScalarType;
  DateTime?: GraphQLScalarType;
  Decimal?: GraphQLScalarType;
  Delivery?: DeliveryResolvers<ContextType>;
  Money?: MoneyResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Order?: OrderResolvers<ContextType>;
  OrderConnection?: OrderConnectionResolvers<ContextType>;
  OrderEdge?: OrderEdgeResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Payment?: PaymentResolvers<ContextType>;
  PaymentConnection?: PaymentConnectionResolvers<ContextType>;
  PaymentEdge?: PaymentEdgeResolvers<ContextType>;
  PlannedService?: PlannedServiceResolvers<ContextType>;
  Provider?: ProviderResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  ServiceOffering?: ServiceOfferingResolvers<ContextType>;
  SpendingReport?: SpendingReportResolvers<ContextType>;
  SpendingRow?: SpendingRowResolvers<ContextType>;
  UnitCost?: UnitCostResolvers<ContextType>;
  Voucher?: VoucherResolvers<ContextType>;
}>;

