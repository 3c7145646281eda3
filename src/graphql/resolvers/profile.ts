// Section resolvers: one per `Profile` field, mapping Fashion.AI's Portuguese sections to the
// contract's names. A missing section is null; a section of the wrong type errors on its own
// field (UPSTREAM_BAD_RESPONSE) while its siblings still resolve.
import type { Resolvers } from '../../generated/resolvers-types.ts';
import { UpstreamBadResponseError } from '../../upstream/errors.ts';
import type { Section } from '../../upstream/types.ts';

function section<T>(value: Section<T>, name: string): T | null {
  if (value === null) return null;
  if ('invalid' in value) {
    throw new UpstreamBadResponseError(
      `Fashion.AI sent the ${name} section in an unexpected shape`,
    );
  }
  return value.value;
}

export const profileResolvers: Resolvers = {
  Profile: {
    summary: (p) => section(p.perfil_cliente, 'perfil_cliente'),
    occasions: (p) => section(p.ocasioes_relevantes, 'ocasioes_relevantes'),
    marketingBriefing: (p) => section(p.briefing_marketing, 'briefing_marketing'),
    contentHooks: (p) => section(p.ganchos_conteudo, 'ganchos_conteudo'),
    purchaseMoment: (p) => section(p.momento_compra_atual, 'momento_compra_atual'),
  },
  ProfileSummary: {
    description: (s) => s.descricao_geral,
    style: (s) => s.estilo_geral,
  },
  Occasion: {
    name: (o) => o.ocasiao,
    persona: (o) => o.persona_na_ocasiao,
    suggestedLook: (o) => o.sugestao_look,
  },
  MarketingBriefing: {
    toneOfVoice: (b) => b.tom_de_voz,
    visualDirection: (b) => b.direcao_visual,
    campaignGuidance: (b) => b.orientacao_campanhas,
  },
  PurchaseMoment: {
    recentNavigation: (m) => m.navegacoes,
    summary: (m) => m.resumo_momento,
    relationToHistory: (m) => m.relacao_com_historico,
    isNewBehavior: (m) => {
      if (m.novo_comportamento === null) {
        throw new UpstreamBadResponseError(
          'Fashion.AI sent momento_compra_atual without novo_comportamento',
        );
      }
      return m.novo_comportamento;
    },
    opportunities: (m) => m.oportunidades,
  },
};
