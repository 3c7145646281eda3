// Mutation.invalidateCustomer: an admin API key drops a customer's cached profile on every
// replica (Redis delete + pub/sub to the other replicas' in-process copies); a read-only key
// is refused. The in-process-only case runs everywhere; the two-replica case needs Redis
// (REDIS_URL or redis-server) and is skipped, with the reason printed, without it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleCustomer } from '../../../src/sample-upstream/index.ts';
import { sleep, startHarness } from '../../support/harness.ts';
import type { Harness } from '../../support/harness.ts';
import { startReplicas } from '../../support/replicas.ts';
import type { Replicas } from '../../support/replicas.ts';
import { locateRedis, reportSkip } from '../../support/redis.ts';

const ADMIN_KEY = 'crm-admin-key-0123456789abcdef';
const READ_KEY = 'web-read-key-fedcba9876543210';
const KEYS = { GATEWAY_API_KEYS: `crm:${ADMIN_KEY}:admin, web:${READ_KEY}` };
const admin = { 'x-api-key': ADMIN_KEY };
const reader = { 'x-api-key': READ_KEY };

const INVALIDATE = `mutation($by: CustomerLookup!) { invalidateCustomer(by: $by) }`;
const PROFILE = `query($by: CustomerLookup!) { customer(by: $by) { userProfileId profile { summary { style } } } }`;

async function lookup(h: Harness, by: Record<string, string>) {
  const res = await h.query(PROFILE, { by }, reader);
  expect(res.body.errors).toBeUndefined();
  return res.body.data?.['customer'];
}

/** Pub/sub is asynchronous: give the other replica's message a moment to arrive. */
async function eventually(check: () => Promise<boolean>, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs} ms`);
    await sleep(20);
  }
}

describe('invalidateCustomer with the in-process cache', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: KEYS });
  });
  afterAll(() => h?.close());

  it('drops the entry and the one under userProfileId, so both lookups refetch', async () => {
    const c = sampleCustomer(51);
    await lookup(h, { email: c.email });
    await lookup(h, { userProfileId: c.userProfileId });
    expect(h.upstream.stats.calls).toBe(1);

    const res = await h.query(INVALIDATE, { by: { email: c.email.toUpperCase() } }, admin);
    expect(res.body).toEqual({ data: { invalidateCustomer: true } });

    await lookup(h, { userProfileId: c.userProfileId });
    await lookup(h, { email: c.email });
    expect(h.upstream.callsFor('userProfileId', c.userProfileId)).toBe(1);
    expect(h.upstream.callsFor('email', c.email)).toBe(2);
    expect(h.logs.some((l) => l.includes('Admin operation invalidateCustomer: ok'))).toBe(true);
    expect(h.logs.some((l) => l.includes(c.email))).toBe(false);
  });

  it('refuses a caller without profiles:admin (FORBIDDEN) and keeps the cache', async () => {
    const c = sampleCustomer(52);
    await lookup(h, { email: c.email });
    const res = await h.query(INVALIDATE, { by: { email: c.email } }, reader);
    expect(res.status).toBe(403);
    expect(res.body.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect(res.body.data?.['invalidateCustomer']).toBeUndefined();
    await lookup(h, { email: c.email });
    expect(h.upstream.callsFor('email', c.email)).toBe(1);
  });

  it('rejects a malformed identifier (BAD_USER_INPUT)', async () => {
    const res = await h.query(INVALIDATE, { by: { email: 'not-an-email' } }, admin);
    expect(res.body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
  });
});

const redis = await locateRedis();
reportSkip('invalidation across replicas (test/gateway/cache/invalidation.test.ts)', redis);

describe.skipIf(!redis.available)('invalidateCustomer across replicas sharing Redis', () => {
  let a: Harness;
  let b: Harness;
  let replicas: Replicas | undefined;
  beforeAll(async () => {
    if (!redis.available) return;
    replicas = await startReplicas(redis, KEYS);
    ({ a, b } = replicas);
  });
  afterAll(() => replicas?.close());

  it('reaches both replicas: Redis entry deleted, the other replica’s in-process copy dropped', async () => {
    const c = sampleCustomer(61);
    // Both replicas now hold the profile in their in-process layer, and Redis has it.
    await lookup(a, { email: c.email });
    await lookup(b, { email: c.email });
    await lookup(b, { userProfileId: c.userProfileId });
    expect(a.upstream.stats.calls).toBe(1);

    const res = await a.query(INVALIDATE, { by: { email: c.email } }, admin);
    expect(res.body).toEqual({ data: { invalidateCustomer: true } });

    // Replica b drops its copies when the message arrives, and Redis no longer has them.
    await eventually(async () => {
      await lookup(b, { userProfileId: c.userProfileId });
      return a.upstream.callsFor('userProfileId', c.userProfileId) === 1;
    });
    await lookup(b, { email: c.email });
    expect(a.upstream.callsFor('email', c.email)).toBe(2);
    // b's fresh fetch is shared again: a (whose own copy was dropped) gets it from Redis.
    await lookup(a, { email: c.email });
    expect(a.upstream.callsFor('email', c.email)).toBe(2);
  });
});
