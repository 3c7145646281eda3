// RetryBudget: retries may add at most a set share to the upstream calls (Finagle's RetryBudget,
// gRPC's retry throttling), counted over a sliding window, so an outage is not multiplied by
// retries. A small floor per second keeps retries possible when traffic is light.
import { SlidingCounts } from './sliding-counts.ts';

/** UPSTREAM_RETRY_BUDGET_*: how many retries the recent calls allow. */
export interface RetryBudgetSettings {
  /** Retries allowed as a share of calls in the window, e.g. 0.2. */
  ratio: number;
  /** Retries allowed per second of window whatever the traffic. */
  minPerSecond: number;
}

export interface RetryBudgetOptions extends RetryBudgetSettings {
  /** Length of the sliding window. */
  windowMs: number;
  now?: () => number;
}

export class RetryBudget {
  readonly #options: RetryBudgetOptions;
  readonly #now: () => number;
  readonly #counts: SlidingCounts<'calls' | 'retries'>;

  constructor(options: RetryBudgetOptions) {
    if (!(options.ratio >= 0 && options.ratio <= 1)) {
      throw new RangeError('retry budget ratio must be within 0..1');
    }
    if (!(options.minPerSecond >= 0)) {
      throw new RangeError('retry budget minPerSecond must not be negative');
    }
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#counts = new SlidingCounts(['calls', 'retries'], options.windowMs);
  }

  /** A call (its first attempt) was made: it earns `ratio` of a retry. */
  recordCall(): void {
    this.#counts.add('calls', this.#now());
  }

  /** Takes one retry if the budget has one; false (nothing taken) when it is spent. */
  tryRetry(): boolean {
    const now = this.#now();
    if (this.available(now) < 1) return false;
    this.#counts.add('retries', now);
    return true;
  }

  /** Retries that may still be made now (whole or not). */
  available(now = this.#now()): number {
    const { calls, retries } = this.totals(now);
    const { ratio, minPerSecond, windowMs } = this.#options;
    return Math.max(0, minPerSecond * (windowMs / 1000) + ratio * calls - retries);
  }

  totals(now = this.#now()): { calls: number; retries: number } {
    return this.#counts.totals(now);
  }
}
