// Nothing secret or personal leaks: the upstream token never appears in responses, headers,
// logs, metrics or cache keys, whatever the upstream does; upstream error bodies are never
// forwarded; production responses carry no stack trace; logs never hold a raw identifier.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProfileCache } from '../../../src/cache/policy.ts';
import { cacheKeyFactory } from '../../../src/cache/profile-cache.ts';
import { ledgerFor } from '../../../src/cache/settings.ts';
import type { CacheEntry, ProfileCache } from '../../../src/cache/profile-cache.ts';
import { lookupOf } from '../../../src/customer/lookup.ts';
import { maskIdentifier } from '../../../src/customer/mask.ts';
import { ProfileService } from '../../../src/profiles/service.ts';
import { sampleCustomer, startSampleUpstream } from '../../../src/sample-upstream/index.ts';
import type { Fault } from '../../../src/sample-upstream/index.ts';
import { FashionAiClient } from '../../../src/upstream/client.ts';
import { startHarness } from '../../support/harness.ts';
import type { Harness } from '../../support/harness.ts';

const KEY = 'leak-test-key-0123456789';
const auth = { 'x-api-key': KEY };
const person = sampleCustomer(77);
const identifiers = [person.email, person.phone, person.document];

// What the sample upstream puts in its error bodies: none of it may reach a client.
const UPSTREAM_WORDS = [
  'Invalid or missing authentication token',
  'Internal server error',
  'Service temporarily unavailable',
  'Rate limit exceeded',
  'manutenção',
  'No profile found',
];

const FAULTS: Fault[] = [
  { type: 'status', status: 401 },
  { type: 'status', status: 403 },
  { type: 'status', status: 500 },
  { type: 'status', status: 503 },
  { type: 'malformed-json' },
  { type: 'wrong-content-type' },
  { type: 'huge-body', bytes: 2_000_000 },
  { type: 'reset' },
  { type: 'hang' },
  { type: 'drift', variant: 'wrong-type' },
  // Last: a 429 pauses every upstream call of the process for Retry-After.
  { type: 'status', status: 429, retryAfter: '120' },
];

async function exercise(h: Harness): Promise<string[]> {
  const seen: string[] = [];
  const record = (res: { text: string; headers: Headers }) => {
    seen.push(res.text, JSON.stringify([...res.headers.entries()]));
    return res;
  };
  const full =
    'userProfileId email phone document profile { summary { style } occasions { name } purchaseMoment { isNewBehavior } }';
  for (const [kind, value] of [
    ['email', person.email],
    ['phone', person.phone],
    ['document', person.document],
    ['email', 'nobody@example.com'],
    ['email', 'not-an-email'],
  ]) {
    record(
      await h.query(
        `query($by: CustomerLookup!) { customer(by: $by) { ${full} } }`,
        { by: { [kind as string]: value } },
        auth,
      ),
    );
  }
  for (const fault of FAULTS) {
    h.upstream.addFault({ fault, times: 10 });
    record(
      await h.query(
        `{ customer(by: { userProfileId: "ddsd23223" }) { ${full} } }`,
        undefined,
        auth,
      ),
    );
    h.upstream.clearFaults();
  }
  record(
    await h.query('{ customer(by: { email: "customer@example.com" }) { nope } }', undefined, auth),
  );
  record(await h.query('{ customer(by: { email: "customer@example.com" }) { userProfileId } }'));
  record(await h.post('{"query": "{ customer(by', auth));
  const metrics = await fetch(`${h.url}/metrics`);
  if (metrics.ok) seen.push(await metrics.text());
  return seen;
}

describe.each([
  ['production', { NODE_ENV: 'production' }],
  ['development', { NODE_ENV: 'development' }],
  // A wrong token makes Fashion.AI answer 401: the wrong token must not leak either.
  [
    'production with a wrong upstream token',
    { NODE_ENV: 'production', FASHIONAI_APP_TOKEN: 'wrong-token-0123456789' },
  ],
])('%s', (_name, env) => {
  let h: Harness;
  let seen: string[];
  beforeAll(async () => {
    h = await startHarness({
      env: {
        ...env,
        GATEWAY_API_KEYS: `web:${KEY}`,
        LOG_LEVEL: 'trace',
        UPSTREAM_TIMEOUT_MS: '300',
        // Keep the breaker closed, so every fault below still reaches the upstream.
        BREAKER_MIN_CALLS: '100000',
        CACHE_TTL_SECONDS: '0',
      },
    });
    seen = await exercise(h);
  });
  afterAll(() => h.close());

  it('never shows the upstream token in a response, a header, a log line or /metrics', () => {
    const token = h.config.upstream.token as string;
    // Every lookup and every fault above reached the upstream.
    expect(h.upstream.stats.calls).toBeGreaterThanOrEqual(FAULTS.length + 3);
    for (const text of [...seen, ...h.logs]) expect(text).not.toContain(token);
    expect(h.logs.join('\n')).not.toContain(KEY);
  });

  it('never forwards an upstream error body', () => {
    for (const text of seen) for (const word of UPSTREAM_WORDS) expect(text).not.toContain(word);
  });

  it('never writes a raw e-mail, phone or document into the logs', () => {
    const logs = h.logs.join('\n');
    expect(h.logs.length).toBeGreaterThan(0);
    for (const value of identifiers) expect(logs).not.toContain(value);
    expect(logs).not.toContain(person.email.split('@')[0]);
  });

  if (env.NODE_ENV === 'production') {
    it('sends no stack trace and no internal detail to clients', () => {
      for (const text of seen) {
        expect(text).not.toMatch(/stacktrace/i);
        expect(text).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
      }
    });
  }
});

describe('shared cache keys', () => {
  it('are a keyed hash: no identifier, no token, one fixed shape', async () => {
    const token = 'cache-key-test-token-0123';
    const upstream = await startSampleUpstream({ token });
    const keys: string[] = [];
    const memory = createProfileCache({ maxEntries: 100, ledger: ledgerFor(100, 60_000) });
    const recording: ProfileCache = {
      ...memory,
      set: (key: string, entry: CacheEntry) => {
        keys.push(key);
        return memory.set(key, entry);
      },
    };
    const client = new FashionAiClient({
      url: upstream.url,
      token,
      maxConcurrency: 4,
      attemptTimeoutMs: 2000,
      maxBodyBytes: 1 << 20,
    });
    const service = new ProfileService({
      client,
      cache: recording,
      cacheKey: cacheKeyFactory(token),
      ttlSeconds: 60,
      staleSeconds: 60,
      negativeTtlSeconds: 60,
    });
    try {
      const lookups = [
        lookupOf('email', person.email),
        lookupOf('phone', person.phone),
        lookupOf('document', person.document),
        lookupOf('userProfileId', sampleCustomer(78).userProfileId),
        lookupOf('email', 'nobody@example.com'),
      ];
      for (const lookup of lookups) await service.get(lookup);
      expect(keys.length).toBeGreaterThanOrEqual(lookups.length);
      for (const key of keys) {
        expect(key).toMatch(/^v\d+:[A-Za-z0-9_-]{43}$/);
        for (const secret of [
          token,
          ...identifiers,
          person.userProfileId,
          'nobody',
          'example.com',
        ]) {
          expect(key).not.toContain(secret);
        }
      }
      // Keyed: the same identifier under another token is another key.
      expect(cacheKeyFactory('another-token')(lookups[0]!.key)).not.toBe(
        cacheKeyFactory(token)(lookups[0]!.key),
      );
    } finally {
      await client.close();
      await upstream.close();
    }
  });
});

describe('maskIdentifier', () => {
  it.each([
    ['email', 'customer@example.com', 'c***@example.com'],
    ['phone', '5511999998888', '***8888'],
    ['document', '12345678900', '***900'],
    ['userProfileId', 'ddsd23223', 'dds***'],
    ['phone', '1234', '***34'],
    ['document', '12', '***2'],
    ['email', '@example.com', '***'],
    ['userProfileId', 'abc', '***'],
  ] as const)('%s %s → %s', (kind, value, masked) => {
    expect(maskIdentifier(kind, value)).toBe(masked);
  });
});
