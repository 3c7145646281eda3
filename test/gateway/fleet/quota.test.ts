// One vendor quota for the whole fleet: the sample upstream answers at most 100 profile calls a
// second (then 429), three real replicas with UPSTREAM_QUOTA_PER_SECOND=100 get a combined load
// that needs ~300 calls a second. After a short convergence, at most 10 % of upstream calls are
// refused with 429 and the fleet uses at least 80 % of the quota (fleet total, not per replica).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet } from '../../support/fleet.ts';
import type { Fleet } from '../../support/fleet.ts';
import { sleep } from '../../support/harness.ts';
import { locateRedis, reportSkip } from '../../support/redis.ts';

const redis = await locateRedis();
reportSkip('a shared vendor quota across three replicas (test/gateway/fleet/quota.test.ts)', redis);

const QUOTA = 100;
const LIST = `query($by: [CustomerLookup!]!) { customers(by: $by) { userProfileId } }`;

describe.skipIf(!redis.available)('three replicas under one vendor quota', () => {
  let fleet: Fleet;
  beforeAll(async () => {
    if (!redis.available) return;
    fleet = await startFleet({
      redisUrl: redis.url,
      upstream: { latencyMs: 20 },
      env: {
        UPSTREAM_QUOTA_PER_SECOND: String(QUOTA),
        UPSTREAM_TIMEOUT_MS: '3000',
        CACHE_REDIS_TIMEOUT_MS: '1000',
      },
    });
    for (const r of fleet.replicas)
      await r.query(LIST, { by: [{ email: 'customer@example.com' }] });
  }, 120_000);
  afterAll(async () => {
    await fleet?.close();
    if (redis.available) await redis.owned?.kill();
  });

  it('stays under the shared quota and uses most of it', async () => {
    fleet.upstream.setQuota(QUOTA);
    let serial = 0;
    let stop = false;
    // Each replica gets 10 requests of 10 distinct cold lookups a second: ~300 calls/s wanted.
    const load = fleet.replicas.map(async (replica) => {
      const pending: Array<Promise<unknown>> = [];
      for (let tick = 0; tick < 80 && !stop; tick += 1) {
        const by = Array.from({ length: 10 }, () => ({
          email: `load-${(serial += 1)}@example.com`,
        }));
        pending.push(replica.query(LIST, { by }).catch(() => undefined));
        await sleep(100);
      }
      await Promise.all(pending);
    });

    await sleep(2000); // convergence
    const { stats } = fleet.upstream;
    const before = { calls: stats.calls, refused: stats.byStatus.get(429) ?? 0 };
    const started = performance.now();
    await sleep(3000);
    const after = { calls: stats.calls, refused: stats.byStatus.get(429) ?? 0 };
    const seconds = (performance.now() - started) / 1000;
    stop = true;
    await Promise.all(load);

    const calls = after.calls - before.calls;
    const refused = after.refused - before.refused;
    const answeredPerSecond = (calls - refused) / seconds;
    process.stdout.write(
      `[fleet quota] ${calls} upstream calls in ${seconds.toFixed(1)} s, ${refused} answered 429 ` +
        `(${((100 * refused) / Math.max(1, calls)).toFixed(1)} %), ${answeredPerSecond.toFixed(1)} answered/s ` +
        `= ${((100 * answeredPerSecond) / QUOTA).toFixed(0)} % of the quota\n`,
    );
    expect(refused).toBeLessThanOrEqual(0.1 * calls);
    // Each replica shows the fleet's rate in force: at most the quota less its 5 % headroom.
    for (const r of fleet.replicas) {
      const rate = await r.metric('gateway_fleet_rate_per_second');
      expect(rate).toBeGreaterThan(0);
      expect(rate).toBeLessThanOrEqual(0.95 * QUOTA);
    }
    expect(answeredPerSecond).toBeGreaterThanOrEqual(0.8 * QUOTA);
  });
});
