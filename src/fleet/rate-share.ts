// How much of the quota the fleet allows itself after 429s (AIMD, as TCP): a 429 cuts the share
// by a tenth, at most once a second (the calls already in flight answer 429 together); it then
// grows back by 5 % of the quota a second. The same rule runs in Redis (rate-scripts.ts) for the
// fleet and here for one replica while Redis is away.

/** Multiplicative decrease on a 429. */
export const SHARE_CUT = 0.9;
/** Additive increase, in shares of the quota per second. */
export const SHARE_RECOVERY_PER_SECOND = 0.05;
/** Never below this share: the fleet keeps probing the vendor. */
export const MIN_SHARE = 0.1;
/** 429s closer together than this are one signal, not several. */
export const CUT_SPACING_MS = 1000;

export class RateShare {
  #share = 1;
  #at = 0;
  #cutAt = -Infinity;

  /** The share (0..1] allowed at `now`. */
  current(now = Date.now()): number {
    const recovered = ((now - this.#at) / 1000) * SHARE_RECOVERY_PER_SECOND;
    return Math.min(1, this.#share + Math.max(0, recovered));
  }

  /** A 429 came back: the new share. */
  cut(now = Date.now()): number {
    const share = this.current(now);
    if (now - this.#cutAt < CUT_SPACING_MS) return share;
    this.#share = Math.max(MIN_SHARE, share * SHARE_CUT);
    this.#at = now;
    this.#cutAt = now;
    return this.#share;
  }
}
