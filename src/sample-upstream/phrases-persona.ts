// Phrase pools describing who a sample customer is (perfil_cliente): age, occupation, values,
// interests and style. Entries written `feminino|masculino` are inflected by gender.
import { lines } from './pool-text.ts';

export interface AgeGroup {
  ranges: string[];
  /** Occupations plausible at those ages (`feminino|masculino` where they differ). */
  occupations: string[];
}

export const AGE_GROUPS: AgeGroup[] = [
  {
    ranges: lines(`
      18-24
      20-30
    `),
    occupations: lines(`
      estudante universitária|estudante universitário
      estagiária de publicidade|estagiário de publicidade
      designer freelancer
      profissional de tecnologia em início de carreira
      atleta amadora de corrida|atleta amador de corrida
      influenciadora digital de bem-estar|criador de conteúdo sobre bem-estar
      vendedora de loja de shopping|vendedor de loja de shopping
    `),
  },
  {
    ranges: lines(`
      25-35
      30-40
      35-45
      40-50
      45-55
    `),
    occupations: lines(`
      profissional de tecnologia
      advogada|advogado
      empreendedora do setor de alimentação|empreendedor do setor de alimentação
      médica|médico
      professora do ensino médio|professor do ensino médio
      executiva de vendas|executivo de vendas
      arquiteta|arquiteto
      mãe de dois filhos pequenos|pai de dois filhos pequenos
      enfermeira em plantões alternados|enfermeiro em plantões alternados
      gerente de loja
      consultora financeira|consultor financeiro
      fotógrafa|fotógrafo
      jornalista
      produtora cultural|produtor cultural
      analista de marketing
      dentista com consultório próprio
    `),
  },
  {
    ranges: lines(`
      50-60
      55-65
      60-70
    `),
    occupations: lines(`
      aposentada e viajante frequente|aposentado e viajante frequente
      avó dedicada aos netos|avô dedicado aos netos
      empresária do ramo de turismo|empresário do ramo de turismo
      professora universitária|professor universitário
      servidora pública|servidor público
      diretora de uma escola|diretor de uma escola
      consultora independente|consultor independente
    `),
  },
];

export const VALUES = lines(`
  valoriza qualidade e atemporalidade
  busca praticidade no dia a dia
  gosta de acompanhar tendências
  prioriza conforto sem abrir mão do estilo
  prefere marcas com propósito sustentável
  investe em peças versáteis
  aproveita promoções e compra por impulso
  aprecia acabamento artesanal
  valoriza conforto e funcionalidade
  gosta de se destacar com peças marcantes
  pesquisa bastante antes de comprar
  é fiel às marcas que conhece
`);

export const INTERESTS = lines(`
  interessa-se por viagens e gastronomia
  pratica ioga e corrida aos fins de semana
  acompanha música e festivais
  frequenta exposições e cinema
  dedica o tempo livre à família e ao lar
  curte praia e esportes ao ar livre
  acompanha moda nas redes sociais
  gosta de decoração e design
  participa de eventos de networking
  cuida da saúde e da alimentação
  lê bastante e frequenta cafés
  viaja a trabalho com frequência
`);

export const STYLES = lines(`
  Casual-elegante minimalista
  Clássico contemporâneo
  Boho chique
  Streetwear urbano
  Romântico delicado
  Esportivo funcional
  Alfaiataria moderna
  Praia e resort
  Vintage anos 70
  Normcore despojado
  Sofisticado noturno
  Artesanal e autoral
  Athleisure
  Moderno criativo
  Preppy
  Rocker descolado
`);

export const PALETTES = lines(`
  tons neutros
  terrosos e caramelo
  pastéis suaves
  preto e branco
  cores vibrantes
  azul-marinho e off-white
  verde-oliva e areia
  estampas florais
  tons de vinho e bordô
  jeans em várias lavagens
  metalizados pontuais
  rosa e lilás
  cinza mescla
  amarelo e laranja solares
`);

export const CUTS = lines(`
  cortes regulares
  modelagens amplas
  peças ajustadas
  cintura marcada
  caimento fluido
  cortes retos
  sobreposições em camadas
  volumes oversized
  comprimentos midi
  tecidos leves e naturais
`);
