// The fleet on a Sentinel-managed primary: a primary, a replica and two sentinels
// (redis-server processes this file starts), two gateway replicas with
// CACHE_URL=redis-sentinel://…&sentinelServiceName=…. Shared cache, and the primary SIGKILLed
// under traffic: no request fails, and the fleet is coordinated again on the new primary.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleCustomer } from '../../../src/sample-upstream/index.ts';
import { sleep, startHarness } from '../../support/harness.ts';
import type { Harness } from '../../support/harness.ts';
import { readMetric } from '../../support/metrics.ts';
import { waitForSharedCache } from '../../support/readiness.ts';
import { redisServerBinary } from '../../support/redis.ts';
import { startSentinels } from '../../support/redis-cluster.ts';
import type { RedisSentinelSetup } from '../../support/redis-cluster.ts';

const binary = redisServerBinary();
if (!binary)
  process.stderr.write('\n[skipped] Redis Sentinel tests: redis-server is not on PATH\n');

const STYLE = `query($by: CustomerLookup!) { customer(by: $by) { userProfileId profile { summary { style } } } }`;

async function lookup(h: Harness, by: Record<string, string>) {
  const res = await h.query(STYLE, { by });
  expect(res.body.errors).toBeUndefined();
  return res.body.data?.['customer'];
}

describe.skipIf(!binary)('the fleet on a Sentinel-managed primary', () => {
  let setup: RedisSentinelSetup;
  let a: Harness;
  let b: Harness;
  beforeAll(async () => {
    setup = await startSentinels();
    const env = { CACHE_URL: setup.url, RESPONSE_CACHE_TTL_MS: '0' };
    a = await startHarness({ env });
    b = await startHarness({ env, replicaOf: a });
    await Promise.all([waitForSharedCache(a.url, 'up'), waitForSharedCache(b.url, 'up')]);
  }, 60_000);
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await setup?.close();
  });

  it('shares profiles across replicas through the primary the sentinels name', async () => {
    a.upstream.resetStats();
    const c = sampleCustomer(400);
    const first = await lookup(a, { email: c.email });
    expect(await lookup(b, { email: c.email })).toEqual(first);
    expect(await lookup(b, { userProfileId: c.userProfileId })).toEqual(first);
    expect(a.upstream.stats.calls).toBe(1);
  });

  it('fails no request when the primary is SIGKILLed under traffic, and is coordinated again within 10 s of the election', async () => {
    const failures: unknown[] = [];
    let requests = 0;
    let stop = false;
    const loop = async (h: Harness, first: number) => {
      for (let i = 0; i < 3000 && !stop; i++) {
        const res = await h.query(STYLE, { by: { email: sampleCustomer(first + i).email } });
        requests += 1;
        if (res.status !== 200 || res.body.errors) failures.push(res.body);
      }
    };
    const traffic = Promise.all([loop(a, 1000), loop(b, 5000)]);
    while (requests < 20) await sleep(5);
    const killedAt = Date.now();
    await setup.primary.kill();

    let electedAt: number | undefined;
    let coordinatedAt: number | undefined;
    let wentDown = false;
    const deadline = Date.now() + 30_000;
    while (coordinatedAt === undefined && Date.now() < deadline) {
      if (electedAt === undefined && (await setup.primaryPort()) === setup.replica.port) {
        electedAt = Date.now();
      }
      const states = await Promise.all(
        [a, b].map((h) => readMetric(h.url, 'gateway_fleet_coordinated')),
      );
      if (states.includes(0)) wentDown = true;
      if (electedAt !== undefined && wentDown && states.every((s) => s === 1)) {
        coordinatedAt = Date.now();
      }
      await sleep(50);
    }
    await sleep(500);
    stop = true;
    await traffic;
    const seconds = coordinatedAt && electedAt ? (coordinatedAt - electedAt) / 1000 : NaN;
    process.stderr.write(
      `\n[figure] sentinel failover: ${requests} requests, ${failures.length} failed; election ${((electedAt ?? NaN) - killedAt) / 1000} s after the kill; coordinated again ${seconds} s after the election (went uncoordinated: ${wentDown})\n`,
    );
    expect(failures).toEqual([]);
    expect(electedAt).toBeDefined();
    expect(seconds).toBeLessThanOrEqual(10);

    a.upstream.resetStats();
    const c = sampleCustomer(9100);
    await lookup(a, { email: c.email });
    await lookup(b, { email: c.email });
    expect(a.upstream.stats.calls).toBe(1);
  }, 60_000);
});
