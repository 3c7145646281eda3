// How one upstream call is retried: which failures are worth another attempt, how long to wait
// first (jittered exponential back-off, or a 429's own Retry-After), never past the call's
// deadline and never beyond the process-wide retry budget.
import { DelegateBackoff, handleWhen, retry } from 'cockatiel';
import type { IRetryBackoffContext } from 'cockatiel';
import type { LookupKind } from '../customer/lookup.ts';
import { MIN_ATTEMPT_MS } from './deadline.ts';
import type { Deadline } from './deadline.ts';
import { UpstreamError, UpstreamRateLimitedError, UpstreamThrottledError } from './errors.ts';
import { notify } from './observer.ts';
import type { UpstreamObserver } from './observer.ts';
import type { RetryBudget } from './retry-budget.ts';
import { DEFAULT_RETRY_AFTER_SECONDS } from './throttle-options.ts';

export interface CallRetryOptions {
  /** Retries after the first attempt (UPSTREAM_MAX_RETRIES). */
  maxRetries: number;
  /** Back-off before retry n is uniform in [0, base × 2^(n-1)) (full jitter). */
  retryBaseDelayMs: number;
  budget: RetryBudget;
  observer?: UpstreamObserver;
}

/** Longest single back-off, whatever the attempt number. */
const MAX_BACKOFF_MS = 2000;
/**
 * After a 429's Retry-After, at least this much budget must be left for the retry to be worth
 * it: it may wait its turn at the throttle first, and a retry cut by the deadline would turn a
 * clear UPSTREAM_RATE_LIMITED (with retryAfterSeconds) into a vague UPSTREAM_TIMEOUT.
 */
const MIN_RETRY_AFTER_429_MS = 300;

export const codeOf = (error: unknown) =>
  error instanceof UpstreamError ? error.code : 'INTERNAL';

const retryAfterMs = (error: UpstreamRateLimitedError) =>
  (error.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS) * 1000;

/** Runs `attempt(1)`, then retries it while worth it; settles with its last result. */
export function retryWithinBudget<T>(
  kind: LookupKind,
  deadline: Deadline,
  options: CallRetryOptions,
  attempt: (n: number) => Promise<T>,
): Promise<T> {
  // One policy per call: whether to retry, and how long to wait, depend on this call's budget.
  let attemptsMade = 0;
  const worthRetrying = (error: unknown): boolean => {
    if (attemptsMade > options.maxRetries) return false;
    // Held back by our own throttle: Fashion.AI was not asked, and asking again at once won't fit.
    if (error instanceof UpstreamThrottledError) return false;
    if (error instanceof UpstreamRateLimitedError) {
      // The call that got the 429 waits its Retry-After, if its budget allows.
      if (deadline.remaining() < retryAfterMs(error) + MIN_RETRY_AFTER_429_MS) return false;
    } else if (!(error instanceof UpstreamError) || !error.retryable) {
      return false;
    } else if (deadline.remaining() < MIN_ATTEMPT_MS) {
      return false;
    }
    // Last, so a retry is taken from the budget only when it will really be made.
    if (options.budget.tryRetry()) return true;
    notify(() => options.observer?.retryBudgetExhausted?.({ reason: codeOf(error) }));
    return false;
  };
  const backoffMs = (context: IRetryBackoffContext<unknown>): number => {
    if ('error' in context.result && context.result.error instanceof UpstreamRateLimitedError) {
      return retryAfterMs(context.result.error);
    }
    const ceiling = Math.min(MAX_BACKOFF_MS, options.retryBaseDelayMs * 2 ** (context.attempt - 1));
    const jittered = Math.floor(Math.random() * ceiling);
    // Never sleep into the time the retry itself needs.
    return Math.max(0, Math.min(jittered, deadline.remaining() - MIN_ATTEMPT_MS));
  };
  const policy = retry(handleWhen(worthRetrying), {
    maxAttempts: options.maxRetries,
    backoff: new DelegateBackoff(backoffMs),
  });
  const { observer } = options;
  if (observer?.retryScheduled) {
    policy.onRetry((event) => {
      const reason = 'error' in event ? codeOf(event.error) : 'INTERNAL';
      notify(() =>
        observer.retryScheduled?.({
          kind,
          attempt: event.attempt + 1,
          delayMs: event.delay,
          reason,
        }),
      );
    });
  }
  return policy.execute(({ attempt: n }) => {
    attemptsMade = n + 1;
    return attempt(n + 1);
  }, deadline.signal);
}
