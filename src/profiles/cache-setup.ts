// Chooses the profile cache from the configuration: in process only, or in process in front of
// a shared Redis (CACHE_URL). Building the Redis one never waits for Redis: the gateway starts
// and serves while Redis is still unreachable.
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { createMemoryProfileCache } from './cache.ts';
import type { CacheLayerObserver, ProfileCache } from './cache.ts';
import { createTwoLayerProfileCache } from './cache-two-layer.ts';
import { RedisConnection } from './redis-connection.ts';

export function createProfileCache(
  settings: Config['cache'],
  logger: Logger,
  observe?: CacheLayerObserver,
  onDropped?: () => void,
): ProfileCache {
  if (!settings.url) return createMemoryProfileCache(settings.maxEntries, observe, onDropped);
  const connection = new RedisConnection({
    url: settings.url,
    timeoutMs: settings.redisTimeoutMs,
    logger,
  });
  return createTwoLayerProfileCache({
    connection,
    maxEntries: settings.maxEntries,
    l1TtlMs: settings.l1TtlSeconds * 1000,
    observe,
    onDropped,
  });
}
