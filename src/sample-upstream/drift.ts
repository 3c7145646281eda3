// Schema drift the real, AI-generated upstream can show: the same profile reshaped so the
// gateway's tolerance (unaccented keys, missing, mistyped or unknown sections) can be tested.
import type { DriftVariant, ProfileBody } from './types.ts';

type JsonObject = Record<string, unknown>;

function unaccented(body: ProfileBody): JsonObject {
  const occasions = body.profile.ocasioes_relevantes.map((occasion) => ({
    ocasiao: occasion.ocasião,
    persona_na_ocasiao: occasion.persona_na_ocasião,
    sugestao_look: occasion.sugestao_look,
  }));
  return { ...body, profile: { ...body.profile, ocasioes_relevantes: occasions } };
}

function withoutBriefing(body: ProfileBody): JsonObject {
  const profile: JsonObject = { ...body.profile };
  delete profile.briefing_marketing;
  return { ...body, profile };
}

function mistyped(body: ProfileBody): JsonObject {
  const briefing = body.profile.briefing_marketing;
  return {
    ...body,
    profile: {
      ...body.profile,
      briefing_marketing: [...briefing.tom_de_voz, ...briefing.direcao_visual].join(', '),
      ganchos_conteudo: Object.fromEntries(
        body.profile.ganchos_conteudo.map((hook, i) => [`gancho_${i + 1}`, hook]),
      ),
    },
  };
}

function withExtraSection(body: ProfileBody): JsonObject {
  return {
    ...body,
    profile: {
      ...body.profile,
      analise_sentimento: { polaridade: 'positiva', confianca: 0.87 },
    },
  };
}

export function driftedBody(body: ProfileBody, variant: DriftVariant): JsonObject {
  switch (variant) {
    case 'unaccented':
      return unaccented(body);
    case 'missing-section':
      return withoutBriefing(body);
    case 'wrong-type':
      return mistyped(body);
    case 'extra-section':
      return withExtraSection(body);
  }
}
