// Public types of the sample upstream: the identifiers it knows, the faults it can inject and
// the statistics tests read back. Kept apart so the data, fault and server modules share them.

export type IdentifierKind = 'email' | 'phone' | 'document' | 'userProfileId';

export interface SampleIdentifiers {
  email: string;
  phone: string;
  document: string;
  userProfileId: string;
}

export interface SampleUpstreamOptions {
  /** Required value of X-FashionAI-APP-Token. */
  token: string;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0 (a random free port). */
  port?: number;
  /** Default '/api/v1/crm'. */
  basePath?: string;
  /** How many customers exist besides the documented example; default 1000. Profiles are built on demand. */
  customerCount?: number;
  /** Artificial latency added before answering any request; default 0. */
  latencyMs?: number | { min: number; max: number };
  /** Enforce a quota of this many calls per second (burst as many) from the start; default none. */
  quotaPerSecond?: number;
}

export type DriftVariant = 'unaccented' | 'missing-section' | 'wrong-type' | 'extra-section';

export type Fault =
  | { type: 'status'; status: number; retryAfter?: string }
  | { type: 'slow'; delayMs: number }
  | { type: 'hang' }
  | { type: 'reset' }
  | { type: 'malformed-json' }
  | { type: 'wrong-content-type' }
  | { type: 'huge-body'; bytes?: number }
  | { type: 'drift'; variant: DriftVariant };

export interface FaultRule {
  fault: Fault;
  /** Apply to the next N matching requests only, then the rule is spent; default unlimited. */
  times?: number;
  /** 0..1, apply randomly (soak tests); default 1. */
  probability?: number;
  /** Only requests whose decoded identifier equals this; default all. */
  match?: string;
}

export interface SampleUpstreamStats {
  /** Every request received on the profile endpoints, whatever it was answered with. */
  calls: number;
  inFlight: number;
  maxInFlight: number;
  /** Raw request paths (req.url) as received, most recent last, the last 1000 only. */
  rawPaths: string[];
  /** Requests refused for a wrong or missing token. */
  unauthorized: number;
  /** Responses sent, by HTTP status (e.g. 200 found, 404 not found); hung or reset ones not. */
  byStatus: Map<number, number>;
  /** Distinct X-FashionAI-APP-Token values received. */
  tokensSeen: Set<string>;
  /** Headers of the last 100 requests. */
  requestHeaders: Array<Record<string, string | string[] | undefined>>;
}

export interface SampleUpstream {
  /** e.g. http://127.0.0.1:PORT/api/v1/crm (no trailing slash). */
  readonly url: string;
  readonly stats: SampleUpstreamStats;
  /** Calls received for that exact decoded identifier. */
  callsFor(kind: IdentifierKind, value: string): number;
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  /**
   * Quota mode: a token bucket of `callsPerSecond` with burst `callsPerSecond`; calls beyond it
   * are answered 429 with the documented body and `Retry-After: 1`. undefined lifts it.
   */
  setQuota(callsPerSecond: number | undefined): void;
  /** Profile calls accepted and refused by the quota, per epoch second (the last hour). */
  quotaPerSecond(): Array<{ second: number; accepted: number; refused: number }>;
  resetStats(): void;
  /** Closes the server and destroys open sockets, hanging ones included. */
  close(): Promise<void>;
}

/** The upstream's 200 body, as documented (note the accented occasion keys). */
export interface ProfileBody {
  userProfileId: string;
  profile: {
    perfil_cliente: { descricao_geral: string; estilo_geral: string };
    ocasioes_relevantes: Array<{
      ocasião: string;
      persona_na_ocasião: string;
      sugestao_look: string[];
    }>;
    briefing_marketing: {
      tom_de_voz: string[];
      direcao_visual: string[];
      orientacao_campanhas: string[];
    };
    ganchos_conteudo: string[];
    momento_compra_atual: {
      navegacoes: string[];
      resumo_momento: string;
      relacao_com_historico: string;
      novo_comportamento: boolean;
      oportunidades: string[];
    };
  };
}
