// Command-line options of `npm run bench`, turned into the Settings every scenario reads.
// `--quick` shortens everything for CI; `--check` is a quick run that fails on gross regressions.
import { parseArgs } from 'node:util';
import type { Settings, TargetName } from './results.ts';

const targetNames: Record<string, TargetName> = {
  gateway: 'gateway',
  redis: 'gateway on Redis',
  cluster: 'gateway on Redis Cluster',
  rest: 'RESTDataSource',
  raw: 'raw',
  upstream: 'upstream alone',
};

export const usage = `Usage: node bench/run.ts [options]
  --duration <s>          seconds of measured load per scenario (default 10; 3 with --quick)
  --quick                 short run for CI: 3 s scenarios, fewer burst rounds, 20,000-customer memory run
  --check                 a --quick run that exits 1 on gross regressions (skips baselines)
  --latency <ms>          sample upstream latency per call (default 20)
  --connections <n>       concurrent connections for throughput scenarios (default 32)
  --customers <n>         customers the sample upstream knows (default 200000)
  --memory-customers <n>  distinct customers in the memory scenario (default 100000)
  --max-concurrency <n>   UPSTREAM_MAX_CONCURRENCY given to the gateway (default 32)
  --burst-rounds <n>      bursts of 200 identical requests (default 10; 3 with --quick)
  --baselines / --no-baselines  run the raw, RESTDataSource and upstream-alone baselines
                          (default: on, off with --check)
  --targets <list>        only these targets, comma-separated: gateway,redis,cluster,rest,raw,
                          upstream (redis and cluster: the gateway on one redis-server and on a
                          six-node Redis Cluster, hot scenarios only; skipped with a printed
                          reason when redis-server is not on PATH)
  --base <dir>            also run the gateway of another checkout (its own node_modules or a
                          symlink to these) as "gateway (base)", right before this one
  --gateway-env <N=v>     a setting for the gateway target only (repeatable), e.g.
                          --gateway-env GRAPHQL_EXECUTOR=jit --base .
  --scenarios <list>      only these scenarios, comma-separated: hot,hot-varied,batch-hot,cold,
                          batch-cold,burst,memory (for iterating; --check needs them all)`;

function parseTargets(raw: string | undefined, baselines: boolean): TargetName[] {
  if (raw === undefined) return baselines ? Object.values(targetNames) : ['gateway'];
  return raw.split(',').map((name) => {
    const target = targetNames[name.trim()];
    if (target === undefined) {
      throw new Error(
        `--targets: unknown target "${name}" (known: ${Object.keys(targetNames).join(', ')})`,
      );
    }
    return target;
  });
}

function positive(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`--${name} must be a positive number, got "${raw}"`);
  }
  return value;
}

/** `NAME=value` pairs given on the command line, as an environment for a gateway. */
export function settingsFrom(pairs: string[]): Record<string, string> {
  return Object.fromEntries(
    pairs.map((pair) => {
      const at = pair.indexOf('=');
      if (at <= 0) throw new Error(`a gateway setting must be NAME=value, got "${pair}"`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
}

export function parseSettings(argv: string[]): Settings | 'help' {
  const { values } = parseArgs({
    args: argv,
    allowNegative: true,
    options: {
      duration: { type: 'string' },
      quick: { type: 'boolean', default: false },
      check: { type: 'boolean', default: false },
      latency: { type: 'string' },
      connections: { type: 'string' },
      customers: { type: 'string' },
      'memory-customers': { type: 'string' },
      'max-concurrency': { type: 'string' },
      'burst-rounds': { type: 'string' },
      baselines: { type: 'boolean' },
      targets: { type: 'string' },
      scenarios: { type: 'string' },
      base: { type: 'string' },
      'gateway-env': { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  const check = values.check;
  const quick = values.quick || check;
  const durationSeconds = positive('duration', values.duration, quick ? 3 : 10);
  return {
    durationSeconds,
    warmupSeconds: quick ? 1 : 2,
    connections: Math.round(positive('connections', values.connections, 32)),
    latencyMs: positive('latency', values.latency, 20),
    customerCount: Math.round(positive('customers', values.customers, 200_000)),
    memoryCustomers: Math.round(
      positive('memory-customers', values['memory-customers'], quick ? 20_000 : 100_000),
    ),
    maxConcurrency: Math.round(positive('max-concurrency', values['max-concurrency'], 32)),
    burstSize: 200,
    burstRounds: Math.round(positive('burst-rounds', values['burst-rounds'], quick ? 3 : 10)),
    quick,
    check,
    targets: parseTargets(values.targets, values.baselines ?? !check),
    gatewayEnv: settingsFrom(values['gateway-env']),
    ...(values.base === undefined ? {} : { baseDir: values.base }),
    ...(values.scenarios === undefined
      ? {}
      : { scenarios: values.scenarios.split(',').map((name) => name.trim()) }),
  };
}
