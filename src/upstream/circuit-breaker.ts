// The circuit breaker over upstream attempts: a cockatiel breaker policy whose decision is a
// failure rate over a sliding time window, once the window holds enough attempts to judge, so
// scattered faults never trip it. A 404 is a success; a 401, a 429 and the gateway's own
// give-ups count as neither: only 5xx, resets and attempt timeouts say Fashion.AI is in trouble.
// (cockatiel's own SamplingBreaker advances its window one slot per call, so after a quiet
// spell answers from long ago would still count.)
import { CircuitState, circuitBreaker, handleWhen } from 'cockatiel';
import type { CircuitBreakerPolicy, IBreaker } from 'cockatiel';
import { UpstreamBudgetSpentError, UpstreamError } from './errors.ts';
import { notify } from './observer.ts';
import type { BreakerState, UpstreamObserver } from './observer.ts';
import { SlidingCounts } from './sliding-counts.ts';

/** BREAKER_*: when the breaker opens and how long it stays open. */
export interface BreakerSettings {
  /** Share of failed attempts (0..1, exclusive) over the window that opens the breaker. */
  failureRate: number;
  /** How far back attempts are counted. */
  windowMs: number;
  /** Fewer attempts than this in the window never open it. */
  minCalls: number;
  /** How long it stays open before one probe may pass. */
  halfOpenAfterMs: number;
}

export interface BreakerLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface FailureRateOptions extends Omit<BreakerSettings, 'halfOpenAfterMs'> {
  now?: () => number;
}

/** The decision: open when more than `failureRate` of the window's attempts failed. */
export class FailureRateBreaker implements IBreaker {
  readonly #options: FailureRateOptions;
  readonly #now: () => number;
  #counts: SlidingCounts<'successes' | 'failures'>;

  constructor(options: FailureRateOptions) {
    if (!(options.failureRate > 0 && options.failureRate < 1)) {
      throw new RangeError('breaker failureRate must be between 0 and 1 (exclusive)');
    }
    if (!(Number.isInteger(options.minCalls) && options.minCalls >= 1)) {
      throw new RangeError('breaker minCalls must be a positive whole number');
    }
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#counts = this.#fresh();
  }

  /** Not serialised: the breaker's memory is one window, rebuilt in a second after a restart. */
  get state(): unknown {
    return null;
  }

  set state(_value: unknown) {
    this.#counts = this.#fresh();
  }

  success(state: CircuitState): void {
    // A successful probe closes the circuit: judge afresh from there.
    if (state === CircuitState.HalfOpen) this.#counts = this.#fresh();
    this.#counts.add('successes', this.#now());
  }

  failure(state: CircuitState): boolean {
    const now = this.#now();
    this.#counts.add('failures', now);
    if (state !== CircuitState.Closed) return true;
    const { successes, failures } = this.#counts.totals(now);
    const total = successes + failures;
    return total >= this.#options.minCalls && failures > this.#options.failureRate * total;
  }

  #fresh(): SlidingCounts<'successes' | 'failures'> {
    return new SlidingCounts(['successes', 'failures'], this.#options.windowMs);
  }
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

export function createBreaker(
  settings: BreakerSettings,
  observer: UpstreamObserver | undefined,
  logger: BreakerLogger | undefined,
): CircuitBreakerPolicy {
  const breaker = circuitBreaker(handleWhen(isUpstreamTrouble), {
    halfOpenAfter: settings.halfOpenAfterMs,
    breaker: new FailureRateBreaker(settings),
  });
  breaker.onStateChange((state) => {
    const name = breakerStateName(state);
    if (name === 'open') {
      logger?.warn(
        { breaker: name, reopensInMs: settings.halfOpenAfterMs },
        'Circuit breaker open: Fashion.AI keeps failing; not calling it for a while',
      );
    } else {
      logger?.info({ breaker: name }, `Circuit breaker ${name}`);
    }
    notify(() => observer?.breakerStateChanged?.(name));
  });
  return breaker;
}
