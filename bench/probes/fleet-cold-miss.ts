// What fleet single-flight adds to a cold miss: two gateways on one Redis, one taking a lease
// per cold key (FLEET_SINGLE_FLIGHT=true) and one not, answer distinct cold customers in turn;
// the report gives p50/p99 of each and the difference. Needs REDIS_URL or redis-server on PATH.
//   node bench/probes/fleet-cold-miss.ts [--lookups 2000]
import { parseArgs } from 'node:util';
import { locateRedis } from '../../test/support/redis.ts';
import { percentile } from '../../test/support/stats.ts';
import { loadConfig } from '../../src/config/config.ts';
import { createLogger } from '../../src/logging.ts';
import { sampleCustomer, startSampleUpstream } from '../../src/sample-upstream/index.ts';
import { buildServer } from '../../src/app/server.ts';

const { values } = parseArgs({ options: { lookups: { type: 'string', default: '2000' } } });
const LOOKUPS = Number(values.lookups);
const WARM_UP = 200;
const TOKEN = 'fleet-cold-miss-bench-token';
const QUERY = `query($e: String!) { customer(by: { email: $e }) { userProfileId } }`;

const found = await locateRedis();
if (!found.available) throw new Error(`this probe needs Redis: ${found.reason}`);
const redis = { url: found.url, stop: () => void found.owned?.kill() };
const upstream = await startSampleUpstream({
  token: TOKEN,
  customerCount: 2 * LOOKUPS + 2 * WARM_UP,
});
const logger = createLogger({ level: 'silent', pretty: false });
const gateways = await Promise.all(
  ['true', 'false'].map(async (singleFlight) => {
    const config = loadConfig({
      NODE_ENV: 'test',
      FASHIONAI_API_URL: upstream.url,
      FASHIONAI_APP_TOKEN: TOKEN,
      CACHE_URL: redis.url,
      FLEET_SINGLE_FLIGHT: singleFlight,
      DEBUG_EXTENSIONS: 'false',
    });
    const gateway = await buildServer(config, logger);
    return {
      singleFlight,
      gateway,
      url: await gateway.listen(0, '127.0.0.1'),
      times: [] as number[],
    };
  }),
);
await new Promise((r) => setTimeout(r, 500)); // both connected to Redis

let customer = 0;
for (let i = 0; i < WARM_UP + LOOKUPS; i += 1) {
  // Interleaved, so both see the same moments of a shared machine.
  for (const g of gateways) {
    const email = sampleCustomer((customer += 1)).email;
    const started = performance.now();
    const res = await fetch(`${g.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: QUERY, variables: { e: email } }),
    });
    await res.text();
    if (i >= WARM_UP) g.times.push(performance.now() - started);
  }
}

const [withLease, without] = gateways.map((g) => {
  const sorted = [...g.times].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
});
const ms = (n: number | undefined) => `${(n ?? NaN).toFixed(2)} ms`;
console.log(`cold misses: ${LOOKUPS} each, upstream calls ${upstream.stats.calls}`);
console.log(`with lease    p50 ${ms(withLease?.p50)}  p99 ${ms(withLease?.p99)}`);
console.log(`without lease p50 ${ms(without?.p50)}  p99 ${ms(without?.p99)}`);
console.log(
  `added by the lease: p50 ${ms((withLease?.p50 ?? 0) - (without?.p50 ?? 0))}, p99 ${ms((withLease?.p99 ?? 0) - (without?.p99 ?? 0))}`,
);
for (const g of gateways) await g.gateway.close();
await upstream.close();
redis.stop();
