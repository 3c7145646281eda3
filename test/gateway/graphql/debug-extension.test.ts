// extensions.gateway: what a query cost (upstream calls, cache hits and misses, stale,
// duration), on every response outside production, off in production unless enabled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleCustomer } from '../../../src/sample-upstream/index.ts';
import { sleep, startHarness } from '../../support/harness.ts';
import type { Harness } from '../../support/harness.ts';

let h: Harness;
beforeAll(async () => {
  // DEBUG_EXTENSIONS unset: its default outside production.
  h = await startHarness({ env: { DEBUG_EXTENSIONS: '' } });
});
afterAll(() => h.close());

const aliased = (email: string) => `query Aliases {
  a: customer(by: { email: "${email}" }) { userProfileId }
  b: customer(by: { email: "${email.toUpperCase()}" }) { profile { summary { style } } }
  c: customers(by: [{ email: "${email}" }, { email: " ${email} " }]) { userProfileId }
}`;

describe('extensions.gateway outside production', () => {
  it('shows one upstream call for aliases of one customer, then cache hits on repeat', async () => {
    const c = sampleCustomer(51);
    const first = await h.query(aliased(c.email));
    expect(first.body.errors).toBeUndefined();
    expect(first.body.extensions?.['gateway']).toEqual({
      upstreamCalls: 1,
      cacheHits: 0,
      cacheMisses: 1,
      stale: false,
      durationMs: expect.any(Number),
    });
    expect(h.upstream.callsFor('email', c.email)).toBe(1);

    const again = await h.query(aliased(c.email));
    expect(again.body.extensions?.['gateway']).toMatchObject({
      upstreamCalls: 0,
      cacheHits: 1,
      cacheMisses: 0,
      stale: false,
    });
    expect(h.upstream.callsFor('email', c.email)).toBe(1);
  });

  it('counts distinct customers as distinct calls, and is there on errors too', async () => {
    const [c1, c2] = [sampleCustomer(52), sampleCustomer(53)];
    const res = await h.query(`{
      x: customer(by: { email: "${c1.email}" }) { userProfileId }
      y: customer(by: { phone: "${c2.phone}" }) { userProfileId }
      z: customer(by: { email: "broken" }) { userProfileId }
    }`);
    expect(res.body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(res.body.extensions?.['gateway']).toMatchObject({
      upstreamCalls: 2,
      cacheHits: 0,
      cacheMisses: 2,
    });
  });

  it('counts a lookup that failed upstream as a miss', async () => {
    const c = sampleCustomer(55);
    h.upstream.addFault({ fault: { type: 'malformed-json' }, match: c.email });
    const res = await h.query(`{ customer(by: { email: "${c.email}" }) { userProfileId } }`);
    h.upstream.clearFaults();
    expect(res.body.errors?.[0]?.extensions?.['code']).toBe('UPSTREAM_BAD_RESPONSE');
    expect(res.body.extensions?.['gateway']).toMatchObject({ cacheHits: 0, cacheMisses: 1 });
  });
});

describe('extensions.gateway with stale data', () => {
  it('says stale: true next to the counters when a profile was served past its freshness', async () => {
    const s = await startHarness({ env: { DEBUG_EXTENSIONS: 'true', CACHE_TTL_SECONDS: '1' } });
    try {
      const c = sampleCustomer(54);
      const query = `{ customer(by: { email: "${c.email}" }) { userProfileId } }`;
      await s.query(query);
      await sleep(1100);
      s.upstream.addFault({ fault: { type: 'status', status: 500 }, match: c.email });
      const res = await s.query(query);
      expect(res.body.data).toEqual({ customer: { userProfileId: c.userProfileId } });
      expect(res.body.extensions?.['gateway']).toMatchObject({
        stale: true,
        cacheHits: 0,
        cacheMisses: 1,
      });
      const metrics = await (await fetch(`${s.url}/metrics`)).text();
      expect(metrics).toMatch(/^gateway_stale_served_total 1$/m);
      expect(metrics).toMatch(/^gateway_cache_lookups_total\{layer="memory",result="stale"\} 1$/m);
    } finally {
      await s.close();
    }
  });
});

describe('extensions.gateway in production', () => {
  const query = `{ customer(by: { userProfileId: "ddsd23223" }) { userProfileId } }`;
  const WEB_KEY = 'web-key-0123456789abcdef';
  const DEV_KEY = 'dev-key-0123456789abcdef';

  it('is absent by default, except for an API key flagged debug', async () => {
    const prod = await startHarness({
      env: {
        NODE_ENV: 'production',
        DEBUG_EXTENSIONS: '',
        GATEWAY_API_KEYS: `web:${WEB_KEY},dev:${DEV_KEY}:debug`,
      },
    });
    try {
      const res = await prod.query(query, undefined, { 'x-api-key': WEB_KEY });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.extensions?.['gateway']).toBeUndefined();
      const dev = await prod.query(query, undefined, { 'x-api-key': DEV_KEY });
      expect(dev.body.extensions?.['gateway']).toMatchObject({ upstreamCalls: 0, cacheHits: 1 });
    } finally {
      await prod.close();
    }
  });

  it('is on for every caller with DEBUG_EXTENSIONS=true', async () => {
    const debug = await startHarness({
      env: { NODE_ENV: 'production', DEBUG_EXTENSIONS: 'true', GATEWAY_AUTH: 'none' },
    });
    try {
      const res = await debug.query(query);
      expect(res.body.extensions?.['gateway']).toMatchObject({ upstreamCalls: 1, cacheMisses: 1 });
    } finally {
      await debug.close();
    }
  });
});
