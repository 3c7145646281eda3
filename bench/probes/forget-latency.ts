// How long Mutation.forgetCustomer takes with two replicas sharing Redis (erase in Redis,
// pub/sub to both replicas, their confirmations, the second delete), next to a cached lookup
// and to the same erasure with the in-process cache only. Needs redis-server on PATH, or
// REDIS_URL. A script, not a test:   node bench/probes/forget-latency.ts [customers]
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { loadConfig } from '../../src/config/config.ts';
import { sampleCustomer, startSampleUpstream } from '../../src/sample-upstream/index.ts';
import { buildServer } from '../../src/app/server.ts';
import { locateRedis } from '../../test/support/redis.ts';
import { percentile } from '../../test/support/stats.ts';

const customers = Number(process.argv[2] ?? 200);
const ADMIN = 'bench-admin-key-0123456789abcdef';
const FORGET = `mutation($by: CustomerLookup!) { forgetCustomer(by: $by) { droppedEntries complete replicasConfirmed } }`;
const LOOKUP = `query($by: CustomerLookup!) { customer(by: $by) { userProfileId } }`;

async function post(url: string, query: string, variables: object): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': ADMIN },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as {
    errors?: unknown[];
    data?: { forgetCustomer?: { complete: boolean } };
  };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  if (body.data?.forgetCustomer && !body.data.forgetCustomer.complete)
    throw new Error('incomplete erasure');
  return performance.now() - started;
}

const summary = (xs: number[]) =>
  `p50 ${percentile(xs, 50).toFixed(2)} ms  p95 ${percentile(xs, 95).toFixed(2)} ms`;

async function measure(
  label: string,
  env: Record<string, string>,
  replicaCount: number,
): Promise<void> {
  const token = `bench-${randomBytes(8).toString('hex')}`;
  const upstream = await startSampleUpstream({ token });
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    FASHIONAI_APP_TOKEN: token,
    FASHIONAI_API_URL: upstream.url,
    GATEWAY_API_KEYS: `bench:${ADMIN}:admin`,
    RESPONSE_CACHE_TTL_MS: '0',
    ...env,
  });
  const gateways = await Promise.all(
    Array.from({ length: replicaCount }, () => buildServer(config, pino({ level: 'silent' }))),
  );
  const urls = await Promise.all(gateways.map((g) => g.listen(0, '127.0.0.1')));
  await sleep(300); // both connected to Redis
  const lookups: number[] = [];
  const erasures: number[] = [];
  for (let i = 1; i <= customers; i++) {
    const c = sampleCustomer(i);
    for (const [n, url] of urls.entries()) {
      await post(url, LOOKUP, { by: { email: c.email } });
      await post(url, LOOKUP, { by: { phone: c.phone } });
      lookups.push(
        await post(url, LOOKUP, { by: n === 0 ? { document: c.document } : { email: c.email } }),
      );
    }
    erasures.push(await post(urls[0] as string, FORGET, { by: { document: c.document } }));
  }
  console.log(
    `${label.padEnd(34)} forgetCustomer ${summary(erasures)}   a lookup ${summary(lookups)}`,
  );
  for (const g of gateways) await g.close();
  await upstream.close();
}

const found = await locateRedis();
if (!found.available) throw new Error(`this probe needs Redis: ${found.reason}`);
const redis = { url: found.url, stop: () => void found.owned?.kill() };
try {
  console.log(`${customers} shoppers, each looked up by e-mail, phone and document first`);
  await measure('in-process cache, 1 replica', {}, 1);
  const shared = { CACHE_URL: redis.url, CACHE_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
  await measure('Redis (sealed), 2 replicas', shared, 2);
} finally {
  redis.stop();
}
