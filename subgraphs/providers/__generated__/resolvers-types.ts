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
  /** An instant as an RFC 3339 timestamp in UTC, e.g. "2026-11-22T10:15:00Z" (milliseconds when not whole seconds, "2026-11-22T10:15:00.250Z"). Input may carry an offset; it is turned to UTC. */
  DateTime: { input: string; output: string; }
  /** An exact decimal number as a string, e.g. "1234.50" (never a float): an optional minus, up to 15 digits, up to 6 decimals. Amounts of money have 2 decimals. */
  Decimal: { input: string; output: string; }
  _FieldSet: { input: unknown; output: unknown; }
};

/** A language of service and of names: Finnish and Swedish are Finland's official languages; English for others. */
export type Language =
  /** English. */
  | 'EN'
  /** Finnish (suomi). */
  | 'FI'
  /** Swedish (svenska). */
  | 'SV';

/** An exact amount of money: `amount` a Decimal string with 2 decimals, e.g. "1234.50", in `currency`. No id: clients' caches store it inside its parent. */
export type Money = {
  __typename?: 'Money';
  /** The amount, e.g. "1234.50" (exact; never a float). */
  amount: Scalars['Decimal']['output'];
  /** ISO 4217 currency code: always "EUR". */
  currency: Scalars['String']['output'];
};

/** A municipality (kunta), by Statistics Finland's code. */
export type Municipality = {
  __typename?: 'Municipality';
  /** Statistics Finland's three-digit municipality code, e.g. "205" (Kajaani). Clients' caches key municipalities by it. */
  code: Scalars['String']['output'];
  /** The municipality's name, e.g. "Kajaani" (SV "Kajana"). */
  name: Scalars['String']['output'];
};


/** A municipality (kunta), by Statistics Finland's code. */
export type MunicipalityNameArgs = {
  lang?: InputMaybe<Language>;
};

/** Every write of the graph. A refused write returns null with an error (`extensions.code`) and changes nothing, anywhere. */
export type Mutation = {
  __typename?: 'Mutation';
  /**
   * A provider's system applies with its token's provider id (no approved record yet): business ID
   * (Y-tunnus) and IBAN checked, municipality codes and service types known, prices positive with
   * at most two decimals. The provider becomes APPLIED; a REJECTED provider may apply again.
   */
  applyAsProvider?: Maybe<Provider>;
  /** Administrators: APPLIED → APPROVED (registered with the voucher system for payments) or REJECTED, with the reason kept. */
  decideProviderApplication?: Maybe<Provider>;
  /**
   * Internal: the subgraphs' write paths record events for providers' webhooks here. Not in the
   * client-facing graph.
   */
  recordProviderEvents?: Maybe<Scalars['Int']['output']>;
  /** The provider withdraws its offering of a service type; it leaves availableOfferings at once. */
  removeOffering?: Maybe<ServiceOffering>;
  /** The provider's system stops hearing of its orders; true when there was a webhook. */
  removeWebhook?: Maybe<Scalars['Boolean']['output']>;
  /** The provider's own price for a service type, new or changed; orders already made keep their price. */
  setOffering?: Maybe<ServiceOffering>;
  /**
   * The provider's system: where it hears of its orders (https; loopback and private addresses
   * are refused). Replaces an earlier webhook; the signing secret is shown in this answer only.
   */
  setWebhook?: Maybe<Webhook>;
  /** Administrators: APPROVED → SUSPENDED; its offerings leave availableOfferings at once, its orders stay readable. */
  suspendProvider?: Maybe<Provider>;
};


/** Every write of the graph. A refused write returns null with an error (`extensions.code`) and changes nothing, anywhere. */
export type MutationApplyAsProviderArgs = {
  input: ProviderApplicationInput;
};


/** Every write of the graph. A refused write returns null with an error (`extensions.code`) and changes nothing, anywhere. */
export type MutationDecideProviderApplicationArgs = {
  input: ProviderDecisionInput;
};


/** Every write of the graph. A refused write returns null with an error (`extensions.code`) and changes nothing, anywhere. */
export type MutationRecordProviderEventsArgs = {
  events: Array<ProviderEventInput>;
};


/** Every write of the graph. A refused write returns null with an error (`extensions.code`) and changes nothing, anywhere. */
export type MutationRemoveOfferingArgs = {
  input: RemoveOfferingInput;
};


/** Every write of the graph. A refused write returns null with an error (`extensions.code`) and changes nothing, anywhere. */
export type MutationSetOfferingArgs = {
  input: SetOfferingInput;
};


/** Every write of the graph. A refused write returns null with an error (`extensions.code`) and changes nothing, anywhere. */
export type MutationSetWebhookArgs = {
  input: SetWebhookInput;
};


/** Every write of the graph. A refused write returns null with an error (`extensions.code`) and changes nothing, anywhere. */
export type MutationSuspendProviderArgs = {
  input: SuspendProviderInput;
};

/** One offering of an application: a service type at a price. */
export type OfferingInput = {
  /** The provider's own words about the offering. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** Euros per unit; positive, at most two decimals. */
  price: Scalars['Decimal']['input'];
  /** The service type's code, e.g. "kotihoito". */
  serviceTypeCode: Scalars['String']['input'];
};

/** A price of an offering and when it applied. */
export type OfferingPrice = {
  __typename?: 'OfferingPrice';
  /** The price per unit. */
  price: Money;
  /** When it took effect. */
  validFrom: Scalars['DateTime']['output'];
  /** When the next price replaced it; null for today's price. */
  validTo?: Maybe<Scalars['DateTime']['output']>;
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

export type PlannedService = {
  __typename?: 'PlannedService';
  /**
   * Approved providers' offerings of the service type in the client's municipality, cheapest
   * first, each with the client's own share per unit (`clientShare`).
   */
  availableOfferings?: Maybe<Array<ServiceOffering>>;
  id: Scalars['ID']['output'];
  municipalityCode: Scalars['String']['output'];
  serviceTypeCode: Scalars['String']['output'];
  voucherValue?: Maybe<Money>;
};


export type PlannedServiceAvailableOfferingsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** A service provider (palveluntuottaja). */
export type Provider = {
  __typename?: 'Provider';
  /** When the latest application was made: the provider itself and administrators. */
  appliedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Y-tunnus (Finnish business ID), e.g. "1572860-0". */
  businessId: Scalars['String']['output'];
  /** When the latest decision or suspension was made: the provider itself and administrators. */
  decidedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Contact email, when given. */
  email?: Maybe<Scalars['String']['output']>;
  /** The account payments go to (IBAN, electronic format): the provider itself and administrators. */
  iban?: Maybe<Scalars['String']['output']>;
  /** The provider's id, e.g. "pr-0001": the one its system's token names. */
  id: Scalars['ID']['output'];
  /** The languages the provider serves in. */
  languages: Array<Language>;
  /** The municipalities the provider serves. */
  municipalities: Array<Municipality>;
  /** The provider's name. */
  name: Scalars['String']['output'];
  /** Current offerings (withdrawn ones left out), in service-type order. */
  offerings: Array<ServiceOffering>;
  /** Contact phone, when given. */
  phone?: Maybe<Scalars['String']['output']>;
  /** Where the provider is in the catalogue. */
  status: ProviderStatus;
  /** The reason kept with the latest decision or suspension: the provider itself and administrators. */
  statusReason?: Maybe<Scalars['String']['output']>;
  /** Where the provider's system hears of its orders (the provider itself; the secret is never shown again). */
  webhook?: Maybe<Webhook>;
  /** Webhook deliveries to the provider's system, newest first: the provider itself and administrators. */
  webhookDeliveries?: Maybe<WebhookDeliveryConnection>;
};


/** A service provider (palveluntuottaja). */
export type ProviderWebhookDeliveriesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** A provider's application to the catalogue. */
export type ProviderApplicationInput = {
  /** Y-tunnus, e.g. 1234567-1. */
  businessId: Scalars['String']['input'];
  /** Contact email. */
  email?: InputMaybe<Scalars['String']['input']>;
  /** A Finnish IBAN, with or without spaces. */
  iban: Scalars['String']['input'];
  /** The languages the provider serves in. */
  languages: Array<Language>;
  /** Three-digit municipality codes the provider serves. */
  municipalityCodes: Array<Scalars['String']['input']>;
  /** The provider's name as clients see it. */
  name: Scalars['String']['input'];
  /** What the provider offers, one per service type. */
  offerings: Array<OfferingInput>;
  /** Contact phone. */
  phone?: InputMaybe<Scalars['String']['input']>;
};

/** A page of providers (a Relay connection). */
export type ProviderConnection = {
  __typename?: 'ProviderConnection';
  /** The providers of this page, each with its cursor. */
  edges: Array<ProviderEdge>;
  /** Where this page is, and how to get the next one. */
  pageInfo: PageInfo;
  /** How many providers the list has in all, over every page. */
  totalCount: Scalars['Int']['output'];
};

/** An administrator's decision on an application. */
export type ProviderDecision =
  /** APPLIED → APPROVED: registered with the voucher system for payments and offered to clients. */
  | 'APPROVE'
  /** APPLIED → REJECTED. */
  | 'REJECT';

/** An administrator's decision on an APPLIED provider. */
export type ProviderDecisionInput = {
  /** Approve or reject. */
  decision: ProviderDecision;
  /** The provider decided on. */
  providerId: Scalars['ID']['input'];
  /** Kept with the decision; required for REJECT. */
  reason?: InputMaybe<Scalars['String']['input']>;
};

/** One of a page of providers, with its cursor. */
export type ProviderEdge = {
  __typename?: 'ProviderEdge';
  /** Opaque: pass it as `after` to continue after this one. */
  cursor: Scalars['String']['output'];
  /** The provider. */
  node: Provider;
};

/** An event for a provider's webhook (internal). */
export type ProviderEventInput = {
  event: WebhookEvent;
  /** Ids only, e.g. orderId, planId, paymentId. */
  orderId?: InputMaybe<Scalars['ID']['input']>;
  paymentId?: InputMaybe<Scalars['ID']['input']>;
  planId?: InputMaybe<Scalars['ID']['input']>;
  planVersion?: InputMaybe<Scalars['String']['input']>;
  providerId: Scalars['ID']['input'];
};

/** Which providers to list; the conditions given must all hold. */
export type ProviderFilter = {
  /** Only providers serving in this language. */
  language?: InputMaybe<Language>;
  /** Only providers serving this municipality (three-digit code). */
  municipalityCode?: InputMaybe<Scalars['String']['input']>;
  /** Part of the name or the business ID. */
  search?: InputMaybe<Scalars['String']['input']>;
  /** Only providers offering this service type, e.g. "kotihoito". */
  serviceTypeCode?: InputMaybe<Scalars['String']['input']>;
  /** Administrators: providers in this status (e.g. APPLIED, the queue of applications). Others see approved providers (and a provider itself) whatever they ask. */
  status?: InputMaybe<ProviderStatus>;
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

/** Every read of the graph: each party sees what it may (README, "Who sees what"). */
export type Query = {
  __typename?: 'Query';
  /** Every municipality the graph knows (Statistics Finland's codes). */
  municipalities: Array<Municipality>;
  /** A provider by id, when the viewer may see it (approved and suspended ones: everyone; others: administrators and itself). */
  provider?: Maybe<Provider>;
  /** Providers; clients and case workers see approved ones, administrators all. */
  providers: ProviderConnection;
  /** Every service type the graph knows, with its unit. */
  serviceTypes: Array<ServiceType>;
};


/** Every read of the graph: each party sees what it may (README, "Who sees what"). */
export type QueryProviderArgs = {
  id: Scalars['ID']['input'];
};


/** Every read of the graph: each party sees what it may (README, "Who sees what"). */
export type QueryProvidersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ProviderFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** The provider's offering to withdraw. */
export type RemoveOfferingInput = {
  /** The service type's code of the offering withdrawn. */
  serviceTypeCode: Scalars['String']['input'];
};

/** What a provider offers: a service type at a price per unit. */
export type ServiceOffering = {
  __typename?: 'ServiceOffering';
  /**
   * Per unit, what the client pays themselves (omavastuuosuus): max(0, price − the voucher value
   * of the planned service). Only when the offering is reached from a planned service
   * (PlannedService.availableOfferings); null elsewhere, and null when the voucher system cannot say.
   */
  clientShare?: Maybe<Money>;
  /** The provider's own words about the offering, when given. */
  description?: Maybe<Scalars['String']['output']>;
  /** The offering's id, e.g. "of-0001-01". */
  id: Scalars['ID']['output'];
  /** Today's price per unit (orders keep the price they were made at). */
  price: Money;
  /** The prices over time, newest first. */
  priceHistory: Array<OfferingPrice>;
  /** The provider offering it. */
  provider?: Maybe<Provider>;
  /** When the provider withdrew the offering; a withdrawn offering stays readable for the orders made from it. */
  removedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The service type offered. */
  serviceType: ServiceType;
  /** The unit the price is per (the service type's). */
  unit: ServiceUnit;
};

/** A service type (palvelulaji) and its unit. */
export type ServiceType = {
  __typename?: 'ServiceType';
  /** The service type's code, e.g. "kotihoito" (home care). Clients' caches key service types by it. */
  code: Scalars['ID']['output'];
  /** The service type's name, e.g. "kotihoito" (SV "hemvård", EN "home care"). */
  name: Scalars['String']['output'];
  /** The unit it is planned, priced and delivered in. */
  unit: ServiceUnit;
};


/** A service type (palvelulaji) and its unit. */
export type ServiceTypeNameArgs = {
  lang?: InputMaybe<Language>;
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

/** The provider's own price for a service type. */
export type SetOfferingInput = {
  /** The provider's own words about the offering. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** Euros per unit; positive, at most two decimals. */
  price: Scalars['Decimal']['input'];
  /** The service type's code, e.g. "kotihoito". */
  serviceTypeCode: Scalars['String']['input'];
};

/** A provider's webhook. */
export type SetWebhookInput = {
  /** The events to send. */
  events: Array<WebhookEvent>;
  /** Where to POST events: https, no credentials, not a loopback, private or internal address. */
  url: Scalars['String']['input'];
};

/** Suspension of an APPROVED provider. */
export type SuspendProviderInput = {
  /** The provider suspended. */
  providerId: Scalars['ID']['input'];
  /** Why, kept with the provider (`statusReason`). */
  reason: Scalars['String']['input'];
};

/** Where a provider's system hears of changes (Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature). */
export type Webhook = {
  __typename?: 'Webhook';
  /** When the webhook was set. */
  createdAt: Scalars['DateTime']['output'];
  /** The events sent. */
  events: Array<WebhookEvent>;
  /** The signing secret (whsec_…): in the answer to setWebhook only, null afterwards. */
  secret?: Maybe<Scalars['String']['output']>;
  /** Where events are POSTed. */
  url: Scalars['String']['output'];
};

/** One event sent (or being sent) to a provider's webhook. */
export type WebhookDelivery = {
  __typename?: 'WebhookDelivery';
  /** Attempts made so far. */
  attempts: Scalars['Int']['output'];
  /** When the event happened (the delivery was made). */
  createdAt: Scalars['DateTime']['output'];
  /** When the receiver answered 2xx; null until then. */
  deliveredAt?: Maybe<Scalars['DateTime']['output']>;
  /** The event sent. */
  event: WebhookEvent;
  /** The webhook-id header: the same for every attempt, so the receiver can drop repeats. */
  id: Scalars['ID']['output'];
  /** When it was last attempted; null before the first attempt. */
  lastAttemptAt?: Maybe<Scalars['DateTime']['output']>;
  /** Why the last attempt failed, in a few words (never the receiver's body). */
  lastError?: Maybe<Scalars['String']['output']>;
  /** The receiver's HTTP status at the last attempt, null when it could not be reached. */
  lastResponseStatus?: Maybe<Scalars['Int']['output']>;
  /** When it is next attempted; null when DELIVERED or FAILED. */
  nextAttemptAt?: Maybe<Scalars['DateTime']['output']>;
  /** The ids the event carries, e.g. {"orderId": "o-1"} as JSON text. */
  payload: Scalars['String']['output'];
  /** Where the delivery is. */
  status: WebhookDeliveryStatus;
};

/** A page of webhook deliveries (a Relay connection). */
export type WebhookDeliveryConnection = {
  __typename?: 'WebhookDeliveryConnection';
  /** The webhook deliveries of this page, each with its cursor. */
  edges: Array<WebhookDeliveryEdge>;
  /** Where this page is, and how to get the next one. */
  pageInfo: PageInfo;
  /** How many webhook deliveries the list has in all, over every page. */
  totalCount: Scalars['Int']['output'];
};

/** One of a page of webhook deliveries, with its cursor. */
export type WebhookDeliveryEdge = {
  __typename?: 'WebhookDeliveryEdge';
  /** Opaque: pass it as `after` to continue after this one. */
  cursor: Scalars['String']['output'];
  /** The webhook delivery. */
  node: WebhookDelivery;
};

/** Where a webhook delivery is. */
export type WebhookDeliveryStatus =
  /** The receiver answered 2xx. */
  | 'DELIVERED'
  /** Retries ran out (after at least 24 hours) or the webhook was removed. */
  | 'FAILED'
  /** Waiting for its first or next attempt. */
  | 'PENDING';

/** What a provider's system can hear of. */
export type WebhookEvent =
  /** An order of the provider's was cancelled, also when its plan was revoked. */
  | 'ORDER_CANCELLED'
  /** A client or case worker ordered from the provider. */
  | 'ORDER_REQUESTED'
  /** A payment to the provider was settled. */
  | 'PAYMENT_SETTLED'
  /** A plan the provider's open orders are pinned to has a new version or was revoked. */
  | 'PLAN_CHANGED';

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
        | GraphQLRecursivePick<FederationTypes['PlannedService'], {"serviceTypeCode":true,"municipalityCode":true,"voucherValue":{"amount":true}}> ) );
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
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Decimal: ResolverTypeWrapper<Scalars['Decimal']['output']>;
  Language: Language;
  Money: ResolverTypeWrapper<Money>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Municipality: ResolverTypeWrapper<MunicipalityModel>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  OfferingInput: OfferingInput;
  OfferingPrice: ResolverTypeWrapper<OfferingPrice>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  PlannedService: ResolverTypeWrapper<PlannedServiceModel>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Provider: ResolverTypeWrapper<ProviderModel>;
  ProviderApplicationInput: ProviderApplicationInput;
  ProviderConnection: ResolverTypeWrapper<Omit<ProviderConnection, 'edges'> & { edges: Array<ResolversTypes['ProviderEdge']> }>;
  ProviderDecision: ProviderDecision;
  ProviderDecisionInput: ProviderDecisionInput;
  ProviderEdge: ResolverTypeWrapper<Omit<ProviderEdge, 'node'> & { node: ResolversTypes['Provider'] }>;
  ProviderEventInput: ProviderEventInput;
  ProviderFilter: ProviderFilter;
  ProviderStatus: ProviderStatus;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RemoveOfferingInput: RemoveOfferingInput;
  ServiceOffering: ResolverTypeWrapper<OfferingModel>;
  ServiceType: ResolverTypeWrapper<ServiceTypeModel>;
  ServiceUnit: ServiceUnit;
  SetOfferingInput: SetOfferingInput;
  SetWebhookInput: SetWebhookInput;
  SuspendProviderInput: SuspendProviderInput;
  Webhook: ResolverTypeWrapper<Webhook>;
  WebhookDelivery: ResolverTypeWrapper<WebhookDelivery>;
  WebhookDeliveryConnection: ResolverTypeWrapper<WebhookDeliveryConnection>;
  WebhookDeliveryEdge: ResolverTypeWrapper<WebhookDeliveryEdge>;
  WebhookDeliveryStatus: WebhookDeliveryStatus;
  WebhookEvent: WebhookEvent;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  DateTime: Scalars['DateTime']['output'];
  Decimal: Scalars['Decimal']['output'];
  Money: Money;
  String: Scalars['String']['output'];
  Municipality: MunicipalityModel;
  Mutation: Record<PropertyKey, never>;
  Int: Scalars['Int']['output'];
  Boolean: Scalars['Boolean']['output'];
  OfferingInput: OfferingInput;
  OfferingPrice: OfferingPrice;
  PageInfo: PageInfo;
  PlannedService: PlannedServiceModel;
  ID: Scalars['ID']['output'];
  Provider: ProviderModel;
  ProviderApplicationInput: ProviderApplicationInput;
  ProviderConnection: Omit<ProviderConnection, 'edges'> & { edges: Array<ResolversParentTypes['ProviderEdge']> };
  ProviderDecisionInput: ProviderDecisionInput;
  ProviderEdge: Omit<ProviderEdge, 'node'> & { node: ResolversParentTypes['Provider'] };
  ProviderEventInput: ProviderEventInput;
  ProviderFilter: ProviderFilter;
  Query: Record<PropertyKey, never>;
  RemoveOfferingInput: RemoveOfferingInput;
  ServiceOffering: OfferingModel;
  ServiceType: ServiceTypeModel;
  SetOfferingInput: SetOfferingInput;
  SetWebhookInput: SetWebhookInput;
  SuspendProviderInput: SuspendProviderInput;
  Webhook: Webhook;
  WebhookDelivery: WebhookDelivery;
  WebhookDeliveryConnection: WebhookDeliveryConnection;
  WebhookDeliveryEdge: WebhookDeliveryEdge;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

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

export type MutationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  applyAsProvider?: Resolver<Maybe<ResolversTypes['Provider']>, ParentType, ContextType, RequireFields<MutationApplyAsProviderArgs, 'input'>>;
  decideProviderApplication?: Resolver<Maybe<ResolversTypes['Provider']>, ParentType, ContextType, RequireFields<MutationDecideProviderApplicationArgs, 'input'>>;
  recordProviderEvents?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType, RequireFields<MutationRecordProviderEventsArgs, 'events'>>;
  removeOffering?: Resolver<Maybe<ResolversTypes['ServiceOffering']>, ParentType, ContextType, RequireFields<MutationRemoveOfferingArgs, 'input'>>;
  removeWebhook?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  setOffering?: Resolver<Maybe<ResolversTypes['ServiceOffering']>, ParentType, ContextType, RequireFields<MutationSetOfferingArgs, 'input'>>;
  setWebhook?: Resolver<Maybe<ResolversTypes['Webhook']>, ParentType, ContextType, RequireFields<MutationSetWebhookArgs, 'input'>>;
  suspendProvider?: Resolver<Maybe<ResolversTypes['Provider']>, ParentType, ContextType, RequireFields<MutationSuspendProviderArgs, 'input'>>;
}>;

export type OfferingPriceResolvers<ContextType = Context, ParentType extends ResolversParentTypes['OfferingPrice'] = ResolversParentTypes['OfferingPrice']> = ResolversObject<{
  price?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  validFrom?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  validTo?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
}>;

export type PageInfoResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hasPreviousPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  startCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type PlannedServiceResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PlannedService'] = ResolversParentTypes['PlannedService'], FederationReferenceType extends FederationReferenceTypes['PlannedService'] = FederationReferenceTypes['PlannedService']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['PlannedService']> | FederationReferenceType, FederationReferenceType, ContextType>;
  availableOfferings?: Resolver<Maybe<Array<ResolversTypes['ServiceOffering']>>, ParentType, ContextType, RequireFields<PlannedServiceAvailableOfferingsArgs, 'first'>>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type ProviderResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Provider'] = ResolversParentTypes['Provider'], FederationReferenceType extends FederationReferenceTypes['Provider'] = FederationReferenceTypes['Provider']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Provider']> | FederationReferenceType, FederationReferenceType, ContextType>;
  appliedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  businessId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  decidedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  email?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  iban?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  languages?: Resolver<Array<ResolversTypes['Language']>, ParentType, ContextType>;
  municipalities?: Resolver<Array<ResolversTypes['Municipality']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  offerings?: Resolver<Array<ResolversTypes['ServiceOffering']>, ParentType, ContextType>;
  phone?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ProviderStatus'], ParentType, ContextType>;
  statusReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  webhook?: Resolver<Maybe<ResolversTypes['Webhook']>, ParentType, ContextType>;
  webhookDeliveries?: Resolver<Maybe<ResolversTypes['WebhookDeliveryConnection']>, ParentType, ContextType, RequireFields<ProviderWebhookDeliveriesArgs, 'first'>>;
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
  clientShare?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  price?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  priceHistory?: Resolver<Array<ResolversTypes['OfferingPrice']>, ParentType, ContextType>;
  provider?: Resolver<Maybe<ResolversTypes['Provider']>, ParentType, ContextType>;
  removedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  serviceType?: Resolver<ResolversTypes['ServiceType'], ParentType, ContextType>;
  unit?: Resolver<ResolversTypes['ServiceUnit'], ParentType, ContextType>;
}>;

export type ServiceTypeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ServiceType'] = ResolversParentTypes['ServiceType'], FederationReferenceType extends FederationReferenceTypes['ServiceType'] = FederationReferenceTypes['ServiceType']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['ServiceType']> | FederationReferenceType, FederationReferenceType, ContextType>;
  code?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType, RequireFields<ServiceTypeNameArgs, 'lang'>>;
  unit?: Resolver<ResolversTypes['ServiceUnit'], ParentType, ContextType>;
}>;

export type WebhookResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Webhook'] = ResolversParentTypes['Webhook']> = ResolversObject<{
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  events?: Resolver<Array<ResolversTypes['WebhookEvent']>, ParentType, ContextType>;
  secret?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type WebhookDeliveryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['WebhookDelivery'] = ResolversParentTypes['WebhookDelivery']> = ResolversObject<{
  attempts?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  deliveredAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  event?: Resolver<ResolversTypes['WebhookEvent'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lastAttemptAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  lastError?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  lastResponseStatus?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  nextAttemptAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  payload?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['WebhookDeliveryStatus'], ParentType, ContextType>;
}>;

export type WebhookDeliveryConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['WebhookDeliveryConnection'] = ResolversParentTypes['WebhookDeliveryConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['WebhookDeliveryEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type WebhookDeliveryEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['WebhookDeliveryEdge'] = ResolversParentTypes['WebhookDeliveryEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['WebhookDelivery'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = Context> = ResolversObject<{
  DateTime?: GraphQLScalarType;
  Decimal?: GraphQLScalarType;
  Money?: MoneyResolvers<ContextType>;
  Municipality?: MunicipalityResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  OfferingPrice?: OfferingPriceResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  PlannedService?: PlannedServiceResolvers<ContextType>;
  Provider?: ProviderResolvers<ContextType>;
  ProviderConnection?: ProviderConnectionResolvers<ContextType>;
  ProviderEdge?: ProviderEdgeResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  ServiceOffering?: ServiceOfferingResolvers<ContextType>;
  ServiceType?: ServiceTypeResolvers<ContextType>;
  Webhook?: WebhookResolvers<ContextType>;
  WebhookDelivery?: WebhookDeliveryResolvers<ContextType>;
  WebhookDeliveryConnection?: WebhookDeliveryConnectionResolvers<ContextType>;
  WebhookDeliveryEdge?: WebhookDeliveryEdgeResolvers<ContextType>;
}>;

