// The throughput scenarios (hot, cold, batch, upstream alone): what each one asks for, and the
// common measuring routine — warm-up, zeroed upstream counters, load, settle, /proc, data check.
import {
  batchBody,
  batchLookups,
  batchSize,
  customerBody,
  graphqlHeaders,
  hotCustomers,
} from './customers.ts';
import { runLoad, type LoadSpec, type NextRequest } from './load.ts';
import { meterProcess } from './measure.ts';
import type { ProfileOracle } from './oracle.ts';
import type { UpstreamProcess } from './processes.ts';
import {
  summarise,
  type ScenarioName,
  type ScenarioResult,
  type Settings,
  type Target,
} from './results.ts';
import type { UpstreamStats } from './upstream-process.ts';

export interface Bench {
  upstream: UpstreamProcess;
  oracle: ProfileOracle;
  settings: Settings;
  token: string;
}

type RequestPlan = Omit<LoadSpec, 'duration' | 'amount' | 'connections'>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the upstream has nothing in flight and its call counter has stopped moving. */
export async function settle(upstream: UpstreamProcess): Promise<UpstreamStats> {
  let previous = await upstream.stats();
  for (let attempt = 0; attempt < 100; attempt += 1) {
    await sleep(50);
    const now = await upstream.stats();
    if (now.inFlight === 0 && now.calls === previous.calls) return now;
    previous = now;
  }
  return previous;
}

export function graphqlPlan(target: Target, next: () => NextRequest): RequestPlan {
  const origin = target.process.url;
  return { origin, method: 'POST', path: '/graphql', headers: graphqlHeaders, next };
}

export async function postGraphQL(target: Target, body: string): Promise<unknown> {
  const response = await fetch(`${target.process.url}/graphql`, {
    method: 'POST',
    headers: graphqlHeaders,
    body,
  });
  const text = await response.text();
  if (!response.ok || text.includes('"errors":')) {
    throw new Error(`${target.name} answered ${response.status}: ${text.slice(0, 300)}`);
  }
  return JSON.parse(text);
}

/** Puts the hot customers in the target's cache, ten requests at a time. */
export async function warm(target: Target, indexes: number[]): Promise<void> {
  for (let start = 0; start < indexes.length; start += 10) {
    const slice = indexes.slice(start, start + 10);
    await Promise.all(slice.map((index) => postGraphQL(target, customerBody(index))));
  }
}

/** Reads something of the target just before and just after the measured stretch. */
export interface Observer {
  start(): Promise<void>;
  finish(): Promise<Record<string, unknown>>;
}

export async function measureLoad(
  bench: Bench,
  target: Target,
  scenario: ScenarioName,
  plan: RequestPlan,
  probe?: () => Promise<Record<string, unknown>>,
  observer?: Observer,
): Promise<ScenarioResult> {
  const { settings, upstream, oracle } = bench;
  const connections = settings.connections;
  await runLoad({ ...plan, connections, duration: settings.warmupSeconds });
  await settle(upstream);
  const notes = probe === undefined ? {} : await probe();
  await upstream.reset();
  await observer?.start();
  const meter = meterProcess(target.process.pid, [upstream.pid]);
  const outcome = await runLoad({ ...plan, connections, duration: settings.durationSeconds });
  const stats = await settle(upstream);
  const usage = meter.stop();
  if (observer) Object.assign(notes, await observer.finish());
  const dataCheck = await oracle.check(outcome.samples);
  return summarise({
    scenario,
    target,
    ...outcome,
    cpuMicros: usage.cpuMicros,
    peakRssBytes: usage.peakRssBytes,
    foreignCores: usage.foreignCores,
    upstreamCalls: stats.calls,
    maxInFlight: stats.maxInFlight,
    dataCheck,
    notes,
  });
}

export async function hot(bench: Bench, target: Target): Promise<ScenarioResult> {
  await warm(target, hotCustomers);
  const bodies = hotCustomers.map((index) => Buffer.from(customerBody(index)));
  let turn = 0;
  return measureLoad(
    bench,
    target,
    'hot',
    graphqlPlan(target, () => {
      const slot = turn++ % hotCustomers.length;
      const index = target.fixedCustomer ?? (hotCustomers[slot] as number);
      return { body: bodies[slot], expect: { kind: 'customer', index } };
    }),
  );
}

export async function cold(bench: Bench, target: Target): Promise<ScenarioResult> {
  return measureLoad(
    bench,
    target,
    'cold',
    graphqlPlan(target, () => {
      const index = target.fresh.next();
      return { body: customerBody(index), expect: { kind: 'customer', index } };
    }),
  );
}

/** Sends a few batches one at a time and counts the upstream calls each one caused, exactly. */
async function probeBatches(
  bench: Bench,
  target: Target,
  batches: () => number[],
): Promise<Record<string, unknown>> {
  const callsPerRequest: number[] = [];
  for (let round = 0; round < 5; round += 1) {
    await bench.upstream.reset();
    await postGraphQL(target, batchBody(batches()));
    callsPerRequest.push((await settle(bench.upstream)).calls);
  }
  return { probeCallsPerRequest: callsPerRequest };
}

export async function batchCold(bench: Bench, target: Target): Promise<ScenarioResult> {
  const freshBatch = () => batchLookups(target.fresh.take(batchSize.distinct));
  return measureLoad(
    bench,
    target,
    'batch-cold',
    graphqlPlan(target, () => {
      const lookups = freshBatch();
      return { body: batchBody(lookups), expect: { kind: 'customers', indexes: lookups } };
    }),
    () => probeBatches(bench, target, freshBatch),
  );
}

export async function batchHot(bench: Bench, target: Target): Promise<ScenarioResult> {
  await warm(target, hotCustomers);
  // Several fixed batches drawn from the warmed set, so no answer is a repeat of the last one.
  const batches = Array.from({ length: 6 }, (_, batch) =>
    batchLookups(
      Array.from(
        { length: batchSize.distinct },
        (_, i) => hotCustomers[(batch * batchSize.distinct + i) % hotCustomers.length] as number,
      ),
    ),
  );
  const bodies = batches.map((lookups) => Buffer.from(batchBody(lookups)));
  let turn = 0;
  return measureLoad(
    bench,
    target,
    'batch-hot',
    graphqlPlan(target, () => {
      const slot = turn++ % batches.length;
      return { body: bodies[slot], expect: { kind: 'customers', indexes: batches[slot] ?? [] } };
    }),
    () => probeBatches(bench, target, () => batches[0] ?? []),
  );
}

/** Baseline (c): the sample upstream on its own, every request a never-seen customer. */
export async function upstreamCold(bench: Bench, target: Target): Promise<ScenarioResult> {
  return measureLoad(bench, target, 'cold', {
    origin: new URL(target.process.url).origin,
    method: 'GET',
    path: '/',
    headers: { 'X-FashionAI-APP-Token': bench.token },
    next: () => {
      const index = target.fresh.next();
      return { path: bench.oracle.profilePath(index), expect: { kind: 'upstream', index } };
    },
  });
}
