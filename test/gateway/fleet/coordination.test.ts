// Three real gateway processes sharing one Redis act as one client of Fashion.AI: a cold key
// costs one upstream call across the fleet, per-caller budgets are counted fleet-wide, and a
// lease holder that dies mid-call is taken over. Calls are counted at the sample upstream.
// Uses REDIS_URL (CI) or a redis-server it spawns; skipped, with the reason printed, without.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sampleCustomer, sampleProfile } from '../../../src/sample-upstream/index.ts';
import { startFleet } from '../../support/fleet.ts';
import type { Fleet, Replica } from '../../support/fleet.ts';
import { sleep } from '../../support/harness.ts';
import { locateRedis, reportSkip } from '../../support/redis.ts';

const redis = await locateRedis();
reportSkip(
  'fleet coordination across three replicas (test/gateway/fleet/coordination.test.ts)',
  redis,
);

const BATCH_KEY = 'batch-key-0123456789abcdef';
const WEB_KEY = 'web-key-fedcba9876543210xx';
const batch = { 'x-api-key': BATCH_KEY };
const web = { 'x-api-key': WEB_KEY };

const STYLE = `query($e: String!) { customer(by: { email: $e }) { userProfileId profile { summary { style } } } }`;
const expectedFor = (n: number) => ({
  data: {
    customer: {
      userProfileId: sampleCustomer(n).userProfileId,
      profile: { summary: { style: sampleProfile(n).profile.perfil_cliente.estilo_geral } },
    },
  },
});

describe.skipIf(!redis.available)('a fleet of three replicas sharing Redis', () => {
  let fleet: Fleet;
  beforeAll(async () => {
    if (!redis.available) return;
    fleet = await startFleet({
      redisUrl: redis.url,
      // Latency keeps the first call in flight while the other replicas ask.
      upstream: { latencyMs: 150 },
      env: {
        GATEWAY_API_KEYS: `batch:${BATCH_KEY},web:${WEB_KEY}`,
        UPSTREAM_BUDGETS: 'batch:50/min',
        // Generous budgets: the machine running the tests may be loaded. A live holder renews its
        // lease, so a short one only decides how soon a dead holder is taken over.
        UPSTREAM_TIMEOUT_MS: '10000',
        UPSTREAM_MAX_RETRIES: '0',
        CACHE_REDIS_TIMEOUT_MS: '1000',
        FLEET_LEASE_MS: '4000',
        // A Retry-After of 2 s counts as long here: the throttle pauses, and so does the fleet.
        UPSTREAM_THROTTLE_LONG_PAUSE_SECONDS: '2',
      },
    });
    // A fresh process answers its first operation slowly (compilation): not part of the figures.
    for (const r of fleet.replicas) await r.query(STYLE, { e: 'customer@example.com' }, web);
  }, 120_000);
  afterEach((context) => {
    // On failure, say whether a replica lost Redis meanwhile (it then decides alone).
    if (context.task.result?.state !== 'fail') return;
    for (const r of fleet.replicas) {
      const lines = r.process.output().split('\n');
      process.stderr.write(`${lines.filter((l) => /WARN|ERROR/.test(l)).join('\n')}\n`);
    }
  });
  afterAll(async () => {
    await fleet?.close();
    if (redis.available) await redis.owned?.kill();
  });

  it('300 identical cold requests spread over 3 replicas cost exactly 1 upstream call', async () => {
    const n = 701;
    fleet.upstream.resetStats();
    const responses = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        fleet.replicas[i % 3]!.query(STYLE, { e: sampleCustomer(n).email }, web),
      ),
    );
    for (const res of responses) expect(res.body).toEqual(expectedFor(n));
    expect(fleet.upstream.stats.calls).toBe(1);
    // The two replicas that did not call joined the one that did.
    let joined = 0;
    for (const r of fleet.replicas)
      joined += await r.metric('gateway_fleet_leases_total', 'joined');
    expect(joined).toBeGreaterThanOrEqual(1);
  });

  it('30 distinct cold customers, each asked on all 3 replicas at once, cost exactly 30 calls', async () => {
    fleet.upstream.resetStats();
    const asks = [];
    for (let n = 710; n < 740; n += 1) {
      for (const replica of fleet.replicas) {
        asks.push(
          replica.query(STYLE, { e: sampleCustomer(n).email }, web).then((res) => {
            expect(res.body).toEqual(expectedFor(n));
          }),
        );
      }
    }
    await Promise.all(asks);
    expect(fleet.upstream.stats.calls).toBe(30);
  });

  it('refuses a caller’s 51st cold lookup with UPSTREAM_BUDGET_EXCEEDED; its hits and other callers go on', async () => {
    fleet.upstream.resetStats();
    // 50 cold lookups at once, spread over the three replicas: counted fleet-wide, atomically.
    const spent = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        fleet.replicas[i % 3]!.query(STYLE, { e: sampleCustomer(750 + i).email }, batch),
      ),
    );
    spent.forEach((res, i) => expect(res.body).toEqual(expectedFor(750 + i)));
    expect(fleet.upstream.stats.calls).toBe(50);

    const refused = await fleet.replicas[2]!.query(STYLE, { e: sampleCustomer(800).email }, batch);
    expect(refused.body.data).toEqual({ customer: null });
    const error = refused.body.errors?.[0];
    expect(error?.extensions?.['code']).toBe('UPSTREAM_BUDGET_EXCEEDED');
    expect(error?.extensions?.['retryAfterSeconds']).toBeGreaterThanOrEqual(1);
    expect(error?.extensions?.['retryAfterSeconds']).toBeLessThanOrEqual(60);
    expect(error?.path).toEqual(['customer']);
    expect(fleet.upstream.stats.calls).toBe(50);

    // Its cache hits still succeed, on any replica.
    const hit = await fleet.replicas[0]!.query(STYLE, { e: sampleCustomer(751).email }, batch);
    expect(hit.body).toEqual(expectedFor(751));
    // Another caller's cold lookups still succeed, including the one refused to the first.
    for (const n of [800, 801]) {
      const res = await fleet.replicas[1]!.query(STYLE, { e: sampleCustomer(n).email }, web);
      expect(res.body).toEqual(expectedFor(n));
    }
    expect(fleet.upstream.stats.calls).toBe(52);
    let refusals = 0;
    for (const r of fleet.replicas) {
      refusals += await r.metric('gateway_upstream_budget_refusals_total', 'caller="batch"');
    }
    expect(refusals).toBe(1);
  });

  it('a lease holder whose call fails lets the others call at once, without waiting out its lease', async () => {
    const n = 810;
    const email = sampleCustomer(n).email;
    fleet.upstream.addFault({ fault: { type: 'status', status: 503 }, times: 1, match: email });
    const [a, b, c] = fleet.replicas as [Replica, Replica, Replica];
    const failed = a.query(STYLE, { e: email }, web);
    while (fleet.upstream.callsFor('email', email) < 1) await sleep(10);
    const asked = performance.now();
    const [fromB, fromC] = await Promise.all([b, c].map((r) => r.query(STYLE, { e: email }, web)));
    const tookMs = performance.now() - asked;
    // No retries in this fleet: A's caller gets the failure; B's and C's get the profile.
    expect((await failed).body.errors?.[0]?.extensions?.['code']).toBe('UPSTREAM_UNAVAILABLE');
    expect(fromB?.body).toEqual(expectedFor(n));
    expect(fromC?.body).toEqual(expectedFor(n));
    // Well under the 4 s lease they would otherwise have waited for (loosely: loaded machines).
    expect(tookMs).toBeLessThan(3000);
  });

  it('a lease holder killed mid-call is taken over within the lease time, and the others answer', async () => {
    const n = 820;
    const email = sampleCustomer(n).email;
    // The first call hangs: its replica holds the lease while we kill it.
    fleet.upstream.addFault({ fault: { type: 'hang' }, times: 1, match: email });
    fleet.upstream.resetStats();
    const [holder, b, c] = fleet.replicas as [Replica, Replica, Replica];
    const tookOver = async () =>
      (await b.metric('gateway_fleet_leases_total', 'took_over')) +
      (await c.metric('gateway_fleet_leases_total', 'took_over'));
    const tookOverBefore = await tookOver();
    const held = holder.query(STYLE, { e: email }, web).catch(() => undefined);
    while (fleet.upstream.callsFor('email', email) < 1) await sleep(10);
    const asked = performance.now();
    const answers = Promise.all([b, c].map((r) => r.query(STYLE, { e: email }, web)));
    // Past the upstream's 150 ms latency (a timer of this process, so it fires first): the
    // call is now in the hang, not cut before it.
    await sleep(400);
    await holder.kill();
    await held;
    const [fromB, fromC] = await answers;
    const tookMs = performance.now() - asked;
    expect(fromB?.body, JSON.stringify(fromB?.body.errors)).toEqual(expectedFor(n));
    expect(fromC?.body, JSON.stringify(fromC?.body.errors)).toEqual(expectedFor(n));
    // The hung call, then one take-over for the two survivors.
    expect(fleet.upstream.callsFor('email', email)).toBe(2);
    // Within the lease (4 s) plus the take-over's own call (150 ms here; bounded loosely).
    expect(tookMs).toBeLessThan(4000 + 2000);
    expect((await tookOver()) - tookOverBefore).toBe(1);
  });

  it('a long Retry-After seen by one replica pauses the others before they call', async () => {
    // The first replica was killed by the test before.
    const [, a, b] = fleet.replicas as [unknown, Replica, Replica];
    const first = sampleCustomer(830).email;
    fleet.upstream.addFault({
      fault: { type: 'status', status: 429, retryAfter: '2' },
      times: 1,
      match: first,
    });
    const limited = a.query(STYLE, { e: first }, web);
    // B pauses on A's word (through Redis), without a 429 of its own.
    while ((await b.metric('gateway_upstream_rate_limit_pauses_total')) < 1) await sleep(10);
    expect(await b.metric('gateway_upstream_requests_total', 'status="429"')).toBe(0);
    const asked = performance.now();
    const other = await b.query(STYLE, { e: sampleCustomer(831).email }, web);
    const waitedMs = performance.now() - asked;
    expect(other.body).toEqual(expectedFor(831));
    // B never called into the pause: its call went out once the 2 s were (nearly) over.
    expect(waitedMs).toBeGreaterThan(1000);
    // No retries in this fleet (UPSTREAM_MAX_RETRIES=0): A's caller is told when to come back.
    const refused = (await limited).body.errors?.[0]?.extensions;
    expect(refused).toEqual({ code: 'UPSTREAM_RATE_LIMITED', retryAfterSeconds: 2 });
  });
});
