// Encryption at rest in the shared cache, as a security reviewer would check it: with read
// access to Redis (SCAN + GET of every key) nothing served is readable; a value moved to
// another key, altered, or sealed with a retired key is a counted miss and the right profile
// is fetched again; values sealed with the old key are read after a rotation. Needs Redis
// (redis-server on PATH); skipped, with the reason printed, without it.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleCustomer, sampleProfile } from '../../../src/sample-upstream/index.ts';
import { startHarness } from '../../support/harness.ts';
import type { Harness } from '../../support/harness.ts';
import { ownedRedis, reportSkip } from '../../support/redis.ts';
import { dumpRedis, rawRedis, redisKeysFor } from '../../support/redis-inspect.ts';
import { readMetric } from '../../support/metrics.ts';
import type { RawRedis } from '../../support/redis-inspect.ts';
import { waitForSharedCache } from '../../support/readiness.ts';

const OLD_KEY = randomBytes(32).toString('base64');
const NEW_KEY = randomBytes(32).toString('base64');
const PROFILE = `query($by: CustomerLookup!) { customer(by: $by) { userProfileId
  profile { summary { description style } purchaseMoment { summary recentNavigation } contentHooks } } }`;
const BATCH = `query($by: [CustomerLookup!]!) { customers(by: $by) { userProfileId profile { summary { description } } } }`;
const UNREADABLE = (reason: string) => `gateway_cache_unreadable_total{reason="${reason}"}`;

/**
 * Every unreadable read counts. One lookup reads the value once, or twice when the fleet's
 * single-flight finds the key's value just landed and reads the shared cache again before
 * calling: a counted miss is 1 or 2, never 0.
 */
function expectCountedMiss(count: number, before = 0) {
  expect(count - before).toBeGreaterThanOrEqual(1);
  expect(count - before).toBeLessThanOrEqual(2);
}

async function lookup(h: Harness, by: Record<string, string>) {
  const res = await h.query(PROFILE, { by });
  expect(res.body.errors).toBeUndefined();
  return res.body.data?.['customer'] as { userProfileId: string } | null;
}

/** Distinctive Portuguese texts of a sample profile: what a reader of Redis must not find. */
function phrasesOf(i: number): string[] {
  const { profile } = sampleProfile(i);
  return [
    profile.perfil_cliente?.descricao_geral,
    profile.perfil_cliente?.estilo_geral,
    profile.momento_compra_atual?.resumo_momento,
    profile.momento_compra_atual?.navegacoes?.[0],
    profile.ganchos_conteudo?.[0],
  ].filter((p): p is string => typeof p === 'string' && p.length > 0);
}

// A Redis of this suite's own, never a shared REDIS_URL: every key in it and every replica on
// its channels belong to this suite, whatever other suites run at the same time.
const redis = await ownedRedis();
reportSkip('shared-cache encryption (test/gateway/cache/encryption.test.ts)', redis);

describe.skipIf(!redis.available)('values in Redis are sealed (AES-256-GCM)', () => {
  let a: Harness;
  const replicas: Harness[] = [];
  let raw: RawRedis;
  const url = redis.available ? redis.url : '';

  /** Another replica on the same Redis and upstream, with its own key list. */
  async function replica(env: Record<string, string>): Promise<Harness> {
    const h = await startHarness({ env: { CACHE_URL: url, ...env }, replicaOf: a });
    replicas.push(h);
    await waitForSharedCache(h.url, 'up');
    return h;
  }

  beforeAll(async () => {
    if (!redis.available) return;
    a = await startHarness({ env: { CACHE_URL: url, CACHE_ENCRYPTION_KEY: OLD_KEY } });
    await waitForSharedCache(a.url, 'up');
    raw = await rawRedis(url);
  });
  afterAll(async () => {
    if (raw?.isOpen) raw.destroy();
    for (const h of replicas.reverse()) await h.close();
    await a?.close();
    if (redis.available) await redis.owned?.kill();
  });

  it('a SCAN + GET of every key finds no identifier and no profile text served', async () => {
    const indexes = [0, 3, 4, 5, 6, 7];
    const b = await replica({ CACHE_ENCRYPTION_KEY: OLD_KEY });
    // Mixed traffic: each kind of identifier, a batch, both replicas, a repeat (hit).
    for (const i of indexes) {
      const c = sampleCustomer(i);
      await lookup(a, { email: c.email });
      await lookup(b, { phone: c.phone });
      await lookup(a, { document: c.document });
    }
    const batch = indexes.map((i) => ({ userProfileId: sampleCustomer(i).userProfileId }));
    const res = await b.query(BATCH, { by: batch });
    expect(res.body.errors).toBeUndefined();
    await lookup(a, { email: sampleCustomer(0).email.toUpperCase() });

    const dump = await dumpRedis(raw);
    expect(dump.size).toBeGreaterThanOrEqual(indexes.length * 4); // entries and indexes are there
    const everything = [...dump].map(([k, v]) => `${k}\n${v}`).join('\n');
    const secrets = indexes.flatMap((i) => {
      const c = sampleCustomer(i);
      return [c.email, c.phone, c.document, c.userProfileId, ...phrasesOf(i)];
    });
    expect(secrets.length).toBeGreaterThan(40);
    for (const secret of secrets) expect(everything).not.toContain(secret);
    // Words of the documented example, in any case, and any JSON of a profile.
    for (const word of ['perfil_cliente', 'descricao_geral', 'Casual-elegante', 'visualizou']) {
      expect(everything.toLowerCase()).not.toContain(word.toLowerCase());
    }
  });

  it('control: the same search finds a profile written by a replica with CACHE_ENCRYPTION=off', async () => {
    const plain = await replica({ CACHE_ENCRYPTION: 'off' });
    const c = sampleCustomer(8);
    await lookup(plain, { email: c.email });
    const value = await raw.get(redisKeysFor(a.token).entry(`email:${c.email}`));
    expect(value).toContain(phrasesOf(8)[0]);
    expect(plain.logs.some((l) => l.includes('CACHE_ENCRYPTION=off'))).toBe(true);
    await raw.del(redisKeysFor(a.token).entry(`email:${c.email}`));
  });

  it('a value moved under another key is a counted miss, and the right profile is fetched', async () => {
    const keys = redisKeysFor(a.token);
    const x = sampleCustomer(11);
    const y = sampleCustomer(12);
    await lookup(a, { email: x.email });
    await lookup(a, { email: y.email });
    const xValue = await raw.get(keys.entry(`email:${x.email}`));
    expect(xValue).toBeTruthy();
    await raw.set(keys.entry(`email:${y.email}`), xValue as string, { PX: 60_000 });

    const fresh = await replica({ CACHE_ENCRYPTION_KEY: OLD_KEY }); // no copy in its memory
    const before = await readMetric(fresh.url, UNREADABLE('unauthenticated'));
    expect((await lookup(fresh, { email: y.email }))?.userProfileId).toBe(y.userProfileId);
    expect(a.upstream.callsFor('email', y.email)).toBe(2);
    expectCountedMiss(await readMetric(fresh.url, UNREADABLE('unauthenticated')), before);
  });

  it('a value with one flipped byte is a counted miss, and the profile is fetched again', async () => {
    const keys = redisKeysFor(a.token);
    const z = sampleCustomer(13);
    await lookup(a, { email: z.email });
    const key = keys.entry(`email:${z.email}`);
    const stored = JSON.parse((await raw.get(key)) as string) as { value: string };
    const [version, keyId, payload] = stored.value.split('.') as [string, string, string];
    const bytes = Buffer.from(payload, 'base64url');
    bytes[20] = (bytes[20] as number) ^ 0x01; // inside the ciphertext
    stored.value = `${version}.${keyId}.${bytes.toString('base64url')}`;
    await raw.set(key, JSON.stringify(stored), { PX: 60_000 });

    const fresh = await replica({ CACHE_ENCRYPTION_KEY: OLD_KEY });
    expect((await lookup(fresh, { email: z.email }))?.userProfileId).toBe(z.userProfileId);
    expect(a.upstream.callsFor('email', z.email)).toBe(2);
    expectCountedMiss(await readMetric(fresh.url, UNREADABLE('unauthenticated')));
  });

  it('rotation: with the new key first, values sealed with the old one are still read', async () => {
    const r = sampleCustomer(14);
    await lookup(a, { phone: r.phone }); // sealed with OLD_KEY
    const rotated = await replica({ CACHE_ENCRYPTION_KEYS: `${NEW_KEY},${OLD_KEY}` });
    expect((await lookup(rotated, { phone: r.phone }))?.userProfileId).toBe(r.userProfileId);
    expect(a.upstream.callsFor('phone', r.phone)).toBe(1); // a Redis hit, no new call
    expect(
      await readMetric(rotated.url, 'gateway_cache_lookups_total{layer="redis",result="hit"}'),
    ).toBe(1);
    // What the rotated replica writes is sealed with the new key, which the old one reads not.
    const s = sampleCustomer(15);
    await lookup(rotated, { phone: s.phone });
    const keyIdOf = async (phone: string) => {
      const stored = await raw.get(redisKeysFor(a.token).entry(`phone:${phone}`));
      return (JSON.parse(stored as string) as { value: string }).value.split('.')[1];
    };
    expect(await keyIdOf(s.phone)).not.toBe(await keyIdOf(r.phone));
    const old = await replica({ CACHE_ENCRYPTION_KEY: OLD_KEY });
    await lookup(old, { phone: s.phone });
    expect(a.upstream.callsFor('phone', s.phone)).toBe(2);
  });

  it('a value sealed with a retired key is a counted miss, and the profile is fetched again', async () => {
    const t = sampleCustomer(16);
    await lookup(a, { document: t.document }); // sealed with OLD_KEY
    const retired = await replica({ CACHE_ENCRYPTION_KEY: NEW_KEY }); // OLD_KEY no longer listed
    expect((await lookup(retired, { document: t.document }))?.userProfileId).toBe(t.userProfileId);
    expect(a.upstream.callsFor('document', t.document)).toBe(2);
    expectCountedMiss(await readMetric(retired.url, UNREADABLE('unknown_key')));
    // No error reached the client, and nothing about the key reached the logs.
    expect(retired.logs.join('\n')).not.toContain(OLD_KEY);
    expect(retired.logs.join('\n')).not.toContain(NEW_KEY);
  });
});
