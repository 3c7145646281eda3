// The environment variables of the process and of the calls to Fashion.AI: where it is, the
// token, and the policies around every call (timeouts, retries, throttle, breaker).
import { z } from 'zod';
import { DEFAULT_API_URL, httpUrl, int } from './kit.ts';

export const vendorEnv = {
  NODE_ENV: z
    .string()
    .trim()
    .default('development')
    .describe(
      '`production` requires `FASHIONAI_APP_TOKEN` and an authentication setting, hides stack traces, turns introspection and the explorer off, allows no browser origin by default',
    ),
  PORT: int(0, 65535).default(4000).describe('HTTP port'),
  HOST: z.string().trim().min(1).default('0.0.0.0').describe('bind address'),
  FASHIONAI_API_URL: httpUrl
    .default(DEFAULT_API_URL)
    .describe('upstream base URL (no trailing slash needed)'),
  FASHIONAI_APP_TOKEN: z
    .string()
    .trim()
    .min(1)
    .optional()
    .describe('upstream app token. Unset outside production: demo mode'),
  UPSTREAM_TIMEOUT_MS: int(1, 600_000)
    .default(5000)
    .describe(
      'time budget for one upstream call: retries, back-off, waits for the throttle or a 429 pause and queueing included',
    ),
  UPSTREAM_MAX_CONCURRENCY: int(1, 10_000)
    .default(32)
    .describe('most upstream requests in flight at once, per process (bulkhead)'),
  UPSTREAM_MAX_QUEUE: int(0, 1_000_000)
    .default(1000)
    .describe(
      'most calls waiting for a slot; past it a call fails at once with `UPSTREAM_UNAVAILABLE`',
    ),
  UPSTREAM_ATTEMPT_TIMEOUT_MS: int(1, 600_000).optional().meta({
    description: 'most time one attempt may take (never more than what is left of the budget)',
    defaultText: 'half of `UPSTREAM_TIMEOUT_MS`',
  }),
  UPSTREAM_MAX_RETRIES: int(0, 5)
    .default(2)
    .describe(
      'retries after the first attempt, for 5xx, resets, attempt timeouts and malformed JSON, and for a 429 whose `Retry-After` fits the budget',
    ),
  UPSTREAM_RETRY_BASE_DELAY_MS: int(0, 10_000)
    .default(100)
    .describe(
      'back-off before retry *n* is uniform in [0, base × 2^(n−1)) (full jitter, at most 2 s)',
    ),
  UPSTREAM_RETRY_BUDGET_PERCENT: int(0, 100)
    .default(20)
    .describe('retries may add at most this share (0–100) to the upstream calls of the last 10 s…'),
  UPSTREAM_RETRY_BUDGET_MIN_PER_SECOND: int(0, 10_000)
    .default(5)
    .describe(
      '…plus this many retries per second whatever the traffic (so light traffic can still retry)',
    ),
  UPSTREAM_THROTTLE_LONG_PAUSE_SECONDS: int(1, 3600)
    .default(5)
    .describe(
      'a `Retry-After` at least this long pauses every upstream call until it has passed (shorter ones delay only the call that got them)',
    ),
  UPSTREAM_THROTTLE_MAX_WAIT_MS: int(0, 600_000)
    .default(250)
    .describe(
      'while Fashion.AI answers many 429s and the adaptive throttle paces calls, the longest a call waits for its turn; past it (or its budget) it fails at once with `UPSTREAM_RATE_LIMITED`',
    ),
  // Replaced by the three below (a consecutive count opened under scattered faults).
  BREAKER_FAILURE_THRESHOLD: z
    .string()
    .optional()
    .describe(
      '**removed** (it counted consecutive failures); set, it stops the start with an error naming the three settings below',
    ),
  BREAKER_FAILURE_RATE_PERCENT: int(1, 99)
    .default(50)
    .describe(
      'the circuit breaker opens when more than this share (1–99) of the attempts in `BREAKER_WINDOW_MS` failed (5xx, reset, attempt timeout, malformed JSON)…',
    ),
  BREAKER_WINDOW_MS: int(100, 600_000).default(2000).describe('…counted over this sliding window…'),
  BREAKER_MIN_CALLS: int(1, 100_000)
    .default(20)
    .describe('…when the window holds at least this many attempts'),
  BREAKER_HALF_OPEN_AFTER_MS: int(1, 600_000)
    .default(5000)
    .describe('how long the breaker stays open before one probe call may pass'),
  UPSTREAM_MAX_BODY_BYTES: int(1024)
    .default(1_048_576)
    .describe('largest upstream body accepted; larger is `UPSTREAM_BAD_RESPONSE`'),
};
