// `npm run bench:ab`: before/after figures for one change on a shared, noisy machine. Two
// gateways (this checkout and --base, or this one with --env settings on one side) take
// hot-varied traffic in alternating slices of a few seconds, so a drift in the machine's load hits
// both alike; it prints each side's CPU per request and the median of the per-round ratios.
// --cache / --base-cache put a side in front of a Redis this probe starts (and stops): `redis`
// (one redis-server) or `cluster` (a six-node Redis Cluster), each sealed with its own key.
// Usage: node bench/probes/ab.ts [--base <dir>] [--env N=v ...] [--base-env N=v ...]
//          [--cache redis|cluster] [--base-cache redis|cluster] [--rounds n] [--slice s]
//   e.g. --base-cache redis --cache cluster: what the cluster costs the hot path, interleaved.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FreshCustomers } from '../customers.ts';
import { storefrontPlan, warmStorefront } from '../hot-varied.ts';
import { runLoad } from '../load.ts';
import { settingsFrom } from '../options.ts';
import { meterProcess } from '../measure.ts';
import { installCleanup, startGateway, startUpstream, type TargetProcess } from '../processes.ts';
import type { Target } from '../results.ts';
import { startBenchRedis, type RedisKind } from '../redis.ts';
import { redisServerBinary } from '../../test/support/redis.ts';

function cacheKind(option: string, raw: string | undefined): RedisKind | undefined {
  if (raw === undefined || raw === 'redis' || raw === 'cluster') return raw;
  throw new Error(`--${option} must be redis or cluster, got "${raw}"`);
}

const onCache = { redis: ', on Redis', cluster: ', on Redis Cluster' } as const;

interface Side {
  label: string;
  target: Target;
  plan: ReturnType<typeof storefrontPlan>;
  cpuMicros: number;
  requests: number;
  errors: number;
  seconds: number;
  perRound: number[];
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};

function options() {
  const { values } = parseArgs({
    options: {
      base: { type: 'string' },
      env: { type: 'string', multiple: true, default: [] },
      'base-env': { type: 'string', multiple: true, default: [] },
      rounds: { type: 'string', default: '10' },
      connections: { type: 'string', default: '32' },
      slice: { type: 'string', default: '2' },
      cache: { type: 'string' },
      'base-cache': { type: 'string' },
    },
  });
  const caches = {
    base: cacheKind('base-cache', values['base-cache']),
    change: cacheKind('cache', values.cache),
  };
  const redisBinary = redisServerBinary();
  if ((caches.base ?? caches.change) !== undefined && redisBinary === undefined) {
    throw new Error('--cache/--base-cache need redis-server on PATH');
  }
  return { values, caches, redisBinary };
}

async function main({ values, caches, redisBinary }: ReturnType<typeof options>): Promise<void> {
  installCleanup();
  const token = 'bench-sample-upstream-token';
  const upstream = await startUpstream({ token, customerCount: 20_000, latencyMs: 20 });
  const started: TargetProcess[] = [];
  const redises: { stop(): Promise<void> }[] = [];
  const start = async (
    label: string,
    env: Record<string, string>,
    cache: RedisKind | undefined,
    cwd?: string,
  ) => {
    const redis = cache === undefined ? undefined : await startBenchRedis(cache, redisBinary!);
    if (redis !== undefined) redises.push(redis);
    const process = await startGateway({
      upstreamUrl: upstream.url,
      token,
      maxConcurrency: 32,
      env: { ...redis?.env, ...env },
      ...(cwd === undefined ? {} : { cwd }),
    });
    started.push(process);
    const target: Target = { name: 'gateway', process, fresh: new FreshCustomers(20_000) };
    await warmStorefront(target);
    const side: Side = {
      label,
      target,
      plan: storefrontPlan(target),
      cpuMicros: 0,
      requests: 0,
      errors: 0,
      seconds: 0,
      perRound: [],
    };
    return side;
  };
  try {
    const on = (cache: RedisKind | undefined) => (cache === undefined ? '' : onCache[cache]);
    const baseLabel =
      (values.base === undefined ? 'base (this checkout' : `base (${values.base}`) +
      `${on(caches.base)})`;
    const sides = [
      await start(
        baseLabel,
        settingsFrom(values['base-env']),
        caches.base,
        values.base === undefined ? undefined : resolve(values.base),
      ),
      await start(`this checkout${on(caches.change)}`, settingsFrom(values.env), caches.change),
    ];
    const connections = Number(values.connections);
    const slice = Number(values.slice);
    for (const side of sides) await runLoad({ ...side.plan, connections, duration: 2 });
    for (let round = 0; round < Number(values.rounds); round += 1) {
      // Alternate which side goes first, so neither always follows the other's GC debt.
      const order = round % 2 === 0 ? sides : [...sides].reverse();
      for (const side of order) {
        const meter = meterProcess(side.target.process.pid, [upstream.pid]);
        const outcome = await runLoad({ ...side.plan, connections, duration: slice });
        const usage = meter.stop();
        side.cpuMicros += usage.cpuMicros;
        side.requests += outcome.sent;
        side.seconds += outcome.seconds;
        side.errors += outcome.non2xx + outcome.transportErrors + outcome.graphqlErrors;
        side.perRound.push(usage.cpuMicros / Math.max(1, outcome.sent));
      }
    }
    const [base, change] = sides as [Side, Side];
    for (const side of sides) {
      console.log(
        `${side.label}: ${(side.requests / side.seconds).toFixed(0)} req/s, ${(side.cpuMicros / side.requests).toFixed(1)} µs CPU/request (median round ${median(side.perRound).toFixed(1)}), ${side.errors} errors`,
      );
    }
    const ratios = change.perRound.map((value, i) => value / (base.perRound[i] ?? NaN));
    console.log(
      `CPU per request, this / base: ${(change.cpuMicros / change.requests / (base.cpuMicros / base.requests)).toFixed(3)} overall, median of rounds ${median(ratios).toFixed(3)} (${ratios.map((r) => r.toFixed(2)).join(' ')})`,
    );
  } finally {
    for (const process of started) await process.stop();
    for (const redis of redises) await redis.stop();
    await upstream.stop();
  }
}

let parsed: ReturnType<typeof options>;
try {
  parsed = options();
} catch (error) {
  console.error(`bench:ab: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}
main(parsed).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('bench:ab failed:', error);
    process.exit(1);
  },
);
