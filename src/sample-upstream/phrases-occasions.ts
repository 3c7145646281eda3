// Occasions a sample customer dresses for (ocasioes_relevantes): each with the personas the
// customer takes on there and the pieces a complete look is drawn from.
import { lines } from './pool-text.ts';

export interface OccasionTemplate {
  name: string;
  /** `feminina|masculino` where the wording depends on gender. */
  personas: string[];
  /** `f: …` / `m: …` for pieces that suit one wardrobe only. */
  items: string[];
}

export const OCCASIONS: OccasionTemplate[] = [
  {
    name: 'Trabalho business casual',
    personas: lines(`
      Profissional confiante e alinhada|Profissional confiante e alinhado
      Líder acessível e moderna|Líder acessível e moderno
      Especialista discreta e elegante|Especialista discreto e elegante
    `),
    items: lines(`
      Blazer de linho
      Calça de alfaiataria
      Mocassim de couro
      Relógio minimalista
      f: Camisa de seda
      f: Scarpin nude
      f: Bolsa estruturada
      m: Camisa manga longa
      m: Chino escura
      m: Sapato casual
    `),
  },
  {
    name: 'Happy hour com amigos',
    personas: lines(`
      Companhia descontraída e bem-humorada
      Anfitriã espontânea|Anfitrião espontâneo
      Presença leve que chama atenção sem esforço
    `),
    items: lines(`
      Jaqueta jeans
      Camiseta de algodão pima
      Tênis branco
      f: Saia midi plissada
      f: Brincos dourados
      m: Calça sarja
      m: Camisa polo
    `),
  },
  {
    name: 'Casamento de dia',
    personas: lines(`
      Convidada elegante e delicada|Convidado elegante e discreto
      Madrinha romântica|Padrinho clássico
    `),
    items: lines(`
      f: Vestido midi floral
      f: Sandália de salto bloco
      f: Clutch de palha
      f: Brincos de pérola
      m: Terno de linho claro
      m: Camisa branca
      m: Gravata estampada
      m: Sapato derby
      Óculos de sol
    `),
  },
  {
    name: 'Festa à noite',
    personas: lines(`
      Presença marcante na pista
      Convidada sofisticada e ousada|Convidado sofisticado e ousado
    `),
    items: lines(`
      f: Vestido de cetim
      f: Sandália de tiras
      f: Bolsa metalizada
      f: Maxibrinco
      m: Blazer de veludo
      m: Camisa preta
      m: Calça de alfaiataria slim
      Perfume marcante
      Bota de couro
    `),
  },
  {
    name: 'Passeio de fim de semana',
    personas: lines(`
      Pessoa prática e confortável
      Exploradora urbana curiosa|Explorador urbano curioso
      Mãe presente e estilosa|Pai presente e estiloso
    `),
    items: lines(`
      Camiseta básica
      Tênis casual
      Boné
      Mochila leve
      Jaqueta corta-vento
      f: Macacão de linho
      f: Bermuda jeans
      m: Bermuda chino
      m: Camisa de linho
    `),
  },
  {
    name: 'Viagem de férias na praia',
    personas: lines(`
      Viajante relaxada e solar|Viajante relaxado e solar
      Turista que não abre mão do estilo
    `),
    items: lines(`
      Chapéu de palha
      Óculos de sol
      Chinelo de couro
      Bolsa de praia
      f: Biquíni
      f: Saída de praia
      f: Vestido longo leve
      m: Bermuda de tactel
      m: Camisa de linho
      m: Regata
    `),
  },
  {
    name: 'Academia e treino',
    personas: lines(`
      Atleta focada e determinada|Atleta focado e determinado
      Pessoa ativa que vai do treino ao café
    `),
    items: lines(`
      Tênis de corrida
      Garrafa térmica
      Jaqueta leve
      Meia de compressão
      f: Top esportivo
      f: Legging de alta compressão
      m: Camiseta dry-fit
      m: Shorts de treino
    `),
  },
  {
    name: 'Jantar romântico',
    personas: lines(`
      Companhia charmosa e atenciosa
      Romântica sofisticada|Romântico sofisticado
    `),
    items: lines(`
      Perfume amadeirado
      f: Vestido slip dress
      f: Scarpin
      f: Colar delicado
      m: Camisa de linho
      m: Calça de alfaiataria
      m: Mocassim
      Blazer desestruturado
    `),
  },
  {
    name: 'Reunião com clientes',
    personas: lines(`
      Consultora segura e impecável|Consultor seguro e impecável
      Negociadora carismática|Negociador carismático
    `),
    items: lines(`
      Pasta de couro
      Relógio clássico
      f: Terninho de alfaiataria
      f: Camisa branca
      f: Scarpin preto
      m: Terno azul-marinho
      m: Camisa social
      m: Sapato oxford
    `),
  },
  {
    name: 'Home office',
    personas: lines(`
      Profissional confortável e apresentável na câmera
      Pessoa produtiva que se veste para o dia
    `),
    items: lines(`
      Cardigan de tricô
      Camiseta de algodão
      Calça de moletom premium
      Meias de lã
      Pantufa
      f: Blusa de malha canelada
      m: Camisa henley
    `),
  },
  {
    name: 'Festival de música',
    personas: lines(`
      Fã criativa e livre|Fã criativo e livre
      Pessoa expressiva que combina estampas sem medo
    `),
    items: lines(`
      Bota coturno
      Pochete
      Óculos retrô
      Camiseta de banda
      f: Short jeans
      f: Kimono estampado
      m: Bermuda jeans
      m: Camisa estampada
    `),
  },
  {
    name: 'Almoço em família',
    personas: lines(`
      Anfitriã acolhedora|Anfitrião acolhedor
      Filha caprichosa|Filho caprichoso
    `),
    items: lines(`
      Óculos de sol
      Cardigan leve
      f: Sapatilha de couro
      Relógio com pulseira de couro
      f: Vestido chemise
      f: Bolsa de palha
      m: Camisa polo
      m: Calça chino
      m: Tênis de couro
    `),
  },
  {
    name: 'Viagem a trabalho',
    personas: lines(`
      Executiva prática e organizada|Executivo prático e organizado
      Profissional que vai do aeroporto à reunião sem trocar de roupa
    `),
    items: lines(`
      Mala de bordo
      Blazer que não amassa
      Tênis de couro
      Calça de tecido tecnológico
      f: Camisa de viscose
      m: Camisa de tricoline
    `),
  },
];
