// Turns an upstream 200 body into an UpstreamCustomer once, at fetch time. Tolerates the
// drift UPSTREAM.md describes: accent-less keys, missing sections (null), and a section of
// the wrong type, which is kept as `{ invalid }` so only that field errors later.
import { UpstreamBadResponseError } from './errors.ts';
import type {
  BriefingMarketing,
  MomentoCompraAtual,
  Ocasiao,
  PerfilCliente,
  Section,
  UpstreamCustomer,
} from './types.ts';

class SectionShapeError extends Error {}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function optionalString(obj: Json, ...keys: string[]): string | null {
  for (const key of keys) {
    const v = obj[key];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') throw new SectionShapeError(`${key} is not a string`);
    return v;
  }
  return null;
}

function stringList(v: unknown, what: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || !v.every((item) => typeof item === 'string')) {
    throw new SectionShapeError(`${what} is not a list of strings`);
  }
  return v as string[];
}

function requireObject(v: unknown, what: string): Json {
  if (!isObject(v)) throw new SectionShapeError(`${what} is not an object`);
  return v;
}

function perfilCliente(v: unknown): PerfilCliente {
  const o = requireObject(v, 'perfil_cliente');
  return {
    descricao_geral: optionalString(o, 'descricao_geral'),
    estilo_geral: optionalString(o, 'estilo_geral'),
  };
}

function ocasioes(v: unknown): Ocasiao[] {
  if (!Array.isArray(v)) throw new SectionShapeError('ocasioes_relevantes is not a list');
  return v.map((item, i) => {
    const o = requireObject(item, `ocasioes_relevantes[${i}]`);
    const name = optionalString(o, 'ocasião', 'ocasiao');
    if (name === null) throw new SectionShapeError(`ocasioes_relevantes[${i}] has no name`);
    return {
      ocasiao: name,
      persona_na_ocasiao: optionalString(o, 'persona_na_ocasião', 'persona_na_ocasiao'),
      sugestao_look: stringList(o['sugestao_look'], `ocasioes_relevantes[${i}].sugestao_look`),
    };
  });
}

function briefing(v: unknown): BriefingMarketing {
  const o = requireObject(v, 'briefing_marketing');
  return {
    tom_de_voz: stringList(o['tom_de_voz'], 'tom_de_voz'),
    direcao_visual: stringList(o['direcao_visual'], 'direcao_visual'),
    orientacao_campanhas: stringList(o['orientacao_campanhas'], 'orientacao_campanhas'),
  };
}

function momento(v: unknown): MomentoCompraAtual {
  const o = requireObject(v, 'momento_compra_atual');
  const flag = o['novo_comportamento'];
  if (flag !== undefined && flag !== null && typeof flag !== 'boolean') {
    throw new SectionShapeError('novo_comportamento is not a boolean');
  }
  return {
    navegacoes: stringList(o['navegacoes'], 'navegacoes'),
    resumo_momento: optionalString(o, 'resumo_momento'),
    relacao_com_historico: optionalString(o, 'relacao_com_historico'),
    novo_comportamento: typeof flag === 'boolean' ? flag : null,
    oportunidades: stringList(o['oportunidades'], 'oportunidades'),
  };
}

function section<T>(raw: unknown, parse: (v: unknown) => T): Section<T> {
  if (raw === undefined || raw === null) return null;
  try {
    return { value: parse(raw) };
  } catch (error) {
    if (error instanceof SectionShapeError) return { invalid: error.message };
    throw error;
  }
}

/** Parses a decoded JSON body; throws UpstreamBadResponseError when it is not a profile at all. */
export function parseUpstreamCustomer(body: unknown): UpstreamCustomer {
  if (!isObject(body))
    throw new UpstreamBadResponseError('Fashion.AI sent a body that is not an object');
  const id = body['userProfileId'];
  if (typeof id !== 'string' || id === '') {
    throw new UpstreamBadResponseError('Fashion.AI sent a profile without a userProfileId');
  }
  const p = body['profile'] ?? {};
  if (!isObject(p))
    throw new UpstreamBadResponseError('Fashion.AI sent a profile that is not an object');
  return {
    userProfileId: id,
    profile: {
      perfil_cliente: section(p['perfil_cliente'], perfilCliente),
      ocasioes_relevantes: section(p['ocasioes_relevantes'], ocasioes),
      briefing_marketing: section(p['briefing_marketing'], briefing),
      ganchos_conteudo: section(p['ganchos_conteudo'], (v) => stringList(v, 'ganchos_conteudo')),
      momento_compra_atual: section(p['momento_compra_atual'], momento),
    },
  };
}
