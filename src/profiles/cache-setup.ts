// Chooses the profile cache from the configuration: in process only, or in process in front of
// a shared Redis (CACHE_URL), sealing values when keys are configured. Building the Redis one
// never waits for Redis: the gateway starts and serves while Redis is still unreachable. The
// process's one Redis connection is made here (redisConnectionFor) and shared with the fleet.
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { createMemoryProfileCache, ledgerFor } from './cache.ts';
import type { CacheLayerObserver, ProfileCache } from './cache.ts';
import { createCacheSealer } from './cache-sealing.ts';
import type { UnreadableReason } from './cache-sealing.ts';
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

export interface ProfileCacheHooks {
  observe?: CacheLayerObserver;
  onDropped?: () => void;
  onUnreadable?: (reason: UnreadableReason) => void;
}

/** Replicas answer an erasure in one pub/sub round trip; this leaves room for a loaded one. */
const MIN_ERASURE_ACK_TIMEOUT_MS = 1000;

export function createProfileCache(
  settings: Config['cache'],
  logger: Logger,
  hooks: ProfileCacheHooks = {},
  connection = redisConnectionFor(settings, logger),
): ProfileCache {
  const { protection } = settings;
  // The index lives as long as the newest entry it names (each write refreshes it), and a
  // tombstone as long as an entry could: both within the retention ceiling by configuration.
  const entryLifeMs = (settings.ttlSeconds + settings.staleSeconds) * 1000;
  const ledger = ledgerFor(
    settings.maxEntries,
    Math.min(Math.max(entryLifeMs, 1000), protection.maxRetentionSeconds * 1000),
  );
  if (!connection) {
    return createMemoryProfileCache(settings.maxEntries, hooks.observe, hooks.onDropped, ledger);
  }
  const keys = protection.encryptionKeys;
  if (keys.length === 0) {
    logger.warn(
      protection.encryptionOff
        ? 'Shared cache: CACHE_ENCRYPTION=off, profiles are written to Redis in clear; anyone who can read Redis (a replica, a backup) reads every cached shopper'
        : 'Shared cache: no CACHE_ENCRYPTION_KEY, profiles are written to Redis in clear (refused in production); set one with `openssl rand -base64 32`',
    );
  }
  return createTwoLayerProfileCache({
    connection,
    maxEntries: settings.maxEntries,
    l1TtlMs: settings.l1TtlSeconds * 1000,
    sealer: keys.length > 0 ? createCacheSealer(keys) : undefined,
    ledger,
    erasureAckTimeoutMs: Math.max(MIN_ERASURE_ACK_TIMEOUT_MS, settings.redisTimeoutMs * 4),
    ...hooks,
  });
}
