/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** A language of service and of names: Finnish and Swedish are Finland's official languages; English for others. */
export type Language =
  /** English. */
  | 'EN'
  /** Finnish (suomi). */
  | 'FI'
  /** Swedish (svenska). */
  | 'SV';

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

/** The period a planned quantity is for: 3 hours per WEEK. */
export type PlanPeriod =
  /** Per calendar month. */
  | 'MONTH'
  /** Per calendar week. */
  | 'WEEK'
  /** Per year. */
  | 'YEAR';

/** Where a client plan is in its life. */
export type PlanStatus =
  /** Approved: its budget is granted as a balance voucher and its services can be ordered. A client has at most one. */
  | 'ACTIVE'
  /** Ended at the end of its validity. */
  | 'COMPLETED'
  /** Being written with the client; nothing can be ordered yet. */
  | 'DRAFT'
  /** Revoked by the case worker: its voucher and open orders are cancelled. */
  | 'REVOKED';

/** Which providers to list; the conditions given must all hold. */
export type ProviderFilter = {
  /** Only providers serving in this language. */
  language?: Language | null | undefined;
  /** Only providers serving this municipality (three-digit code). */
  municipalityCode?: string | null | undefined;
  /** Part of the name or the business ID. */
  search?: string | null | undefined;
  /** Only providers offering this service type, e.g. "kotihoito". */
  serviceTypeCode?: string | null | undefined;
  /** Administrators: providers in this status (e.g. APPLIED, the queue of applications). Others see approved providers (and a provider itself) whatever they ask. */
  status?: ProviderStatus | null | undefined;
};

/** Where a provider is in the catalogue. */
export type ProviderStatus =
  /** Has applied; seen by administrators and itself only, never offered. */
  | 'APPLIED'
  /** Approved: its offerings are offered to clients of its municipalities. */
  | 'APPROVED'
  /** Its application was rejected; it may apply again. */
  | 'REJECTED'
  /** Suspended by an administrator: no longer offered; its orders stay readable. */
  | 'SUSPENDED';

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

export type SharedPlanQueryVariables = Exact<{
  id: string | number;
}>;


export type SharedPlanQuery = { client: { id: string, personalIdentityCode: string | null, firstName: string, lastName: string, birthDate: string | null, language: Language, municipality: { code: string, name: string } | null, responsibleWorker: { id: string, name: string, email: string | null } | null, currentPlan: { id: string, version: string, status: PlanStatus, validFrom: string, validTo: string | null, situation: string | null, goals: Array<string>, services: Array<{ id: string, quantity: string, unit: ServiceUnit, per: PlanPeriod, schedule: string | null, location: string | null, instructions: string | null, serviceType: { code: string, name: string, unit: ServiceUnit } | null, availableOfferings: Array<{ id: string, price: { amount: string, currency: string }, provider: { id: string, name: string, languages: Array<Language> } | null }> | null, orders: Array<{ id: string, status: OrderStatus, quantity: string, planVersion: string, unitPrice: { amount: string }, voucherValue: { amount: string }, clientShare: { amount: string }, provider: { id: string, name: string } | null, deliveries: Array<{ id: string, date: string, quantity: string, amount: { amount: string } }> }> | null }>, budget: { total: { amount: string, currency: string }, committed: { amount: string }, spent: { amount: string }, remaining: { amount: string }, lines: Array<{ plannedService: { id: string } | null, unitCost: { amount: string }, amount: { amount: string } }> } | null } | null, vouchers: Array<{ id: string, status: VoucherStatus, validFrom: string, validTo: string, granted: { amount: string }, balance: { amount: string } }> | null } | null };

export type AssignedOrdersQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  status?: Array<OrderStatus> | OrderStatus | null | undefined;
  updatedSince?: string | null | undefined;
}>;


export type AssignedOrdersQuery = { assignedOrders: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, status: OrderStatus, quantity: string, updatedAt: string, unitPrice: { amount: string }, clientShare: { amount: string }, provider: { id: string } | null, client: { id: string, firstName: string, lastName: string, language: Language, address: { line: string, postalCode: string | null, city: string } | null } | null, plannedService: { id: string, schedule: string | null, location: string | null, instructions: string | null, serviceType: { code: string, name: string } | null } | null } }> } };

export type ProvidersQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: ProviderFilter | null | undefined;
}>;


export type ProvidersQuery = { providers: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, businessId: string, name: string, status: ProviderStatus, languages: Array<Language>, municipalities: Array<{ code: string, name: string }>, offerings: Array<{ unit: ServiceUnit, serviceType: { code: string }, price: { amount: string } }> } }> } };

export type SpendingQueryVariables = Exact<{
  from: string;
  to: string;
  groupBy: Array<ReportDimension> | ReportDimension;
  municipalityCode?: string | null | undefined;
}>;


export type SpendingQuery = { spendingReport: { total: { amount: string, currency: string }, rows: Array<{ serviceTypeCode: string | null, municipalityCode: string | null, providerId: string | null, month: string | null, suppressed: boolean, clients: number | null, orders: number | null, amount: { amount: string } | null }> } };
