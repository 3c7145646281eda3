// AdaptiveThrottle: how fast this process may send to Fashion.AI, learnt from its 429s.
// Google SRE's client-side adaptive throttling in rate form: while the share of 429s over the
// last second stays small, nothing is limited; past it, sends are paced by a token bucket at K×
// the rate Fashion.AI accepts (so about 1 − 1/K of them are refused), growing back CUBIC-like.
// Only a long Retry-After or a run of 429s stops every send for a while.
import { MIN_ATTEMPT_MS, sleep } from './deadline.ts';
import type { Deadline } from './deadline.ts';
import { UpstreamThrottledError } from './errors.ts';
import { SlidingCounts } from './sliding-counts.ts';
import { DEFAULT_RETRY_AFTER_SECONDS, DEFAULT_THROTTLE_OPTIONS } from './throttle-options.ts';
import * as tuning from './throttle-options.ts';
import type { ThrottleOptions } from './throttle-options.ts';

export type ThrottleMode = 'open' | 'limited';

/** A send slot: wait this long, or give up with the seconds after which one would be free. */
export type Reservation = { waitMs: number } | { refusedForSeconds: number };

export class AdaptiveThrottle {
  readonly #options: ThrottleOptions;
  readonly #now: () => number;
  /** held: calls the limit made wait or refused (while none are, it limits nothing). */
  readonly #window = new SlidingCounts(
    ['sent', 'accepted', 'throttled', 'held'] as const,
    tuning.WINDOW_MS,
  );
  readonly #startedAt: number;
  #mode: ThrottleMode = 'open';
  #rate = Infinity;
  /** GCRA's theoretical arrival time: when the next send would be due at the current rate. */
  #nextSendAt = 0;
  #pausedUntil = 0;
  #decidedAt = 0;
  /** What Fashion.AI took when the share of 429s last went over the target (K × accepted/s). */
  #lastThrottledRate = 0;
  /** The last decision found the share of 429s over the target. */
  #overTarget = false;
  /** When the rate was last cut, and when the last 429 came (epoch ms). */
  #cutAt = 0;
  #throttledAt = 0;
  readonly #onPause: ((untilMs: number, seconds: number) => void) | undefined;

  constructor(
    options: Partial<ThrottleOptions> = {},
    onPause?: (untilMs: number, seconds: number) => void,
  ) {
    this.#options = { ...DEFAULT_THROTTLE_OPTIONS, ...options };
    const { targetShare, limitAboveShare, minRate, pauseAboveShare } = this.#options;
    if (!(targetShare > 0 && targetShare < limitAboveShare && limitAboveShare < 1)) {
      throw new RangeError('throttle shares need 0 < targetShare < limitAboveShare < 1');
    }
    if (!(minRate > 0)) throw new RangeError('throttle minRate must be positive');
    if (!(pauseAboveShare > limitAboveShare && pauseAboveShare <= 1)) {
      throw new RangeError('throttle pauseAboveShare must be within limitAboveShare..1');
    }
    this.#now = options.now ?? Date.now;
    this.#startedAt = this.#now();
    this.#onPause = onPause;
  }

  /** Calls per second allowed now; Infinity while not limiting. */
  get rate(): number {
    this.#decide(this.#now());
    return this.#rate;
  }

  get mode(): ThrottleMode {
    this.#decide(this.#now());
    return this.#mode;
  }

  /** Epoch ms before which nothing is sent (0 or past: not paused). */
  get pausedUntil(): number {
    return this.#pausedUntil;
  }

  /** The counts the decisions are taken from (last second), for metrics and tests. */
  get window(): { sent: number; accepted: number; throttled: number } {
    return this.#window.totals(this.#now());
  }

  /**
   * Takes a send slot that starts before `deadlineAt` (epoch ms), leaving room for an attempt,
   * or refuses without taking anything. Pure bookkeeping: the caller does the waiting.
   */
  reserve(deadlineAt: number): Reservation {
    const now = this.#now();
    this.#decide(now);
    let sendAt = Math.max(now, this.#pausedUntil);
    if (this.#mode === 'limited') {
      const due = Math.max(this.#nextSendAt, sendAt);
      sendAt = Math.max(sendAt, due - tuning.BURST_MS);
      // A short queue keeps the control loop tight: a rate change reaches the wire within
      // maxWaitMs, and a call that would wait longer fails fast (stale data can stand in).
      const latest = Math.min(
        deadlineAt - MIN_ATTEMPT_MS,
        Math.max(now, this.#pausedUntil) + this.#options.maxWaitMs,
      );
      if (sendAt > latest) {
        this.#window.add('held', now);
        return this.#refusal(sendAt, now);
      }
      if (sendAt > now) this.#window.add('held', now);
      this.#nextSendAt = due + 1000 / this.#rate;
    } else if (sendAt + MIN_ATTEMPT_MS > deadlineAt) {
      return this.#refusal(sendAt, now);
    }
    return { waitMs: sendAt - now };
  }

  /** Waits for a send slot within the deadline, or throws UpstreamThrottledError at once. */
  async acquire(deadline: Deadline): Promise<void> {
    const reservation = this.reserve(deadline.at);
    if ('refusedForSeconds' in reservation) {
      throw new UpstreamThrottledError(reservation.refusedForSeconds);
    }
    if (reservation.waitMs > 0) await sleep(reservation.waitMs, deadline.signal);
    // A pause that began while this call waited for its slot holds it too.
    for (;;) {
      const now = this.#now();
      const wait = this.#pausedUntil - now;
      if (wait <= 0) return;
      if (now + wait + MIN_ATTEMPT_MS > deadline.at) {
        throw new UpstreamThrottledError(Math.ceil(wait / 1000));
      }
      await sleep(wait, deadline.signal);
    }
  }

  /** Stops every send for `seconds` (another replica's pause, relayed by the fleet). */
  pauseFor(seconds: number): void {
    this.#pause(this.#now(), seconds);
  }

  /** A request is leaving for Fashion.AI now. */
  onSent(): void {
    this.#window.add('sent', this.#now());
  }

  /** Fashion.AI answered with anything but a 429 (an error too: it was not a refusal). */
  onAccepted(): void {
    const now = this.#now();
    this.#window.add('accepted', now);
    this.#decide(now);
  }

  /** Fashion.AI answered 429. */
  onThrottled(retryAfterSeconds: number | undefined): void {
    const now = this.#now();
    this.#window.add('throttled', now);
    this.#throttledAt = now;
    const seconds = retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS;
    const { accepted, throttled } = this.#window.totals(now);
    const answers = accepted + throttled;
    const run =
      answers >= tuning.MIN_ANSWERS && throttled >= this.#options.pauseAboveShare * answers;
    // The vendor clearly means it: a long Retry-After, or most recent calls refused.
    // Decide first: a pause freezes decisions, and the rate after it must already be cut.
    this.#decide(now, run);
    if (seconds >= this.#options.longPauseSeconds || run) this.#pause(now, seconds);
  }

  #pause(now: number, seconds: number): void {
    const until = now + seconds * 1000;
    if (until <= this.#pausedUntil) return;
    this.#pausedUntil = until;
    // Slots handed out before the pause are not handed out again after it.
    this.#nextSendAt = Math.max(this.#nextSendAt, until);
    this.#onPause?.(until, seconds);
  }

  /** The one place that sets mode and rate, from the last second's counts. */
  #decide(now: number, force = false): void {
    if (!force && now - this.#decidedAt < tuning.DECISION_INTERVAL_MS) return;
    this.#decidedAt = now;
    const { accepted, throttled, held, sent } = this.#window.totals(now);
    const answers = accepted + throttled;
    const share = answers === 0 ? 0 : throttled / answers;
    const { limitAboveShare, targetShare, minRate } = this.#options;
    // Just after start the window covers less than its length.
    const seconds =
      Math.min(tuning.WINDOW_MS, Math.max(tuning.DECISION_INTERVAL_MS, now - this.#startedAt)) /
      1000;
    // The most Fashion.AI is expected to take: K × what it accepted over the window.
    const accepting = accepted / seconds / (1 - targetShare);
    if (this.#mode === 'open') {
      if ((answers >= tuning.MIN_ANSWERS && share > limitAboveShare) || force) {
        this.#mode = 'limited';
        this.#lastThrottledRate = accepting;
        this.#rate = Math.max(minRate, accepting, sent / seconds / 2);
        this.#nextSendAt = Math.max(now, this.#pausedUntil);
      }
      return;
    }
    // While paused nothing is sent, so the counts say nothing about Fashion.AI's quota.
    if (now < this.#pausedUntil) return;
    const settled = now >= this.#pausedUntil + tuning.WINDOW_MS;
    const judged = answers >= tuning.MIN_ANSWERS;
    if (throttled === 0 && held === 0 && judged && settled) {
      // No 429 and no call held back for a whole window of answers: the limit limits nothing.
      // (A window without answers, e.g. a stalled process, proves nothing.)
      this.#mode = 'open';
      this.#rate = Infinity;
      return;
    }
    if (share > targetShare) {
      // Down to what Fashion.AI takes, not by a factor per decision: the window lags a second,
      // and cutting on every decision within it would starve the gateway.
      // The best estimate of one episode of 429s, not the lowest as its window drains.
      this.#lastThrottledRate = this.#overTarget
        ? Math.max(this.#lastThrottledRate, accepting)
        : accepting;
      this.#overTarget = true;
      // One cut per window, like TCP's once per round trip: until the window has seen the new
      // rate, its counts still describe the old one. Never below half the rate in one cut.
      // And only while 429s still come: the window remembers a second of them after they stop.
      if (
        now - this.#cutAt < tuning.WINDOW_MS ||
        now - this.#throttledAt > 2 * tuning.DECISION_INTERVAL_MS
      ) {
        return;
      }
      const cut = Math.max(minRate, this.#rate / 2, Math.min(this.#rate, accepting));
      if (cut < this.#rate) this.#cutAt = now;
      this.#rate = cut;
      return;
    }
    this.#overTarget = false;
    // Under the target: grow, fast while no 429 came at all (the quota may be gone), slowly
    // otherwise; never beyond twice what is really sent (no credit for idle time).
    // Like CUBIC: fast back up to near the rate that last drew too many 429s, careful around
    // it, fast again once past it. Past it means Fashion.AI really took that much (not merely
    // the rate allowed: a vendor's burst allowance can hide the limit for a while).
    const last = this.#lastThrottledRate;
    const farBelow = this.#rate < last * tuning.FAR_BELOW;
    const pastIt = accepted / seconds > last * (1 + tuning.CAREFUL_ZONE);
    const growth =
      throttled > 0
        ? tuning.SLOW_GROWTH_PER_DECISION
        : farBelow || pastIt
          ? tuning.FAST_GROWTH_PER_DECISION
          : tuning.CAREFUL_GROWTH_PER_DECISION;
    const grown = this.#rate * (1 + growth) + 0.1;
    if (grown <= Math.max(minRate, (2 * sent) / seconds)) this.#rate = grown;
  }

  #refusal(sendAt: number, now: number): Reservation {
    return { refusedForSeconds: Math.max(1, Math.ceil((sendAt - now) / 1000)) };
  }
}
