// The `hot-varied` traffic: what a storefront really sends. Many shoppers, each page asking for
// its own subset of profile sections, looked up by whichever identifier the page has — so two
// identical bodies within a second are rare and almost every request takes the full GraphQL
// path with a profile-cache hit. Bodies are assembled from precomputed pieces (31 documents ×
// 2,000 customers × 4 identifier kinds = 248,000 distinct bodies), drawn with a seeded PRNG.
import { sampleCustomer } from '../src/sample-upstream/index.ts';

/** Customers 1..2000: warmed (under every identifier kind) before the scenario. */
export const storefrontCustomers = Array.from({ length: 2000 }, (_, i) => i + 1);

export const lookupKinds = ['email', 'phone', 'document', 'userProfileId'] as const;
export type StorefrontKind = (typeof lookupKinds)[number];

/** The profile sections, in schema order, with the fields a storefront page asks of each. */
const sectionSelections = {
  summary: 'summary { description style }',
  occasions: 'occasions { name persona suggestedLook }',
  marketingBriefing: 'marketingBriefing { toneOfVoice visualDirection campaignGuidance }',
  contentHooks: 'contentHooks',
  purchaseMoment:
    'purchaseMoment { recentNavigation summary relationToHistory isNewBehavior opportunities }',
} as const;
export type SectionName = keyof typeof sectionSelections;
export const sectionNames = Object.keys(sectionSelections) as SectionName[];

/** Every non-empty subset of the sections (bit i of the mask = section i), in schema order. */
export const sectionSubsets: SectionName[][] = Array.from(
  { length: 2 ** sectionNames.length - 1 },
  (_, i) => sectionNames.filter((_name, bit) => ((i + 1) >> bit) & 1),
);

export function storefrontQuery(sections: readonly SectionName[]): string {
  const selection = sections.map((name) => sectionSelections[name]).join(' ');
  return `query Storefront($by: CustomerLookup!) { customer(by: $by) { userProfileId profile { ${selection} } } }`;
}

export interface StorefrontRequest {
  body: string;
  index: number;
  kind: StorefrontKind;
  sections: SectionName[];
}

/** mulberry32: a tiny seeded PRNG, so two runs send the same sequence. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The JSON of `{"by": {<kind>: <identifier>}}` for one customer and kind. */
export function lookupVariables(index: number, kind: StorefrontKind): string {
  return JSON.stringify({ by: { [kind]: sampleCustomer(index)[kind] } });
}

/**
 * Draws storefront requests: a random warmed customer, identifier kind and non-empty subset of
 * sections each time. The pieces are built once, so drawing costs the load generator little.
 */
export function storefrontRequests(seed = 15): () => StorefrontRequest {
  const random = seededRandom(seed);
  const heads = sectionSubsets.map(
    (sections) => `{"query":${JSON.stringify(storefrontQuery(sections))},"variables":`,
  );
  const variables = storefrontCustomers.map((index) =>
    lookupKinds.map((kind) => lookupVariables(index, kind)),
  );
  const pick = (length: number) => Math.floor(random() * length);
  return () => {
    const customer = pick(storefrontCustomers.length);
    const kind = pick(lookupKinds.length);
    const subset = pick(sectionSubsets.length);
    return {
      body: `${heads[subset]}${variables[customer]?.[kind]}}`,
      index: storefrontCustomers[customer] as number,
      kind: lookupKinds[kind] as StorefrontKind,
      sections: sectionSubsets[subset] as SectionName[],
    };
  };
}

/** Bodies that put every storefront customer, under every kind, in a target's cache. */
export function warmingBodies(lookupsPerBody: number): string[] {
  const lookups = storefrontCustomers.flatMap((index) =>
    lookupKinds.map((kind) => ({ [kind]: sampleCustomer(index)[kind] })),
  );
  const query = `query Warm($by: [CustomerLookup!]!) { customers(by: $by) { userProfileId } }`;
  const bodies: string[] = [];
  for (let start = 0; start < lookups.length; start += lookupsPerBody) {
    bodies.push(
      JSON.stringify({ query, variables: { by: lookups.slice(start, start + lookupsPerBody) } }),
    );
  }
  return bodies;
}

type Json = Record<string, unknown> | undefined | null;
const field = (value: unknown, key: string): unknown => (value as Json)?.[key] ?? null;

/**
 * The `customer` a correct server answers for these sections, mapped from the upstream's own
 * body by hand (independently of the gateway's parser), in the order the query asks for.
 */
export function expectedStorefrontCustomer(
  upstreamBody: unknown,
  sections: readonly SectionName[],
): unknown {
  const profile = field(upstreamBody, 'profile');
  const section = (name: string) => field(profile, name);
  const mapped: Record<SectionName, () => unknown> = {
    summary: () => {
      const s = section('perfil_cliente');
      return s && { description: field(s, 'descricao_geral'), style: field(s, 'estilo_geral') };
    },
    occasions: () => {
      const list = section('ocasioes_relevantes');
      return Array.isArray(list)
        ? list.map((o: unknown) => ({
            name: field(o, 'ocasião') ?? field(o, 'ocasiao'),
            persona: field(o, 'persona_na_ocasião') ?? field(o, 'persona_na_ocasiao'),
            suggestedLook: field(o, 'sugestao_look'),
          }))
        : null;
    },
    marketingBriefing: () => {
      const s = section('briefing_marketing');
      return (
        s && {
          toneOfVoice: field(s, 'tom_de_voz'),
          visualDirection: field(s, 'direcao_visual'),
          campaignGuidance: field(s, 'orientacao_campanhas'),
        }
      );
    },
    contentHooks: () => section('ganchos_conteudo'),
    purchaseMoment: () => {
      const s = section('momento_compra_atual');
      return (
        s && {
          recentNavigation: field(s, 'navegacoes'),
          summary: field(s, 'resumo_momento'),
          relationToHistory: field(s, 'relacao_com_historico'),
          isNewBehavior: field(s, 'novo_comportamento'),
          opportunities: field(s, 'oportunidades'),
        }
      );
    },
  };
  return {
    userProfileId: field(upstreamBody, 'userProfileId'),
    profile: Object.fromEntries(sections.map((name) => [name, mapped[name]()])),
  };
}
