// The upstream series, from the resilience layer's events (src/upstream/observer.ts) and its
// live figures (read at scrape time): attempts by endpoint and status, their latency, retries,
// breaker state, pauses, refusals before any HTTP, in-flight and queued calls, throttle rate
// and retry budget. Also lets several observers (metrics, a test's) listen at once.
import { Counter, Gauge, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';
import { ENDPOINT_SEGMENT } from '../upstream/client.ts';
import { BREAKER_STATES, REFUSAL_REASONS, notify } from '../upstream/observer.ts';
import type { BreakerState, UpstreamGauges, UpstreamObserver } from '../upstream/observer.ts';
import { LATENCY_BUCKETS } from './graphql-metrics.ts';

export interface UpstreamSeries {
  /** Turns the resilience layer's events into series. */
  readonly observer: UpstreamObserver;
  /** The client whose live figures the gauges read at scrape time. */
  watch(gauges: UpstreamGauges): void;
}

const ENDPOINTS = Object.values(ENDPOINT_SEGMENT);

/** HTTP status when Fashion.AI answered, else what happened instead. */
function statusLabel(status: number | undefined, outcome: string): string {
  if (status !== undefined) return String(status);
  if (outcome === 'UPSTREAM_TIMEOUT') return 'timeout';
  if (outcome === 'UPSTREAM_BAD_RESPONSE') return 'bad_response';
  if (outcome === 'UPSTREAM_UNAVAILABLE') return 'network_error';
  return 'error';
}

export function upstreamSeries(registry: Registry): UpstreamSeries {
  const registers = [registry];
  const requests = new Counter({
    name: 'gateway_upstream_requests_total',
    help: 'HTTP requests (attempts) sent to Fashion.AI, by endpoint and status (HTTP status, timeout or network_error)',
    labelNames: ['endpoint', 'status'] as const,
    registers,
  });
  const latency = new Histogram({
    name: 'gateway_upstream_request_duration_seconds',
    help: 'Time of one request (attempt) to Fashion.AI, by endpoint',
    labelNames: ['endpoint'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const retries = new Counter({
    name: 'gateway_upstream_retries_total',
    help: 'Upstream attempts that were retries of a failed one, by endpoint',
    labelNames: ['endpoint'] as const,
    registers,
  });
  const breaker = new Gauge({
    name: 'gateway_upstream_circuit_state',
    help: 'Circuit breaker in front of Fashion.AI: 1 for the current state (closed, open, half-open, isolated), 0 for the others',
    labelNames: ['state'] as const,
    registers,
  });
  const pauses = new Counter({
    name: 'gateway_upstream_rate_limit_pauses_total',
    help: 'Times the gateway paused every upstream call because Fashion.AI answered 429 with a long Retry-After, or to most recent calls',
    registers,
  });
  const refused = new Counter({
    name: 'gateway_upstream_rejected_total',
    help: 'Upstream calls (or retries) refused by the gateway before any HTTP (reason: bulkhead queue full, circuit_open, throttled after 429s, retry_budget spent)',
    labelNames: ['reason'] as const,
    registers,
  });
  let gauges: UpstreamGauges | undefined;
  const live = (name: string, help: string, read: (g: UpstreamGauges) => number, none = 0) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        this.set(gauges ? read(gauges) : none);
      },
    });
  live('gateway_upstream_in_flight', 'Requests to Fashion.AI in flight now', (g) => g.inFlight);
  live(
    'gateway_upstream_queue_length',
    'Upstream calls waiting for a free slot (UPSTREAM_MAX_CONCURRENCY) now',
    (g) => g.queued,
  );
  live(
    'gateway_upstream_throttle_rate',
    'Calls per second the adaptive throttle lets through to Fashion.AI now (+Inf while it limits nothing)',
    (g) => g.throttleRate,
    Infinity,
  );
  live(
    'gateway_upstream_retry_budget_available',
    'Retries the retry budget allows now (UPSTREAM_RETRY_BUDGET_PERCENT of recent calls plus a floor, minus recent retries)',
    (g) => g.retryBudgetAvailable,
  );
  const breakerState = (state: BreakerState) => {
    for (const s of BREAKER_STATES) breaker.set({ state: s }, s === state ? 1 : 0);
  };
  // Shown at 0 from the start, so rate() and alerts see them.
  breakerState('closed');
  for (const endpoint of ENDPOINTS) retries.inc({ endpoint }, 0);
  for (const reason of REFUSAL_REASONS) refused.inc({ reason }, 0);
  return {
    observer: {
      attemptFinished({ kind, status, outcome, durationMs }) {
        const endpoint = ENDPOINT_SEGMENT[kind];
        requests.inc({ endpoint, status: statusLabel(status, outcome) });
        latency.observe({ endpoint }, durationMs / 1000);
      },
      retryScheduled: ({ kind }) => retries.inc({ endpoint: ENDPOINT_SEGMENT[kind] }),
      breakerStateChanged: breakerState,
      rateLimitPaused: () => pauses.inc(),
      retryBudgetExhausted: () => refused.inc({ reason: 'retry_budget' }),
      bulkheadRejected: () => refused.inc({ reason: 'bulkhead' }),
      callRefused: ({ reason }) => refused.inc({ reason }),
    },
    watch(client) {
      gauges = client;
    },
  };
}

/** One observer telling each of the given ones; a failing one does not silence the others. */
export function composeObservers(
  ...observers: Array<UpstreamObserver | undefined>
): UpstreamObserver {
  const list = observers.filter((o): o is UpstreamObserver => o !== undefined);
  const each =
    <K extends keyof UpstreamObserver>(name: K) =>
    (event: Parameters<NonNullable<UpstreamObserver[K]>>[0]) => {
      for (const observer of list) {
        const callback = observer[name] as ((e: typeof event) => void) | undefined;
        if (callback) notify(() => callback.call(observer, event));
      }
    };
  return {
    attemptStarted: each('attemptStarted'),
    attemptFinished: each('attemptFinished'),
    retryScheduled: each('retryScheduled'),
    breakerStateChanged: each('breakerStateChanged'),
    rateLimitPaused: each('rateLimitPaused'),
    retryBudgetExhausted: each('retryBudgetExhausted'),
    bulkheadRejected: each('bulkheadRejected'),
    callRefused: each('callRefused'),
  };
}
