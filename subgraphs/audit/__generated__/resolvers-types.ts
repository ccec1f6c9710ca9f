import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { AccessLogEntryModel, WriteLogEntryModel, ClientRef } from '../models.js';
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
  /** An instant as an RFC 3339 timestamp in UTC, e.g. "2026-11-22T10:15:00Z" (milliseconds when not whole seconds, "2026-11-22T10:15:00.250Z"). Input may carry an offset; it is turned to UTC. */
  DateTime: { input: string; output: string; }
  _FieldSet: { input: unknown; output: unknown; }
};

/** How a client's data was accessed: recorded by the graph from what it released, never chosen by the caller. */
export type AccessKind =
  /** The client's data was given to a provider's system: it left the municipality (law 703/2023). See recipient and basis. */
  | 'DISCLOSURE'
  /** Only the fact that the person is a client was released (a count, a cursor, an id): that is client data too. */
  | 'EXISTENCE'
  /** The client's data was read. */
  | 'READ'
  /** The client's data was changed (what was read back is in dataRead). */
  | 'WRITE';

/** A page of access-log entries (a Relay connection). */
export type AccessLogConnection = {
  __typename?: 'AccessLogConnection';
  /** The access-log entries of this page, each with its cursor. */
  edges: Array<AccessLogEdge>;
  /** Where this page is, and how to get the next one. */
  pageInfo: PageInfo;
  /** How many access-log entries the list has in all, over every page. */
  totalCount: Scalars['Int']['output'];
};

/** One of a page of access-log entries, with its cursor. */
export type AccessLogEdge = {
  __typename?: 'AccessLogEdge';
  /** Opaque: pass it as `after` to continue after this one. */
  cursor: Scalars['String']['output'];
  /** The entry. */
  node: AccessLogEntry;
};

/** One operation that read or changed a client's data. */
export type AccessLogEntry = {
  __typename?: 'AccessLogEntry';
  /** How the data was accessed, as the graph recorded it. */
  accessKind: AccessKind;
  /** Who acted: the person, or the provider's system, the token names. */
  actorId: Scalars['ID']['output'];
  /** The party that read or changed it. */
  actorRole: Role;
  /** When the data was read or changed. */
  at: Scalars['DateTime']['output'];
  /** Why the recipient may have the data: the orders it read for and the planned services it performs, e.g. "Order/or-1", "PlannedService/ps-1". */
  basis: Array<Scalars['String']['output']>;
  /** The client whose data it was. */
  clientId: Scalars['ID']['output'];
  /** What kinds of the client's data were released: Client, ClientPlan, Order, Budget, … (Existence when only that they are a client). */
  dataRead: Array<Scalars['String']['output']>;
  /** What the operation changed of the client's data: mutation and target, e.g. approvePlan ClientPlan/cp-1. */
  dataWritten: Array<Scalars['String']['output']>;
  /**
   * The same as operationClaimed: the caller's own label.
   * @deprecated The caller's own label, not verified: use accessKind for what happened, operationClaimed for the label.
   */
  operation?: Maybe<Scalars['String']['output']>;
  /** The caller's own name for its operation (or its type when it has none): a claim, not verified. What happened is accessKind. */
  operationClaimed?: Maybe<Scalars['String']['output']>;
  /** For a DISCLOSURE: who received the data (the provider's id); null otherwise. */
  recipient?: Maybe<Scalars['ID']['output']>;
};

export type Client = {
  __typename?: 'Client';
  /** Who has read or changed this client's data (for the client, case workers of their municipality, administrators). */
  accessLog: AccessLogConnection;
  id: Scalars['ID']['output'];
};


export type ClientAccessLogArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
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

/** Every read of the graph: each party sees what it may (README, "Who sees what"). */
export type Query = {
  __typename?: 'Query';
  /** Case workers (clients of their municipality) and administrators: who has read or changed a client's data, newest first. */
  accessLog: AccessLogConnection;
  /** A client: who has read or changed my data, newest first. */
  myAccessLog: AccessLogConnection;
  /**
   * Writes that changed no client's data — providers' applications, offerings and webhooks,
   * decisions on providers, unit costs, settlements — newest first. Administrators: every
   * subject, or the one named (e.g. "Provider/pr-0001", "UnitCost/205/kotihoito"). A provider:
   * its own, `subject` "Provider/<its id>".
   */
  writeLog: WriteLogConnection;
};


/** Every read of the graph: each party sees what it may (README, "Who sees what"). */
export type QueryAccessLogArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  clientId: Scalars['ID']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** Every read of the graph: each party sees what it may (README, "Who sees what"). */
export type QueryMyAccessLogArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** Every read of the graph: each party sees what it may (README, "Who sees what"). */
export type QueryWriteLogArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  subject?: InputMaybe<Scalars['String']['input']>;
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

/** A page of write-log entries (a Relay connection). */
export type WriteLogConnection = {
  __typename?: 'WriteLogConnection';
  /** The write-log entries of this page, each with its cursor. */
  edges: Array<WriteLogEdge>;
  /** Where this page is, and how to get the next one. */
  pageInfo: PageInfo;
  /** How many write-log entries the list has in all, over every page. */
  totalCount: Scalars['Int']['output'];
};

/** One of a page of write-log entries, with its cursor. */
export type WriteLogEdge = {
  __typename?: 'WriteLogEdge';
  /** Opaque: pass it as `after` to continue after this one. */
  cursor: Scalars['String']['output'];
  /** The entry. */
  node: WriteLogEntry;
};

/** One operation that changed something other than a client's data. */
export type WriteLogEntry = {
  __typename?: 'WriteLogEntry';
  /** Who did it: the person, or the provider's system, the token names. */
  actorId: Scalars['ID']['output'];
  /** The party that did it. */
  actorRole: Role;
  /** When it was done. */
  at: Scalars['DateTime']['output'];
  /** The mutations and their targets, e.g. setOffering ServiceOffering/of-1. */
  dataWritten: Array<Scalars['String']['output']>;
  /**
   * The same as operationClaimed: the caller's own label.
   * @deprecated The caller's own label, not verified: use operationClaimed (and dataWritten for what was done).
   */
  operation?: Maybe<Scalars['String']['output']>;
  /** The caller's own name for its operation (or its type when it has none): a claim, not verified. What was done is dataWritten. */
  operationClaimed?: Maybe<Scalars['String']['output']>;
  /** What was changed, e.g. "Provider/pr-0001". */
  subject: Scalars['String']['output'];
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
  Client: Client;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Client:
    ( { __typename: 'Client' }
    & GraphQLRecursivePick<FederationTypes['Client'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  AccessKind: AccessKind;
  AccessLogConnection: ResolverTypeWrapper<Omit<AccessLogConnection, 'edges'> & { edges: Array<ResolversTypes['AccessLogEdge']> }>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  AccessLogEdge: ResolverTypeWrapper<Omit<AccessLogEdge, 'node'> & { node: ResolversTypes['AccessLogEntry'] }>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  AccessLogEntry: ResolverTypeWrapper<AccessLogEntryModel>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Client: ResolverTypeWrapper<ClientRef>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Role: Role;
  WriteLogConnection: ResolverTypeWrapper<Omit<WriteLogConnection, 'edges'> & { edges: Array<ResolversTypes['WriteLogEdge']> }>;
  WriteLogEdge: ResolverTypeWrapper<Omit<WriteLogEdge, 'node'> & { node: ResolversTypes['WriteLogEntry'] }>;
  WriteLogEntry: ResolverTypeWrapper<WriteLogEntryModel>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  AccessLogConnection: Omit<AccessLogConnection, 'edges'> & { edges: Array<ResolversParentTypes['AccessLogEdge']> };
  Int: Scalars['Int']['output'];
  AccessLogEdge: Omit<AccessLogEdge, 'node'> & { node: ResolversParentTypes['AccessLogEntry'] };
  String: Scalars['String']['output'];
  AccessLogEntry: AccessLogEntryModel;
  ID: Scalars['ID']['output'];
  Client: ClientRef;
  DateTime: Scalars['DateTime']['output'];
  PageInfo: PageInfo;
  Boolean: Scalars['Boolean']['output'];
  Query: Record<PropertyKey, never>;
  WriteLogConnection: Omit<WriteLogConnection, 'edges'> & { edges: Array<ResolversParentTypes['WriteLogEdge']> };
  WriteLogEdge: Omit<WriteLogEdge, 'node'> & { node: ResolversParentTypes['WriteLogEntry'] };
  WriteLogEntry: WriteLogEntryModel;
}>;

export type AccessLogConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['AccessLogConnection'] = ResolversParentTypes['AccessLogConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['AccessLogEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type AccessLogEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['AccessLogEdge'] = ResolversParentTypes['AccessLogEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['AccessLogEntry'], ParentType, ContextType>;
}>;

export type AccessLogEntryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['AccessLogEntry'] = ResolversParentTypes['AccessLogEntry']> = ResolversObject<{
  accessKind?: Resolver<ResolversTypes['AccessKind'], ParentType, ContextType>;
  actorId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  actorRole?: Resolver<ResolversTypes['Role'], ParentType, ContextType>;
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  basis?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  clientId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  dataRead?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  dataWritten?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  operation?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  operationClaimed?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  recipient?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
}>;

export type ClientResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Client'] = ResolversParentTypes['Client'], FederationReferenceType extends FederationReferenceTypes['Client'] = FederationReferenceTypes['Client']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Client']> | FederationReferenceType, FederationReferenceType, ContextType>;
  accessLog?: Resolver<ResolversTypes['AccessLogConnection'], ParentType, ContextType, RequireFields<ClientAccessLogArgs, 'first'>>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type PageInfoResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hasPreviousPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  startCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  accessLog?: Resolver<ResolversTypes['AccessLogConnection'], ParentType, ContextType, RequireFields<QueryAccessLogArgs, 'clientId' | 'first'>>;
  myAccessLog?: Resolver<ResolversTypes['AccessLogConnection'], ParentType, ContextType, RequireFields<QueryMyAccessLogArgs, 'first'>>;
  writeLog?: Resolver<ResolversTypes['WriteLogConnection'], ParentType, ContextType, RequireFields<QueryWriteLogArgs, 'first'>>;
}>;

export type WriteLogConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['WriteLogConnection'] = ResolversParentTypes['WriteLogConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['WriteLogEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type WriteLogEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['WriteLogEdge'] = ResolversParentTypes['WriteLogEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['WriteLogEntry'], ParentType, ContextType>;
}>;

export type WriteLogEntryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['WriteLogEntry'] = ResolversParentTypes['WriteLogEntry']> = ResolversObject<{
  actorId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  actorRole?: Resolver<ResolversTypes['Role'], ParentType, ContextType>;
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  dataWritten?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  operation?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  operationClaimed?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  subject?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = Context> = ResolversObject<{
  AccessLogConnection?: AccessLogConnectionResolvers<ContextType>;
  AccessLogEdge?: AccessLogEdgeResolvers<ContextType>;
  AccessLogEntry?: AccessLogEntryResolvers<ContextType>;
  Client?: ClientResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  PageInfo?: PageInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  WriteLogConnection?: WriteLogConnectionResolvers<ContextType>;
  WriteLogEdge?: WriteLogEdgeResolvers<ContextType>;
  WriteLogEntry?: WriteLogEntryResolvers<ContextType>;
}>;

