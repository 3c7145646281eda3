// The cache series by layer with the shared cache: a replica that finds a profile in Redis
// counts an L1 (memory) miss and a Redis hit. Uses REDIS_URL (CI starts one) or a
// redis-server it spawns; skipped, with the reason printed, when there is neither.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleCustomer } from '../../../src/sample-upstream/index.ts';
import type { Harness } from '../../support/harness.ts';
import { startReplicas } from '../../support/replicas.ts';
import type { Replicas } from '../../support/replicas.ts';
import { locateRedis, reportSkip } from '../../support/redis.ts';

const redis = await locateRedis();
reportSkip('cache series by layer (test/gateway/cache/metrics.test.ts)', redis);

async function layerCounts(h: Harness): Promise<Record<string, number>> {
  const text = await (await fetch(`${h.url}/metrics`)).text();
  const counts: Record<string, number> = {};
  for (const m of text.matchAll(
    /^gateway_cache_lookups_total\{layer="(\w+)",result="(\w+)"\} (\d+)$/gm,
  )) {
    counts[`${m[1]}:${m[2]}`] = Number(m[3]);
  }
  return counts;
}

describe.skipIf(!redis.available)('cache series with a shared Redis', () => {
  let a: Harness;
  let b: Harness;
  let replicas: Replicas | undefined;
  beforeAll(async () => {
    if (!redis.available) return;
    replicas = await startReplicas(redis);
    ({ a, b } = replicas);
  });
  afterAll(() => replicas?.close());

  it('counts each layer’s hits and misses', async () => {
    const c = sampleCustomer(111);
    const query = `{ customer(by: { email: "${c.email}" }) { userProfileId } }`;
    await a.query(query);
    expect(await layerCounts(a)).toMatchObject({ 'memory:miss': 1, 'redis:miss': 1 });
    await b.query(query);
    expect(await layerCounts(b)).toMatchObject({ 'memory:miss': 1, 'redis:hit': 1 });
    // Another spelling of the same operation, so the whole-response layer cannot answer it.
    await b.query(`${query} `);
    expect(await layerCounts(b)).toMatchObject({ 'memory:hit': 1, 'redis:hit': 1 });
    await b.query(query);
    expect(await layerCounts(b)).toMatchObject({ 'memory:hit': 1, 'response:hit': 1 });
  });
});
