// Turns the resilience layer's upstream events (src/upstream/observer.ts) into the upstream
// Prometheus series, and lets several observers (metrics, a test's) listen at once.
import { ENDPOINT_SEGMENT } from '../upstream/client.ts';
import { notify } from '../upstream/observer.ts';
import type { UpstreamObserver } from '../upstream/observer.ts';
import type { GatewayMetrics } from './metrics.ts';

/** HTTP status when Fashion.AI answered, else what happened instead. */
function statusLabel(status: number | undefined, outcome: string): string {
  if (status !== undefined) return String(status);
  if (outcome === 'UPSTREAM_TIMEOUT') return 'timeout';
  if (outcome === 'UPSTREAM_BAD_RESPONSE') return 'bad_response';
  if (outcome === 'UPSTREAM_UNAVAILABLE') return 'network_error';
  return 'error';
}

/** The in-flight and queue gauges are read from the client itself (metrics.watchUpstream). */
export function upstreamMetrics(metrics: GatewayMetrics): UpstreamObserver {
  return {
    attemptFinished: ({ kind, status, outcome, durationMs }) =>
      metrics.upstreamRequest(
        ENDPOINT_SEGMENT[kind],
        statusLabel(status, outcome),
        durationMs / 1000,
      ),
    retryScheduled: ({ kind }) => metrics.upstreamRetry(ENDPOINT_SEGMENT[kind]),
    breakerStateChanged: (state) => metrics.upstreamBreakerState(state),
    rateLimitPaused: () => metrics.upstreamRateLimitPause(),
    retryBudgetExhausted: () => metrics.upstreamRejected('retry_budget'),
    bulkheadRejected: () => metrics.upstreamRejected('bulkhead'),
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
  };
}
