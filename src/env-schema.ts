// The environment variables the gateway reads, as one zod schema: each with its type, range,
// default and description. src/config.ts applies it to the environment and turns the result
// into Config; scripts/print-config-docs.ts prints docs/configuration.md from it.
import { z } from 'zod';

export const DEFAULT_API_URL = 'https://catalog.api.fashionai.dev/api/v1/crm';

const int = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .meta({
      typeText: max === Number.MAX_SAFE_INTEGER ? `integer ≥ ${min}` : `integer ${min}–${max}`,
    });

const bool = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(['true', 'false', '1', '0', 'yes', 'no']))
  .transform((v) => v === 'true' || v === '1' || v === 'yes')
  .meta({ typeText: 'boolean' });

const httpUrl = z
  .string()
  .trim()
  .pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }))
  .transform((u) => u.replace(/\/+$/, ''))
  .meta({ typeText: 'http(s) URL' });

export const envSchema = z.object({
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
  CACHE_TTL_SECONDS: int(0)
    .default(300)
    .describe('how long a fetched profile is fresh; `0` disables caching'),
  CACHE_STALE_SECONDS: int(0)
    .default(3600)
    .describe('how long past freshness a profile may still be served when the upstream fails'),
  CACHE_NEGATIVE_TTL_SECONDS: int(0)
    .default(60)
    .describe('how long a "no such customer" (404) is remembered'),
  CACHE_STALE_WHILE_REVALIDATE_SECONDS: int(0)
    .default(0)
    .describe(
      'how long past freshness a profile is served at once while it is refreshed in the background; `0`: off',
    ),
  CACHE_URL: z
    .string()
    .trim()
    .pipe(z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }))
    .meta({ typeText: 'redis:// or rediss:// URL' })
    .optional()
    .describe(
      'unset: in-process cache only; `redis://…` (or `rediss://…`): the in-process cache in front of a shared Redis (see [Scaling out](operations.md#scaling-out-replicas-sharing-a-redis-cache))',
    ),
  CACHE_MAX_ENTRIES: int(1).default(10_000).describe('bound of the in-process cache (LRU)'),
  CACHE_L1_TTL_SECONDS: int(1)
    .default(30)
    .describe(
      "with `CACHE_URL`: longest a profile stays in a replica's in-process layer while Redis is up (bounds how long a replica can miss another's update)",
    ),
  CACHE_REDIS_TIMEOUT_MS: int(10, 60_000)
    .default(250)
    .describe(
      'with `CACHE_URL`: time budget of one Redis operation (cache, lease, budget or rate); past it Redis is treated as down (the request goes on without it)',
    ),
  CACHE_REQUIRED: bool
    .default(false)
    .describe(
      'with `CACHE_URL`: `true` makes `/readyz` answer 503 while Redis is unreachable (default: 200 with `"status": "degraded"`)',
    ),
  // Personal data in the caches (src/profiles/cache-protection.ts).
  CACHE_ENCRYPTION_KEY: z
    .string()
    .optional()
    .describe(
      'with `CACHE_URL`: the AES-256-GCM key that seals every value written to Redis (base64 of 32 random bytes: `openssl rand -base64 32`). **Required in production with `CACHE_URL`** unless `CACHE_ENCRYPTION=off`. See [SECURITY.md → Personal data](../SECURITY.md#personal-data)',
    ),
  CACHE_ENCRYPTION_KEYS: z
    .string()
    .optional()
    .describe(
      "instead of `CACHE_ENCRYPTION_KEY`, during a key rotation: several keys, comma-separated; the first seals new values, every one opens values it sealed (each value carries its key's short id). Setting both variables is refused",
    ),
  CACHE_ENCRYPTION: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(['on', 'off'], { error: 'must be "on" or "off"' }))
    .meta({ typeText: 'one of `on`, `off`' })
    .optional()
    .describe(
      '`off`: write profiles to Redis in clear, deliberately (a warning at every start); `on`: refuse to start without a key even outside production. Unset: sealed when a key is set; in clear (with a warning) outside production when none is',
    ),
  CACHE_MAX_RETENTION_SECONDS: int(1)
    .default(86_400)
    .describe(
      'ceiling on how long any cache entry may live in any layer, stale window included: the start is refused when `CACHE_TTL_SECONDS + CACHE_STALE_SECONDS`, `CACHE_NEGATIVE_TTL_SECONDS`, `CACHE_L1_TTL_SECONDS` or `RESPONSE_CACHE_TTL_MS` would exceed it (the message names both settings). Erasure indexes and tombstones live no longer either. `86400` is 24 h',
    ),
  // Fleet coordination through the shared Redis (src/fleet/); only with CACHE_URL.
  UPSTREAM_BUDGETS: z.string().optional().meta({
    description:
      "per-caller budgets of upstream calls, `name:N/min[,name:N/min…]`: `name` is an API key's name from `GATEWAY_API_KEYS`, or `jwt` for all end-user-token callers together. Counted fleet-wide with `CACHE_URL` (per process without, or while Redis is away); cache hits are free; over it: `UPSTREAM_BUDGET_EXCEEDED` with `retryAfterSeconds`. A name that matches no caller is refused at start",
    defaultText: '— (none)',
  }),
  UPSTREAM_QUOTA_PER_SECOND: z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?$/, 'must be a positive number of calls per second')
    .transform(Number)
    .pipe(z.number().positive('must be a positive number of calls per second').max(100_000))
    .meta({ typeText: 'number > 0, at most 100000' })
    .optional()
    .meta({
      description:
        "the vendor's contracted rate, for all replicas together: with `CACHE_URL` the fleet paces itself to 95 % of it through Redis (one shared GCRA); without, each process does alone. A call whose slot is more than `UPSTREAM_THROTTLE_MAX_WAIT_MS` away fails with `UPSTREAM_RATE_LIMITED`; any replica's 429 cuts the shared rate. See [Fleet coordination](operations.md#fleet-coordination-replicas-as-one-client-of-fashionai)",
      defaultText: '— (no ceiling)',
    }),
  FLEET_SINGLE_FLIGHT: bool
    .default(true)
    .describe(
      'with `CACHE_URL`: a cold profile costs one upstream call across all replicas (a Redis lease per cold key; the others wait for the value to land). `false`: one call per replica',
    ),
  FLEET_LEASE_MS: int(100, 60_000)
    .default(2000)
    .describe(
      "with `CACHE_URL`: life of a lease unless its holder renews it (every third of it while the call runs): how soon a dead holder's lease is taken over. A waiter gives up after `UPSTREAM_TIMEOUT_MS` + `CACHE_REDIS_TIMEOUT_MS` and calls itself",
    ),
  RESPONSE_CACHE_TTL_MS: int(0, 60_000)
    .default(1000)
    .describe(
      'whole-response cache: an identical POST from the same caller within this time is answered with the same bytes, without executing; `0` turns it off (so does `CACHE_TTL_SECONDS=0`). See [Performance](performance.md)',
    ),
  RESPONSE_CACHE_MAX_ENTRIES: int(1)
    .default(1000)
    .describe('bound of the whole-response cache (LRU; answers over 64 KiB are never kept)'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('pino log level'),
  MAX_LOOKUPS_PER_REQUEST: int(1)
    .default(100)
    .describe(
      'most customer lookups one operation may ask for (aliases × list items × `_entities` representations)',
    ),
  MAX_BODY_BYTES: int(1).default(102_400).describe('largest HTTP request body; over it: HTTP 413'),
  SHUTDOWN_TIMEOUT_MS: int(0, 60_000)
    .default(7000)
    .describe(
      "how long SIGTERM waits for in-flight requests before cutting them; with the 1 s that follows, a drain ends inside `docker stop`'s 10 s ([operations.md](operations.md#docker))",
    ),
  SHUTDOWN_READINESS_DELAY_MS: int(0, 60_000)
    .default(0)
    .describe(
      'after SIGTERM, how long `/readyz` answers 503 while the listener still serves (set ~5000 behind a load balancer)',
    ),
  GRAPHQL_INTROSPECTION: bool.optional().meta({
    description: 'allow introspection (and, by default, serve the explorer page)',
    defaultText: 'on outside production (and with `GRAPHQL_EXPLORER=true`)',
  }),
  GRAPHQL_EXPLORER: bool.optional().meta({
    description: 'serve the GraphiQL explorer on `GET /graphql` to browsers',
    defaultText: 'follows `GRAPHQL_INTROSPECTION`',
  }),
  DEBUG_EXTENSIONS: bool.optional().meta({
    description:
      'add `extensions.gateway` (upstream calls, cache hits/misses, stale, duration) to every response',
    defaultText: 'on outside production',
  }),
  METRICS_ENABLED: bool
    .default(true)
    .describe('`false` turns `GET /metrics` and all metric bookkeeping off'),
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl
    .optional()
    .describe(
      'OTLP/HTTP collector base URL (e.g. `http://otel-collector:4318`); set: OpenTelemetry tracing on, spans sent to `<url>/v1/traces`',
    ),
  OTEL_SERVICE_NAME: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .default('fashionai-profile-gateway')
    .describe('`service.name` of the spans'),
  // Caller authentication (src/auth/): service API keys, end-user JWTs, or explicitly none.
  GATEWAY_AUTH: z
    .enum(['none'], { error: 'must be "none" or unset' })
    .optional()
    .describe('`none`: run without authentication on purpose (required for that in production)'),
  GATEWAY_API_KEYS: z
    .string()
    .optional()
    .describe(
      'service API keys, comma-separated `name:key` (key ≥ 16 characters); `name:key:admin` also grants `profiles:admin`, `name:key:debug` the debug extension (`gateway:debug`), `name:key:admin+debug` both. The name is what logs show',
    ),
  JWT_JWKS_URL: httpUrl
    .optional()
    .describe(
      "end-user JWTs: the issuer's key set (https in production), cached and refetched when a token names an unknown key",
    ),
  JWT_PUBLIC_KEY: z
    .string()
    .optional()
    .describe('or one PEM public key (`\\n` escapes accepted) instead of a key set'),
  JWT_ISSUER: z
    .string()
    .trim()
    .optional()
    .describe('required with either JWT setting: the `iss` tokens must carry'),
  JWT_AUDIENCE: z
    .string()
    .trim()
    .optional()
    .describe(
      'required with either JWT setting: the accepted `aud`; may be a comma-separated list',
    ),
  JWT_EMAIL_CLAIM: z
    .string()
    .trim()
    .min(1)
    .default('email')
    .describe('the claim `Query.me` looks the profile up by'),
  JWT_ALGORITHMS: z.string().trim().optional().meta({
    description:
      'accepted signature algorithms, comma-separated; `HS*` and `none` are never accepted',
    defaultText: 'all asymmetric (`RS*`, `PS*`, `ES*`, `EdDSA`)',
  }),
  JWT_CLOCK_TOLERANCE_SECONDS: int(0, 300)
    .default(30)
    .describe('clock skew allowed on `exp` and `nbf`'),
  JWT_JWKS_COOLDOWN_SECONDS: int(0, 3600)
    .default(30)
    .describe('least time between two key-set fetches triggered by unknown key ids'),
  JWT_JWKS_CACHE_SECONDS: int(1, 86_400)
    .default(600)
    .describe('how long a fetched key set is used before it is fetched again'),
  // Operation limits, checked on the parsed document before anything executes.
  MAX_DEPTH: int(1, 1000)
    .default(8)
    .describe('deepest field nesting of an operation (fragments do not count)'),
  MAX_ALIASES: int(0, 10_000)
    .default(20)
    .describe('most aliases in an operation (`__typename` aliases excepted)'),
  MAX_TOKENS: int(10, 1_000_000)
    .default(1000)
    .describe('most lexical tokens in an operation document'),
  MAX_DIRECTIVES: int(0, 10_000).default(20).describe('most directives in an operation'),
  GRAPHQL_BATCHING: bool
    .default(false)
    .describe('accept a JSON array of operations in one request'),
  GRAPHQL_MAX_BATCH_SIZE: int(1, 1000)
    .default(10)
    .describe('most operations in one batch (they share `MAX_LOOKUPS_PER_REQUEST`)'),
  // Trusted documents and browsers.
  PERSISTED_QUERIES_MANIFEST: z
    .string()
    .trim()
    .optional()
    .describe(
      "path of a persisted-query manifest: Apollo's format or client-preset's `{ hash: document }` map, detected by shape ([frontend.md](frontend.md#the-typed-path-from-the-schema-to-a-safelisted-request))",
    ),
  PERSISTED_QUERIES_ONLY: bool
    .default(false)
    .describe('`true`: run only operations of the manifest (needs `PERSISTED_QUERIES_MANIFEST`)'),
  CORS_ORIGINS: z.string().optional().meta({
    description:
      'comma-separated exact browser origins, e.g. `https://shop.example.com`; credentials are allowed for these only',
    defaultText: 'none in production; any (without credentials) elsewhere',
  }),
  BENCH_EXPOSE_GC: bool
    .default(false)
    .describe(
      'benchmark only: `true` serves `GET /debug/heap`, which collects garbage and reports the heap (the process needs `--expose-gc`)',
    ),
});

/** Values that must never be echoed in an error message. */
export const SECRET_VARIABLES = new Set([
  'FASHIONAI_APP_TOKEN',
  'GATEWAY_API_KEYS',
  'JWT_PUBLIC_KEY',
  'CACHE_ENCRYPTION_KEY',
  'CACHE_ENCRYPTION_KEYS',
]);
