// The one place that reads the environment: turns it into a validated, typed Config.
// Every setting of CONTRACT.md lives here with its default; a bad value stops the start
// with a message naming the variable (ConfigError), never a half-configured server.
import { existsSync } from 'node:fs';
import { z } from 'zod';

export const DEFAULT_API_URL = 'https://catalog.api.fashionai.dev/api/v1/crm';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

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

const envSchema = z.object({
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
  BREAKER_FAILURE_THRESHOLD: int(1, 10_000).default(10),
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
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAX_LOOKUPS_PER_REQUEST: int(1).default(100),
  MAX_BODY_BYTES: int(1).default(102_400),
  SHUTDOWN_TIMEOUT_MS: int(0, 60_000).default(10_000),
  SHUTDOWN_READINESS_DELAY_MS: int(0, 60_000).default(0),
  GRAPHQL_INTROSPECTION: bool.optional(),
  BENCH_EXPOSE_GC: bool.default(false),
});

export interface Config {
  env: string;
  production: boolean;
  /** No token and not production: serve the built-in sample upstream. */
  demoMode: boolean;
  port: number;
  host: string;
  upstream: {
    url: string;
    /** Undefined only in demo mode, where the sample upstream's token is filled in at start. */
    token: string | undefined;
    /** Whole budget of one call, retries and waits included. */
    timeoutMs: number;
    /** Budget of one attempt (default: half of timeoutMs, so one full retry still fits). */
    attemptTimeoutMs: number;
    maxRetries: number;
    retryBaseDelayMs: number;
    maxConcurrency: number;
    maxQueue: number;
    maxBodyBytes: number;
  };
  breaker: { failureThreshold: number; halfOpenAfterMs: number };
  cache: {
    ttlSeconds: number;
    staleSeconds: number;
    negativeTtlSeconds: number;
    staleWhileRevalidateSeconds: number;
    url: string | undefined;
    maxEntries: number;
    /** With CACHE_URL: longest an entry stays in the in-process layer while Redis is up. */
    l1TtlSeconds: number;
    /** With CACHE_URL: budget of one Redis operation. */
    redisTimeoutMs: number;
    /** /readyz answers 503 while the shared cache is unreachable (instead of 200, degraded). */
    required: boolean;
  };
  logLevel: string;
  limits: { maxLookupsPerRequest: number; maxBodyBytes: number };
  shutdownTimeoutMs: number;
  /** After SIGTERM, /readyz answers 503 this long before the listener closes. */
  shutdownReadinessDelayMs: number;
  introspection: boolean;
  /** Benchmark only: GET /debug/heap collects garbage and reports the heap (needs --expose-gc). */
  exposeHeapEndpoint: boolean;
}

type Env = Record<string, string | undefined>;

/** Reads `.env` (if present) into the environment without overriding what is already set. */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

export function loadConfig(env: Env = process.env): Config {
  // Empty strings count as unset, so `PORT=` in a .env file means "default".
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''),
  );
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    const value = name === 'FASHIONAI_APP_TOKEN' ? '(secret)' : JSON.stringify(env[name]);
    throw new ConfigError(`Invalid ${name}=${value}: ${issue?.message ?? 'invalid value'}`);
  }
  const e = parsed.data;
  if (e.CACHE_REQUIRED && !e.CACHE_URL) {
    throw new ConfigError('Invalid CACHE_REQUIRED=true: it needs a shared cache (set CACHE_URL)');
  }
  const production = e.NODE_ENV === 'production';
  if (production && !e.FASHIONAI_APP_TOKEN) {
    throw new ConfigError(
      'FASHIONAI_APP_TOKEN is not set: it is required when NODE_ENV=production (sample data is never served in production)',
    );
  }
  return {
    env: e.NODE_ENV,
    production,
    demoMode: !production && !e.FASHIONAI_APP_TOKEN,
    port: e.PORT,
    host: e.HOST,
    upstream: {
      url: e.FASHIONAI_API_URL,
      token: e.FASHIONAI_APP_TOKEN,
      timeoutMs: e.UPSTREAM_TIMEOUT_MS,
      attemptTimeoutMs: Math.min(
        e.UPSTREAM_ATTEMPT_TIMEOUT_MS ?? Math.ceil(e.UPSTREAM_TIMEOUT_MS / 2),
        e.UPSTREAM_TIMEOUT_MS,
      ),
      maxRetries: e.UPSTREAM_MAX_RETRIES,
      retryBaseDelayMs: e.UPSTREAM_RETRY_BASE_DELAY_MS,
      maxConcurrency: e.UPSTREAM_MAX_CONCURRENCY,
      maxQueue: e.UPSTREAM_MAX_QUEUE,
      maxBodyBytes: e.UPSTREAM_MAX_BODY_BYTES,
    },
    breaker: {
      failureThreshold: e.BREAKER_FAILURE_THRESHOLD,
      halfOpenAfterMs: e.BREAKER_HALF_OPEN_AFTER_MS,
    },
    cache: {
      ttlSeconds: e.CACHE_TTL_SECONDS,
      staleSeconds: e.CACHE_STALE_SECONDS,
      negativeTtlSeconds: e.CACHE_NEGATIVE_TTL_SECONDS,
      staleWhileRevalidateSeconds: e.CACHE_STALE_WHILE_REVALIDATE_SECONDS,
      url: e.CACHE_URL,
      maxEntries: e.CACHE_MAX_ENTRIES,
      l1TtlSeconds: e.CACHE_L1_TTL_SECONDS,
      redisTimeoutMs: e.CACHE_REDIS_TIMEOUT_MS,
      required: e.CACHE_REQUIRED,
    },
    logLevel: e.LOG_LEVEL,
    limits: { maxLookupsPerRequest: e.MAX_LOOKUPS_PER_REQUEST, maxBodyBytes: e.MAX_BODY_BYTES },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    shutdownReadinessDelayMs: e.SHUTDOWN_READINESS_DELAY_MS,
    introspection: e.GRAPHQL_INTROSPECTION ?? !production,
    exposeHeapEndpoint: e.BENCH_EXPOSE_GC,
  };
}
