// The contract's customer schema, written plainly for the RESTDataSource baseline: the same
// query shapes as the gateway, with resolvers that map the Portuguese upstream fields directly.
import { RESTDataSource } from '@apollo/datasource-rest';
import { GraphQLError } from 'graphql';

export const typeDefs = `#graphql
  input CustomerLookup @oneOf {
    email: String
    phone: String
    document: String
    userProfileId: ID
  }
  type Query {
    customer(by: CustomerLookup!): Customer
    customers(by: [CustomerLookup!]!): [Customer]!
  }
  type Customer {
    userProfileId: ID!
    email: String
    phone: String
    document: String
    profile: Profile!
  }
  type Profile {
    summary: ProfileSummary
    occasions: [Occasion!]
    marketingBriefing: MarketingBriefing
    contentHooks: [String!]
    purchaseMoment: PurchaseMoment
  }
  type ProfileSummary { description: String, style: String }
  type Occasion { name: String!, persona: String, suggestedLook: [String!]! }
  type MarketingBriefing {
    toneOfVoice: [String!]!
    visualDirection: [String!]!
    campaignGuidance: [String!]!
  }
  type PurchaseMoment {
    recentNavigation: [String!]!
    summary: String
    relationToHistory: String
    isNewBehavior: Boolean!
    opportunities: [String!]!
  }
`;

type DataSourceCache = NonNullable<ConstructorParameters<typeof RESTDataSource>[0]>['cache'];
type Lookup = Partial<Record<'email' | 'phone' | 'document' | 'userProfileId', string>>;

interface UpstreamBody {
  userProfileId: string;
  profile: {
    perfil_cliente?: { descricao_geral?: string; estilo_geral?: string };
    ocasioes_relevantes?: Array<Record<string, unknown>>;
    briefing_marketing?: {
      tom_de_voz?: string[];
      direcao_visual?: string[];
      orientacao_campanhas?: string[];
    };
    ganchos_conteudo?: string[];
    momento_compra_atual?: {
      navegacoes?: string[];
      resumo_momento?: string;
      relacao_com_historico?: string;
      novo_comportamento?: boolean;
      oportunidades?: string[];
    };
  };
}

type Profile = UpstreamBody['profile'];
type Customer = UpstreamBody & { lookup: Lookup };

const pathSegmentOf = {
  email: 'email',
  phone: 'phone',
  document: 'document',
  userProfileId: 'user-profile-id',
} as const;

export class ProfilesAPI extends RESTDataSource {
  private readonly token: string;

  constructor(upstreamUrl: string, token: string, cache: DataSourceCache) {
    super({ cache });
    this.baseURL = upstreamUrl.endsWith('/') ? upstreamUrl : `${upstreamUrl}/`;
    this.token = token;
  }

  async customer(lookup: Lookup): Promise<Customer | null> {
    const entries = Object.entries(lookup) as Array<[keyof typeof pathSegmentOf, string]>;
    const [kind, value] = entries[0] ?? [];
    if (entries.length !== 1 || kind === undefined || value === undefined) {
      throw new GraphQLError('exactly one identifier', { extensions: { code: 'BAD_USER_INPUT' } });
    }
    try {
      const body = await this.get<UpstreamBody>(
        `protected/profile/${pathSegmentOf[kind]}/${encodeURIComponent(value)}`,
        { headers: { 'X-FashionAI-APP-Token': this.token }, cacheOptions: { ttl: 300 } },
      );
      return { ...body, lookup };
    } catch (error) {
      const status = (error as GraphQLError).extensions?.response as
        { status?: number } | undefined;
      if (status?.status === 404) return null;
      throw error;
    }
  }
}

export interface Context {
  profiles: ProfilesAPI;
}

export const resolvers = {
  Query: {
    customer: (_: unknown, args: { by: Lookup }, context: Context) =>
      context.profiles.customer(args.by),
    customers: (_: unknown, args: { by: Lookup[] }, context: Context) =>
      args.by.map((lookup) => context.profiles.customer(lookup)),
  },
  Customer: {
    email: (customer: Customer) => customer.lookup.email ?? null,
    phone: (customer: Customer) => customer.lookup.phone ?? null,
    document: (customer: Customer) => customer.lookup.document ?? null,
  },
  Profile: {
    summary: ({ perfil_cliente: section }: Profile) =>
      section && { description: section.descricao_geral, style: section.estilo_geral },
    occasions: ({ ocasioes_relevantes: section }: Profile) =>
      section?.map((occasion) => ({
        name: occasion['ocasião'] ?? occasion['ocasiao'],
        persona: occasion['persona_na_ocasião'] ?? occasion['persona_na_ocasiao'],
        suggestedLook: occasion['sugestao_look'],
      })),
    marketingBriefing: ({ briefing_marketing: section }: Profile) =>
      section && {
        toneOfVoice: section.tom_de_voz,
        visualDirection: section.direcao_visual,
        campaignGuidance: section.orientacao_campanhas,
      },
    contentHooks: ({ ganchos_conteudo: section }: Profile) => section,
    purchaseMoment: ({ momento_compra_atual: section }: Profile) =>
      section && {
        recentNavigation: section.navegacoes,
        summary: section.resumo_momento,
        relationToHistory: section.relacao_com_historico,
        isNewBehavior: section.novo_comportamento,
        opportunities: section.oportunidades,
      },
  },
};
