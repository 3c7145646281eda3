// The process-wide answer to HTTP 429: once Fashion.AI says "wait" (Retry-After), no call of
// this process is fired until that moment has passed. A call whose deadline ends before the
// pause does fails at once with UPSTREAM_RATE_LIMITED instead of waiting in vain.
import type { Deadline } from './deadline.ts';
import { sleep } from './deadline.ts';
import { UpstreamRateLimitedError } from './errors.ts';

/** A 429 without Retry-After still means "slow down": pause this long. */
export const DEFAULT_RATE_LIMIT_PAUSE_MS = 1000;

/** Less time than this left after the pause is not worth an attempt. */
export const MIN_ATTEMPT_MS = 50;

export class RateLimitGate {
  #pausedUntil = 0;
  readonly #onPause: ((untilMs: number, seconds: number) => void) | undefined;

  constructor(onPause?: (untilMs: number, seconds: number) => void) {
    this.#onPause = onPause;
  }

  /** Epoch ms before which no call may be fired (0 or past: open). */
  get pausedUntil(): number {
    return this.#pausedUntil;
  }

  /** Records a 429. Pauses only ever lengthen: a shorter Retry-After cannot cut a longer one. */
  pause(retryAfterSeconds: number | undefined, now = Date.now()): void {
    const ms =
      retryAfterSeconds === undefined ? DEFAULT_RATE_LIMIT_PAUSE_MS : retryAfterSeconds * 1000;
    const until = now + ms;
    if (until <= this.#pausedUntil) return;
    this.#pausedUntil = until;
    this.#onPause?.(until, Math.ceil(ms / 1000));
  }

  /** Whether a call under `deadline` could still be made after the current pause. */
  fits(deadline: Deadline, now = Date.now()): boolean {
    return Math.max(now, this.#pausedUntil) + MIN_ATTEMPT_MS <= deadline.at;
  }

  /** Resolves when calls may be fired; rejects at once when the pause outlasts the deadline. */
  async ready(deadline: Deadline): Promise<void> {
    for (;;) {
      const now = Date.now();
      const wait = this.#pausedUntil - now;
      if (wait <= 0) return;
      if (!this.fits(deadline, now)) {
        throw new UpstreamRateLimitedError(Math.ceil(wait / 1000));
      }
      // Loop: another 429 may have lengthened the pause while we slept.
      await sleep(wait, deadline.signal);
    }
  }
}
