// The adaptive throttle's settings and their defaults (see throttle.ts for how they are used):
// when it limits, what share of 429s it aims at, when it pauses everything, how long a call
// may wait for its turn; and the fixed constants of how it judges and grows.

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

/** UPSTREAM_THROTTLE_*: the throttle's settings an operator chooses; the rest are fixed here. */
export type ThrottleSettings = Pick<ThrottleOptions, 'longPauseSeconds' | 'maxWaitMs'>;

export const DEFAULT_THROTTLE_OPTIONS: ThrottleOptions = {
  longPauseSeconds: 5,
  limitAboveShare: 0.1,
  targetShare: 0.05,
  minRate: 1,
  pauseAboveShare: 0.8,
  maxWaitMs: 250,
};

/** The throttle judges the 429 share over this much recent time. */
export const WINDOW_MS = 1000;
/** Decisions are taken at most this often, from the window's counts (never from one event). */
export const DECISION_INTERVAL_MS = 100;
/** Up to this share above the rate that last drew too many 429s, growth is careful… */
export const CAREFUL_ZONE = 0.07;
/** …and below it down to this fraction of it (below, e.g. after a pause, it is fast). */
export const FAR_BELOW = 0.7;
/** While limited, the rate grows by this share of itself per decision: with no 429 in the
 * window and outside the careful zone (×3 a second: a lifted quota is soon forgotten)… */
export const FAST_GROWTH_PER_DECISION = 0.12;
/** …with no 429 but near the rate that last drew too many (×1.3 a second)… */
export const CAREFUL_GROWTH_PER_DECISION = 0.03;
/** …and with a few 429s, under the target share (~5 % a second, probing gently). */
export const SLOW_GROWTH_PER_DECISION = 0.005;
/** Sends a limited bucket lets through at once, as time at the current rate. */
export const BURST_MS = 100;
/** Fewer answers than this in the window are too few to judge a share by. */
export const MIN_ANSWERS = 20;
