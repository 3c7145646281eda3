// Chooses the profile cache from the configuration: in process only, or in process in front of
// a shared Redis (CACHE_URL). Building the Redis one never waits for Redis: the gateway starts
// and serves while Redis is still unreachable. The process's one Redis connection is made here
// (redisConnectionFor) and shared with the fleet coordination.
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { createMemoryProfileCache } from './cache.ts';
import type { CacheLayerObserver, ProfileCache } from './cache.ts';
import { createTwoLayerProfileCache } from './cache-two-layer.ts';
import { RedisConnection } from '../redis/connection.ts';

/** The link to the shared Redis, when CACHE_URL names one. */
export function redisConnectionFor(
  settings: Config['cache'],
  logger: Logger,
): RedisConnection | undefined {
  if (!settings.url) return undefined;
  return new RedisConnection({ url: settings.url, timeoutMs: settings.redisTimeoutMs, logger });
}

export function createProfileCache(
  settings: Config['cache'],
  logger: Logger,
  observe?: CacheLayerObserver,
  onDropped?: () => void,
  connection = redisConnectionFor(settings, logger),
): ProfileCache {
  if (!connection) return createMemoryProfileCache(settings.maxEntries, observe, onDropped);
  return createTwoLayerProfileCache({
    connection,
    maxEntries: settings.maxEntries,
    l1TtlMs: settings.l1TtlSeconds * 1000,
    observe,
    onDropped,
  });
}
