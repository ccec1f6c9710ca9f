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
  Date: { input: string; output: string; }
  DateTime: { input: string; output: string; }
  Decimal: { input: string; output: string; }
  _FieldSet: { input: unknown; output: unknown; }
};

/** A postal address, as delivery of services needs it. */
export type Address = {
  __typename?: 'Address';
  city: Scalars['String']['output'];
  line: Scalars['String']['output'];
  postalCode?: Maybe<Scalars['String']['output']>;
};

export type ApprovePlanInput = {
  expectedVersion: Scalars['String']['input'];
  planId: Scalars['ID']['input'];
};

/** A case worker (omatyöntekijä) of a municipality. */
export type CaseWorker = {
  __typename?: 'CaseWorker';
  email?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  municipality?: Maybe<Municipality>;
  name: Scalars['String']['output'];
  phone?: Maybe<Scalars['String']['output']>;
};

/** A client of personal-budget care (asiakas): an older or disabled person with a client plan. */
export type Client = {
  __typename?: 'Client';
  address?: Maybe<Address>;
  birthDate?: Maybe<Scalars['Date']['output']>;
  /** The ACTIVE plan, if any. */
  currentPlan?: Maybe<ClientPlan>;
  firstName: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  language: Language;
  lastName: Scalars['String']['output'];
  /** Null (with an error) only when the provider catalogue, which names municipalities, fails. */
  municipality?: Maybe<Municipality>;
  /** The client's municipality code; the graph needs it to find providers and unit costs. */
  municipalityCode: Scalars['String']['output'];
  /** Henkilötunnus: only to the client and to case workers of the client's municipality. */
  personalIdentityCode?: Maybe<Scalars['String']['output']>;
  phone?: Maybe<Scalars['String']['output']>;
  /** Every plan of the client, newest first. */
  plans: Array<ClientPlan>;
  /** The responsible case worker (omatyöntekijä). */
  responsibleWorker?: Maybe<CaseWorker>;
};

export type ClientConnection = {
  __typename?: 'ClientConnection';
  edges: Array<ClientEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ClientEdge = {
  __typename?: 'ClientEdge';
  cursor: Scalars['String']['output'];
  node: Client;
};

/** The client plan (asiakassuunnitelma): situation, goals, and what, where, when and how of every service. */
export type ClientPlan = {
  __typename?: 'ClientPlan';
  approvedAt?: Maybe<Scalars['DateTime']['output']>;
  client: Client;
  goals: Array<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  /** Municipality whose unit costs the plan's budget uses. */
  municipalityCode: Scalars['String']['output'];
  /** Why the plan was revoked, when it was. */
  revocationReason?: Maybe<Scalars['String']['output']>;
  services: Array<PlannedService>;
  /** The client's overall situation. */
  situation?: Maybe<Scalars['String']['output']>;
  status: PlanStatus;
  validFrom: Scalars['Date']['output'];
  validTo?: Maybe<Scalars['Date']['output']>;
  /** Changes whenever the plan changes (the record's version). */
  version: Scalars['String']['output'];
};

export type CreatePlanInput = {
  clientId: Scalars['ID']['input'];
  goals?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Optional (1–100 characters): the same key with the same input returns the first plan and creates nothing new. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  services: Array<PlannedServiceInput>;
  /** The client's overall situation. */
  situation?: InputMaybe<Scalars['String']['input']>;
  validFrom: Scalars['Date']['input'];
  validTo?: InputMaybe<Scalars['Date']['input']>;
};

export type Language =
  | 'EN'
  | 'FI'
  | 'SV';

/** A municipality (kunta); its names come from the provider catalogue's reference data. */
export type Municipality = {
  __typename?: 'Municipality';
  code: Scalars['String']['output'];
};

/**
 * Writes to client plans, for case workers of the client's municipality. The plan lives in the
 * client-record system (FHIR CarePlan with Goals); every change makes a new version there.
 * A refused write returns null with an error and changes nothing.
 */
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


/**
 * Writes to client plans, for case workers of the client's municipality. The plan lives in the
 * client-record system (FHIR CarePlan with Goals); every change makes a new version there.
 * A refused write returns null with an error and changes nothing.
 */
export type MutationApprovePlanArgs = {
  input: ApprovePlanInput;
};


/**
 * Writes to client plans, for case workers of the client's municipality. The plan lives in the
 * client-record system (FHIR CarePlan with Goals); every change makes a new version there.
 * A refused write returns null with an error and changes nothing.
 */
export type MutationCreatePlanArgs = {
  input: CreatePlanInput;
};


/**
 * Writes to client plans, for case workers of the client's municipality. The plan lives in the
 * client-record system (FHIR CarePlan with Goals); every change makes a new version there.
 * A refused write returns null with an error and changes nothing.
 */
export type MutationRevokePlanArgs = {
  input: RevokePlanInput;
};


/**
 * Writes to client plans, for case workers of the client's municipality. The plan lives in the
 * client-record system (FHIR CarePlan with Goals); every change makes a new version there.
 * A refused write returns null with an error and changes nothing.
 */
export type MutationUpdatePlanArgs = {
  input: UpdatePlanInput;
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type PlanPeriod =
  | 'MONTH'
  | 'WEEK'
  | 'YEAR';

export type PlanStatus =
  | 'ACTIVE'
  | 'COMPLETED'
  | 'DRAFT'
  | 'REVOKED';

/** One service of the plan: what (service type, quantity), when (schedule), where (location), how (instructions). */
export type PlannedService = {
  __typename?: 'PlannedService';
  id: Scalars['ID']['output'];
  /** How. */
  instructions?: Maybe<Scalars['String']['output']>;
  /** Where. */
  location?: Maybe<Scalars['String']['output']>;
  municipalityCode: Scalars['String']['output'];
  per: PlanPeriod;
  plan: ClientPlan;
  planId: Scalars['ID']['output'];
  quantity: Scalars['Decimal']['output'];
  /** When. */
  schedule?: Maybe<Scalars['String']['output']>;
  /** Null (with an error) only when the provider catalogue, which names service types, fails. */
  serviceType?: Maybe<ServiceType>;
  serviceTypeCode: Scalars['String']['output'];
  unit: ServiceUnit;
};

/** A change to one planned service: `id` absent adds a service; `remove: true` removes the one with `id`; otherwise `service` replaces it. */
export type PlannedServiceChange = {
  id?: InputMaybe<Scalars['ID']['input']>;
  remove?: InputMaybe<Scalars['Boolean']['input']>;
  service?: InputMaybe<PlannedServiceInput>;
};

/** One planned service: what (service type, quantity per period), when, where and how. */
export type PlannedServiceInput = {
  /** How. */
  instructions?: InputMaybe<Scalars['String']['input']>;
  /** Where. */
  location?: InputMaybe<Scalars['String']['input']>;
  per: PlanPeriod;
  /** Units of the service type per period; positive, at most two decimals. */
  quantity: Scalars['Decimal']['input'];
  /** When (e.g. "Mon–Fri mornings"). */
  schedule?: InputMaybe<Scalars['String']['input']>;
  serviceTypeCode: Scalars['String']['input'];
};

export type Query = {
  __typename?: 'Query';
  /** A client by id, when the viewer may see them. */
  client?: Maybe<Client>;
  /** Clients the viewer may see (a case worker: their municipality's), by name or identity code. */
  clients: ClientConnection;
  /** Who the request is made as, from the verified token. */
  me: Viewer;
};


export type QueryClientArgs = {
  id: Scalars['ID']['input'];
};


export type QueryClientsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  search?: InputMaybe<Scalars['String']['input']>;
};

export type RevokePlanInput = {
  expectedVersion: Scalars['String']['input'];
  planId: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
};

export type Role =
  | 'ADMIN'
  | 'ANALYST'
  | 'CASE_WORKER'
  | 'CLIENT'
  | 'PROVIDER';

/** A service type (palvelulaji); its names and unit come from the provider catalogue. */
export type ServiceType = {
  __typename?: 'ServiceType';
  code: Scalars['ID']['output'];
};

export type ServiceUnit =
  | 'DAY'
  | 'HOUR'
  | 'MEAL'
  | 'MONTH'
  | 'TRIP'
  | 'VISIT';

export type UpdatePlanInput = {
  /** The `ClientPlan.version` the change was made against; a stale one is CONFLICT. */
  expectedVersion: Scalars['String']['input'];
  goals?: InputMaybe<Array<Scalars['String']['input']>>;
  planId: Scalars['ID']['input'];
  services?: InputMaybe<Array<PlannedServiceChange>>;
  situation?: InputMaybe<Scalars['String']['input']>;
  validTo?: InputMaybe<Scalars['Date']['input']>;
};

export type Viewer = {
  __typename?: 'Viewer';
  clientId?: Maybe<Scalars['ID']['output']>;
  municipalityCode?: Maybe<Scalars['String']['output']>;
  providerId?: Maybe<Scalars['ID']['output']>;
  role: Role;
  subject: Scalars['ID']['output'];
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
  PlannedService: PlannedService;
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
  PlannedService:
    ( { __typename: 'PlannedService' }
    & GraphQLRecursivePick<FederationTypes['PlannedService'], {"id":true}> );
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
  Language: Language;
  Municipality: ResolverTypeWrapper<Municipality>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  PlanPeriod: PlanPeriod;
  PlanStatus: PlanStatus;
  PlannedService: ResolverTypeWrapper<PlannedServiceModel>;
  PlannedServiceChange: PlannedServiceChange;
  PlannedServiceInput: PlannedServiceInput;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RevokePlanInput: RevokePlanInput;
  Role: Role;
  ServiceType: ResolverTypeWrapper<ServiceType>;
  ServiceUnit: ServiceUnit;
  UpdatePlanInput: UpdatePlanInput;
  Viewer: ResolverTypeWrapper<ViewerModel>;
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
  Municipality: Municipality;
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  Boolean: Scalars['Boolean']['output'];
  PlannedService: PlannedServiceModel;
  PlannedServiceChange: PlannedServiceChange;
  PlannedServiceInput: PlannedServiceInput;
  Query: Record<PropertyKey, never>;
  RevokePlanInput: RevokePlanInput;
  ServiceType: ServiceType;
  UpdatePlanInput: UpdatePlanInput;
  Viewer: ViewerModel;
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

export type MunicipalityResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Municipality'] = ResolversParentTypes['Municipality']> = ResolversObject<{
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  approvePlan?: Resolver<Maybe<ResolversTypes['ClientPlan']>, ParentType, ContextType, RequireFields<MutationApprovePlanArgs, 'input'>>;
  createPlan?: Resolver<Maybe<ResolversTypes['ClientPlan']>, ParentType, ContextType, RequireFields<MutationCreatePlanArgs, 'input'>>;
  revokePlan?: Resolver<Maybe<ResolversTypes['ClientPlan']>, ParentType, ContextType, RequireFields<MutationRevokePlanArgs, 'input'>>;
  updatePlan?: Resolver<Maybe<ResolversTypes['ClientPlan']>, ParentType, ContextType, RequireFields<MutationUpdatePlanArgs, 'input'>>;
}>;

export type PageInfoResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
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
}>;

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  client?: Resolver<Maybe<ResolversTypes['Client']>, ParentType, ContextType, RequireFields<QueryClientArgs, 'id'>>;
  clients?: Resolver<ResolversTypes['ClientConnection'], ParentType, ContextType, RequireFields<QueryClientsArgs, 'first'>>;
  me?: Resolver<ResolversTypes['Viewer'], ParentType, ContextType>;
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
  Municipality?: MunicipalityResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  PlannedService?: PlannedServiceResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  ServiceType?: ServiceTypeResolvers<ContextType>;
  Viewer?: ViewerResolvers<ContextType>;
}>;

