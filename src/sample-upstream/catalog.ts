// The sample catalogue: the profile body of customer i, built on demand from the index with a
// seeded random stream, so 200 000 customers cost no memory and never change between runs.
import { exampleProfile } from './example-profile.ts';
import { customerGender, sampleCustomer } from './identities.ts';
import type { Gender } from './identities.ts';
import {
  BROWSING_ACTIONS,
  CAMPAIGN_GUIDANCE,
  CONTENT_HOOKS,
  MOMENT_SUMMARIES,
  NEW_BEHAVIOUR_RELATIONS,
  OPPORTUNITIES,
  PRODUCT_DETAILS,
  PRODUCT_PIECES,
  TONES_OF_VOICE,
  USUAL_BEHAVIOUR_RELATIONS,
  VISUAL_DIRECTIONS,
} from './phrases-marketing.ts';
import { OCCASIONS } from './phrases-occasions.ts';
import { AGE_GROUPS, CUTS, INTERESTS, PALETTES, STYLES, VALUES } from './phrases-persona.ts';
import { inflect, itemsFor } from './pool-text.ts';
import { seededRandom } from './seeded-random.ts';
import type { SeededRandom } from './seeded-random.ts';
import type { ProfileBody } from './types.ts';

type Profile = ProfileBody['profile'];

const SALT_PROFILE = 0x7a;
const DAY_MS = 86_400_000;

// Every age range paired with the occupations that fit it, so ages are drawn uniformly.
const AGES = AGE_GROUPS.flatMap((group) =>
  group.ranges.map((range) => ({ range, occupations: group.occupations })),
);

function customerSummary(random: SeededRandom, gender: Gender): Profile['perfil_cliente'] {
  const who = gender === 'f' ? 'Mulher' : 'Homem';
  const age = random.pick(AGES);
  const occupation = inflect(random.pick(age.occupations), gender);
  return {
    descricao_geral: `${who} de ${age.range} anos, ${occupation} que ${random.pick(VALUES)}; ${random.pick(INTERESTS)}`,
    estilo_geral: `${random.pick(STYLES)}, ${random.pick(PALETTES)}, ${random.pick(CUTS)}`,
  };
}

function occasions(random: SeededRandom, gender: Gender): Profile['ocasioes_relevantes'] {
  return random.sample(OCCASIONS, random.between(1, 4)).map((occasion) => ({
    ocasião: occasion.name,
    persona_na_ocasião: inflect(random.pick(occasion.personas), gender),
    sugestao_look: random.sample(itemsFor(occasion.items, gender), random.between(3, 5)),
  }));
}

function twoDigits(n: number): string {
  return String(n).padStart(2, '0');
}

/** Browsing lines like "14/10: visualizou Vestido Midi Floral", oldest first. */
function recentNavigation(random: SeededRandom): string[] {
  let day = Date.UTC(2025, random.between(0, 11), random.between(1, 28));
  const entries: string[] = [];
  for (let n = random.between(1, 4); n > 0; n -= 1) {
    const date = new Date(day);
    const product = `${random.pick(PRODUCT_PIECES)} ${random.pick(PRODUCT_DETAILS)}`;
    entries.push(
      `${twoDigits(date.getUTCDate())}/${twoDigits(date.getUTCMonth() + 1)}: ${random.pick(BROWSING_ACTIONS)} ${product}`,
    );
    day -= random.between(0, 4) * DAY_MS;
  }
  return entries.reverse();
}

function purchaseMoment(random: SeededRandom): Profile['momento_compra_atual'] {
  const navegacoes = recentNavigation(random);
  const isNew = random.chance(0.4);
  return {
    navegacoes,
    resumo_momento: random.pick(MOMENT_SUMMARIES),
    relacao_com_historico: random.pick(isNew ? NEW_BEHAVIOUR_RELATIONS : USUAL_BEHAVIOUR_RELATIONS),
    novo_comportamento: isNew,
    oportunidades: random.sample(OPPORTUNITIES, random.between(2, 3)),
  };
}

function generatedProfile(index: number): ProfileBody {
  const random = seededRandom(index, SALT_PROFILE);
  const gender = customerGender(index);
  return {
    userProfileId: sampleCustomer(index).userProfileId,
    profile: {
      perfil_cliente: customerSummary(random, gender),
      ocasioes_relevantes: occasions(random, gender),
      briefing_marketing: {
        tom_de_voz: random.sample(TONES_OF_VOICE, 3),
        direcao_visual: random.sample(VISUAL_DIRECTIONS, 3),
        orientacao_campanhas: random.sample(CAMPAIGN_GUIDANCE, 3),
      },
      ganchos_conteudo: random.sample(CONTENT_HOOKS, random.between(2, 4)),
      momento_compra_atual: purchaseMoment(random),
    },
  };
}

/** The 200 body for sample customer i (0 = the documented example); a fresh object each call. */
export function sampleProfile(index: number): ProfileBody {
  return index === 0 ? exampleProfile() : generatedProfile(index);
}
