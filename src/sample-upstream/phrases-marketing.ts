// Phrase pools for the marketing side of a sample profile: briefing, content hooks and the
// current purchase moment (browsing lines, interpretation, opportunities).
import { lines } from './pool-text.ts';

export const TONES_OF_VOICE = lines(`
  inspiracional
  autêntico
  sofisticado
  descontraído
  acolhedor
  direto
  divertido
  empoderador
  sereno
  confiante
  próximo
  ousado
  elegante
  otimista
  consultivo
`);

export const VISUAL_DIRECTIONS = lines(`
  Paleta neutra
  Cenários urbanos
  Luz natural
  Fotografia de rua
  Cores saturadas
  Texturas em close
  Cenários de praia
  Interiores aconchegantes
  Estética editorial
  Modelos em movimento
  Flat lay minimalista
  Luz de fim de tarde
  Natureza e trilhas
  Preto e branco de alto contraste
  Escritórios modernos e iluminados
`);

export const CAMPAIGN_GUIDANCE = lines(`
  Versatilidade
  Qualidade premium
  Lifestyle urbano
  Sustentabilidade
  Conforto no dia a dia
  Peças-chave da estação
  Exclusividade
  Custo-benefício
  Personalização
  Autoestima e bem-estar
  Moda consciente
  Looks prontos para cada ocasião
  Lançamentos em primeira mão
  Frete grátis e troca fácil
  Produção local
`);

export const CONTENT_HOOKS = lines(`
  Guarda-roupa cápsula para o trabalho
  Básicos premium que valem o investimento
  Como combinar cores neutras
  Cinco looks com a mesma peça
  Tendências da estação em versão usável
  Moda sustentável sem complicação
  Do escritório ao happy hour
  O que levar na mala de férias
  Cuidados para suas peças durarem mais
  Looks confortáveis para home office
  Acessórios que transformam o visual
  Guia de tecidos para o calor
  Como montar looks para casamento
  Peças atemporais para investir
  Estampas: como usar sem errar
  Tênis branco em dez combinações
  Bastidores da nova coleção
  Looks de treino que vão além da academia
`);

export const BROWSING_ACTIONS = lines(`
  visualizou
  visualizou
  adicionou ao carrinho
  favoritou
  pesquisou por
  comparou tamanhos de
  abandonou o carrinho com
`);

export const PRODUCT_PIECES = lines(`
  Vestido Midi
  Short
  Camisa de Linho
  Calça Wide Leg
  Blazer
  Tênis
  Sandália
  Jaqueta Jeans
  Saia Plissada
  Bolsa Tiracolo
  Camiseta Básica
  Moletom
  Bermuda Chino
  Macacão
  Cardigan
  Trench Coat
  Bota Cano Curto
  Regata
`);

export const PRODUCT_DETAILS = lines(`
  Floral
  Azul Claro
  Preto
  Off-White
  Verde-Oliva
  Caramelo
  Listrado
  Estampado
  Bordô
  Xadrez
  Areia
  Rosa Quartzo
  Cinza Mescla
  Terracota
`);

export const MOMENT_SUMMARIES = lines(`
  Explorando peças de verão e lazer
  Montando looks para uma viagem próxima
  Renovando o guarda-roupa de trabalho
  Buscando roupa para um evento especial
  Pesquisando presentes para datas comemorativas
  Aproveitando promoções de fim de estação
  Investindo em peças de meia-estação
  Experimentando um estilo mais ousado
  Repondo básicos do dia a dia
  Procurando roupas para atividade física
  Comparando preços antes de decidir
  Preparando o guarda-roupa para o frio
`);

/** How the current moment relates to history when the behaviour is new. */
export const NEW_BEHAVIOUR_RELATIONS = lines(`
  Expande perfil para momentos de descontração
  Primeira incursão em uma categoria nova
  Foge da paleta de cores habitual
  Eleva o ticket médio em relação ao histórico
  Passa a comprar também para presentear
  Troca os básicos por peças de tendência
`);

/** How the current moment relates to history when nothing new is going on. */
export const USUAL_BEHAVIOUR_RELATIONS = lines(`
  Coerente com compras anteriores de básicos
  Reforça a preferência histórica pela marca
  Repete o padrão sazonal dos últimos anos
  Mantém a faixa de preço habitual
  Segue o estilo das últimas compras
`);

export const OPPORTUNITIES = lines(`
  Curadoria looks verão
  Bundle viagem
  Cupom de primeira compra na categoria
  Lembrete de carrinho abandonado
  Sugestão de peças complementares
  Convite para pré-venda
  Frete grátis acima de valor mínimo
  Consultoria de estilo online
  Kit presente com embalagem especial
  Alerta de volta ao estoque
  Pontos em dobro no programa de fidelidade
  Vitrine personalizada no app
  Look completo com desconto progressivo
`);
