// The gateway's Prometheus series (prom-client), one registry per server so tests and
// several gateways in one process never share counters. Callers report through the small
// GatewayMetrics interface; with METRICS_ENABLED=false they get a no-op one and /metrics is off.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { BreakerState } from '../upstream/observer.ts';

/** hit: fresh entry; stale: only an entry past freshness; miss: none; error: layer unreachable. */
export type CacheResult = 'hit' | 'miss' | 'stale' | 'error';
/** ok: no errors; partial: data and errors; error: no data. */
export type GraphQLOutcome = 'ok' | 'partial' | 'error';

/** Live figures of the upstream client, read at scrape time. */
export interface UpstreamGauges {
  inFlight(): number;
  queued(): number;
  /** Calls per second the adaptive throttle allows (Infinity while it limits nothing). */
  throttleRate(): number;
  retryBudgetAvailable(): number;
}

export interface GatewayMetrics {
  /** The registry to expose on /metrics; undefined when metrics are off. */
  readonly registry: Registry | undefined;
  /** One upstream HTTP attempt ended: status is the HTTP status or `timeout` / `network_error`. */
  upstreamRequest(endpoint: string, status: string, seconds: number): void;
  upstreamRetry(endpoint: string): void;
  upstreamBreakerState(state: BreakerState): void;
  upstreamRateLimitPause(): void;
  upstreamRejected(reason: string): void;
  watchUpstream(gauges: UpstreamGauges): void;
  cacheLookups(layer: string, result: CacheResult, count: number): void;
  /** A shared-cache value that could not be opened (wrong key, altered, moved): a miss. */
  cacheUnreadable(reason: string): void;
  /** Lookups answered with a profile past its freshness (stale-if-error or -while-revalidate). */
  staleServed(count: number): void;
  graphqlRequest(operation: string, outcome: GraphQLOutcome, seconds: number): void;
  graphqlError(code: string): void;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const BREAKER_STATES: readonly BreakerState[] = ['closed', 'open', 'half-open', 'isolated'];
/** Operation names come from clients: past this many distinct ones, they count as `other`. */
export const MAX_OPERATION_LABELS = 100;

/** Series with these labels are shown at 0 from the start, so rate() and alerts see them. */
const KNOWN_ENDPOINTS = ['email', 'phone', 'document', 'user-profile-id'];
const KNOWN_REJECTIONS = ['bulkhead', 'circuit_open', 'throttled', 'retry_budget'];
const UNREADABLE_REASONS = ['unknown_key', 'unauthenticated', 'malformed', 'plaintext'];

export function createMetrics(enabled: boolean): GatewayMetrics {
  return enabled ? new PrometheusMetrics() : NO_METRICS;
}

const noop = () => undefined;
export const NO_METRICS: GatewayMetrics = {
  registry: undefined,
  upstreamRequest: noop,
  upstreamRetry: noop,
  upstreamBreakerState: noop,
  upstreamRateLimitPause: noop,
  upstreamRejected: noop,
  watchUpstream: noop,
  cacheLookups: noop,
  cacheUnreadable: noop,
  staleServed: noop,
  graphqlRequest: noop,
  graphqlError: noop,
};

class PrometheusMetrics implements GatewayMetrics {
  readonly registry = new Registry();
  readonly #operations = new Set<string>();
  #gauges: UpstreamGauges | undefined;

  readonly #upstreamRequests = new Counter({
    name: 'gateway_upstream_requests_total',
    help: 'HTTP requests (attempts) sent to Fashion.AI, by endpoint and status (HTTP status, timeout or network_error)',
    labelNames: ['endpoint', 'status'] as const,
    registers: [this.registry],
  });
  readonly #upstreamLatency = new Histogram({
    name: 'gateway_upstream_request_duration_seconds',
    help: 'Time of one request (attempt) to Fashion.AI, by endpoint',
    labelNames: ['endpoint'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly #retries = new Counter({
    name: 'gateway_upstream_retries_total',
    help: 'Upstream attempts that were retries of a failed one, by endpoint',
    labelNames: ['endpoint'] as const,
    registers: [this.registry],
  });
  readonly #breaker = new Gauge({
    name: 'gateway_upstream_circuit_state',
    help: 'Circuit breaker in front of Fashion.AI: 1 for the current state (closed, open, half-open, isolated), 0 for the others',
    labelNames: ['state'] as const,
    registers: [this.registry],
  });
  readonly #rateLimitPauses = new Counter({
    name: 'gateway_upstream_rate_limit_pauses_total',
    help: 'Times the gateway paused every upstream call because Fashion.AI answered 429 with a long Retry-After, or to most recent calls',
    registers: [this.registry],
  });
  readonly #rejected = new Counter({
    name: 'gateway_upstream_rejected_total',
    help: 'Upstream calls (or retries) refused by the gateway before any HTTP (reason: bulkhead queue full, circuit_open, throttled after 429s, retry_budget spent)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly #cache = new Counter({
    name: 'gateway_cache_lookups_total',
    help: 'Profile cache reads by layer (memory, redis; inflight: joined a fetch already running) and result (hit, stale, miss, error)',
    labelNames: ['layer', 'result'] as const,
    registers: [this.registry],
  });
  readonly #unreadable = new Counter({
    name: 'gateway_cache_unreadable_total',
    help: 'Shared-cache values that did not decrypt or authenticate, each served as a miss (reason: unknown_key, unauthenticated, malformed, plaintext)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly #staleServed = new Counter({
    name: 'gateway_stale_served_total',
    help: 'Lookups answered with a profile past its freshness (the upstream failed, or a refresh runs behind)',
    registers: [this.registry],
  });
  readonly #graphqlRequests = new Counter({
    name: 'gateway_graphql_requests_total',
    help: 'GraphQL requests by operation name and outcome (ok, partial, error)',
    labelNames: ['operation', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly #graphqlDuration = new Histogram({
    name: 'gateway_graphql_request_duration_seconds',
    help: 'Time to answer one GraphQL request, by operation name',
    labelNames: ['operation'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly #graphqlErrors = new Counter({
    name: 'gateway_graphql_errors_total',
    help: 'Errors in GraphQL responses, by extensions.code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    const gauges = () => this.#gauges;
    new Gauge({
      name: 'gateway_upstream_in_flight',
      help: 'Requests to Fashion.AI in flight now',
      registers: [this.registry],
      collect() {
        this.set(gauges()?.inFlight() ?? 0);
      },
    });
    new Gauge({
      name: 'gateway_upstream_queue_length',
      help: 'Upstream calls waiting for a free slot (UPSTREAM_MAX_CONCURRENCY) now',
      registers: [this.registry],
      collect() {
        this.set(gauges()?.queued() ?? 0);
      },
    });
    new Gauge({
      name: 'gateway_upstream_throttle_rate',
      help: 'Calls per second the adaptive throttle lets through to Fashion.AI now (+Inf while it limits nothing)',
      registers: [this.registry],
      collect() {
        this.set(gauges()?.throttleRate() ?? Infinity);
      },
    });
    new Gauge({
      name: 'gateway_upstream_retry_budget_available',
      help: 'Retries the retry budget allows now (UPSTREAM_RETRY_BUDGET_PERCENT of recent calls plus a floor, minus recent retries)',
      registers: [this.registry],
      collect() {
        this.set(gauges()?.retryBudgetAvailable() ?? 0);
      },
    });
    this.upstreamBreakerState('closed');
    for (const endpoint of KNOWN_ENDPOINTS) this.#retries.inc({ endpoint }, 0);
    for (const reason of KNOWN_REJECTIONS) this.#rejected.inc({ reason }, 0);
    for (const reason of UNREADABLE_REASONS) this.#unreadable.inc({ reason }, 0);
  }

  upstreamRequest(endpoint: string, status: string, seconds: number): void {
    this.#upstreamRequests.inc({ endpoint, status });
    this.#upstreamLatency.observe({ endpoint }, seconds);
  }

  upstreamRetry(endpoint: string): void {
    this.#retries.inc({ endpoint });
  }

  upstreamBreakerState(state: BreakerState): void {
    for (const s of BREAKER_STATES) this.#breaker.set({ state: s }, s === state ? 1 : 0);
  }

  upstreamRateLimitPause(): void {
    this.#rateLimitPauses.inc();
  }

  upstreamRejected(reason: string): void {
    this.#rejected.inc({ reason });
  }

  watchUpstream(gauges: UpstreamGauges): void {
    this.#gauges = gauges;
  }

  cacheLookups(layer: string, result: CacheResult, count: number): void {
    if (count > 0) this.#cache.inc({ layer, result }, count);
  }

  cacheUnreadable(reason: string): void {
    this.#unreadable.inc({ reason });
  }

  staleServed(count: number): void {
    if (count > 0) this.#staleServed.inc(count);
  }

  graphqlRequest(operation: string, outcome: GraphQLOutcome, seconds: number): void {
    const label = this.#operationLabel(operation);
    this.#graphqlRequests.inc({ operation: label, outcome });
    this.#graphqlDuration.observe({ operation: label }, seconds);
  }

  graphqlError(code: string): void {
    this.#graphqlErrors.inc({ code });
  }

  #operationLabel(operation: string): string {
    if (this.#operations.has(operation)) return operation;
    if (this.#operations.size >= MAX_OPERATION_LABELS) return 'other';
    this.#operations.add(operation);
    return operation;
  }
}
