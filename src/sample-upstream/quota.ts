// The sample upstream's quota mode: like a vendor's contracted rate, at most N profile requests
// are answered per clock second; the rest get HTTP 429 with Retry-After: 1 (and do not count).
// Tests use it to check that a fleet of gateways stays under one shared quota.

export class QuotaWindow {
  #perSecond: number | undefined;
  #second = 0;
  #used = 0;

  constructor(perSecond: number | undefined) {
    this.set(perSecond);
  }

  /** undefined: no quota. */
  set(perSecond: number | undefined): void {
    if (perSecond !== undefined && !(Number.isInteger(perSecond) && perSecond > 0)) {
      throw new RangeError('quotaPerSecond must be a positive whole number');
    }
    this.#perSecond = perSecond;
    this.#used = 0;
  }

  /** Whether one more request fits in the current second (and counts it if so). */
  take(now = Date.now()): boolean {
    if (this.#perSecond === undefined) return true;
    const second = Math.floor(now / 1000);
    if (second !== this.#second) {
      this.#second = second;
      this.#used = 0;
    }
    if (this.#used >= this.#perSecond) return false;
    this.#used += 1;
    return true;
  }
}
