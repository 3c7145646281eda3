// What the resilience layer tells the outside world (metrics, traces) about upstream calls.
// Every callback is optional, called synchronously and must be cheap; an observer that throws
// is ignored, so observing can never break a call. The layer itself only logs state changes.
import type { LookupKind } from '../customer/lookup.ts';

export const BREAKER_STATES = ['closed', 'open', 'half-open', 'isolated'] as const;
export type BreakerState = (typeof BREAKER_STATES)[number];

/** Why the gateway refused a call (or a retry) before any HTTP. */
export const REFUSAL_REASONS = ['bulkhead', 'circuit_open', 'throttled', 'retry_budget'] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export interface AttemptStarted {
  kind: LookupKind;
  /** 1 for the first attempt of a call, 2 for its first retry, … */
  attempt: number;
}

export interface AttemptFinished extends AttemptStarted {
  /** `ok` (200), `not-found` (404) or the contract error code of the failure. */
  outcome: 'ok' | 'not-found' | string;
  /** The HTTP status when Fashion.AI answered at all. */
  status: number | undefined;
  durationMs: number;
}

export interface RetryScheduled {
  kind: LookupKind;
  /** The attempt about to be made (2 = first retry). */
  attempt: number;
  delayMs: number;
  /** Contract error code of the failure being retried. */
  reason: string;
}

export interface UpstreamObserver {
  attemptStarted?(event: AttemptStarted): void;
  attemptFinished?(event: AttemptFinished): void;
  retryScheduled?(event: RetryScheduled): void;
  breakerStateChanged?(state: BreakerState): void;
  /** A long Retry-After, or a run of 429s, paused every call of the process until `untilMs`. */
  rateLimitPaused?(event: { untilMs: number; retryAfterSeconds: number }): void;
  /** A failure that would have been retried was not: the retry budget was spent. */
  retryBudgetExhausted?(event: { reason: string }): void;
  /** The bulkhead queue was full: a call failed fast with UPSTREAM_UNAVAILABLE. */
  bulkheadRejected?(event: { kind: LookupKind }): void;
  /** A call ended without reaching Fashion.AI: the breaker was open or the throttle held it. */
  callRefused?(event: { kind: LookupKind; reason: 'circuit_open' | 'throttled' }): void;
}

/** Live figures a metrics exporter can sample (gauges). */
export interface UpstreamGauges {
  /** Calls holding one of the UPSTREAM_MAX_CONCURRENCY slots. */
  readonly inFlight: number;
  /** Calls waiting in the bulkhead queue (at most UPSTREAM_MAX_QUEUE). */
  readonly queued: number;
  readonly breakerState: BreakerState;
  /** Epoch ms until which a 429 pauses calls; 0 or past when not paused. */
  readonly rateLimitedUntil: number;
  /** Calls per second the adaptive throttle allows now; Infinity while it limits nothing. */
  readonly throttleRate: number;
  /** Retries the retry budget still allows now. */
  readonly retryBudgetAvailable: number;
}

/** Runs one observer callback, never letting its failure reach the upstream call. */
export function notify(callback: () => void): void {
  try {
    callback();
  } catch {
    // An observer's bug must not turn into an upstream failure.
  }
}
