// `npm run bench`: starts the sample upstream, then each target in turn (the gateway, then the
// baselines), runs its scenarios, prints the table and ratios and writes the JSON of all figures.
// With --check it exits 1 when a gross regression is found (see checks.ts).
import { resolve } from 'node:path';
import { burst } from './burst.ts';
import { runChecks, type CheckOutcome } from './checks.ts';
import { FreshCustomers } from './customers.ts';
import { hotVaried } from './hot-varied.ts';
import { memory } from './memory.ts';
import { parseSettings, usage } from './options.ts';
import { hotAnswerFrom, ProfileOracle } from './oracle.ts';
import {
  installCleanup,
  startGateway,
  startRawBaseline,
  startRestDataSourceBaseline,
  startUpstream,
  type TargetProcess,
} from './processes.ts';
import { checkReport, markdownReport, writeJson } from './report.ts';
import type { ScenarioResult, Settings, Target, TargetName } from './results.ts';
import { batchCold, batchHot, cold, hot, upstreamCold, type Bench } from './scenarios.ts';
import { startBenchRedis, type RedisKind } from './redis.ts';
import { redisServerBinary } from '../test/support/redis.ts';

type Scenario = (bench: Bench, target: Target) => Promise<ScenarioResult>;

interface Plan {
  name: TargetName;
  start(): Promise<TargetProcess>;
  scenarios: Scenario[];
  fixedCustomer?: number;
}

/** A token for the local sample upstream only; it guards nothing. */
const benchToken = 'bench-sample-upstream-token';
const rawAnswerCustomer = 1;

/** Names for --scenarios (upstream alone runs `cold`). */
const scenarioNames = new Map<Scenario, string>([
  [hot, 'hot'],
  [hotVaried, 'hot-varied'],
  [batchHot, 'batch-hot'],
  [cold, 'cold'],
  [batchCold, 'batch-cold'],
  [burst, 'burst'],
  [memory, 'memory'],
  [upstreamCold, 'cold'],
]);

function plans(bench: Bench): Plan[] {
  const { upstream, settings } = bench;
  const gatewayScenarios = [hot, hotVaried, batchHot, cold, batchCold, burst, memory];
  const gatewayFrom = (cwd: string | undefined, env: Record<string, string>) => () =>
    startGateway({
      upstreamUrl: upstream.url,
      token: benchToken,
      maxConcurrency: settings.maxConcurrency,
      env,
      ...(cwd === undefined ? {} : { cwd }),
    });
  const redisBinary = redisServerBinary();
  // The gateway in front of a Redis it starts (and stops with it): one node, or a cluster.
  const onRedis = (kind: RedisKind) => async (): Promise<TargetProcess> => {
    const redis = await startBenchRedis(kind, redisBinary!);
    try {
      const gateway = await gatewayFrom(undefined, { ...settings.gatewayEnv, ...redis.env })();
      return {
        ...gateway,
        async stop() {
          await gateway.stop();
          await redis.stop();
        },
      };
    } catch (error) {
      await redis.stop();
      throw error;
    }
  };
  const base: Plan[] =
    settings.baseDir === undefined
      ? []
      : [
          {
            name: 'gateway (base)',
            start: gatewayFrom(resolve(settings.baseDir), {}),
            scenarios: gatewayScenarios,
          },
        ];
  const all: Plan[] = [
    ...base,
    {
      name: 'gateway',
      start: gatewayFrom(undefined, settings.gatewayEnv),
      scenarios: gatewayScenarios,
    },
    {
      name: 'gateway on Redis',
      start: onRedis('redis'),
      scenarios: [hot, hotVaried],
    },
    {
      name: 'gateway on Redis Cluster',
      start: onRedis('cluster'),
      scenarios: [hot, hotVaried],
    },
    {
      name: 'RESTDataSource',
      start: () => startRestDataSourceBaseline(upstream.url, benchToken),
      scenarios: [hot, hotVaried, batchHot, cold, batchCold, burst],
    },
    {
      name: 'raw',
      start: async () =>
        startRawBaseline(hotAnswerFrom(await bench.oracle.profileOf(rawAnswerCustomer))),
      scenarios: [hot, hotVaried],
      fixedCustomer: rawAnswerCustomer,
    },
    // The upstream's own process is the target here: its CPU and calls are what is measured.
    { name: 'upstream alone', start: async () => upstream, scenarios: [upstreamCold] },
  ];
  const wanted = settings.scenarios;
  const needsRedis = (plan: Plan) => plan.name.startsWith('gateway on Redis');
  if (!redisBinary && all.some((p) => needsRedis(p) && settings.targets.includes(p.name))) {
    console.error('bench: [skipped] gateway on Redis / Redis Cluster: redis-server is not on PATH');
  }
  return all
    .filter((plan) => plan === base[0] || settings.targets.includes(plan.name))
    .filter((plan) => redisBinary !== undefined || !needsRedis(plan))
    .map((plan) =>
      wanted === undefined
        ? plan
        : {
            ...plan,
            scenarios: plan.scenarios.filter((s) => wanted.includes(scenarioNames.get(s) ?? '')),
          },
    )
    .filter((plan) => plan.scenarios.length > 0);
}

async function runPlan(bench: Bench, plan: Plan, results: ScenarioResult[]): Promise<void> {
  console.error(`bench: starting ${plan.name}`);
  const targetProcess = await plan.start();
  const target: Target = {
    name: plan.name,
    process: targetProcess,
    fresh: new FreshCustomers(bench.settings.customerCount),
    ...(plan.fixedCustomer === undefined ? {} : { fixedCustomer: plan.fixedCustomer }),
  };
  try {
    for (const scenario of plan.scenarios) {
      const started = Date.now();
      const result = await scenario(bench, target);
      results.push(result);
      console.error(
        `bench: ${plan.name} ${result.scenario}: ${result.reqPerSec.toFixed(0)} req/s, ` +
          `${result.valid ? 'valid' : `INVALID (${result.invalidReasons.join('; ')})`} ` +
          `[${((Date.now() - started) / 1000).toFixed(1)} s]`,
      );
    }
  } finally {
    if (targetProcess !== bench.upstream) await targetProcess.stop();
    // Targets run at log level warn: anything they wrote is worth a look.
    const logged = targetProcess.logTail();
    if (logged) console.error(`bench: ${plan.name} wrote:\n${logged.slice(-1500)}`);
  }
}

async function main(settings: Settings): Promise<number> {
  installCleanup();
  const startedAt = Date.now();
  const upstream = await startUpstream({
    token: benchToken,
    customerCount: settings.customerCount,
    latencyMs: settings.latencyMs,
  });
  const bench: Bench = {
    upstream,
    oracle: new ProfileOracle(upstream.url, benchToken),
    settings,
    token: benchToken,
  };
  const results: ScenarioResult[] = [];
  const failures: string[] = [];
  try {
    for (const plan of plans(bench)) {
      try {
        await runPlan(bench, plan, results);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        failures.push(`${plan.name}: ${message}`);
        console.error(`bench: ${plan.name} FAILED: ${message}`);
      }
    }
  } finally {
    await upstream.stop();
  }
  const checks: CheckOutcome[] | undefined = settings.check
    ? runChecks(results, settings)
    : undefined;
  console.log(markdownReport(results, settings, failures));
  if (checks !== undefined) console.log(`\n${checkReport(checks)}`);
  const path = writeJson(results, settings, { failures, ...(checks ? { checks } : {}) });
  console.log(
    `\nAll figures: ${path} (run took ${((Date.now() - startedAt) / 1000).toFixed(0)} s)`,
  );

  const failedChecks = checks?.filter((check) => !check.ok) ?? [];
  for (const check of failedChecks)
    console.error(`bench --check FAILED: ${check.name}: ${check.detail}`);
  const gatewayFailed = failures.some((failure) => failure.startsWith('gateway'));
  return failedChecks.length > 0 || gatewayFailed ? 1 : 0;
}

let settings: Settings | 'help';
try {
  settings = parseSettings(process.argv.slice(2));
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
  process.exit(2);
}
if (settings === 'help') {
  console.log(usage);
} else {
  main(settings).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error('bench: failed:', error);
      process.exit(1);
    },
  );
}
