// When the circuit breaker opens: a cockatiel breaker that counts successes and failures over
// a sliding time window and opens when more than a share of them failed, once the window holds
// enough attempts to judge. (cockatiel's own SamplingBreaker advances its window one slot per
// call, so after a quiet spell answers from long ago still count.)
import { CircuitState } from 'cockatiel';
import type { IBreaker } from 'cockatiel';
import { SlidingCounts } from './sliding-counts.ts';

export interface FailureRateOptions {
  /** Share of failed attempts (0..1, exclusive) that opens the breaker. */
  failureRate: number;
  windowMs: number;
  /** Fewer attempts than this in the window never open it. */
  minCalls: number;
  now?: () => number;
}

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
