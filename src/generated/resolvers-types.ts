import type { GraphQLResolveInfo } from 'graphql';
import type { CustomerModel } from '../graphql/models.ts';
import type { UpstreamProfile, PerfilCliente, Ocasiao, BriefingMarketing, MomentoCompraAtual } from '../upstream/types.ts';
import type { GatewayContext } from '../graphql/context.ts';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
};

/**
 * A shopper (upstream response body). A federation entity, keyed by `userProfileId` and by
 * `email`, so other subgraphs can reference it; a shopper Fashion.AI has not profiled yet is still
 * a customer when referenced, with `profile: null`.
 */
export type Customer = {
  __typename?: 'Customer';
  /** The document the lookup used (not returned by the upstream); null when another identifier was used. */
  document?: Maybe<Scalars['String']['output']>;
  /** The e-mail the lookup used (not returned by the upstream); null when another identifier was used. */
  email?: Maybe<Scalars['String']['output']>;
  /** The phone number the lookup used (not returned by the upstream); null when another identifier was used. */
  phone?: Maybe<Scalars['String']['output']>;
  /**
   * The AI-generated profile (upstream `profile`). Each section resolves on its own. Null when
   * Fashion.AI has no profile for this shopper yet: a customer referenced by another subgraph still
   * resolves, with its key fields and `profile: null` (root lookups answer null instead).
   */
  profile?: Maybe<Profile>;
  /**
   * Fashion.AI's customer id (upstream `userProfileId`). Always set on a customer found by a root
   * lookup; null only on a federation reference by e-mail to a shopper Fashion.AI has not profiled
   * yet (the id does not exist until the vendor has profiled them).
   */
  userProfileId?: Maybe<Scalars['ID']['output']>;
};

/**
 * Exactly one identifier (oneOf input). Fashion.AI looks a customer up by any one of them:
 * `/protected/profile/{email|phone|document|user-profile-id}/:value`.
 */
export type CustomerLookup =
  /** National document (CPF, RG…), digits, e.g. `12345678900` (upstream path `/protected/profile/document/:document`). */
  { document: Scalars['String']['input']; email?: never; phone?: never; userProfileId?: never; }
  |  /** E-mail address (upstream path `/protected/profile/email/:email`); matched case-insensitively. */
  { document?: never; email: Scalars['String']['input']; phone?: never; userProfileId?: never; }
  |  /** Phone number, digits with country code, e.g. `5511999998888` (upstream path `/protected/profile/phone/:phone`). */
  { document?: never; email?: never; phone: Scalars['String']['input']; userProfileId?: never; }
  |  /** Fashion.AI's own customer id, e.g. `ddsd23223` (upstream path `/protected/profile/user-profile-id/:userProfileId`). */
  { document?: never; email?: never; phone?: never; userProfileId: Scalars['ID']['input']; };

/** What an erasure (Mutation.forgetCustomer) dropped and who confirmed it. */
export type Erasure = {
  __typename?: 'Erasure';
  /**
   * True when the shared cache (if any) confirmed and every replica reached confirmed within the
   * wait. False: some copy may remain until its life ends (CACHE_L1_TTL_SECONDS in a replica's
   * memory); call again.
   */
  complete: Scalars['Boolean']['output'];
  /** Cached entries dropped: in the shared Redis, and in the memory of every replica that confirmed. */
  droppedEntries: Scalars['Int']['output'];
  /** Replicas that confirmed having dropped their in-process copies (this one included). */
  replicasConfirmed: Scalars['Int']['output'];
  /** Gateway replicas that received the erasure (this one included). */
  replicasReached: Scalars['Int']['output'];
  /**
   * True when the shared Redis cache deleted the entries; false when it was unreachable (retry);
   * null when the gateway has no shared cache (CACHE_URL unset: each replica's cache is its own).
   */
  sharedCacheConfirmed?: Maybe<Scalars['Boolean']['output']>;
};

/** Recommendations for campaigns aimed at the customer (upstream `briefing_marketing`). */
export type MarketingBriefing = {
  __typename?: 'MarketingBriefing';
  /** Campaign positioning (upstream `briefing_marketing.orientacao_campanhas`). */
  campaignGuidance: Array<Scalars['String']['output']>;
  /** Tone-of-voice recommendations (upstream `briefing_marketing.tom_de_voz`). */
  toneOfVoice: Array<Scalars['String']['output']>;
  /** Visual direction for campaigns (upstream `briefing_marketing.direcao_visual`). */
  visualDirection: Array<Scalars['String']['output']>;
};

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Erases one shopper from every cache of this gateway, on every replica ("forget me", LGPD
   * art. 18 / GDPR art. 17): the entry under the identifier given, the entries under every other
   * identifier the gateway has seen them by (e-mail, phone, document, `userProfileId`), a
   * remembered "not found", and every whole-response cache entry. Lookups of the shopper that were
   * already in flight do not write them back. Fashion.AI itself is not changed: ask the vendor to
   * delete the profile there. Needs the `profiles:admin` scope; every call, allowed or refused,
   * writes an audit line. `complete` says whether every place confirmed.
   */
  forgetCustomer: Erasure;
  /**
   * Drops one customer's cached profile on every gateway replica, so the next lookup asks
   * Fashion.AI again. Since `forgetCustomer` it drops every identifier of the customer, as that
   * does. Needs the `profiles:admin` scope. True when the shared cache confirmed (or there is
   * none); false when it was unreachable (only this replica's copy was dropped: retry later).
   * @deprecated Use forgetCustomer, which reports what was dropped and who confirmed.
   */
  invalidateCustomer: Scalars['Boolean']['output'];
};


export type MutationForgetCustomerArgs = {
  by: CustomerLookup;
};


export type MutationInvalidateCustomerArgs = {
  by: CustomerLookup;
};

/** An occasion relevant to the customer (an item of upstream `ocasioes_relevantes`). */
export type Occasion = {
  __typename?: 'Occasion';
  /** Occasion name: work, party, casual… (upstream `ocasião`, also accepted as `ocasiao`). */
  name: Scalars['String']['output'];
  /** How the customer presents on that occasion (upstream `persona_na_ocasião`, also accepted as `persona_na_ocasiao`). */
  persona?: Maybe<Scalars['String']['output']>;
  /** A complete outfit, item by item (upstream `sugestao_look`). */
  suggestedLook: Array<Scalars['String']['output']>;
};

/** The AI-generated customer profile (upstream `profile`). A section missing upstream is null. */
export type Profile = {
  __typename?: 'Profile';
  /** Content themes that resonate with the customer (upstream `ganchos_conteudo`). */
  contentHooks?: Maybe<Array<Scalars['String']['output']>>;
  /** How marketing should talk to the customer (upstream `briefing_marketing`). */
  marketingBriefing?: Maybe<MarketingBriefing>;
  /** Occasions that matter to the customer, with outfit suggestions (upstream `ocasioes_relevantes`). */
  occasions?: Maybe<Array<Occasion>>;
  /** What the customer is doing right now (upstream `momento_compra_atual`). */
  purchaseMoment?: Maybe<PurchaseMoment>;
  /** Who the customer is and how they dress (upstream `perfil_cliente`). */
  summary?: Maybe<ProfileSummary>;
};

/** Who the customer is (upstream `perfil_cliente`). */
export type ProfileSummary = {
  __typename?: 'ProfileSummary';
  /** Lifestyle, values and interests (upstream `perfil_cliente.descricao_geral`). */
  description?: Maybe<Scalars['String']['output']>;
  /** Fashion style, colours, cuts and aesthetics (upstream `perfil_cliente.estilo_geral`). */
  style?: Maybe<Scalars['String']['output']>;
};

/** The customer's current purchase moment (upstream `momento_compra_atual`). */
export type PurchaseMoment = {
  __typename?: 'PurchaseMoment';
  /** Whether the customer is showing new behaviour (upstream `momento_compra_atual.novo_comportamento`). */
  isNewBehavior: Scalars['Boolean']['output'];
  /** Recommended actions now (upstream `momento_compra_atual.oportunidades`). */
  opportunities: Array<Scalars['String']['output']>;
  /** Recent browsing, e.g. `01/09: visualizou Short Azul Claro` (upstream `momento_compra_atual.navegacoes`). */
  recentNavigation: Array<Scalars['String']['output']>;
  /** How the moment relates to purchase history (upstream `momento_compra_atual.relacao_com_historico`). */
  relationToHistory?: Maybe<Scalars['String']['output']>;
  /** Interpretation of the current moment (upstream `momento_compra_atual.resumo_momento`). */
  summary?: Maybe<Scalars['String']['output']>;
};

export type Query = {
  __typename?: 'Query';
  /** One customer; null when Fashion.AI has no profile for that identifier. */
  customer?: Maybe<Customer>;
  /** Many customers in one request, in the order asked; null where not found. */
  customers: Array<Maybe<Customer>>;
  /**
   * The signed-in end user's own profile: looked up by the e-mail claim of the caller's verified
   * token (JWT), never by anything the request carries; null when Fashion.AI has no profile.
   * Needs an end-user token (FORBIDDEN for API keys, UNAUTHENTICATED without one).
   */
  me?: Maybe<Customer>;
};


export type QueryCustomerArgs = {
  by: CustomerLookup;
};


export type QueryCustomersArgs = {
  by: Array<CustomerLookup>;
};



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
export type FederationTypes = {
  Customer: Customer;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  Customer:
    ( { __typename: 'Customer' }
    & ( GraphQLRecursivePick<FederationTypes['Customer'], {"userProfileId":true}>
        | GraphQLRecursivePick<FederationTypes['Customer'], {"email":true}> ) );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Customer: ResolverTypeWrapper<CustomerModel>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  CustomerLookup: CustomerLookup;
  Erasure: ResolverTypeWrapper<Erasure>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  MarketingBriefing: ResolverTypeWrapper<BriefingMarketing>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Occasion: ResolverTypeWrapper<Ocasiao>;
  Profile: ResolverTypeWrapper<UpstreamProfile>;
  ProfileSummary: ResolverTypeWrapper<PerfilCliente>;
  PurchaseMoment: ResolverTypeWrapper<MomentoCompraAtual>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Customer: CustomerModel;
  ID: Scalars['ID']['output'];
  CustomerLookup: CustomerLookup;
  Erasure: Erasure;
  Int: Scalars['Int']['output'];
  MarketingBriefing: BriefingMarketing;
  Mutation: Record<PropertyKey, never>;
  Occasion: Ocasiao;
  Profile: UpstreamProfile;
  ProfileSummary: PerfilCliente;
  PurchaseMoment: MomentoCompraAtual;
  Query: Record<PropertyKey, never>;
  String: Scalars['String']['output'];
  Boolean: Scalars['Boolean']['output'];
};

export type LinkDirectiveArgs = {
  import?: Maybe<Array<Maybe<Scalars['String']['input']>>>;
  url: Scalars['String']['input'];
};

export type LinkDirectiveResolver<Result, Parent, ContextType = GatewayContext, Args = LinkDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type CustomerResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Customer'] = ResolversParentTypes['Customer'], FederationReferenceType extends FederationReferenceTypes['Customer'] = FederationReferenceTypes['Customer']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Customer']> | FederationReferenceType, FederationReferenceType, ContextType>;
  document?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  email?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  phone?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  profile?: Resolver<Maybe<ResolversTypes['Profile']>, ParentType, ContextType>;
  userProfileId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
};

export type ErasureResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Erasure'] = ResolversParentTypes['Erasure']> = {
  complete?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  droppedEntries?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  replicasConfirmed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  replicasReached?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sharedCacheConfirmed?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
};

export type MarketingBriefingResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['MarketingBriefing'] = ResolversParentTypes['MarketingBriefing']> = {
  campaignGuidance?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  toneOfVoice?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  visualDirection?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
};

export type MutationResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  forgetCustomer?: Resolver<ResolversTypes['Erasure'], ParentType, ContextType, RequireFields<MutationForgetCustomerArgs, 'by'>>;
  invalidateCustomer?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationInvalidateCustomerArgs, 'by'>>;
};

export type OccasionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Occasion'] = ResolversParentTypes['Occasion']> = {
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  persona?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  suggestedLook?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
};

export type ProfileResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Profile'] = ResolversParentTypes['Profile']> = {
  contentHooks?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
  marketingBriefing?: Resolver<Maybe<ResolversTypes['MarketingBriefing']>, ParentType, ContextType>;
  occasions?: Resolver<Maybe<Array<ResolversTypes['Occasion']>>, ParentType, ContextType>;
  purchaseMoment?: Resolver<Maybe<ResolversTypes['PurchaseMoment']>, ParentType, ContextType>;
  summary?: Resolver<Maybe<ResolversTypes['ProfileSummary']>, ParentType, ContextType>;
};

export type ProfileSummaryResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ProfileSummary'] = ResolversParentTypes['ProfileSummary']> = {
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  style?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type PurchaseMomentResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['PurchaseMoment'] = ResolversParentTypes['PurchaseMoment']> = {
  isNewBehavior?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  opportunities?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  recentNavigation?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  relationToHistory?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  summary?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type QueryResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  customer?: Resolver<Maybe<ResolversTypes['Customer']>, ParentType, ContextType, RequireFields<QueryCustomerArgs, 'by'>>;
  customers?: Resolver<Array<Maybe<ResolversTypes['Customer']>>, ParentType, ContextType, RequireFields<QueryCustomersArgs, 'by'>>;
  me?: Resolver<Maybe<ResolversTypes['Customer']>, ParentType, ContextType>;
};

export type Resolvers<ContextType = GatewayContext> = {
  Customer?: CustomerResolvers<ContextType>;
  Erasure?: ErasureResolvers<ContextType>;
  MarketingBriefing?: MarketingBriefingResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Occasion?: OccasionResolvers<ContextType>;
  Profile?: ProfileResolvers<ContextType>;
  ProfileSummary?: ProfileSummaryResolvers<ContextType>;
  PurchaseMoment?: PurchaseMomentResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
};

export type DirectiveResolvers<ContextType = GatewayContext> = {
  link?: LinkDirectiveResolver<any, any, ContextType>;
};
