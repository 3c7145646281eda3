// The circuit breaker over upstream attempts (cockatiel): which failures count, the names of
// its states for logs and observers, and the log line of each change. A 404 is a success and
// a 401 counts as neither: only 5xx, resets and timeouts say Fashion.AI is in trouble.
import { CircuitState, ConsecutiveBreaker, circuitBreaker, handleWhen } from 'cockatiel';
import type { CircuitBreakerPolicy } from 'cockatiel';
import { UpstreamError } from './errors.ts';
import { notify } from './observer.ts';
import type { BreakerState, UpstreamObserver } from './observer.ts';

export interface BreakerLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface BreakerOptions {
  /** Consecutive failed attempts that open the breaker. */
  threshold: number;
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

/** What the breaker counts as upstream trouble: the retryable failures. */
const isUpstreamTrouble = (error: unknown) => error instanceof UpstreamError && error.retryable;

export function createBreaker(options: BreakerOptions): CircuitBreakerPolicy {
  const { observer, logger } = options;
  const breaker = circuitBreaker(handleWhen(isUpstreamTrouble), {
    halfOpenAfter: options.halfOpenAfterMs,
    breaker: new ConsecutiveBreaker(options.threshold),
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
