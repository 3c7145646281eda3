// The sample upstream's quota mode: a token bucket of R calls per second with a burst of R, as
// a vendor enforcing a plan would run it. Calls beyond it are refused (the server answers the
// documented 429 body with Retry-After: 1); accepted and refused calls are counted per second.

/** Seconds of per-second counts kept (older ones are dropped, so memory stays bounded). */
const MAX_SECONDS_KEPT = 3600;

export interface QuotaSecond {
  /** Whole epoch second the counts belong to. */
  second: number;
  accepted: number;
  refused: number;
}

export class SampleQuota {
  #rate: number | undefined;
  #tokens = 0;
  #refilledAt = 0;
  readonly #seconds: QuotaSecond[] = [];
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Calls per second allowed now; undefined when no quota is enforced. */
  get rate(): number | undefined {
    return this.#rate;
  }

  /** Enforces `callsPerSecond` from now on (with a full bucket), or lifts the quota (undefined). */
  set(callsPerSecond: number | undefined): void {
    if (callsPerSecond !== undefined && !(Number.isFinite(callsPerSecond) && callsPerSecond > 0)) {
      throw new RangeError('quota needs a positive number of calls per second');
    }
    this.#rate = callsPerSecond;
    this.#tokens = callsPerSecond ?? 0;
    this.#refilledAt = this.#now();
  }

  /** Whether one more call is within the quota (always true without one); counts it. */
  admit(): boolean {
    const now = this.#now();
    const rate = this.#rate;
    let admitted = true;
    if (rate !== undefined) {
      this.#tokens = Math.min(rate, this.#tokens + ((now - this.#refilledAt) * rate) / 1000);
      this.#refilledAt = now;
      admitted = this.#tokens >= 1;
      if (admitted) this.#tokens -= 1;
    }
    this.#count(now, admitted);
    return admitted;
  }

  /** Accepted and refused calls per second, oldest first (seconds without calls are absent). */
  perSecond(): QuotaSecond[] {
    return this.#seconds.map((s) => ({ ...s }));
  }

  reset(): void {
    this.#seconds.length = 0;
  }

  #count(now: number, admitted: boolean): void {
    const second = Math.floor(now / 1000);
    let last = this.#seconds.at(-1);
    if (last?.second !== second) {
      last = { second, accepted: 0, refused: 0 };
      this.#seconds.push(last);
      if (this.#seconds.length > MAX_SECONDS_KEPT) this.#seconds.shift();
    }
    if (admitted) last.accepted += 1;
    else last.refused += 1;
  }
}
