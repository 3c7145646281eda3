// Named event counts over a sliding time window, kept in ten slots so old events age out
// smoothly and memory stays fixed whatever the traffic. The throttle and the retry budget
// decide from these counts rather than from any single event.

const SLOTS = 10;

export class SlidingCounts<Name extends string> {
  readonly windowMs: number;
  readonly #names: readonly Name[];
  readonly #slotMs: number;
  /** Per slot: the slot-sized period it counts (epoch ms / slotMs, floored), then its counts. */
  readonly #periods: number[] = new Array<number>(SLOTS).fill(-1);
  readonly #counts: Array<Record<Name, number>>;

  constructor(names: readonly Name[], windowMs: number) {
    if (!(Number.isFinite(windowMs) && windowMs >= SLOTS)) {
      throw new RangeError(`a sliding window needs at least ${SLOTS} ms`);
    }
    this.windowMs = windowMs;
    this.#names = names;
    this.#slotMs = windowMs / SLOTS;
    this.#counts = Array.from({ length: SLOTS }, () => this.#zero());
  }

  add(name: Name, now: number, n = 1): void {
    const period = Math.floor(now / this.#slotMs);
    const index = period % SLOTS;
    if (this.#periods[index] !== period) {
      this.#periods[index] = period;
      this.#counts[index] = this.#zero();
    }
    this.#counts[index]![name] += n;
  }

  /** Sums over the slots of the last `windowMs`. */
  totals(now: number): Record<Name, number> {
    const current = Math.floor(now / this.#slotMs);
    const totals = this.#zero();
    for (let i = 0; i < SLOTS; i += 1) {
      const period = this.#periods[i]!;
      if (period <= current - SLOTS || period > current) continue;
      for (const name of this.#names) totals[name] += this.#counts[i]![name];
    }
    return totals;
  }

  #zero(): Record<Name, number> {
    return Object.fromEntries(this.#names.map((name) => [name, 0])) as Record<Name, number>;
  }
}
