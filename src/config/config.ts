// The one place that reads the environment: turns it into a validated, typed Config.
// Every setting of CONTRACT.md lives here with its default; a bad value stops the start
// with a message naming the variable (ConfigError), never a half-configured server.
import { existsSync } from 'node:fs';
import { resolveAuthSettings } from '../auth/settings.ts';
import type { AuthSettings } from '../auth/settings.ts';
import { loadPersistedQueryManifest } from '../graphql/persisted-manifest.ts';
import type { PersistedOperation } from '../graphql/persisted-manifest.ts';
import { SECRET_VARIABLES, envSchema } from './env-schema.ts';
import { redactRedisUrl } from '../redis/url.ts';
import { resolveCacheProtection } from '../cache/protection.ts';
import type { CacheSettings } from '../cache/settings.ts';
import { parseUpstreamBudgets } from '../fleet/settings.ts';
import type { FleetSettings } from '../fleet/settings.ts';
import { corsSettings } from '../http/cors.ts';
import type { CorsSettings } from '../http/cors.ts';
import type { UpstreamSettings } from '../upstream/settings.ts';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface Config {
  env: string;
  production: boolean;
  /** No token and not production: serve the built-in sample upstream. */
  demoMode: boolean;
  port: number;
  host: string;
  /** The vendor client and the policies around every call (src/upstream/settings.ts). */
  upstream: UpstreamSettings;
  /** The profile cache, the shared Redis, and the whole-response cache (src/cache/settings.ts). */
  cache: CacheSettings;
  /** Replicas acting as one client of Fashion.AI through the shared Redis (src/fleet/). */
  fleet: FleetSettings;
  logLevel: string;
  limits: {
    maxLookupsPerRequest: number;
    maxBodyBytes: number;
    maxDepth: number;
    maxAliases: number;
    maxTokens: number;
    maxDirectives: number;
    /** Batched HTTP operations (a JSON array of operations in one request). */
    batching: boolean;
    maxBatchSize: number;
  };
  shutdownTimeoutMs: number;
  /** After SIGTERM, /readyz answers 503 this long before the listener closes. */
  shutdownReadinessDelayMs: number;
  introspection: boolean;
  /** Add `extensions.gateway` cost counters to every response (callers allowed to debug get them anyway). */
  debugExtensions: boolean;
  metricsEnabled: boolean;
  tracing: {
    /** OTLP/HTTP base URL; unset: tracing off (no provider, the OpenTelemetry API stays a no-op). */
    otlpEndpoint: string | undefined;
    serviceName: string;
  };
  /** The explorer page on GET /graphql (GRAPHQL_EXPLORER; by default it follows introspection). */
  explorer: boolean;
  auth: AuthSettings;
  cors: CorsSettings;
  persistedQueries: {
    /** From PERSISTED_QUERIES_MANIFEST; empty when none is configured. */
    operations: PersistedOperation[];
    /** Refuse every operation that is not in the manifest. */
    only: boolean;
  };
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
    const value = SECRET_VARIABLES.has(name)
      ? '(secret)'
      : name === 'CACHE_URL'
        ? JSON.stringify(redactRedisUrl(env[name] ?? ''))
        : JSON.stringify(env[name]);
    throw new ConfigError(`Invalid ${name}=${value}: ${issue?.message ?? 'invalid value'}`);
  }
  const e = parsed.data;
  if (e.BREAKER_FAILURE_THRESHOLD !== undefined) {
    throw new ConfigError(
      'BREAKER_FAILURE_THRESHOLD is no longer read: the breaker now opens on a failure rate; set BREAKER_FAILURE_RATE_PERCENT, BREAKER_WINDOW_MS and BREAKER_MIN_CALLS instead (or unset it)',
    );
  }
  if (e.CACHE_REQUIRED && !e.CACHE_URL) {
    throw new ConfigError('Invalid CACHE_REQUIRED=true: it needs a shared cache (set CACHE_URL)');
  }
  const production = e.NODE_ENV === 'production';
  if (production && !e.FASHIONAI_APP_TOKEN) {
    throw new ConfigError(
      'FASHIONAI_APP_TOKEN is not set: it is required when NODE_ENV=production (sample data is never served in production)',
    );
  }
  const demoMode = !production && !e.FASHIONAI_APP_TOKEN;
  // The explorer's schema docs need introspection: GRAPHQL_EXPLORER=true in production turns
  // both on (unless GRAPHQL_INTROSPECTION=false); by default the explorer follows introspection.
  const introspection = e.GRAPHQL_INTROSPECTION ?? (!production || e.GRAPHQL_EXPLORER === true);
  const auth = parseVar(() => resolveAuthSettings(e, { production, demoMode }));
  return {
    env: e.NODE_ENV,
    production,
    demoMode,
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
      retryBudget: {
        ratio: e.UPSTREAM_RETRY_BUDGET_PERCENT / 100,
        minPerSecond: e.UPSTREAM_RETRY_BUDGET_MIN_PER_SECOND,
      },
      throttle: {
        longPauseSeconds: e.UPSTREAM_THROTTLE_LONG_PAUSE_SECONDS,
        maxWaitMs: e.UPSTREAM_THROTTLE_MAX_WAIT_MS,
      },
      breaker: {
        failureRate: e.BREAKER_FAILURE_RATE_PERCENT / 100,
        windowMs: e.BREAKER_WINDOW_MS,
        minCalls: e.BREAKER_MIN_CALLS,
        halfOpenAfterMs: e.BREAKER_HALF_OPEN_AFTER_MS,
      },
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
      // No profile caching means no replayed answers either.
      responseTtlMs: e.CACHE_TTL_SECONDS === 0 ? 0 : e.RESPONSE_CACHE_TTL_MS,
      responseMaxEntries: e.RESPONSE_CACHE_MAX_ENTRIES,
      protection: parseVar(() => resolveCacheProtection(e, { production })),
    },
    fleet: {
      budgets: parseVar(() => parseUpstreamBudgets(e.UPSTREAM_BUDGETS, auth)),
      quotaPerSecond: e.UPSTREAM_QUOTA_PER_SECOND,
      singleFlight: e.FLEET_SINGLE_FLIGHT,
      leaseMs: e.FLEET_LEASE_MS,
      maxWaitMs: e.UPSTREAM_TIMEOUT_MS + e.CACHE_REDIS_TIMEOUT_MS,
    },
    logLevel: e.LOG_LEVEL,
    limits: {
      maxLookupsPerRequest: e.MAX_LOOKUPS_PER_REQUEST,
      maxBodyBytes: e.MAX_BODY_BYTES,
      maxDepth: e.MAX_DEPTH,
      maxAliases: e.MAX_ALIASES,
      maxTokens: e.MAX_TOKENS,
      maxDirectives: e.MAX_DIRECTIVES,
      batching: e.GRAPHQL_BATCHING,
      maxBatchSize: e.GRAPHQL_MAX_BATCH_SIZE,
    },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    introspection,
    explorer: e.GRAPHQL_EXPLORER ?? introspection,
    auth,
    cors: parseVar(() => corsSettings(e.CORS_ORIGINS, production)),
    persistedQueries: persistedQuerySettings(
      e.PERSISTED_QUERIES_MANIFEST,
      e.PERSISTED_QUERIES_ONLY,
    ),
    shutdownReadinessDelayMs: e.SHUTDOWN_READINESS_DELAY_MS,
    debugExtensions: e.DEBUG_EXTENSIONS ?? !production,
    metricsEnabled: e.METRICS_ENABLED,
    tracing: { otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: e.OTEL_SERVICE_NAME },
    exposeHeapEndpoint: e.BENCH_EXPOSE_GC,
  };
}

/** Runs a parser whose errors name the variable, turning them into a ConfigError. */
function parseVar<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
}

function persistedQuerySettings(
  manifestPath: string | undefined,
  only: boolean,
): Config['persistedQueries'] {
  if (only && !manifestPath) {
    throw new ConfigError('PERSISTED_QUERIES_ONLY=true needs PERSISTED_QUERIES_MANIFEST');
  }
  if (!manifestPath) return { operations: [], only };
  try {
    return { operations: loadPersistedQueryManifest(manifestPath), only };
  } catch (error) {
    throw new ConfigError(`Invalid PERSISTED_QUERIES_MANIFEST: ${(error as Error).message}`);
  }
}
