// The circuit breaker over upstream attempts (cockatiel, with a failure-rate breaker): it opens
// when most attempts of the last window failed, with enough of them to judge, so scattered
// faults never trip it. A 404 is a success; a 401, a 429 and the gateway's own give-ups count as neither:
// only 5xx, resets and attempt timeouts say Fashion.AI is in trouble.
import { CircuitState, circuitBreaker, handleWhen } from 'cockatiel';
import type { CircuitBreakerPolicy } from 'cockatiel';
import { UpstreamBudgetSpentError, UpstreamError } from './errors.ts';
import { FailureRateBreaker } from './failure-rate-breaker.ts';
import { notify } from './observer.ts';
import type { BreakerState, UpstreamObserver } from './observer.ts';

export interface BreakerLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface BreakerOptions {
  /** Share of failed attempts (0..1, exclusive) over the window that opens the breaker. */
  failureRate: number;
  /** How far back attempts are counted. */
  windowMs: number;
  /** Fewer attempts than this in the window never open it. */
  minCalls: number;
  /** How long it stays open before one probe may pass. */
  halfOpenAfterMs: number;
  observer?: UpstreamObserver;
  logger?: BreakerLogger;
}

const STATE_NAMES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

export const breakerStateName = (state: CircuitState): BreakerState => STATE_NAMES[state];

/**
 * What the breaker counts as upstream trouble: the retryable failures. A call cut by its own
 * budget is not one: while calls wait (e.g. behind a pause), many end at once, and counting
 * them opened the breaker at a 20 % fault rate.
 */
const isUpstreamTrouble = (error: unknown) =>
  error instanceof UpstreamError && error.retryable && !(error instanceof UpstreamBudgetSpentError);

export function createBreaker(options: BreakerOptions): CircuitBreakerPolicy {
  const { observer, logger } = options;
  const breaker = circuitBreaker(handleWhen(isUpstreamTrouble), {
    halfOpenAfter: options.halfOpenAfterMs,
    breaker: new FailureRateBreaker(options),
  });
  breaker.onStateChange((state) => {
    const name = breakerStateName(state);
    if (name === 'open') {
      logger?.warn(
        { breaker: name, reopensInMs: options.halfOpenAfterMs },
        'Circuit breaker open: Fashion.AI keeps failing; not calling it for a while',
      );
    } else {
      logger?.info({ breaker: name }, `Circuit breaker ${name}`);
    }
    notify(() => observer?.breakerStateChanged?.(name));
  });
  return breaker;
}
