// Test harness: the real gateway (buildServer) on a random loopback port against the real
// sample upstream, with every log line captured so tests can assert on them.
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config/config.ts';
import type { Config } from '../../src/config/config.ts';
import { createLogger } from '../../src/logging.ts';
import { startSampleUpstream } from '../../src/sample-upstream/index.ts';
import type { SampleUpstream, SampleUpstreamOptions } from '../../src/sample-upstream/index.ts';
import { buildServer } from '../../src/app/server.ts';
import type { BuildOptions, Gateway } from '../../src/app/server.ts';

export interface GraphQLResponse {
  status: number;
  headers: Headers;
  body: {
    data?: Record<string, unknown> | null;
    errors?: Array<{
      message: string;
      path?: Array<string | number>;
      extensions?: Record<string, unknown>;
    }>;
    extensions?: Record<string, unknown>;
  };
  text: string;
}

export interface Harness {
  upstream: SampleUpstream;
  gateway: Gateway;
  config: Config;
  url: string;
  token: string;
  logs: string[];
  query(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse>;
  post(body: string, headers?: Record<string, string>): Promise<GraphQLResponse>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  upstream?: Partial<SampleUpstreamOptions>;
  /** Extra collaborators for buildServer, e.g. an upstream observer. */
  build?: BuildOptions;
  /** Another replica: this gateway uses that harness's upstream and token (and leaves it open). */
  replicaOf?: Harness;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const token = options.replicaOf?.token ?? `test-token-${randomBytes(12).toString('hex')}`;
  const upstream =
    options.replicaOf?.upstream ?? (await startSampleUpstream({ token, ...options.upstream }));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'debug',
    // Suites compare whole response bodies; the debug extension's own tests turn it back on
    // (an empty value means "unset": the default, on outside production).
    DEBUG_EXTENSIONS: 'false',
    FASHIONAI_API_URL: upstream.url,
    FASHIONAI_APP_TOKEN: token,
    ...options.env,
  });
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger({ level: config.logLevel, pretty: false, destination });
  const gateway = await buildServer(config, logger, options.build);
  const url = await gateway.listen(0, '127.0.0.1');

  const post = async (body: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    const text = await res.text();
    let parsed: GraphQLResponse['body'] = {};
    try {
      parsed = JSON.parse(text) as GraphQLResponse['body'];
    } catch {
      // not JSON (e.g. a 413 page): tests look at status and text
    }
    return { status: res.status, headers: res.headers, body: parsed, text };
  };

  return {
    upstream,
    gateway,
    config,
    url,
    token,
    logs,
    post,
    query: (query, variables, headers) => post(JSON.stringify({ query, variables }), headers),
    async close() {
      await gateway.close();
      if (!options.replicaOf) await upstream.close();
    },
  };
}

/** The documented example profile, mapped to contract names. */
export const EXAMPLE_PROFILE = {
  summary: {
    description: 'Homem de 30-40 anos, profissional que valoriza qualidade e atemporalidade',
    style: 'Casual-elegante minimalista, tons neutros, cortes regulares',
  },
  occasions: [
    {
      name: 'Trabalho business casual',
      persona: 'Profissional confiante e alinhado',
      suggestedLook: ['Camisa manga longa', 'Chino escura', 'Sapato casual'],
    },
  ],
  marketingBriefing: {
    toneOfVoice: ['inspiracional', 'autêntico', 'sofisticado'],
    visualDirection: ['Paleta neutra', 'Cenários urbanos', 'Luz natural'],
    campaignGuidance: ['Versatilidade', 'Qualidade premium', 'Lifestyle urbano'],
  },
  contentHooks: ['Guarda-roupa cápsula masculino', 'Básicos premium que valem o investimento'],
  purchaseMoment: {
    recentNavigation: ['01/09: visualizou Short Azul Claro'],
    summary: 'Explorando peças de verão e lazer',
    relationToHistory: 'Expande perfil para momentos de descontração',
    isNewBehavior: true,
    opportunities: ['Curadoria looks verão', 'Bundle viagem'],
  },
};

export const FULL_PROFILE_FIELDS = `
  summary { description style }
  occasions { name persona suggestedLook }
  marketingBriefing { toneOfVoice visualDirection campaignGuidance }
  contentHooks
  purchaseMoment { recentNavigation summary relationToHistory isNewBehavior opportunities }
`;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
