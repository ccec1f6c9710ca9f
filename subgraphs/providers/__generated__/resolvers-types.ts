import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { ProviderModel, OfferingModel, ServiceTypeModel, MunicipalityModel, PlannedServiceModel } from '../models.js';
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
  Decimal: { input: string; output: string; }
  _FieldSet: { input: unknown; output: unknown; }
};

export type Language =
  | 'EN'
  | 'FI'
  | 'SV';

export type Money = {
  __typename?: 'Money';
  amount: Scalars['Decimal']['output'];
  currency: Scalars['String']['output'];
};

/** A municipality (kunta), by Statistics Finland's code. */
export type Municipality = {
  __typename?: 'Municipality';
  code: Scalars['String']['output'];
  name: Scalars['String']['output'];
};


/** A municipality (kunta), by Statistics Finland's code. */
export type MunicipalityNameArgs = {
  lang?: InputMaybe<Language>;
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type PlannedService = {
  __typename?: 'PlannedService';
  /** Approved providers' offerings of the service type in the client's municipality, cheapest first. */
  availableOfferings?: Maybe<Array<ServiceOffering>>;
  id: Scalars['ID']['output'];
  municipalityCode: Scalars['String']['output'];
  serviceTypeCode: Scalars['String']['output'];
};


export type PlannedServiceAvailableOfferingsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** A service provider (palveluntuottaja). */
export type Provider = {
  __typename?: 'Provider';
  /** Y-tunnus. */
  businessId: Scalars['String']['output'];
  email?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  languages: Array<Language>;
  municipalities: Array<Municipality>;
  name: Scalars['String']['output'];
  offerings: Array<ServiceOffering>;
  phone?: Maybe<Scalars['String']['output']>;
  status: ProviderStatus;
};

export type ProviderConnection = {
  __typename?: 'ProviderConnection';
  edges: Array<ProviderEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ProviderEdge = {
  __typename?: 'ProviderEdge';
  cursor: Scalars['String']['output'];
  node: Provider;
};

export type ProviderFilter = {
  language?: InputMaybe<Language>;
  municipalityCode?: InputMaybe<Scalars['String']['input']>;
  /** Part of the name or the business ID. */
  search?: InputMaybe<Scalars['String']['input']>;
  serviceTypeCode?: InputMaybe<Scalars['String']['input']>;
};

export type ProviderStatus =
  | 'APPLIED'
  | 'APPROVED'
  | 'REJECTED'
  | 'SUSPENDED';

export type Query = {
  __typename?: 'Query';
  municipalities: Array<Municipality>;
  provider?: Maybe<Provider>;
  /** Providers; clients and case workers see approved ones, administrators all. */
  providers: ProviderConnection;
  serviceTypes: Array<ServiceType>;
};


export type QueryProviderArgs = {
  id: Scalars['ID']['input'];
};


export type QueryProvidersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ProviderFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** What a provider offers: a service type at a price per unit. */
export type ServiceOffering = {
  __typename?: 'ServiceOffering';
  description?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  price: Money;
  provider?: Maybe<Provider>;
  serviceType: ServiceType;
  unit: ServiceUnit;
};

/** A service type (palvelulaji) and its unit. */
export type ServiceType = {
  __typename?: 'ServiceType';
  code: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  unit: ServiceUnit;
};


/** A service type (palvelulaji) and its unit. */
export type ServiceTypeNameArgs = {
  lang?: InputMaybe<Language>;
};

export type ServiceUnit =
  | 'DAY'
  | 'HOUR'
  | 'MEAL'
  | 'MONTH'
  | 'TRIP'
  | 'VISIT';

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
  Municipality: Municipality;
  PlannedService: PlannedService;
  Provider: Provider;
  ServiceOffering: ServiceOffering;
  ServiceType: ServiceType;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Municipality:
    ( { __typename: 'Municipality' }
    & GraphQLRecursivePick<FederationTypes['Municipality'], {"code":true}> );
  PlannedService:
    ( { __typename: 'PlannedService' }
    & GraphQLRecursivePick<FederationTypes['PlannedService'], {"id":true}>
    & ( Record<PropertyKey, never>
        | GraphQLRecursivePick<FederationTypes['PlannedService'], {"serviceTypeCode":true,"municipalityCode":true}> ) );
  Provider:
    ( { __typename: 'Provider' }
    & GraphQLRecursivePick<FederationTypes['Provider'], {"id":true}> );
  ServiceOffering:
    ( { __typename: 'ServiceOffering' }
    & GraphQLRecursivePick<FederationTypes['ServiceOffering'], {"id":true}> );
  ServiceType:
    ( { __typename: 'ServiceType' }
    & GraphQLRecursivePick<FederationTypes['ServiceType'], {"code":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  Decimal: ResolverTypeWrapper<Scalars['Decimal']['output']>;
  Language: Language;
  Money: ResolverTypeWrapper<Money>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Municipality: ResolverTypeWrapper<MunicipalityModel>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  PlannedService: ResolverTypeWrapper<PlannedServiceModel>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Provider: ResolverTypeWrapper<ProviderModel>;
  ProviderConnection: ResolverTypeWrapper<Omit<ProviderConnection, 'edges'> & { edges: Array<ResolversTypes['ProviderEdge']> }>;
  ProviderEdge: ResolverTypeWrapper<Omit<ProviderEdge, 'node'> & { node: ResolversTypes['Provider'] }>;
  ProviderFilter: ProviderFilter;
  ProviderStatus: ProviderStatus;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  ServiceOffering: ResolverTypeWrapper<OfferingModel>;
  ServiceType: ResolverTypeWrapper<ServiceTypeModel>;
  ServiceUnit: ServiceUnit;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  Decimal: Scalars['Decimal']['output'];
  Money: Money;
  String: Scalars['String']['output'];
  Municipality: MunicipalityModel;
  PageInfo: PageInfo;
  Boolean: Scalars['Boolean']['output'];
  PlannedService: PlannedServiceModel;
  Int: Scalars['Int']['output'];
  ID: Scalars['ID']['output'];
  Provider: ProviderModel;
  ProviderConnection: Omit<ProviderConnection, 'edges'> & { edges: Array<ResolversParentTypes['ProviderEdge']> };
  ProviderEdge: Omit<ProviderEdge, 'node'> & { node: ResolversParentTypes['Provider'] };
  ProviderFilter: ProviderFilter;
  Query: Record<PropertyKey, never>;
  ServiceOffering: OfferingModel;
  ServiceType: ServiceTypeModel;
}>;

export interface DecimalScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['Decimal'], any> {
  name: 'Decimal';
}

export type MoneyResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type MunicipalityResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Municipality'] = ResolversParentTypes['Municipality'], FederationReferenceType extends FederationReferenceTypes['Municipality'] = FederationReferenceTypes['Municipality']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Municipality']> | FederationReferenceType, FederationReferenceType, ContextType>;
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType, RequireFields<MunicipalityNameArgs, 'lang'>>;
}>;

export type PageInfoResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type PlannedServiceResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PlannedService'] = ResolversParentTypes['PlannedService'], FederationReferenceType extends FederationReferenceTypes['PlannedService'] = FederationReferenceTypes['PlannedService']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['PlannedService']> | FederationReferenceType, FederationReferenceType, ContextType>;
  availableOfferings?: Resolver<Maybe<Array<ResolversTypes['ServiceOffering']>>, ParentType, ContextType, RequireFields<PlannedServiceAvailableOfferingsArgs, 'first'>>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type ProviderResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Provider'] = ResolversParentTypes['Provider'], FederationReferenceType extends FederationReferenceTypes['Provider'] = FederationReferenceTypes['Provider']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Provider']> | FederationReferenceType, FederationReferenceType, ContextType>;
  businessId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  email?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  languages?: Resolver<Array<ResolversTypes['Language']>, ParentType, ContextType>;
  municipalities?: Resolver<Array<ResolversTypes['Municipality']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  offerings?: Resolver<Array<ResolversTypes['ServiceOffering']>, ParentType, ContextType>;
  phone?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ProviderStatus'], ParentType, ContextType>;
}>;

export type ProviderConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ProviderConnection'] = ResolversParentTypes['ProviderConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['ProviderEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type ProviderEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ProviderEdge'] = ResolversParentTypes['ProviderEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Provider'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  municipalities?: Resolver<Array<ResolversTypes['Municipality']>, ParentType, ContextType>;
  provider?: Resolver<Maybe<ResolversTypes['Provider']>, ParentType, ContextType, RequireFields<QueryProviderArgs, 'id'>>;
  providers?: Resolver<ResolversTypes['ProviderConnection'], ParentType, ContextType, RequireFields<QueryProvidersArgs, 'first'>>;
  serviceTypes?: Resolver<Array<ResolversTypes['ServiceType']>, ParentType, ContextType>;
}>;

export type ServiceOfferingResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ServiceOffering'] = ResolversParentTypes['ServiceOffering'], FederationReferenceType extends FederationReferenceTypes['ServiceOffering'] = FederationReferenceTypes['ServiceOffering']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['ServiceOffering']> | FederationReferenceType, FederationReferenceType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  price?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  provider?: Resolver<Maybe<ResolversTypes['Provider']>, ParentType, ContextType>;
  serviceType?: Resolver<ResolversTypes['ServiceType'], ParentType, ContextType>;
  unit?: Resolver<ResolversTypes['ServiceUnit'], ParentType, ContextType>;
}>;

export type ServiceTypeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ServiceType'] = ResolversParentTypes['ServiceType'], FederationReferenceType extends FederationReferenceTypes['ServiceType'] = FederationReferenceTypes['ServiceType']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['ServiceType']> | FederationReferenceType, FederationReferenceType, ContextType>;
  code?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType, RequireFields<ServiceTypeNameArgs, 'lang'>>;
  unit?: Resolver<ResolversTypes['ServiceUnit'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = Context> = ResolversObject<{
  Decimal?: GraphQLScalarType;
  Money?: MoneyResolvers<ContextType>;
  Municipality?: MunicipalityResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  PlannedService?: PlannedServiceResolvers<ContextType>;
  Provider?: ProviderResolvers<ContextType>;
  ProviderConnection?: ProviderConnectionResolvers<ContextType>;
  ProviderEdge?: ProviderEdgeResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  ServiceOffering?: ServiceOfferingResolvers<ContextType>;
  ServiceType?: ServiceTypeResolvers<ContextType>;
}>;

