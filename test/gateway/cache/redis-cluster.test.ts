// The fleet on a real Redis Cluster: 3 primaries and 3 replicas (redis-server processes this
// file starts, node timeout 1 s), two gateway replicas with CACHE_URL=redis-cluster://…. Shared
// cache and erasure across slots, one upstream call for a burst, and a primary SIGKILLed under
// traffic: no request fails, and the fleet is coordinated again soon after the election.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleCustomer } from '../../../src/sample-upstream/index.ts';
import { sleep, startHarness } from '../../support/harness.ts';
import type { Harness } from '../../support/harness.ts';
import { readMetric } from '../../support/metrics.ts';
import { runMain } from '../../support/process.ts';
import { readiness, waitForSharedCache } from '../../support/readiness.ts';
import { redisServerBinary } from '../../support/redis.ts';
import { startCluster } from '../../support/redis-cluster.ts';
import type { RedisCluster } from '../../support/redis-cluster.ts';

const binary = redisServerBinary();
if (!binary) process.stderr.write('\n[skipped] Redis Cluster tests: redis-server is not on PATH\n');

const ADMIN_KEY = 'crm-admin-key-0123456789abcdef';
const admin = { 'x-api-key': ADMIN_KEY };
const ENV = { GATEWAY_API_KEYS: `crm:${ADMIN_KEY}:admin`, RESPONSE_CACHE_TTL_MS: '0' };
const STYLE = `query($by: CustomerLookup!) { customer(by: $by) { userProfileId profile { summary { style } } } }`;
const FORGET = `mutation($by: CustomerLookup!) { forgetCustomer(by: $by) {
  droppedEntries sharedCacheConfirmed replicasReached replicasConfirmed complete } }`;
const COORDINATED = 'gateway_fleet_coordinated';

async function lookup(h: Harness, by: Record<string, string>) {
  const res = await h.query(STYLE, { by }, admin);
  expect(res.body.errors).toBeUndefined();
  return res.body.data?.['customer'];
}

describe.skipIf(!binary)('the fleet on a Redis Cluster (3 primaries, 3 replicas)', () => {
  let cluster: RedisCluster;
  let a: Harness;
  let b: Harness;
  beforeAll(async () => {
    cluster = await startCluster();
    const env = { ...ENV, CACHE_URL: cluster.url };
    a = await startHarness({ env });
    b = await startHarness({ env, replicaOf: a });
    await Promise.all([waitForSharedCache(a.url, 'up'), waitForSharedCache(b.url, 'up')]);
  }, 60_000);
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await cluster?.close();
  });

  it('refuses redis:// at a cluster node at start, with one line naming the redis-cluster:// form', async () => {
    const port = cluster.nodes[0]!.port;
    const main = runMain({
      NODE_ENV: 'test',
      FASHIONAI_APP_TOKEN: 'any-token-0123456789',
      CACHE_ENCRYPTION: 'off',
      CACHE_URL: `redis://127.0.0.1:${port}`,
    });
    expect(await main.exited).toBe(1);
    expect(main.output().trim()).toBe(
      `Configuration error: Invalid CACHE_URL: 127.0.0.1:${port} is a Redis Cluster node, which a redis:// URL cannot use; write redis-cluster://127.0.0.1:${port} (add ?node=host:port for more seed nodes, and user:password@ as before)`,
    );
  }, 30_000);

  it('shares profiles across replicas for keys on every primary, and says "up"', async () => {
    a.upstream.resetStats();
    // 12 customers by 3 identifiers: their keys spread over all three primaries' slots.
    const customers = Array.from({ length: 12 }, (_, i) => sampleCustomer(200 + i));
    for (const c of customers) {
      await lookup(a, { email: c.email });
      await lookup(a, { phone: c.phone });
    }
    expect(a.upstream.stats.calls).toBe(24);
    for (const c of customers) {
      expect(await lookup(b, { email: c.email })).toEqual(await lookup(a, { email: c.email }));
      await lookup(b, { phone: c.phone });
      await lookup(b, { userProfileId: c.userProfileId });
    }
    expect(a.upstream.stats.calls).toBe(24);
    expect((await readiness(b.url)).body.cache).toEqual({
      backend: 'redis',
      degraded: false,
      shared: 'up',
    });
    expect(a.logs.filter((l) => /unreachable|CROSSSLOT|MOVED/.test(l))).toEqual([]);
  });

  it('answers a burst of 100 identical cold requests over both replicas with 1 upstream call', async () => {
    a.upstream.resetStats();
    const c = sampleCustomer(300);
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        (i % 2 ? a : b).query(STYLE, { by: { email: c.email } }, admin),
      ),
    );
    for (const res of answers) expect(res.body.errors).toBeUndefined();
    process.stderr.write(
      `\n[figure] cluster burst: 100 requests, ${a.upstream.stats.calls} upstream call(s)\n`,
    );
    expect(a.upstream.stats.calls).toBe(1);
  });

  it('erases a shopper by one identifier on both replicas and every slot', async () => {
    const c = sampleCustomer(310);
    await lookup(a, { email: c.email });
    await lookup(b, { phone: c.phone });
    await lookup(a, { document: c.document });
    a.upstream.resetStats();
    const res = await a.query(FORGET, { by: { document: c.document } }, admin);
    expect(res.body.data?.['forgetCustomer']).toMatchObject({
      sharedCacheConfirmed: true,
      replicasReached: 2,
      replicasConfirmed: 2,
      complete: true,
    });
    await lookup(a, { userProfileId: c.userProfileId });
    await lookup(b, { email: c.email });
    await lookup(b, { phone: c.phone });
    // None was left anywhere: each identifier costs a call again.
    expect(a.upstream.stats.calls).toBe(3);
  });

  it('fails no request when a primary is SIGKILLed under traffic, and is coordinated again within 10 s of the election', async () => {
    const failures: unknown[] = [];
    let requests = 0;
    let stop = false;
    // One bounded loop per replica, a new customer every time: every request goes through Redis.
    const loop = async (h: Harness, first: number) => {
      for (let i = 0; i < 3000 && !stop; i++) {
        const by = { email: sampleCustomer(first + i).email };
        const res = await h.query(STYLE, { by }, admin);
        requests += 1;
        if (res.status !== 200 || res.body.errors) failures.push(res.body);
      }
    };
    const traffic = Promise.all([loop(a, 1000), loop(b, 5000)]);
    while (requests < 20) await sleep(5);
    const victim = await cluster.primaryOf(`fashionai-gateway:profile::anything`);
    const killedAt = Date.now();
    await victim.kill();

    let electedAt: number | undefined;
    let coordinatedAt: number | undefined;
    let wentDown = false;
    const deadline = Date.now() + 30_000;
    while (coordinatedAt === undefined && Date.now() < deadline) {
      const primaries = await cluster.primaries();
      if (electedAt === undefined && primaries.length === 3 && !primaries.includes(victim.port)) {
        electedAt = Date.now();
      }
      const states = await Promise.all([a, b].map((h) => readMetric(h.url, COORDINATED)));
      if (states.includes(0)) wentDown = true;
      if (electedAt !== undefined && wentDown && states.every((s) => s === 1)) {
        coordinatedAt = Date.now();
      }
      await sleep(50);
    }
    // A little traffic on the new topology, then stop.
    await sleep(500);
    stop = true;
    await traffic;
    const seconds = coordinatedAt && electedAt ? (coordinatedAt - electedAt) / 1000 : NaN;
    process.stderr.write(
      `\n[figure] cluster failover: ${requests} requests, ${failures.length} failed; election ${((electedAt ?? NaN) - killedAt) / 1000} s after the kill; coordinated again ${seconds} s after the election (went uncoordinated: ${wentDown})\n`,
    );
    expect(failures).toEqual([]);
    expect(electedAt).toBeDefined();
    expect(seconds).toBeLessThanOrEqual(10);

    // Shared again, on the new primary too.
    a.upstream.resetStats();
    const c = sampleCustomer(9000);
    await lookup(a, { email: c.email });
    await lookup(b, { email: c.email });
    expect(a.upstream.stats.calls).toBe(1);
  }, 60_000);
});
