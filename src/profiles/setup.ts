// Assembles the data path below the resolvers from a Config: the HTTP client, its resilience
// policies and instrumentation, the profile cache and the ProfileService over them.
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { createFleet } from '../fleet/setup.ts';
import type { Observability } from '../observability/setup.ts';
import { FashionAiClient } from '../upstream/client.ts';
import { UpstreamError } from '../upstream/errors.ts';
import type { UpstreamObserver } from '../upstream/observer.ts';
import { ResilientFashionAiClient } from '../upstream/resilience.ts';
import { cacheKeyFactory } from './cache.ts';
import type { ProfileCache } from './cache.ts';
import { createProfileCache, redisConnectionFor } from './cache-setup.ts';
import { ProfileService } from './service.ts';
import type { StaleServed } from './service.ts';

export interface ProfileStack {
  client: ResilientFashionAiClient;
  cache: ProfileCache;
  service: ProfileService;
}

export interface ProfileStackOptions {
  token: string;
  observability: Observability;
  /** Told about every upstream attempt, retry, breaker change, 429 pause and refusal. */
  upstreamObserver?: UpstreamObserver;
  /** Told when a cached profile is dropped (here or by another replica). */
  onDropped?: () => void;
}

function logStale(logger: Logger, event: StaleServed): void {
  const fields = {
    lookupKind: event.lookup.kind,
    staleForSeconds: Math.round(event.staleForMs / 1000),
    reason: event.error instanceof UpstreamError ? event.error.code : undefined,
  };
  if (event.why === 'error') logger.warn(fields, 'Served a stale profile: Fashion.AI failed');
  else logger.debug(fields, 'Served a stale profile while refreshing it');
}

export function createProfileStack(
  config: Config,
  logger: Logger,
  options: ProfileStackOptions,
): ProfileStack {
  const { upstream } = config;
  const { observability } = options;
  // One Redis connection and one health state per process, for the cache and the fleet.
  const redis = redisConnectionFor(config.cache, logger);
  const fleet = createFleet(config, options.token, redis, logger, observability.metrics.registry);
  const client = new ResilientFashionAiClient(
    observability.instrumentAttempts(
      new FashionAiClient({
        url: upstream.url,
        token: options.token,
        maxConcurrency: upstream.maxConcurrency,
        attemptTimeoutMs: upstream.attemptTimeoutMs,
        maxBodyBytes: upstream.maxBodyBytes,
      }),
    ),
    {
      budgetMs: upstream.timeoutMs,
      attemptTimeoutMs: upstream.attemptTimeoutMs,
      maxRetries: upstream.maxRetries,
      retryBaseDelayMs: upstream.retryBaseDelayMs,
      maxConcurrency: upstream.maxConcurrency,
      maxQueue: upstream.maxQueue,
      retryBudgetRatio: upstream.retryBudgetRatio,
      retryBudgetMinPerSecond: upstream.retryBudgetMinPerSecond,
      throttleLongPauseSeconds: upstream.throttleLongPauseSeconds,
      throttleMaxWaitMs: upstream.throttleMaxWaitMs,
      breakerFailureRate: config.breaker.failureRate,
      breakerWindowMs: config.breaker.windowMs,
      breakerMinCalls: config.breaker.minCalls,
      breakerHalfOpenAfterMs: config.breaker.halfOpenAfterMs,
      observer: observability.upstreamObserver(options.upstreamObserver),
      logger,
      rate: fleet.rate,
    },
  );
  const cache = createProfileCache(
    config.cache,
    logger,
    {
      observe: observability.cacheObserver,
      onDropped: options.onDropped,
      onUnreadable: (reason) => observability.metrics.cacheUnreadable(reason),
    },
    redis,
  );
  const service = new ProfileService({
    client: observability.instrumentCalls(client),
    cache,
    cacheKey: cacheKeyFactory(options.token),
    ttlSeconds: config.cache.ttlSeconds,
    staleSeconds: config.cache.staleSeconds,
    negativeTtlSeconds: config.cache.negativeTtlSeconds,
    staleWhileRevalidateSeconds: config.cache.staleWhileRevalidateSeconds,
    leases: fleet.leases,
    budgets: fleet.budgets,
    onStale: (event) => logStale(logger, event),
    onRefreshError: (lookup, error) =>
      logger.warn(
        {
          lookupKind: lookup.kind,
          reason: error instanceof UpstreamError ? error.code : 'INTERNAL',
        },
        'Background refresh of a stale profile failed',
      ),
  });
  return { client, cache, service };
}
