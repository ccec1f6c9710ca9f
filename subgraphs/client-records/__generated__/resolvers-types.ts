import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { ViewerModel, ClientModel, AddressModel, CaseWorkerModel, PlanModel, PlannedServiceModel } from '../models.js';
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

/** A postal address, as delivery of services needs it. */
export type Address = {
  __typename?: 'Address';
  /** Post office (city or town), e.g. "Kajaani". */
  city: Scalars['String']['output'];
  /** Street address, e.g. "Kauppakatu 12 A 3". */
  line: Scalars['String']['output'];
  /** Five-digit Finnish postal code, e.g. "87100", when recorded. */
  postalCode?: Maybe<Scalars['String']['output']>;
};

/** Approval of a DRAFT plan. */
export type ApprovePlanInput = {
  /** The `ClientPlan.version` approved; a stale one is CONFLICT. */
  expectedVersion: Scalars['String']['input'];
  /** The plan to approve. */
  planId: Scalars['ID']['input'];
};

/** A case worker (omatyöntekijä) of a municipality. */
export type CaseWorker = Node & {
  __typename?: 'CaseWorker';
  /** Work email, when recorded. */
  email?: Maybe<Scalars['String']['output']>;
  /** The case worker's id, e.g. "cw-0001". */
  id: Scalars['ID']['output'];
  /** The municipality the case worker works for. */
  municipality?: Maybe<Municipality>;
  /** Full name. */
  name: Scalars['String']['output'];
  /** Work phone, when recorded. */
  phone?: Maybe<Scalars['String']['output']>;
};

/** A client of personal-budget care (asiakas): an older or disabled person with a client plan. */
export type Client = Node & {
  __typename?: 'Client';
  /** Home address, where services are delivered; null when not recorded. */
  address?: Maybe<Address>;
  /** Date of birth; null when not recorded or not for the viewer (a provider). */
  birthDate?: Maybe<Scalars['Date']['output']>;
  /** The ACTIVE plan, if any. */
  currentPlan?: Maybe<ClientPlan>;
  /** First name(s). */
  firstName: Scalars['String']['output'];
  /** The client's id, e.g. "cl-00001". */
  id: Scalars['ID']['output'];
  /** The language the client is served in. */
  language: Language;
  /** Surname. */
  lastName: Scalars['String']['output'];
  /** Null (with an error) only when the provider catalogue, which names municipalities, fails. */
  municipality?: Maybe<Municipality>;
  /** The client's municipality code; the graph needs it to find providers and unit costs. */
  municipalityCode: Scalars['String']['output'];
  /** Henkilötunnus: only to the client and to case workers of the client's municipality. */
  personalIdentityCode?: Maybe<Scalars['String']['output']>;
  /** Phone number; null when not recorded or not for the viewer (a provider). */
  phone?: Maybe<Scalars['String']['output']>;
  /** Every plan of the client, newest first. */
  plans: Array<ClientPlan>;
  /** The responsible case worker (omatyöntekijä). */
  responsibleWorker?: Maybe<CaseWorker>;
};

/** A page of clients (a Relay connection). */
export type ClientConnection = {
  __typename?: 'ClientConnection';
  /** The clients of this page, each with its cursor. */
  edges: Array<ClientEdge>;
  /** Where this page is, and how to get the next one. */
  pageInfo: PageInfo;
  /** How many clients the list has in all, over every page. */
  totalCount: Scalars['Int']['output'];
};

/** One client of a page, with its cursor. */
export type ClientEdge = {
  __typename?: 'ClientEdge';
  /** Opaque: pass it as `after` to continue after this client. */
  cursor: Scalars['String']['output'];
  /** The client. */
  node: Client;
};

/** The client plan (asiakassuunnitelma): situation, goals, and what, where, when and how of every service. */
export type ClientPlan = Node & {
  __typename?: 'ClientPlan';
  /** When the plan was approved (became ACTIVE); null for a draft. */
  approvedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The client whose plan it is. */
  client: Client;
  /** The goals agreed with the client. */
  goals: Array<Scalars['String']['output']>;
  /** The plan's id, e.g. "pl-00001-1" or "cp-…". */
  id: Scalars['ID']['output'];
  /** Municipality whose unit costs the plan's budget uses. */
  municipalityCode: Scalars['String']['output'];
  /** Why the plan was revoked, when it was. */
  revocationReason?: Maybe<Scalars['String']['output']>;
  /** The planned services: what, how much, when, where and how. */
  services: Array<PlannedService>;
  /** The client's overall situation. */
  situation?: Maybe<Scalars['String']['output']>;
  /** Where the plan is in its life. */
  status: PlanStatus;
  /** The first day the plan is in force. */
  validFrom: Scalars['Date']['output'];
  /** The last day the plan is in force; null when open-ended. */
  validTo?: Maybe<Scalars['Date']['output']>;
  /** Changes whenever the plan changes (the record's version). */
  version: Scalars['String']['output'];
};

/** A new DRAFT plan. */
export type CreatePlanInput = {
  /** The client the plan is for (of the case worker's municipality). */
  clientId: Scalars['ID']['input'];
  /** The goals agreed with the client. */
  goals?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Optional (1–100 characters): the same key with the same input returns the first plan and creates nothing new. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** The planned services. */
  services: Array<PlannedServiceInput>;
  /** The client's overall situation. */
  situation?: InputMaybe<Scalars['String']['input']>;
  /** The first day the plan is in force. */
  validFrom: Scalars['Date']['input'];
  /** The last day the plan is in force; open-ended when absent. */
  validTo?: InputMaybe<Scalars['Date']['input']>;
};

export type Delivery = Node & {
  __typename?: 'Delivery';
  id: Scalars['ID']['output'];
};

/** A language of service and of names: Finnish and Swedish are Finland's official languages; English for others. */
export type Language =
  /** English. */
  | 'EN'
  /** Finnish (suomi). */
  | 'FI'
  /** Swedish (svenska). */
  | 'SV';

export type Municipality = {
  __typename?: 'Municipality';
  code: Scalars['String']['output'];
};

/** Every write of the graph. A refused write returns null with an error (`extensions.code`) and changes nothing, anywhere. */
export type Mutation = {
  __typename?: 'Mutation';
  /**
   * DRAFT → ACTIVE: the budget is computed from the municipality's unit costs and granted as the
   * plan's balance voucher (saldoseteli). A client has at most one ACTIVE plan (CONFLICT otherwise).
   */
  approvePlan?: Maybe<ClientPlan>;
  /** A DRAFT plan for a client of the case worker's municipality. */
  createPlan?: Maybe<ClientPlan>;
  /** ACTIVE → REVOKED: the voucher is cancelled and with it every open order of the plan. */
  revokePlan?: Maybe<ClientPlan>;
  /**
   * Changes a DRAFT or ACTIVE plan. A change to an ACTIVE plan re-computes its budget and adjusts
   * its balance voucher: BUDGET_EXCEEDED when the new budget would fall below what is already
   * committed and spent; CONFLICT when it removes a service that has open orders.
   */
  updatePlan?: Maybe<ClientPlan>;
};


/** Every write of the graph. A refused write returns null with an error (`extensions.code`) and changes nothing, anywhere. */
export type MutationApprovePlanArgs = {
  input: ApprovePlanInput;
};


/** Every write of the graph. A refused write returns null with an error (`extensions.code`) and changes nothing, anywhere. */
export type MutationCreatePlanArgs = {
  input: CreatePlanInput;
};


/** Every write of the graph. A refused write returns null with an error (`extensions.code`) and changes nothing, anywhere. */
export type MutationRevokePlanArgs = {
  input: RevokePlanInput;
};


/** Every write of the graph. A refused write returns null with an error (`extensions.code`) and changes nothing, anywhere. */
export type MutationUpdatePlanArgs = {
  input: UpdatePlanInput;
};

/**
 * An object with a globally unique, stable `id` (Relay's Node): a client can refetch it with
 * `node(id:)` and normalise it in its cache by `id`. The id's prefix names the type (`cl-` Client,
 * `cw-` CaseWorker, `pl-`/`cp-` ClientPlan, `ps-` PlannedService, `vo-` Voucher, `or-` Order,
 * `de-` Delivery, `pa-` Payment, `of-` ServiceOffering; a Provider's id is the one its token names).
 */
export type Node = {
  /** Globally unique and stable: the same object always has the same id. */
  id: Scalars['ID']['output'];
};

export type Order = Node & {
  __typename?: 'Order';
  id: Scalars['ID']['output'];
};

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

export type Payment = Node & {
  __typename?: 'Payment';
  id: Scalars['ID']['output'];
};

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

/** One service of the plan: what (service type, quantity), when (schedule), where (location), how (instructions). */
export type PlannedService = Node & {
  __typename?: 'PlannedService';
  /** The planned service's id, e.g. "ps-00001-1-01". */
  id: Scalars['ID']['output'];
  /** How. */
  instructions?: Maybe<Scalars['String']['output']>;
  /** Where. */
  location?: Maybe<Scalars['String']['output']>;
  municipalityCode: Scalars['String']['output'];
  /** The period the quantity is for. */
  per: PlanPeriod;
  /** The plan the service is in. */
  plan: ClientPlan;
  planId: Scalars['ID']['output'];
  /** Units of the service per period, e.g. "3" (hours per week). */
  quantity: Scalars['Decimal']['output'];
  /** When. */
  schedule?: Maybe<Scalars['String']['output']>;
  /** Null (with an error) only when the provider catalogue, which names service types, fails. */
  serviceType?: Maybe<ServiceType>;
  serviceTypeCode: Scalars['String']['output'];
  /** The service type's unit the quantity counts. */
  unit: ServiceUnit;
};

/** A change to one planned service: `id` absent adds a service; `remove: true` removes the one with `id`; otherwise `service` replaces it. */
export type PlannedServiceChange = {
  /** The planned service changed or removed; absent for a new one. */
  id?: InputMaybe<Scalars['ID']['input']>;
  /** True: remove the planned service `id`. */
  remove?: InputMaybe<Scalars['Boolean']['input']>;
  /** The new or replacing service. */
  service?: InputMaybe<PlannedServiceInput>;
};

/** One planned service: what (service type, quantity per period), when, where and how. */
export type PlannedServiceInput = {
  /** How. */
  instructions?: InputMaybe<Scalars['String']['input']>;
  /** Where. */
  location?: InputMaybe<Scalars['String']['input']>;
  /** The period the quantity is for. */
  per: PlanPeriod;
  /** Units of the service type per period; positive, at most two decimals. */
  quantity: Scalars['Decimal']['input'];
  /** When (e.g. "Mon–Fri mornings"). */
  schedule?: InputMaybe<Scalars['String']['input']>;
  /** The service type's code, e.g. "kotihoito" (`serviceTypes` lists them). */
  serviceTypeCode: Scalars['String']['input'];
};

export type Provider = Node & {
  __typename?: 'Provider';
  id: Scalars['ID']['output'];
};

/** Every read of the graph: each party sees what it may (README, "Who sees what"). */
export type Query = {
  __typename?: 'Query';
  /** A client by id, when the viewer may see them. */
  client?: Maybe<Client>;
  /** Clients the viewer may see (a case worker: their municipality's), by name or identity code. */
  clients: ClientConnection;
  /** Who the request is made as, from the verified token. */
  me: Viewer;
  /**
   * Any object with an id, by that id (Relay's global object identification). The viewer sees
   * exactly what the type's own query would show them: an object they may not see is null with
   * FORBIDDEN (or NOT_FOUND), decided by the subgraph that owns the type.
   */
  node?: Maybe<Node>;
};


/** Every read of the graph: each party sees what it may (README, "Who sees what"). */
export type QueryClientArgs = {
  id: Scalars['ID']['input'];
};


/** Every read of the graph: each party sees what it may (README, "Who sees what"). */
export type QueryClientsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  search?: InputMaybe<Scalars['String']['input']>;
};


/** Every read of the graph: each party sees what it may (README, "Who sees what"). */
export type QueryNodeArgs = {
  id: Scalars['ID']['input'];
};

/** Revocation of an ACTIVE plan. */
export type RevokePlanInput = {
  /** The `ClientPlan.version` revoked; a stale one is CONFLICT. */
  expectedVersion: Scalars['String']['input'];
  /** The plan to revoke. */
  planId: Scalars['ID']['input'];
  /** Why: kept with the plan (`revocationReason`). */
  reason: Scalars['String']['input'];
};

/** The party a token is for; it decides what the graph shows (README, "Who sees what"). */
export type Role =
  /** An administrator: the provider catalogue, unit costs and payments. */
  | 'ADMIN'
  /** An analyst: aggregates only. */
  | 'ANALYST'
  /** A case worker (omatyöntekijä) of a municipality: the clients of that municipality. */
  | 'CASE_WORKER'
  /** A client of personal-budget care (or a family member acting for them): their own data. */
  | 'CLIENT'
  /** A service provider's own system: the orders assigned to it. */
  | 'PROVIDER';

export type ServiceOffering = Node & {
  __typename?: 'ServiceOffering';
  id: Scalars['ID']['output'];
};

export type ServiceType = {
  __typename?: 'ServiceType';
  code: Scalars['ID']['output'];
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

/** A change to a DRAFT or ACTIVE plan; fields left out stay as they are. */
export type UpdatePlanInput = {
  /** The `ClientPlan.version` the change was made against; a stale one is CONFLICT. */
  expectedVersion: Scalars['String']['input'];
  /** The goals, replaced as a whole. */
  goals?: InputMaybe<Array<Scalars['String']['input']>>;
  /** The plan to change. */
  planId: Scalars['ID']['input'];
  /** Services added, replaced or removed, one change each. */
  services?: InputMaybe<Array<PlannedServiceChange>>;
  /** The client's overall situation, replaced. */
  situation?: InputMaybe<Scalars['String']['input']>;
  /** The new last day; the first day does not change. */
  validTo?: InputMaybe<Scalars['Date']['input']>;
};

/** The party the request is made as: the verified token's claims. */
export type Viewer = {
  __typename?: 'Viewer';
  /** A client: their own client id; null for other roles. */
  clientId?: Maybe<Scalars['ID']['output']>;
  /** A case worker's (or an analyst's) municipality code; null for other roles. */
  municipalityCode?: Maybe<Scalars['String']['output']>;
  /** A provider's system: the provider's id; null for other roles. */
  providerId?: Maybe<Scalars['ID']['output']>;
  /** The party the token is for. */
  role: Role;
  /** The token's subject: the person's, or the provider's system's, id at the identity provider. */
  subject: Scalars['ID']['output'];
};

export type Voucher = Node & {
  __typename?: 'Voucher';
  id: Scalars['ID']['output'];
};

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
  CaseWorker: CaseWorker;
  Client: Client;
  ClientPlan: ClientPlan;
  Delivery: Delivery;
  Node: Node;
  Order: Order;
  Payment: Payment;
  PlannedService: PlannedService;
  Provider: Provider;
  ServiceOffering: ServiceOffering;
  Voucher: Voucher;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  CaseWorker:
    ( { __typename: 'CaseWorker' }
    & GraphQLRecursivePick<FederationTypes['CaseWorker'], {"id":true}> );
  Client:
    ( { __typename: 'Client' }
    & GraphQLRecursivePick<FederationTypes['Client'], {"id":true}> );
  ClientPlan:
    ( { __typename: 'ClientPlan' }
    & GraphQLRecursivePick<FederationTypes['ClientPlan'], {"id":true}> );
  Delivery:
    ( { __typename: 'Delivery' }
    & GraphQLRecursivePick<FederationTypes['Delivery'], {"id":true}> );
  Node:
    ( { __typename: 'Node' }
    & GraphQLRecursivePick<FederationTypes['Node'], {"id":true}> );
  Order:
    ( { __typename: 'Order' }
    & GraphQLRecursivePick<FederationTypes['Order'], {"id":true}> );
  Payment:
    ( { __typename: 'Payment' }
    & GraphQLRecursivePick<FederationTypes['Payment'], {"id":true}> );
  PlannedService:
    ( { __typename: 'PlannedService' }
    & GraphQLRecursivePick<FederationTypes['PlannedService'], {"id":true}> );
  Provider:
    ( { __typename: 'Provider' }
    & GraphQLRecursivePick<FederationTypes['Provider'], {"id":true}> );
  ServiceOffering:
    ( { __typename: 'ServiceOffering' }
    & GraphQLRecursivePick<FederationTypes['ServiceOffering'], {"id":true}> );
  Voucher:
    ( { __typename: 'Voucher' }
    & GraphQLRecursivePick<FederationTypes['Voucher'], {"id":true}> );
}>;


/** Mapping of interface types */
export type ResolversInterfaceTypes<_RefType extends Record<string, unknown>> = ResolversObject<{
  Node:
    | ( CaseWorkerModel )
    | ( ClientModel )
    | ( PlanModel )
    | ( Delivery )
    | ( Order )
    | ( Payment )
    | ( PlannedServiceModel )
    | ( Provider )
    | ( ServiceOffering )
    | ( Voucher )
  ;
}>;

/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  Address: ResolverTypeWrapper<AddressModel>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  ApprovePlanInput: ApprovePlanInput;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  CaseWorker: ResolverTypeWrapper<CaseWorkerModel>;
  Client: ResolverTypeWrapper<ClientModel>;
  ClientConnection: ResolverTypeWrapper<Omit<ClientConnection, 'edges'> & { edges: Array<ResolversTypes['ClientEdge']> }>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  ClientEdge: ResolverTypeWrapper<Omit<ClientEdge, 'node'> & { node: ResolversTypes['Client'] }>;
  ClientPlan: ResolverTypeWrapper<PlanModel>;
  CreatePlanInput: CreatePlanInput;
  Date: ResolverTypeWrapper<Scalars['Date']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Decimal: ResolverTypeWrapper<Scalars['Decimal']['output']>;
  Delivery: ResolverTypeWrapper<Delivery>;
  Language: Language;
  Municipality: ResolverTypeWrapper<Municipality>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Node: ResolverTypeWrapper<ResolversInterfaceTypes<ResolversTypes>['Node']>;
  Order: ResolverTypeWrapper<Order>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Payment: ResolverTypeWrapper<Payment>;
  PlanPeriod: PlanPeriod;
  PlanStatus: PlanStatus;
  PlannedService: ResolverTypeWrapper<PlannedServiceModel>;
  PlannedServiceChange: PlannedServiceChange;
  PlannedServiceInput: PlannedServiceInput;
  Provider: ResolverTypeWrapper<Provider>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RevokePlanInput: RevokePlanInput;
  Role: Role;
  ServiceOffering: ResolverTypeWrapper<ServiceOffering>;
  ServiceType: ResolverTypeWrapper<ServiceType>;
  ServiceUnit: ServiceUnit;
  UpdatePlanInput: UpdatePlanInput;
  Viewer: ResolverTypeWrapper<ViewerModel>;
  Voucher: ResolverTypeWrapper<Voucher>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  Address: AddressModel;
  String: Scalars['String']['output'];
  ApprovePlanInput: ApprovePlanInput;
  ID: Scalars['ID']['output'];
  CaseWorker: CaseWorkerModel;
  Client: ClientModel;
  ClientConnection: Omit<ClientConnection, 'edges'> & { edges: Array<ResolversParentTypes['ClientEdge']> };
  Int: Scalars['Int']['output'];
  ClientEdge: Omit<ClientEdge, 'node'> & { node: ResolversParentTypes['Client'] };
  ClientPlan: PlanModel;
  CreatePlanInput: CreatePlanInput;
  Date: Scalars['Date']['output'];
  DateTime: Scalars['DateTime']['output'];
  Decimal: Scalars['Decimal']['output'];
  Delivery: Delivery | FederationReferenceTypes['Delivery'];
  Municipality: Municipality;
  Mutation: Record<PropertyKey, never>;
  Node: ResolversInterfaceTypes<ResolversParentTypes>['Node'];
  Order: Order | FederationReferenceTypes['Order'];
  PageInfo: PageInfo;
  Boolean: Scalars['Boolean']['output'];
  Payment: Payment | FederationReferenceTypes['Payment'];
  PlannedService: PlannedServiceModel;
  PlannedServiceChange: PlannedServiceChange;
  PlannedServiceInput: PlannedServiceInput;
  Provider: Provider | FederationReferenceTypes['Provider'];
  Query: Record<PropertyKey, never>;
  RevokePlanInput: RevokePlanInput;
  ServiceOffering: ServiceOffering | FederationReferenceTypes['ServiceOffering'];
  ServiceType: ServiceType;
  UpdatePlanInput: UpdatePlanInput;
  Viewer: ViewerModel;
  Voucher: Voucher | FederationReferenceTypes['Voucher'];
}>;

export type AddressResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Address'] = ResolversParentTypes['Address']> = ResolversObject<{
  city?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  line?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  postalCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type CaseWorkerResolvers<ContextType = Context, ParentType extends ResolversParentTypes['CaseWorker'] = ResolversParentTypes['CaseWorker'], FederationReferenceType extends FederationReferenceTypes['CaseWorker'] = FederationReferenceTypes['CaseWorker']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['CaseWorker']> | FederationReferenceType, FederationReferenceType, ContextType>;
  email?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  municipality?: Resolver<Maybe<ResolversTypes['Municipality']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  phone?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type ClientResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Client'] = ResolversParentTypes['Client'], FederationReferenceType extends FederationReferenceTypes['Client'] = FederationReferenceTypes['Client']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Client']> | FederationReferenceType, FederationReferenceType, ContextType>;
  address?: Resolver<Maybe<ResolversTypes['Address']>, ParentType, ContextType>;
  birthDate?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  currentPlan?: Resolver<Maybe<ResolversTypes['ClientPlan']>, ParentType, ContextType>;
  firstName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  language?: Resolver<ResolversTypes['Language'], ParentType, ContextType>;
  lastName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  municipality?: Resolver<Maybe<ResolversTypes['Municipality']>, ParentType, ContextType>;
  municipalityCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  personalIdentityCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  phone?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  plans?: Resolver<Array<ResolversTypes['ClientPlan']>, ParentType, ContextType>;
  responsibleWorker?: Resolver<Maybe<ResolversTypes['CaseWorker']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type ClientConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ClientConnection'] = ResolversParentTypes['ClientConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['ClientEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type ClientEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ClientEdge'] = ResolversParentTypes['ClientEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Client'], ParentType, ContextType>;
}>;

export type ClientPlanResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ClientPlan'] = ResolversParentTypes['ClientPlan'], FederationReferenceType extends FederationReferenceTypes['ClientPlan'] = FederationReferenceTypes['ClientPlan']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['ClientPlan']> | FederationReferenceType, FederationReferenceType, ContextType>;
  approvedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  client?: Resolver<ResolversTypes['Client'], ParentType, ContextType>;
  goals?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  municipalityCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  revocationReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  services?: Resolver<Array<ResolversTypes['PlannedService']>, ParentType, ContextType>;
  situation?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['PlanStatus'], ParentType, ContextType>;
  validFrom?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
  validTo?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  version?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
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
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type MunicipalityResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Municipality'] = ResolversParentTypes['Municipality']> = ResolversObject<{
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  approvePlan?: Resolver<Maybe<ResolversTypes['ClientPlan']>, ParentType, ContextType, RequireFields<MutationApprovePlanArgs, 'input'>>;
  createPlan?: Resolver<Maybe<ResolversTypes['ClientPlan']>, ParentType, ContextType, RequireFields<MutationCreatePlanArgs, 'input'>>;
  revokePlan?: Resolver<Maybe<ResolversTypes['ClientPlan']>, ParentType, ContextType, RequireFields<MutationRevokePlanArgs, 'input'>>;
  updatePlan?: Resolver<Maybe<ResolversTypes['ClientPlan']>, ParentType, ContextType, RequireFields<MutationUpdatePlanArgs, 'input'>>;
}>;

export type NodeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Node'] = ResolversParentTypes['Node'], FederationReferenceType extends FederationReferenceTypes['Node'] = FederationReferenceTypes['Node']> = ResolversObject<{
  __resolveType: TypeResolveFn<'CaseWorker' | 'Client' | 'ClientPlan' | 'Delivery' | 'Order' | 'Payment' | 'PlannedService' | 'Provider' | 'ServiceOffering' | 'Voucher', ParentType, ContextType>;
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Node']> | FederationReferenceType, FederationReferenceType, ContextType>;
}>;

export type OrderResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Order'] = ResolversParentTypes['Order'], FederationReferenceType extends FederationReferenceTypes['Order'] = FederationReferenceTypes['Order']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Order']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type PageInfoResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hasPreviousPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  startCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type PaymentResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Payment'] = ResolversParentTypes['Payment'], FederationReferenceType extends FederationReferenceTypes['Payment'] = FederationReferenceTypes['Payment']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Payment']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type PlannedServiceResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PlannedService'] = ResolversParentTypes['PlannedService'], FederationReferenceType extends FederationReferenceTypes['PlannedService'] = FederationReferenceTypes['PlannedService']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['PlannedService']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  instructions?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  location?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  municipalityCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  per?: Resolver<ResolversTypes['PlanPeriod'], ParentType, ContextType>;
  plan?: Resolver<ResolversTypes['ClientPlan'], ParentType, ContextType>;
  planId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  schedule?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  serviceType?: Resolver<Maybe<ResolversTypes['ServiceType']>, ParentType, ContextType>;
  serviceTypeCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  unit?: Resolver<ResolversTypes['ServiceUnit'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type ProviderResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Provider'] = ResolversParentTypes['Provider'], FederationReferenceType extends FederationReferenceTypes['Provider'] = FederationReferenceTypes['Provider']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Provider']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  client?: Resolver<Maybe<ResolversTypes['Client']>, ParentType, ContextType, RequireFields<QueryClientArgs, 'id'>>;
  clients?: Resolver<ResolversTypes['ClientConnection'], ParentType, ContextType, RequireFields<QueryClientsArgs, 'first'>>;
  me?: Resolver<ResolversTypes['Viewer'], ParentType, ContextType>;
  node?: Resolver<Maybe<ResolversTypes['Node']>, ParentType, ContextType, RequireFields<QueryNodeArgs, 'id'>>;
}>;

export type ServiceOfferingResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ServiceOffering'] = ResolversParentTypes['ServiceOffering'], FederationReferenceType extends FederationReferenceTypes['ServiceOffering'] = FederationReferenceTypes['ServiceOffering']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['ServiceOffering']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type ServiceTypeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ServiceType'] = ResolversParentTypes['ServiceType']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type ViewerResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Viewer'] = ResolversParentTypes['Viewer']> = ResolversObject<{
  clientId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  municipalityCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  providerId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  role?: Resolver<ResolversTypes['Role'], ParentType, ContextType>;
  subject?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type VoucherResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Voucher'] = ResolversParentTypes['Voucher'], FederationReferenceType extends FederationReferenceTypes['Voucher'] = FederationReferenceTypes['Voucher']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Voucher']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type Resolvers<ContextType = Context> = ResolversObject<{
  Address?: AddressResolvers<ContextType>;
  CaseWorker?: CaseWorkerResolvers<ContextType>;
  Client?: ClientResolvers<ContextType>;
  ClientConnection?: ClientConnectionResolvers<ContextType>;
  ClientEdge?: ClientEdgeResolvers<ContextType>;
  ClientPlan?: ClientPlanResolvers<ContextType>;
  Date?: GraphQLScalarType;
  DateTime?: GraphQLScalarType;
  Decimal?: GraphQLScalarType;
  Delivery?: DeliveryResolvers<ContextType>;
  Municipality?: MunicipalityResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Node?: NodeResolvers<ContextType>;
  Order?: OrderResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Payment?: PaymentResolvers<ContextType>;
  PlannedService?: PlannedServiceResolvers<ContextType>;
  Provider?: ProviderResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  ServiceOffering?: ServiceOfferingResolvers<ContextType>;
  ServiceType?: ServiceTypeResolvers<ContextType>;
  Viewer?: ViewerResolvers<ContextType>;
  Voucher?: VoucherResolvers<ContextType>;
}>;

