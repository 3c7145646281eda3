// The gateway the availability soaks run against (issue 10's settings). Kept apart from
// soak-traffic.ts, which the load-generating worker thread loads without the server.
import type { BreakerState } from '../../src/upstream/observer.ts';
import { startHarness } from './harness.ts';
import type { Harness } from './harness.ts';

/**
 * A gateway with the availability soaks' settings (issue 10): profiles fresh for 2 s and
 * servable stale for 120 s, a 1.5 s budget per lookup, a million-customer upstream with
 * 2–20 ms latency. Every breaker state change is pushed to `breakerStates`.
 */
export function startSoakGateway(
  budgetMs: number,
  logLevel: string,
  breakerStates: BreakerState[],
): Promise<Harness> {
  return startHarness({
    env: {
      LOG_LEVEL: logLevel,
      CACHE_TTL_SECONDS: '2',
      CACHE_STALE_SECONDS: '120',
      UPSTREAM_TIMEOUT_MS: String(budgetMs),
      CACHE_MAX_ENTRIES: '50000',
    },
    upstream: { customerCount: 1_000_000, latencyMs: { min: 2, max: 20 } },
    build: { upstreamObserver: { breakerStateChanged: (s) => breakerStates.push(s) } },
  });
}
