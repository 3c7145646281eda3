// The composition root of the data path: from a Config, top to bottom — Redis, observability,
// the fleet, the upstream client, the caches, ProfileService — each part handed its
// collaborators and registering with the lifecycle how to close what it created. server.ts
// puts GraphQL and HTTP on top of it.
import type { Logger } from 'pino';
import { createProfileCache } from '../cache/policy.ts';
import { cacheKeyFactory } from '../cache/profile-cache.ts';
import type { CacheEntry, ProfileCache } from '../cache/profile-cache.ts';
import { createSharedLayer } from '../cache/redis-layer.ts';
import { erasureAckTimeoutMs, erasureLedgerFor, sealerFor } from '../cache/settings.ts';
import type { Config } from '../config/config.ts';
import { CallerBudgets } from '../fleet/budgets.ts';
import { fleetNamespace, watchCoordination } from '../fleet/coordination.ts';
import { RedisColdKeyLeases } from '../fleet/leases.ts';
import { FleetRate } from '../fleet/rate.ts';
import { createResponseCache } from '../graphql/response-cache.ts';
import type { ResponseCache } from '../graphql/response-cache.ts';
import { createMetrics } from '../observability/metrics.ts';
import type { GatewayMetrics } from '../observability/metrics.ts';
import { profileLog } from '../observability/profile-log.ts';
import { RequestScope } from '../observability/request-scope.ts';
import { createTracing } from '../observability/tracing.ts';
import type { Tracing } from '../observability/tracing.ts';
import { instrumentAttempts, instrumentCalls } from '../observability/upstream-instrumentation.ts';
import { composeObservers } from '../observability/upstream-metrics.ts';
import { ProfileService } from '../profiles/service.ts';
import { RedisConnection } from '../redis/connection.ts';
import { FashionAiClient } from '../upstream/client.ts';
import type { UpstreamObserver } from '../upstream/observer.ts';
import { ResilientFashionAiClient } from '../upstream/resilience.ts';
import type { Lifecycle } from './lifecycle.ts';

export interface ComposeOptions {
  /** Tracing to use instead of the one configured (tests pass an in-memory exporter's). */
  tracing?: Tracing;
  /** Told about every upstream attempt, retry, breaker change, 429 pause and rejection. */
  upstreamObserver?: UpstreamObserver;
}

/** The data path, ready for the GraphQL and HTTP layers. */
export interface DataPath {
  service: ProfileService;
  cache: ProfileCache;
  /** The whole-response cache (RESPONSE_CACHE_TTL_MS > 0). */
  responses: ResponseCache | undefined;
  upstream: ResilientFashionAiClient;
  metrics: GatewayMetrics;
  tracing: Tracing | undefined;
  scope: RequestScope;
}

/** Longest a "value just landed" marker lives: it only covers a cache read racing the write. */
const LANDED_MARKER_MS = 2000;

export function composeDataPath(
  config: Config,
  token: string,
  logger: Logger,
  lifecycle: Lifecycle,
  options: ComposeOptions = {},
): DataPath {
  // Redis: the process's one connection, shared by the cache, the erasure broadcast and the
  // fleet. Building it never waits for Redis: the gateway starts and serves while it is away.
  const { cache: cacheSettings, fleet: fleetSettings } = config;
  const redis = cacheSettings.url
    ? new RedisConnection({
        url: cacheSettings.url,
        timeoutMs: cacheSettings.redisTimeoutMs,
        logger,
      })
    : undefined;
  if (redis) lifecycle.onClose(() => redis.close());

  // Observability: series fed by each subsystem's events, spans, the request scope.
  const metrics = createMetrics(
    config.metricsEnabled,
    fleetSettings.budgets.map((b) => b.name),
    redis !== undefined,
  );
  const tracing = options.tracing ?? createTracing(config.tracing);
  if (tracing) lifecycle.onClose(() => tracing.shutdown());
  const scope = new RequestScope();

  // The fleet: replicas sharing a token act as one client of Fashion.AI through Redis.
  const namespace = fleetNamespace(token);
  const fleetObserver = metrics.fleet;
  if (redis) watchCoordination(redis, fleetObserver, logger);
  const budgets =
    fleetSettings.budgets.length > 0
      ? new CallerBudgets({
          budgets: fleetSettings.budgets,
          connection: redis,
          namespace,
          observer: fleetObserver,
        })
      : undefined;
  const rate =
    redis || fleetSettings.quotaPerSecond
      ? new FleetRate({
          connection: redis,
          namespace,
          quotaPerSecond: fleetSettings.quotaPerSecond,
          maxWaitMs: config.upstream.throttle.maxWaitMs,
          observer: fleetObserver,
        })
      : undefined;
  const leases =
    redis && fleetSettings.singleFlight
      ? new RedisColdKeyLeases<CacheEntry>({
          connection: redis,
          namespace,
          leaseMs: fleetSettings.leaseMs,
          maxWaitMs: fleetSettings.maxWaitMs,
          landedMarkerMs: Math.min(LANDED_MARKER_MS, cacheSettings.ttlSeconds * 1000),
          observer: fleetObserver,
        })
      : undefined;

  // The upstream: the vendor client behind its policies, a span per attempt and per call.
  const http = new FashionAiClient({ ...config.upstream, token });
  const upstream = new ResilientFashionAiClient(instrumentAttempts(http, { tracing, scope }), {
    settings: config.upstream,
    observer: composeObservers(metrics.upstream.observer, options.upstreamObserver),
    logger,
    rate,
  });
  metrics.upstream.watch(upstream);
  lifecycle.onClose(() => upstream.close());

  // The caches: profiles (in process, and in Redis with CACHE_URL) and whole responses, which
  // must not outlive an erased or invalidated profile.
  let responses: ResponseCache | undefined;
  const cache = createProfileCache({
    maxEntries: cacheSettings.maxEntries,
    ledger: erasureLedgerFor(cacheSettings),
    events: { ...metrics.cache.events, dropped: () => responses?.clear() },
    shared: redis && {
      connection: redis,
      layer: createSharedLayer({
        connection: redis,
        sealer: sealerFor(cacheSettings.protection, logger),
        events: metrics.cache.events,
      }),
      memoryTtlMs: cacheSettings.l1TtlSeconds * 1000,
      erasureAckTimeoutMs: erasureAckTimeoutMs(cacheSettings),
    },
  });
  lifecycle.onClose(() => cache.close());
  if (cacheSettings.responseTtlMs > 0) {
    responses = createResponseCache({
      ttlMs: cacheSettings.responseTtlMs,
      maxEntries: cacheSettings.responseMaxEntries,
      maxEntryBytes: 64 * 1024,
      callerOf: (request) => request.caller,
      scope,
      metrics,
    });
  }

  const service = new ProfileService({
    client: instrumentCalls(upstream, tracing),
    cache,
    cacheKey: cacheKeyFactory(token),
    ttlSeconds: cacheSettings.ttlSeconds,
    staleSeconds: cacheSettings.staleSeconds,
    negativeTtlSeconds: cacheSettings.negativeTtlSeconds,
    staleWhileRevalidateSeconds: cacheSettings.staleWhileRevalidateSeconds,
    leases,
    budgets,
    observer: profileLog(logger),
  });

  return { service, cache, responses, upstream, metrics, tracing, scope };
}
