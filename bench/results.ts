// The shapes every scenario reports in, and the one place that turns raw counts (load outcome,
// /proc readings, upstream counters, data check) into a result and decides whether it is valid.
import type { DataCheck } from './oracle.ts';
import type { FreshCustomers } from './customers.ts';
import type { TargetProcess } from './processes.ts';

export interface Settings {
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  latencyMs: number;
  customerCount: number;
  memoryCustomers: number;
  maxConcurrency: number;
  burstSize: number;
  burstRounds: number;
  quick: boolean;
  check: boolean;
  targets: TargetName[];
  /** Only these scenarios (by name); all when undefined. */
  scenarios?: string[];
  /** A checkout (with node_modules) whose gateway also runs, as `gateway (base)`. */
  baseDir?: string;
  /** Extra environment for the gateway target (not the base), e.g. a setting being tried. */
  gatewayEnv: Record<string, string>;
}

export type TargetName =
  | 'gateway'
  /** The gateway from another checkout (--base), for a before/after in one run. */
  | 'gateway (base)'
  /** The gateway with CACHE_URL at one redis-server: the hot path is still the in-process layer. */
  | 'gateway on Redis'
  /** The same at a six-node Redis Cluster: its hot path should cost what one Redis's does. */
  | 'gateway on Redis Cluster'
  | 'RESTDataSource'
  | 'raw'
  | 'upstream alone';

export interface Target {
  name: TargetName;
  process: TargetProcess;
  /** Never-seen customers for this target's cache. */
  fresh: FreshCustomers;
  /** Set for the raw baseline, which answers every request with this one customer. */
  fixedCustomer?: number;
}

export type ScenarioName =
  'hot' | 'hot-varied' | 'cold' | 'batch-cold' | 'batch-hot' | 'burst' | 'memory';

export interface ScenarioResult {
  scenario: ScenarioName;
  target: TargetName;
  requests: number;
  seconds: number;
  reqPerSec: number;
  latencyMs: { p50: number; p97_5: number; p99: number };
  cpuMicrosPerRequest: number;
  upstreamCalls: number;
  upstreamCallsPerRequest: number;
  maxInFlight: number;
  errors: { non2xx: number; transport: number; graphql: number; wrongData: number };
  dataCheck: DataCheck;
  peakRssBytes: number;
  /** Cores' worth of CPU other processes of the machine used during the run (see measure.ts). */
  foreignCores: number;
  valid: boolean;
  invalidReasons: string[];
  /** Scenario-specific figures: exact probes, burst rounds, heap sizes. */
  notes: Record<string, unknown>;
}

export interface Measured {
  scenario: ScenarioName;
  target: Target;
  completed: number;
  /** Requests written; the denominator for costs, which are read once all of them settled. */
  sent: number;
  seconds: number;
  latencyMs: ScenarioResult['latencyMs'];
  non2xx: number;
  transportErrors: number;
  graphqlErrors: number;
  cpuMicros: number;
  peakRssBytes: number;
  foreignCores: number;
  upstreamCalls: number;
  maxInFlight: number;
  dataCheck: DataCheck;
  notes?: Record<string, unknown>;
  /** Extra reasons, found by the scenario itself, why the run cannot be trusted. */
  problems?: string[];
}

export function summarise(m: Measured): ScenarioResult {
  const errors = {
    non2xx: m.non2xx,
    transport: m.transportErrors,
    graphql: m.graphqlErrors,
    wrongData: m.dataCheck.wrong,
  };
  const invalidReasons = [...(m.problems ?? [])];
  if (m.completed === 0) invalidReasons.push('no request completed');
  if (errors.non2xx > 0) invalidReasons.push(`${errors.non2xx} non-2xx responses`);
  if (errors.transport > 0) invalidReasons.push(`${errors.transport} connection errors/timeouts`);
  if (errors.graphql > 0) invalidReasons.push(`${errors.graphql} responses with GraphQL errors`);
  if (errors.wrongData > 0) {
    invalidReasons.push(`${errors.wrongData} wrong answers, e.g. ${m.dataCheck.firstProblem}`);
  }
  if (m.dataCheck.checked === 0) invalidReasons.push('no response body could be checked');
  if (m.target.fresh.wrapped) invalidReasons.push('ran out of never-seen customers (wrapped)');
  const perRequest = (total: number): number => (m.sent > 0 ? total / m.sent : 0);
  return {
    scenario: m.scenario,
    target: m.target.name,
    requests: m.completed,
    seconds: m.seconds,
    reqPerSec: m.seconds > 0 ? m.completed / m.seconds : 0,
    latencyMs: m.latencyMs,
    cpuMicrosPerRequest: perRequest(m.cpuMicros),
    upstreamCalls: m.upstreamCalls,
    upstreamCallsPerRequest: perRequest(m.upstreamCalls),
    maxInFlight: m.maxInFlight,
    errors,
    dataCheck: m.dataCheck,
    peakRssBytes: m.peakRssBytes,
    foreignCores: m.foreignCores,
    valid: invalidReasons.length === 0,
    invalidReasons,
    notes: m.notes ?? {},
  };
}
