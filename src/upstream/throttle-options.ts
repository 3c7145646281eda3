// The adaptive throttle's settings and their defaults (see throttle.ts for how they are used):
// when it limits, what share of 429s it aims at, when it pauses everything, how long a call
// may wait for its turn.

/** Less time than this left after the wait is not worth an attempt. */
export const MIN_ATTEMPT_MS = 50;
/** A 429 without Retry-After still means "slow down": a pause, when one is due, lasts this long. */
export const DEFAULT_RETRY_AFTER_SECONDS = 1;

export interface ThrottleOptions {
  /** A Retry-After this long (seconds) or longer stops every send until it has passed. */
  longPauseSeconds: number;
  /** Share of 429s among the answers of the last second past which sends are limited. */
  limitAboveShare: number;
  /** While limited, the share of 429s aimed at: the rate is K = 1 / (1 − share) × accepted/s. */
  targetShare: number;
  /** Never limit below this many calls per second (a limited gateway must keep probing). */
  minRate: number;
  /** Share of 429s among the last second's answers (at least 20 of them) that pauses every call. */
  pauseAboveShare: number;
  /** Longest a call waits for its turn while limited (its deadline may cut it shorter). */
  maxWaitMs: number;
  /** Reads the time (epoch ms); a fake clock in unit tests. */
  now?: () => number;
}

export const DEFAULT_THROTTLE_OPTIONS: ThrottleOptions = {
  longPauseSeconds: 5,
  limitAboveShare: 0.1,
  targetShare: 0.05,
  minRate: 1,
  pauseAboveShare: 0.8,
  maxWaitMs: 250,
};
