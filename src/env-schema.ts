// The environment variables the gateway reads, as one zod schema: each with its type, range
// and default. src/config.ts applies it to the environment and turns the result into Config.
import { z } from 'zod';

export const DEFAULT_API_URL = 'https://catalog.api.fashionai.dev/api/v1/crm';

const int = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

const bool = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(['true', 'false', '1', '0', 'yes', 'no']))
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const httpUrl = z
  .string()
  .trim()
  .pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }))
  .transform((u) => u.replace(/\/+$/, ''));

export const envSchema = z.object({
  NODE_ENV: z.string().trim().default('development'),
  PORT: int(0, 65535).default(4000),
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  FASHIONAI_API_URL: httpUrl.default(DEFAULT_API_URL),
  FASHIONAI_APP_TOKEN: z.string().trim().min(1).optional(),
  UPSTREAM_TIMEOUT_MS: int(1, 600_000).default(5000),
  UPSTREAM_MAX_CONCURRENCY: int(1, 10_000).default(32),
  UPSTREAM_MAX_QUEUE: int(0, 1_000_000).default(1000),
  UPSTREAM_ATTEMPT_TIMEOUT_MS: int(1, 600_000).optional(),
  UPSTREAM_MAX_RETRIES: int(0, 5).default(2),
  UPSTREAM_RETRY_BASE_DELAY_MS: int(0, 10_000).default(100),
  UPSTREAM_RETRY_BUDGET_PERCENT: int(0, 100).default(20),
  UPSTREAM_RETRY_BUDGET_MIN_PER_SECOND: int(0, 10_000).default(5),
  UPSTREAM_THROTTLE_LONG_PAUSE_SECONDS: int(1, 3600).default(5),
  UPSTREAM_THROTTLE_MAX_WAIT_MS: int(0, 600_000).default(250),
  // Replaced by the three below (a consecutive count opened under scattered faults).
  BREAKER_FAILURE_THRESHOLD: z.string().optional(),
  BREAKER_FAILURE_RATE_PERCENT: int(1, 99).default(50),
  BREAKER_WINDOW_MS: int(100, 600_000).default(2000),
  BREAKER_MIN_CALLS: int(1, 100_000).default(20),
  BREAKER_HALF_OPEN_AFTER_MS: int(1, 600_000).default(5000),
  UPSTREAM_MAX_BODY_BYTES: int(1024).default(1_048_576),
  CACHE_TTL_SECONDS: int(0).default(300),
  CACHE_STALE_SECONDS: int(0).default(3600),
  CACHE_NEGATIVE_TTL_SECONDS: int(0).default(60),
  CACHE_STALE_WHILE_REVALIDATE_SECONDS: int(0).default(0),
  CACHE_URL: z
    .string()
    .trim()
    .pipe(z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }))
    .optional(),
  CACHE_MAX_ENTRIES: int(1).default(10_000),
  CACHE_L1_TTL_SECONDS: int(1).default(30),
  CACHE_REDIS_TIMEOUT_MS: int(10, 60_000).default(250),
  CACHE_REQUIRED: bool.default(false),
  // Personal data in the caches (src/profiles/cache-protection.ts).
  CACHE_ENCRYPTION_KEY: z.string().optional(),
  CACHE_ENCRYPTION_KEYS: z.string().optional(),
  CACHE_ENCRYPTION: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(['on', 'off'], { error: 'must be "on" or "off"' }))
    .optional(),
  CACHE_MAX_RETENTION_SECONDS: int(1).default(86_400),
  // Fleet coordination through the shared Redis (src/fleet/); only with CACHE_URL.
  UPSTREAM_BUDGETS: z.string().optional(),
  UPSTREAM_QUOTA_PER_SECOND: z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?$/, 'must be a positive number of calls per second')
    .transform(Number)
    .pipe(z.number().positive('must be a positive number of calls per second').max(100_000))
    .optional(),
  FLEET_SINGLE_FLIGHT: bool.default(true),
  FLEET_LEASE_MS: int(100, 60_000).default(2000),
  RESPONSE_CACHE_TTL_MS: int(0, 60_000).default(1000),
  RESPONSE_CACHE_MAX_ENTRIES: int(1).default(1000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAX_LOOKUPS_PER_REQUEST: int(1).default(100),
  MAX_BODY_BYTES: int(1).default(102_400),
  SHUTDOWN_TIMEOUT_MS: int(0, 60_000).default(7000),
  SHUTDOWN_READINESS_DELAY_MS: int(0, 60_000).default(0),
  GRAPHQL_INTROSPECTION: bool.optional(),
  GRAPHQL_EXPLORER: bool.optional(),
  DEBUG_EXTENSIONS: bool.optional(),
  METRICS_ENABLED: bool.default(true),
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl.optional(),
  OTEL_SERVICE_NAME: z.string().trim().min(1).max(100).default('fashionai-profile-gateway'),
  // Caller authentication (src/auth/): service API keys, end-user JWTs, or explicitly none.
  GATEWAY_AUTH: z.enum(['none'], { error: 'must be "none" or unset' }).optional(),
  GATEWAY_API_KEYS: z.string().optional(),
  JWT_JWKS_URL: httpUrl.optional(),
  JWT_PUBLIC_KEY: z.string().optional(),
  JWT_ISSUER: z.string().trim().optional(),
  JWT_AUDIENCE: z.string().trim().optional(),
  JWT_EMAIL_CLAIM: z.string().trim().min(1).default('email'),
  JWT_ALGORITHMS: z.string().trim().optional(),
  JWT_CLOCK_TOLERANCE_SECONDS: int(0, 300).default(30),
  JWT_JWKS_COOLDOWN_SECONDS: int(0, 3600).default(30),
  JWT_JWKS_CACHE_SECONDS: int(1, 86_400).default(600),
  // Operation limits, checked on the parsed document before anything executes.
  MAX_DEPTH: int(1, 1000).default(8),
  MAX_ALIASES: int(0, 10_000).default(20),
  MAX_TOKENS: int(10, 1_000_000).default(1000),
  MAX_DIRECTIVES: int(0, 10_000).default(20),
  GRAPHQL_BATCHING: bool.default(false),
  GRAPHQL_MAX_BATCH_SIZE: int(1, 1000).default(10),
  // Trusted documents and browsers.
  PERSISTED_QUERIES_MANIFEST: z.string().trim().optional(),
  PERSISTED_QUERIES_ONLY: bool.default(false),
  CORS_ORIGINS: z.string().optional(),
  BENCH_EXPOSE_GC: bool.default(false),
});

/** Values that must never be echoed in an error message. */
export const SECRET_VARIABLES = new Set([
  'FASHIONAI_APP_TOKEN',
  'GATEWAY_API_KEYS',
  'JWT_PUBLIC_KEY',
  'CACHE_ENCRYPTION_KEY',
  'CACHE_ENCRYPTION_KEYS',
]);
