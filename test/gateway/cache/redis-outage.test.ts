// Redis trouble degrades the gateway and never fails a request: Redis down at start, lost in
// the middle of traffic, stuck without answering, and back again (hits on the shared layer
// resume). Uses a redis-server the test owns so it can kill and restart it; skipped, with the
// reason printed, when redis-server is not installed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleCustomer } from '../../../src/sample-upstream/index.ts';
import { sleep, startHarness } from '../../support/harness.ts';
import type { Harness } from '../../support/harness.ts';
import { freePort } from '../../support/net.ts';
import { readiness, waitForSharedCache } from '../../support/readiness.ts';
import { ownedRedis, reportSkip } from '../../support/redis.ts';

const STYLE = `query($email: String!) { customer(by: { email: $email }) { profile { summary { style } } } }`;
const linesMatching = (h: Harness, text: string) => h.logs.filter((l) => l.includes(text)).length;

describe('Redis unreachable at start', () => {
  let h: Harness;
  let required: Harness;
  beforeAll(async () => {
    // Nothing listens on this port: every connection attempt is refused.
    const env = { CACHE_URL: `redis://127.0.0.1:${await freePort()}` };
    h = await startHarness({ env });
    required = await startHarness({ env: { ...env, CACHE_REQUIRED: 'true' }, replicaOf: h });
    await waitForSharedCache(h.url, 'down');
    await waitForSharedCache(required.url, 'down');
  });
  afterAll(async () => {
    await required?.close();
    await h?.close();
  });

  it('starts, serves through the in-process cache and says so once', async () => {
    const email = sampleCustomer(201).email;
    h.upstream.resetStats();
    for (let i = 0; i < 5; i++) {
      const res = await h.query(STYLE, { email });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data?.['customer']).not.toBeNull();
    }
    expect(h.upstream.stats.calls).toBe(1);
    expect(linesMatching(h, 'unreachable at start')).toBe(1);
  });

  it('reports the degraded cache in /readyz: 200, or 503 when CACHE_REQUIRED is set', async () => {
    // The reason is the client's own error: where it failed, never a credential.
    const degraded = {
      backend: 'redis',
      degraded: true,
      shared: 'down',
      reason: expect.stringMatching(/^connect ECONNREFUSED 127\.0\.0\.1:\d+$/) as unknown,
    };
    expect(await readiness(h.url)).toEqual({
      status: 200,
      body: { status: 'degraded', cache: degraded },
    });
    expect(await readiness(required.url)).toEqual({
      status: 503,
      body: { status: 'unavailable', cache: degraded },
    });
  });
});

const redis = await ownedRedis();
reportSkip('Redis outage and recovery (test/gateway/cache/redis-outage.test.ts)', redis);

describe.skipIf(!redis.available)('Redis lost mid-traffic, stuck, and back', () => {
  let a: Harness;
  let b: Harness;
  beforeAll(async () => {
    if (!redis.available) return;
    const env = { CACHE_URL: redis.url, CACHE_REDIS_TIMEOUT_MS: '150' };
    a = await startHarness({ env });
    b = await startHarness({ env: { ...env, CACHE_REQUIRED: 'true' }, replicaOf: a });
    await Promise.all([waitForSharedCache(a.url, 'up'), waitForSharedCache(b.url, 'up')]);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    if (redis.available) await redis.owned?.kill();
  });

  it('fails no request when Redis dies in the middle of traffic, and logs it once', async () => {
    if (!redis.available || !redis.owned) throw new Error('unreachable');
    const failures: unknown[] = [];
    let requests = 0;
    let killed = false;
    let afterKill = 0;
    const deadline = Date.now() + 5000;
    // Two bounded client loops, one per replica, each asking for a new customer every time,
    // so every request goes through Redis (an L1 miss) while Redis dies under it.
    const loop = async (h: Harness, first: number) => {
      for (let i = 0; i < 480 && afterKill < 200 && Date.now() < deadline; i++) {
        const res = await h.query(STYLE, { email: sampleCustomer(first + i).email });
        requests += 1;
        if (killed) afterKill += 1;
        if (res.status !== 200 || res.body.errors) failures.push(res.body);
      }
    };
    const traffic = Promise.all([loop(a, 10), loop(b, 500)]);
    while (requests < 40) await sleep(5);
    await redis.owned.kill();
    killed = true;
    await traffic;

    expect(failures).toEqual([]);
    expect(requests - afterKill).toBeGreaterThanOrEqual(40);
    expect(afterKill).toBeGreaterThanOrEqual(100);
    expect((await readiness(a.url)).status).toBe(200);
    expect((await readiness(b.url)).status).toBe(503); // CACHE_REQUIRED
    expect(linesMatching(a, 'is unreachable; serving with the in-process cache only')).toBe(1);
    expect(linesMatching(b, 'is unreachable; serving with the in-process cache only')).toBe(1);
  });

  it('uses Redis again once it is back: a profile fetched by one replica is a hit on the other', async () => {
    if (!redis.available || !redis.owned) throw new Error('unreachable');
    await redis.owned.start();
    await Promise.all([waitForSharedCache(a.url, 'up'), waitForSharedCache(b.url, 'up')]);
    expect(linesMatching(a, 'is back;')).toBe(1);

    const email = sampleCustomer(995).email;
    a.upstream.resetStats();
    expect((await a.query(STYLE, { email })).body.errors).toBeUndefined();
    expect((await b.query(STYLE, { email })).body.errors).toBeUndefined();
    expect(a.upstream.callsFor('email', email)).toBe(1);
    expect((await readiness(b.url)).status).toBe(200);
  });

  it('bounds a stuck Redis by CACHE_REDIS_TIMEOUT_MS and recovers when it answers again', async () => {
    if (!redis.available || !redis.owned) throw new Error('unreachable');
    redis.owned.pause();
    try {
      const started = Date.now();
      const res = await a.query(STYLE, { email: sampleCustomer(996).email });
      const elapsed = Date.now() - started;
      expect(res.body.errors).toBeUndefined();
      expect(elapsed).toBeLessThan(1500); // one 150 ms timeout, then Redis is skipped
      expect((await readiness(a.url)).body.cache.shared).toBe('down');
    } finally {
      redis.owned.resume();
    }
    await waitForSharedCache(a.url, 'up');
    expect(linesMatching(a, 'is back;')).toBe(2);
  });
});
