// The built-in sample upstream, exercised over real HTTP on loopback: the documented contract
// (token, four endpoints, example body, errors), the generated catalogue, faults and statistics.
import { Agent, request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sampleCustomer, startSampleUpstream } from '../../../src/sample-upstream/index.ts';
import type { IdentifierKind, SampleUpstream } from '../../../src/sample-upstream/index.ts';

const TOKEN = 'test-token-9f8e7d';

// Written out again from UPSTREAM.md on purpose: the server must match the documentation.
const DOCUMENTED_BODY = {
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
const DOCUMENTED_ERROR = {
  error: 'Unauthorized',
  message: 'Invalid or missing authentication token',
};

const SEGMENT: Record<IdentifierKind, string> = {
  email: 'email',
  phone: 'phone',
  document: 'document',
  userProfileId: 'user-profile-id',
};
const KINDS: IdentifierKind[] = ['email', 'phone', 'document', 'userProfileId'];

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  ms: number;
}

const agent = new Agent({ keepAlive: true });

/** GET of a raw path (sent byte for byte, no URL normalisation) on the upstream's origin. */
function get(
  upstream: SampleUpstream,
  rawPath: string,
  options: { token?: string | null; headers?: Record<string, string>; method?: string } = {},
  signal?: AbortSignal,
): Promise<Reply> {
  const { hostname, port } = new URL(upstream.url);
  const token = options.token === undefined ? TOKEN : options.token;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...options.headers,
  };
  if (token !== null) headers['x-fashionai-app-token'] = token;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    // Host, port and path given apart: a URL string would resolve `..` before sending.
    const req = request(
      {
        host: hostname,
        port,
        path: rawPath,
        method: options.method ?? 'GET',
        headers,
        agent,
        signal,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
            ms: performance.now() - started,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function basePath(upstream: SampleUpstream): string {
  return new URL(upstream.url).pathname;
}

function profilePath(upstream: SampleUpstream, kind: IdentifierKind, value: string): string {
  return `${basePath(upstream)}/protected/profile/${SEGMENT[kind]}/${encodeURIComponent(value)}`;
}

function getProfile(
  upstream: SampleUpstream,
  kind: IdentifierKind,
  value: string,
  signal?: AbortSignal,
): Promise<Reply> {
  return get(upstream, profilePath(upstream, kind, value), {}, signal);
}

async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

let upstream: SampleUpstream;

beforeAll(async () => {
  upstream = await startSampleUpstream({ token: TOKEN, customerCount: 1000 });
});

afterAll(async () => {
  await upstream.close();
  agent.destroy();
});

beforeEach(() => {
  upstream.clearFaults();
  upstream.resetStats();
});

describe('token', () => {
  it('answers 401 with the documented body when the token is missing or wrong, never echoing it', async () => {
    const wrong = 'wrong-token-SECRET-4711';
    const missing = await get(upstream, profilePath(upstream, 'email', 'customer@example.com'), {
      token: null,
    });
    const mistaken = await get(upstream, profilePath(upstream, 'phone', '5511999998888'), {
      token: wrong,
    });
    for (const reply of [missing, mistaken]) {
      expect(reply.status).toBe(401);
      expect(reply.headers['content-type']).toMatch(/^application\/json/);
      expect(JSON.parse(reply.text)).toEqual(DOCUMENTED_ERROR);
    }
    expect(mistaken.text).not.toContain(wrong);
    expect(JSON.stringify(mistaken.headers)).not.toContain(wrong);
    expect(upstream.stats.unauthorized).toBe(2);
    expect(upstream.stats.calls).toBe(2);
    expect([...upstream.stats.tokensSeen]).toEqual([wrong]);
  });

  it('checks the token before routing', async () => {
    const reply = await get(upstream, `${basePath(upstream)}/nowhere`, { token: null });
    expect(reply.status).toBe(401);
  });
});

describe('documented example', () => {
  it.each(KINDS)('returns the documented body by %s', async (kind) => {
    const reply = await getProfile(upstream, kind, sampleCustomer(0)[kind]);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(reply.text)).toEqual(DOCUMENTED_BODY);
  });

  it('knows the documented identifiers as customer 0', () => {
    expect(sampleCustomer(0)).toEqual({
      email: 'customer@example.com',
      phone: '5511999998888',
      document: '12345678900',
      userProfileId: 'ddsd23223',
    });
  });

  it('matches e-mails case-insensitively', async () => {
    const reply = await getProfile(upstream, 'email', 'Customer@EXAMPLE.com');
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.text)).toEqual(DOCUMENTED_BODY);
    const generated = sampleCustomer(77).email.toUpperCase();
    expect((await getProfile(upstream, 'email', generated)).status).toBe(200);
  });
});

describe('generated customers', () => {
  it('answers the same body for all four identifiers of a customer, every time', async () => {
    const ids = sampleCustomer(42);
    const texts = await Promise.all(
      KINDS.map(async (kind) => (await getProfile(upstream, kind, ids[kind])).text),
    );
    const again = await getProfile(upstream, 'email', ids.email);
    expect(new Set([...texts, again.text]).size).toBe(1);
    const body = JSON.parse(again.text) as { userProfileId: string };
    expect(body.userProfileId).toBe(ids.userProfileId);
    expect(JSON.parse(again.text)).not.toEqual(DOCUMENTED_BODY);
    expect(sampleCustomer(42)).toEqual(ids);
  });

  it('has realistic identifiers', () => {
    const ids = sampleCustomer(42);
    expect(ids.email).toMatch(/^[a-z]+\.[a-z]+\.42@[a-z.]+$/);
    expect(ids.phone).toMatch(/^55\d{2}9\d{8}$/);
    expect(ids.document).toMatch(/^\d{11}$/);
    expect(ids.userProfileId).toMatch(/^fa[0-9a-z]{7}$/);
  });

  it('answers 404 with a JSON error for unknown identifiers and customers past the count', async () => {
    const past = sampleCustomer(1001);
    const unknown: Array<[IdentifierKind, string]> = [
      ['email', 'nobody@example.com'],
      ['phone', '5511900000000'],
      ['document', '00000000000'],
      ['userProfileId', 'zzzz'],
      ...KINDS.map((kind): [IdentifierKind, string] => [kind, past[kind]]),
      ['phone', sampleCustomer(5).email],
    ];
    for (const [kind, value] of unknown) {
      const reply = await getProfile(upstream, kind, value);
      expect(reply.status, `${kind} ${value}`).toBe(404);
      expect(JSON.parse(reply.text)).toMatchObject({ error: 'Not Found' });
    }
    expect((await getProfile(upstream, 'phone', sampleCustomer(1000).phone)).status).toBe(200);
  });

  it('serves 1000 distinct, varied and well-formed profiles', async () => {
    const styles = new Set<string>();
    const ids = new Set<string>();
    const behaviours = new Set<boolean>();
    const descriptions = new Set<string>();
    let next = 1;
    const worker = async (): Promise<void> => {
      while (next <= 1000) {
        const i = next++;
        const reply = await getProfile(upstream, 'document', sampleCustomer(i).document);
        expect(reply.status).toBe(200);
        const body = JSON.parse(reply.text) as typeof DOCUMENTED_BODY;
        expect(body.userProfileId).toBe(sampleCustomer(i).userProfileId);
        const { profile } = body;
        ids.add(body.userProfileId);
        styles.add(profile.perfil_cliente.estilo_geral);
        descriptions.add(profile.perfil_cliente.descricao_geral);
        behaviours.add(profile.momento_compra_atual.novo_comportamento);
        expect(profile.ocasioes_relevantes.length).toBeGreaterThanOrEqual(1);
        expect(profile.ocasioes_relevantes.length).toBeLessThanOrEqual(4);
        for (const occasion of profile.ocasioes_relevantes) {
          expect(occasion.ocasião).toEqual(expect.any(String));
          expect(occasion.persona_na_ocasião).toEqual(expect.any(String));
          expect(occasion.sugestao_look.length).toBeGreaterThanOrEqual(3);
          expect(occasion.sugestao_look.length).toBeLessThanOrEqual(5);
        }
        expect(profile.briefing_marketing.tom_de_voz).toHaveLength(3);
        expect(profile.ganchos_conteudo.length).toBeGreaterThanOrEqual(2);
        for (const line of profile.momento_compra_atual.navegacoes) {
          expect(line).toMatch(/^\d{2}\/\d{2}: \S.+$/);
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    expect(ids.size).toBe(1000);
    expect(styles.size).toBeGreaterThanOrEqual(50);
    expect(descriptions.size).toBeGreaterThanOrEqual(500);
    expect(behaviours).toEqual(new Set([true, false]));
  });

  it('gives every customer distinct identifiers of every kind', () => {
    const seen = KINDS.map(() => new Set<string>());
    for (let i = 0; i <= 20_000; i += 1) {
      const ids = sampleCustomer(i);
      KINDS.forEach((kind, k) =>
        seen[k]?.add(kind === 'email' ? ids[kind].toLowerCase() : ids[kind]),
      );
    }
    for (const set of seen) expect(set.size).toBe(20_001);
  });

  it('finds customers of a 200 000-customer catalogue by every identifier', async () => {
    const big = await startSampleUpstream({ token: TOKEN, customerCount: 200_000 });
    try {
      for (const i of [1, 123_456, 200_000]) {
        const ids = sampleCustomer(i);
        for (const kind of KINDS) {
          const reply = await getProfile(big, kind, ids[kind]);
          expect(reply.status, `${kind} of ${i}`).toBe(200);
          expect(JSON.parse(reply.text)).toMatchObject({ userProfileId: ids.userProfileId });
        }
      }
      expect((await getProfile(big, 'email', sampleCustomer(200_001).email)).status).toBe(404);
    } finally {
      await big.close();
    }
  });
});

describe('routing', () => {
  const example = (): string => profilePath(upstream, 'email', 'customer@example.com');

  it('does not route extra segments, dot segments, unknown kinds or other paths', async () => {
    const base = `${basePath(upstream)}/protected/profile`;
    const paths = [
      `${example()}/extra`,
      `${base}/email/../phone/5511999998888`,
      `${base}/phone/5511999998888/`,
      `${base}/email/`,
      `${base}/cpf/12345678900`,
      `${base}//5511999998888`,
      `${basePath(upstream)}/protected/profile`,
      `/protected/profile/email/customer%40example.com`,
    ];
    for (const path of paths) {
      const reply = await get(upstream, path);
      expect(reply.status, path).toBe(404);
      expect(JSON.parse(reply.text)).toMatchObject({
        error: 'Not Found',
        message: expect.any(String),
      });
    }
    expect(upstream.stats.rawPaths).toEqual(paths);
  });

  it('keeps an encoded slash inside the one identifier segment', async () => {
    const sneaky = 'customer@example.com/../../phone/5511999998888';
    const reply = await getProfile(upstream, 'email', sneaky);
    expect(reply.status).toBe(404);
    expect(upstream.callsFor('email', sneaky)).toBe(1);
    expect(upstream.callsFor('phone', '5511999998888')).toBe(0);
    expect(upstream.stats.rawPaths.at(-1)).toContain('%2F..%2F..%2Fphone%2F');
  });

  it('answers 400 for an identifier that is not valid percent-encoding', async () => {
    const reply = await get(upstream, `${basePath(upstream)}/protected/profile/email/abc%E0%A4%A`);
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.text)).toMatchObject({ error: 'Bad Request' });
  });

  it('ignores the query string for routing but records it', async () => {
    const path = `${example()}?utm=1&x=%2F`;
    const reply = await get(upstream, path);
    expect(reply.status).toBe(200);
    expect(upstream.stats.rawPaths).toEqual([path]);
  });

  it('serves GET only', async () => {
    const reply = await get(upstream, example(), { method: 'POST' });
    expect(reply.status).toBe(405);
  });
});

describe('faults', () => {
  const email = 'customer@example.com';

  it('answers an injected status with the documented error shape and Retry-After', async () => {
    upstream.addFault({ fault: { type: 'status', status: 503 } });
    const unavailable = await getProfile(upstream, 'email', email);
    expect(unavailable.status).toBe(503);
    expect(JSON.parse(unavailable.text)).toEqual({
      error: 'Service Unavailable',
      message: expect.any(String),
    });

    upstream.clearFaults();
    upstream.addFault({ fault: { type: 'status', status: 429, retryAfter: '2' }, times: 1 });
    const date = new Date(Date.now() + 5000).toUTCString();
    upstream.addFault({ fault: { type: 'status', status: 429, retryAfter: date }, times: 1 });
    const first = await getProfile(upstream, 'email', email);
    const second = await getProfile(upstream, 'email', email);
    expect([first.status, second.status]).toEqual([429, 429]);
    expect(first.headers['retry-after']).toBe('2');
    expect(second.headers['retry-after']).toBe(date);
    expect(JSON.parse(first.text)).toMatchObject({ error: 'Too Many Requests' });

    upstream.addFault({ fault: { type: 'status', status: 401 } });
    const refused = await getProfile(upstream, 'email', email);
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.text)).toEqual(DOCUMENTED_ERROR);
  });

  it('answers correctly but late for slow', async () => {
    upstream.addFault({ fault: { type: 'slow', delayMs: 150 } });
    const reply = await getProfile(upstream, 'email', email);
    expect(reply.status).toBe(200);
    expect(reply.ms).toBeGreaterThanOrEqual(145);
    expect(JSON.parse(reply.text)).toEqual(DOCUMENTED_BODY);
  });

  it('never answers for hang', async () => {
    upstream.addFault({ fault: { type: 'hang' } });
    await expect(getProfile(upstream, 'email', email, AbortSignal.timeout(300))).rejects.toThrow();
    expect(upstream.stats.calls).toBe(1);
    await until(() => upstream.stats.inFlight === 0);
  });

  it('drops the connection for reset', async () => {
    upstream.addFault({ fault: { type: 'reset' } });
    await expect(getProfile(upstream, 'email', email)).rejects.toMatchObject({
      code: expect.stringMatching(/ECONNRESET|EPIPE/),
    });
  });

  it('sends unparseable JSON for malformed-json', async () => {
    upstream.addFault({ fault: { type: 'malformed-json' } });
    const reply = await getProfile(upstream, 'email', email);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    expect(() => JSON.parse(reply.text)).toThrow(SyntaxError);
  });

  it('sends HTML for wrong-content-type', async () => {
    upstream.addFault({ fault: { type: 'wrong-content-type' } });
    const reply = await getProfile(upstream, 'email', email);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^text\/html/);
    expect(reply.text).toMatch(/^<!DOCTYPE html>/);
  });

  it('sends a JSON body of the asked size for huge-body (5 MB by default)', async () => {
    upstream.addFault({ fault: { type: 'huge-body', bytes: 300_000 }, times: 1 });
    upstream.addFault({ fault: { type: 'huge-body' }, times: 1 });
    const sized = await getProfile(upstream, 'email', email);
    expect(Buffer.byteLength(sized.text)).toBe(300_000);
    expect(sized.headers['content-length']).toBe('300000');
    expect(JSON.parse(sized.text)).toMatchObject(DOCUMENTED_BODY);
    const large = await getProfile(upstream, 'email', email);
    expect(Buffer.byteLength(large.text)).toBe(5 * 1024 * 1024);
  });

  it('reshapes the profile for each drift variant', async () => {
    const driftOf = async (
      variant: 'unaccented' | 'missing-section' | 'wrong-type' | 'extra-section',
    ): Promise<{ profile: Record<string, unknown> }> => {
      upstream.clearFaults();
      upstream.addFault({ fault: { type: 'drift', variant } });
      const reply = await getProfile(upstream, 'email', email);
      expect(reply.status).toBe(200);
      return JSON.parse(reply.text) as { profile: Record<string, unknown> };
    };
    const unaccented = await driftOf('unaccented');
    expect(unaccented.profile.ocasioes_relevantes).toEqual([
      {
        ocasiao: 'Trabalho business casual',
        persona_na_ocasiao: 'Profissional confiante e alinhado',
        sugestao_look: ['Camisa manga longa', 'Chino escura', 'Sapato casual'],
      },
    ]);
    const missing = await driftOf('missing-section');
    expect(missing.profile).not.toHaveProperty('briefing_marketing');
    expect(missing.profile.ganchos_conteudo).toEqual(DOCUMENTED_BODY.profile.ganchos_conteudo);
    const mistyped = await driftOf('wrong-type');
    expect(typeof mistyped.profile.briefing_marketing).toBe('string');
    expect(mistyped.profile.ganchos_conteudo).toBeTypeOf('object');
    expect(Array.isArray(mistyped.profile.ganchos_conteudo)).toBe(false);
    const extra = await driftOf('extra-section');
    const known = Object.keys(DOCUMENTED_BODY.profile);
    expect(Object.keys(extra.profile).filter((key) => !known.includes(key))).toHaveLength(1);
    expect(extra.profile).toMatchObject(DOCUMENTED_BODY.profile);
  });

  it('spends a rule after `times` matching requests', async () => {
    upstream.addFault({ fault: { type: 'status', status: 500 }, times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i += 1)
      statuses.push((await getProfile(upstream, 'email', email)).status);
    expect(statuses).toEqual([500, 500, 200]);
  });

  it('applies a rule to its `match` identifier only, first matching rule first', async () => {
    upstream.addFault({ fault: { type: 'status', status: 503 }, match: email, times: 1 });
    upstream.addFault({ fault: { type: 'status', status: 500 }, match: '5511999998888' });
    const statuses = [
      (await getProfile(upstream, 'document', '12345678900')).status,
      (await getProfile(upstream, 'email', email)).status,
      (await getProfile(upstream, 'email', email)).status,
      (await getProfile(upstream, 'phone', '5511999998888')).status,
      (await getProfile(upstream, 'email', 'CUSTOMER@example.com')).status,
    ];
    expect(statuses).toEqual([200, 503, 200, 500, 200]);
  });

  it('never applies a rule of probability 0 and rejects invalid rules', async () => {
    upstream.addFault({ fault: { type: 'status', status: 500 }, probability: 0 });
    expect((await getProfile(upstream, 'email', email)).status).toBe(200);
    expect(() => upstream.addFault({ fault: { type: 'hang' }, probability: 2 })).toThrow(
      RangeError,
    );
    expect(() => upstream.addFault({ fault: { type: 'hang' }, times: 0 })).toThrow(RangeError);
    expect(() => upstream.addFault({ fault: { type: 'status', status: 42 } })).toThrow(RangeError);
  });

  it('applies faults after the token check', async () => {
    upstream.addFault({ fault: { type: 'status', status: 503 }, times: 1 });
    const refused = await get(upstream, profilePath(upstream, 'email', email), { token: 'nope' });
    expect(refused.status).toBe(401);
    expect((await getProfile(upstream, 'email', email)).status).toBe(503);
  });
});

describe('statistics', () => {
  it('counts calls per identifier and the concurrency reached', async () => {
    upstream.addFault({ fault: { type: 'slow', delayMs: 150 } });
    const ids = sampleCustomer(9);
    const replies = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        getProfile(upstream, i % 2 ? 'phone' : 'email', i % 2 ? ids.phone : ids.email),
      ),
    );
    expect(replies.map((reply) => reply.status)).toEqual(Array(8).fill(200));
    expect(upstream.stats.calls).toBe(8);
    expect(upstream.stats.maxInFlight).toBe(8);
    expect(upstream.callsFor('email', ids.email)).toBe(4);
    expect(upstream.callsFor('phone', ids.phone)).toBe(4);
    expect(upstream.callsFor('document', ids.document)).toBe(0);
    await until(() => upstream.stats.inFlight === 0);

    upstream.resetStats();
    expect(upstream.stats.calls).toBe(0);
    expect(upstream.stats.maxInFlight).toBe(0);
    expect(upstream.callsFor('email', ids.email)).toBe(0);
  });

  it('records tokens and request headers such as traceparent', async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    await get(upstream, profilePath(upstream, 'email', 'customer@example.com'), {
      headers: { traceparent, 'x-request-id': 'req-1' },
    });
    expect(upstream.stats.requestHeaders).toHaveLength(1);
    expect(upstream.stats.requestHeaders[0]).toMatchObject({
      traceparent,
      'x-request-id': 'req-1',
    });
    expect([...upstream.stats.tokensSeen]).toEqual([TOKEN]);
  });

  it('keeps only the last 1000 raw paths and 100 header records', async () => {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < 1010) {
        const i = next++;
        await get(upstream, `${profilePath(upstream, 'document', '12345678900')}?n=${i}`);
      }
    };
    await Promise.all(Array.from({ length: 10 }, worker));
    expect(upstream.stats.calls).toBe(1010);
    expect(upstream.stats.rawPaths).toHaveLength(1000);
    expect(upstream.stats.requestHeaders).toHaveLength(100);
    const numbers = upstream.stats.rawPaths.map((path) => Number(path.split('?n=')[1]));
    expect(new Set(numbers).size).toBe(1000);
    expect(numbers).toContain(1009);
  });
});

describe('lifecycle', () => {
  it('adds the configured latency to every answer', async () => {
    const slow = await startSampleUpstream({ token: TOKEN, latencyMs: 120 });
    const ranged = await startSampleUpstream({ token: TOKEN, latencyMs: { min: 60, max: 90 } });
    try {
      const fixed = await getProfile(slow, 'email', 'customer@example.com');
      const refused = await get(slow, profilePath(slow, 'email', 'x@y.z'), { token: null });
      const varied = await getProfile(ranged, 'email', 'customer@example.com');
      expect(fixed.status).toBe(200);
      expect(fixed.ms).toBeGreaterThanOrEqual(115);
      expect(refused.ms).toBeGreaterThanOrEqual(115);
      expect(varied.ms).toBeGreaterThanOrEqual(55);
    } finally {
      await Promise.all([slow.close(), ranged.close()]);
    }
  });

  it('serves a custom base path and reports it in its url', async () => {
    const custom = await startSampleUpstream({ token: TOKEN, basePath: '/v2/crm/' });
    try {
      expect(custom.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v2\/crm$/);
      expect((await getProfile(custom, 'userProfileId', 'ddsd23223')).status).toBe(200);
    } finally {
      await custom.close();
    }
  });

  it('ends a hanging request when closed', async () => {
    const closing = await startSampleUpstream({ token: TOKEN });
    closing.addFault({ fault: { type: 'hang' } });
    const pending = getProfile(closing, 'email', 'customer@example.com');
    await until(() => closing.stats.calls === 1);
    const started = performance.now();
    await closing.close();
    expect(performance.now() - started).toBeLessThan(1000);
    await expect(pending).rejects.toThrow();
    await expect(closing.close()).resolves.toBeUndefined();
  });

  it('refuses to start without a token', async () => {
    await expect(startSampleUpstream({ token: '' })).rejects.toThrow(TypeError);
  });
});
