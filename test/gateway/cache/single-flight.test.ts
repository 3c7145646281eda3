// De-duplication across requests: identical lookups in flight at once, from different GraphQL
// requests, cost one upstream call; a 404 is remembered so a storm of lookups for an unknown
// customer does not reach Fashion.AI either. Calls are counted at the sample upstream.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.ts';
import { sampleCustomer, sampleProfile } from '../../../src/sample-upstream/index.ts';
import { sleep, startHarness } from '../../support/harness.ts';
import type { Harness } from '../../support/harness.ts';

let h: Harness;
beforeAll(async () => {
  // Latency keeps the first call in flight while the others arrive.
  h = await startHarness({
    env: { CACHE_NEGATIVE_TTL_SECONDS: '1' },
    upstream: { latencyMs: 300 },
  });
});
afterAll(() => h.close());

const byEmail = `query($e: String!) { customer(by: { email: $e }) { userProfileId profile { summary { style } } } }`;

describe('single-flight across requests', () => {
  it('200 concurrent requests for one uncached customer cost 1 upstream call, all answered right', async () => {
    const c = sampleCustomer(601);
    h.upstream.resetStats();
    const responses = await Promise.all(
      Array.from({ length: 200 }, () => h.query(byEmail, { e: c.email })),
    );
    const expected = {
      userProfileId: c.userProfileId,
      profile: { summary: { style: sampleProfile(601).profile.perfil_cliente.estilo_geral } },
    };
    for (const res of responses) expect(res.body).toEqual({ data: { customer: expected } });
    expect(h.upstream.callsFor('email', c.email)).toBe(1);
    expect(h.upstream.stats.calls).toBe(1);
  });

  it('shares one call between requests spelling the identifier differently', async () => {
    const c = sampleCustomer(602);
    const spellings = [c.email, c.email.toUpperCase(), `  ${c.email} `];
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) => h.query(byEmail, { e: spellings[i % 3] })),
    );
    for (const res of responses) {
      expect((res.body.data?.['customer'] as { userProfileId: string }).userProfileId).toBe(
        c.userProfileId,
      );
    }
    expect(h.upstream.callsFor('email', c.email)).toBe(1);
  });
});

describe('negative caching', () => {
  it('remembers a 404: a storm of lookups for an unknown customer costs 1 call until it expires', async () => {
    const unknown = 'nobody-601@example.com';
    const concurrent = await Promise.all(
      Array.from({ length: 50 }, () => h.query(byEmail, { e: unknown })),
    );
    for (const res of concurrent) expect(res.body).toEqual({ data: { customer: null } });
    for (let i = 0; i < 20; i += 1) {
      expect((await h.query(byEmail, { e: unknown })).body).toEqual({ data: { customer: null } });
    }
    expect(h.upstream.callsFor('email', unknown)).toBe(1);

    await sleep(1100); // CACHE_NEGATIVE_TTL_SECONDS=1
    await h.query(byEmail, { e: unknown });
    expect(h.upstream.callsFor('email', unknown)).toBe(2);
  });

  it('defaults: a 404 is remembered for 60 s', () => {
    expect(loadConfig({ FASHIONAI_APP_TOKEN: 't' }).cache.negativeTtlSeconds).toBe(60);
  });
});
