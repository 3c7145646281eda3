// UPSTREAM_* and BREAKER_* as one slice of the Config: the vendor client's settings and those of
// each policy around it, each declared by the policy that reads it, so config.upstream passes
// through to the clients unchanged.
import type { BreakerSettings } from './circuit-breaker.ts';
import type { FashionAiClientOptions } from './client.ts';
import type { RetryBudgetSettings } from './retry-budget.ts';
import type { ThrottleSettings } from './throttle-options.ts';

/** What the resilience layer reads (src/upstream/resilience.ts). */
export interface ResilienceSettings {
  /** Whole budget of one call, retries and waits included (UPSTREAM_TIMEOUT_MS). */
  timeoutMs: number;
  /** Most time one attempt may take (it also never exceeds what is left of the budget). */
  attemptTimeoutMs: number;
  /** Retries after the first attempt (UPSTREAM_MAX_RETRIES). */
  maxRetries: number;
  /** Back-off before retry n is uniform in [0, base × 2^(n-1)) (full jitter). */
  retryBaseDelayMs: number;
  /** Calls holding a connection at once (UPSTREAM_MAX_CONCURRENCY)… */
  maxConcurrency: number;
  /** …and calls waiting for one (UPSTREAM_MAX_QUEUE). */
  maxQueue: number;
  retryBudget: RetryBudgetSettings;
  throttle: ThrottleSettings;
  breaker: BreakerSettings;
}

export interface UpstreamSettings
  extends ResilienceSettings, Omit<FashionAiClientOptions, 'token'> {
  /** Undefined only in demo mode, where the sample upstream's token is filled in at start. */
  token: string | undefined;
}
