// The upstream's JSON, as typed objects after drift tolerance (see parse.ts). These are the
// shapes the cache stores and the section resolvers map; they are plain JSON on purpose, so
// the same value can live in the in-process cache and in Redis.

export interface PerfilCliente {
  descricao_geral: string | null;
  estilo_geral: string | null;
}

export interface Ocasiao {
  ocasiao: string;
  persona_na_ocasiao: string | null;
  sugestao_look: string[];
}

export interface BriefingMarketing {
  tom_de_voz: string[];
  direcao_visual: string[];
  orientacao_campanhas: string[];
}

export interface MomentoCompraAtual {
  navegacoes: string[];
  resumo_momento: string | null;
  relacao_com_historico: string | null;
  /** null when the upstream left it out: the field then errors instead of guessing. */
  novo_comportamento: boolean | null;
  oportunidades: string[];
}

/** A section as received: present and well-typed, missing (null), or of the wrong type. */
export type Section<T> = { value: T } | { invalid: string } | null;

export interface UpstreamProfile {
  perfil_cliente: Section<PerfilCliente>;
  ocasioes_relevantes: Section<Ocasiao[]>;
  briefing_marketing: Section<BriefingMarketing>;
  ganchos_conteudo: Section<string[]>;
  momento_compra_atual: Section<MomentoCompraAtual>;
}

/** One customer's profile as Fashion.AI returned it (200 body). */
export interface UpstreamCustomer {
  userProfileId: string;
  profile: UpstreamProfile;
}
