// What fleet single-flight adds to a cold miss: two gateways on one Redis, one taking a lease
// per cold key (FLEET_SINGLE_FLIGHT=true) and one not, answer distinct cold customers in turn;
// the report gives p50/p99 of each and the difference, then the latency of an erasure
// (forgetCustomer) of a customer cached under three identifiers. Run on one Redis and on a
// six-node Redis Cluster (redis-server on PATH), in one run so the two compare.
//   node bench/probes/fleet-cold-miss.ts [--lookups 2000] [--erasures 200] [--topology both]
import { parseArgs } from 'node:util';
import { locateRedis } from '../../test/support/redis.ts';
import { startCluster } from '../../test/support/redis-cluster.ts';
import { percentile } from '../../test/support/stats.ts';
import { loadConfig } from '../../src/config/config.ts';
import { createLogger } from '../../src/logging.ts';
import { sampleCustomer, startSampleUpstream } from '../../src/sample-upstream/index.ts';
import { buildServer } from '../../src/app/server.ts';

const { values } = parseArgs({
  options: {
    lookups: { type: 'string', default: '2000' },
    erasures: { type: 'string', default: '200' },
    topology: { type: 'string', default: 'both' },
  },
});
const LOOKUPS = Number(values.lookups);
const ERASURES = Number(values.erasures);
const WARM_UP = 200;
const TOKEN = 'fleet-cold-miss-bench-token';
const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';
const QUERY = `query($e: String!) { customer(by: { email: $e }) { userProfileId } }`;
const BY = `query($by: CustomerLookup!) { customer(by: $by) { userProfileId } }`;
const FORGET = `mutation($e: String!) { forgetCustomer(by: { email: $e }) { complete } }`;
const logger = createLogger({ level: 'silent', pretty: false });
const ms = (n: number | undefined) => `${(n ?? NaN).toFixed(2)} ms`;
const summary = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
};

async function post(url: string, query: string, variables: Record<string, unknown>) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': ADMIN_KEY },
    body: JSON.stringify({ query, variables }),
  });
  return res.text();
}

async function measure(label: string, redisUrl: string): Promise<void> {
  const upstream = await startSampleUpstream({
    token: TOKEN,
    customerCount: 2 * LOOKUPS + 2 * WARM_UP + ERASURES + 1,
  });
  const gateways = await Promise.all(
    ['true', 'false'].map(async (singleFlight) => {
      const config = loadConfig({
        NODE_ENV: 'test',
        FASHIONAI_API_URL: upstream.url,
        FASHIONAI_APP_TOKEN: TOKEN,
        CACHE_URL: redisUrl,
        FLEET_SINGLE_FLIGHT: singleFlight,
        DEBUG_EXTENSIONS: 'false',
        GATEWAY_API_KEYS: `bench:${ADMIN_KEY}:admin`,
      });
      const gateway = await buildServer(config, logger);
      const url = await gateway.listen(0, '127.0.0.1');
      return { gateway, url, times: [] as number[] };
    }),
  );
  await new Promise((r) => setTimeout(r, 1000)); // both connected to Redis

  let customer = 0;
  for (let i = 0; i < WARM_UP + LOOKUPS; i += 1) {
    // Interleaved, so both see the same moments of a shared machine.
    for (const g of gateways) {
      const email = sampleCustomer((customer += 1)).email;
      const started = performance.now();
      await post(g.url, QUERY, { e: email });
      if (i >= WARM_UP) g.times.push(performance.now() - started);
    }
  }
  const [withLease, without] = gateways.map((g) => summary(g.times));
  console.log(`${label}: cold misses ${LOOKUPS} each, upstream calls ${upstream.stats.calls}`);
  console.log(`  with lease    p50 ${ms(withLease?.p50)}  p99 ${ms(withLease?.p99)}`);
  console.log(`  without lease p50 ${ms(without?.p50)}  p99 ${ms(without?.p99)}`);
  console.log(
    `  added by the lease: p50 ${ms((withLease?.p50 ?? 0) - (without?.p50 ?? 0))}, p99 ${ms((withLease?.p99 ?? 0) - (without?.p99 ?? 0))}`,
  );

  // Erasures: each customer cached under three identifiers on both gateways first.
  const erasureTimes: number[] = [];
  for (let i = 0; i < ERASURES; i += 1) {
    const c = sampleCustomer((customer += 1));
    for (const g of gateways) {
      for (const by of [{ email: c.email }, { phone: c.phone }, { document: c.document }]) {
        await post(g.url, BY, { by });
      }
    }
    const started = performance.now();
    await post(gateways[0]!.url, FORGET, { e: c.email });
    erasureTimes.push(performance.now() - started);
  }
  const erasure = summary(erasureTimes);
  console.log(
    `  erasure (2 replicas, 3 identifiers) p50 ${ms(erasure.p50)}  p99 ${ms(erasure.p99)}`,
  );
  for (const g of gateways) await g.gateway.close();
  await upstream.close();
}

if (values.topology !== 'cluster') {
  const found = await locateRedis();
  if (!found.available) throw new Error(`this probe needs Redis: ${found.reason}`);
  await measure('one Redis', found.url);
  await found.owned?.kill();
}
if (values.topology !== 'single') {
  const cluster = await startCluster();
  await measure('Redis Cluster (3 masters + 3 replicas)', cluster.url);
  await cluster.close();
}
