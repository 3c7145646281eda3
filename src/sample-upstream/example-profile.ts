// The profile of the vendor's documented example customer (customer@example.com, ddsd23223),
// reproduced value for value so the demo answers exactly what the documentation shows.
import type { ProfileBody } from './types.ts';

const EXAMPLE_PROFILE: ProfileBody = {
  userProfileId: 'ddsd23223',
  profile: {
    perfil_cliente: {
      descricao_geral: 'Homem de 30-40 anos, profissional que valoriza qualidade e atemporalidade',
      estilo_geral: 'Casual-elegante minimalista, tons neutros, cortes regulares',
    },
    ocasioes_relevantes: [
      {
        ocasião: 'Trabalho business casual',
        persona_na_ocasião: 'Profissional confiante e alinhado',
        sugestao_look: ['Camisa manga longa', 'Chino escura', 'Sapato casual'],
      },
    ],
    briefing_marketing: {
      tom_de_voz: ['inspiracional', 'autêntico', 'sofisticado'],
      direcao_visual: ['Paleta neutra', 'Cenários urbanos', 'Luz natural'],
      orientacao_campanhas: ['Versatilidade', 'Qualidade premium', 'Lifestyle urbano'],
    },
    ganchos_conteudo: [
      'Guarda-roupa cápsula masculino',
      'Básicos premium que valem o investimento',
    ],
    momento_compra_atual: {
      navegacoes: ['01/09: visualizou Short Azul Claro'],
      resumo_momento: 'Explorando peças de verão e lazer',
      relacao_com_historico: 'Expande perfil para momentos de descontração',
      novo_comportamento: true,
      oportunidades: ['Curadoria looks verão', 'Bundle viagem'],
    },
  },
};

/** A fresh copy each time: callers (drift faults) may reshape it. */
export function exampleProfile(): ProfileBody {
  return structuredClone(EXAMPLE_PROFILE);
}
