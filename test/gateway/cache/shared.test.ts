// Two gateway replicas behind one Redis (CACHE_URL): a profile fetched by one replica is served
// by the other without an upstream call. Uses REDIS_URL (CI starts one) or a redis-server it
// spawns; skipped, with the reason printed, when there is neither.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleCustomer } from '../../../src/sample-upstream/index.ts';
import { FULL_PROFILE_FIELDS } from '../../support/harness.ts';
import type { Harness } from '../../support/harness.ts';
import { startReplicas } from '../../support/replicas.ts';
import type { Replicas } from '../../support/replicas.ts';
import { locateRedis, reportSkip } from '../../support/redis.ts';

const redis = await locateRedis();
reportSkip('shared cache across replicas (test/gateway/cache/shared.test.ts)', redis);

const QUERY = `query($by: [CustomerLookup!]!) {
  customers(by: $by) { userProfileId profile { ${FULL_PROFILE_FIELDS} } }
}`;

describe.skipIf(!redis.available)('a shared Redis cache across replicas', () => {
  let a: Harness;
  let b: Harness;
  let replicas: Replicas | undefined;
  beforeAll(async () => {
    if (!redis.available) return;
    replicas = await startReplicas(redis);
    ({ a, b } = replicas);
  });
  afterAll(() => replicas?.close());

  it('serves a profile fetched by one replica from the other with zero upstream calls', async () => {
    const [c1, c2, c3] = [sampleCustomer(101), sampleCustomer(102), sampleCustomer(103)];
    a.upstream.resetStats();
    const first = await a.query(QUERY, {
      by: [{ email: c1.email }, { phone: c2.phone }, { document: c3.document }],
    });
    expect(first.body.errors).toBeUndefined();
    expect(a.upstream.stats.calls).toBe(3);

    a.upstream.resetStats();
    // Other spellings of the same identifiers normalise to the same cache keys.
    const second = await b.query(QUERY, {
      by: [
        { email: ` ${c1.email.toUpperCase()} ` },
        { phone: `+${c2.phone}` },
        { document: c3.document },
      ],
    });
    expect(second.body).toEqual(first.body);
    expect(a.upstream.stats.calls).toBe(0);

    // The fetch by e-mail also stored the profile under Fashion.AI's own id.
    const byId = await b.query(QUERY, { by: [{ userProfileId: c1.userProfileId }] });
    expect(byId.body.errors).toBeUndefined();
    expect(a.upstream.stats.calls).toBe(0);
  });

  it('shares remembered misses (404) too', async () => {
    a.upstream.resetStats();
    const query = `{ customer(by: { email: "nobody-shared@example.com" }) { userProfileId } }`;
    expect((await a.query(query)).body).toEqual({ data: { customer: null } });
    expect((await b.query(query)).body).toEqual({ data: { customer: null } });
    expect(a.upstream.stats.calls).toBe(1);
  });

  it('reports the shared cache as up in /readyz', async () => {
    const res = await fetch(`${b.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ready',
      cache: { backend: 'redis', degraded: false, shared: 'up' },
    });
  });
});
