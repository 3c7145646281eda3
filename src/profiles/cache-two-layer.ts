// The shared profile cache for many replicas: L1 is this process's bounded LRU (short life,
// CACHE_L1_TTL_SECONDS), L2 is Redis through Keyv and @keyv/redis (the entry's full life), and
// a pub/sub channel tells every replica to drop its L1 copy when a profile is invalidated.
// Redis trouble never fails a request: L2 is then skipped and L1 carries the load alone.
import { createKeyv } from '@keyv/redis';
import type { Keyv } from 'keyv';
import { randomUUID } from 'node:crypto';
import { CACHE_SCHEMA_VERSION, createMemoryLayer } from './cache.ts';
import { layerResult, peekFresh } from './cache.ts';
import type { CacheEntry, CacheLayerObserver, ProfileCache } from './cache.ts';
import type { RedisConnection } from './redis-connection.ts';

/** Redis key prefix; the key itself carries CACHE_SCHEMA_VERSION (see cacheKeyFactory). */
export const REDIS_NAMESPACE = 'fashionai-gateway:profile';
/** Versioned like the keys, so replicas of an older shape ignore each other's messages. */
export const INVALIDATION_CHANNEL = `fashionai-gateway:profile-invalidated:v${CACHE_SCHEMA_VERSION}`;

export interface TwoLayerCacheOptions {
  connection: RedisConnection;
  maxEntries: number;
  /** Longest an entry lives in L1 while Redis is up (bounds a replica's view of a missed update). */
  l1TtlMs: number;
  /** Told what each layer had on every read (metrics). */
  observe?: CacheLayerObserver;
  /** Told when a profile is dropped here or, through pub/sub, by another replica. */
  onDropped?: () => void;
}

interface InvalidationMessage {
  origin: string;
  keys: string[];
}

/** Redis is shared: what comes back is checked, and anything unexpected is a miss. */
export function isCacheEntry(value: unknown): value is CacheEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  if (typeof entry['freshUntil'] !== 'number' || typeof entry['staleUntil'] !== 'number')
    return false;
  const customer = entry['customer'];
  if (customer === null) return true;
  if (typeof customer !== 'object' || customer === undefined) return false;
  const c = customer as Record<string, unknown>;
  return typeof c['userProfileId'] === 'string' && typeof c['profile'] === 'object';
}

function parseMessage(text: string): InvalidationMessage | undefined {
  try {
    const message = JSON.parse(text) as Partial<InvalidationMessage>;
    if (typeof message.origin !== 'string' || !Array.isArray(message.keys)) return undefined;
    return { origin: message.origin, keys: message.keys.filter((k) => typeof k === 'string') };
  } catch {
    return undefined;
  }
}

export function createTwoLayerProfileCache(options: TwoLayerCacheOptions): ProfileCache {
  const { connection, l1TtlMs, observe } = options;
  const origin = randomUUID();
  const l1 = createMemoryLayer(options.maxEntries);
  const l2: Keyv<CacheEntry> = createKeyv(connection.client, {
    namespace: REDIS_NAMESPACE,
    throwOnErrors: true,
  });
  // Keyv would throw on a value it cannot parse; a foreign or damaged value is only a miss.
  l2.serialize = (data) => JSON.stringify(data);
  l2.deserialize = (text) => {
    try {
      return JSON.parse(text) as never;
    } catch {
      return undefined;
    }
  };

  // While Redis is down L1 is the only cache, so it keeps entries for their full life; when
  // Redis is back L1 is emptied, since invalidations sent meanwhile never reached it.
  const l1Life = (entry: CacheEntry) => {
    const remaining = entry.staleUntil - Date.now();
    return connection.isUp ? Math.min(l1TtlMs, remaining) : remaining;
  };
  connection.onRecovered(() => void l1.clear());
  connection.subscribe(INVALIDATION_CHANNEL, (text) => {
    const message = parseMessage(text);
    if (!message || message.origin === origin) return;
    for (const key of message.keys) void l1.delete(key);
    options.onDropped?.();
  });

  return {
    peek: (key) => peekFresh(l1, key, observe),
    async get(key) {
      const local = l1.read(key);
      const inL1 = layerResult(local);
      observe?.('memory', inL1);
      if (inL1 === 'hit') return local;
      // Not in L1, or no longer fresh there: another replica may have refreshed it already.
      const shared = await connection.attempt(() => l2.get(key));
      const found = shared.ok && isCacheEntry(shared.value) ? shared.value : undefined;
      observe?.('redis', shared.ok ? layerResult(found) : 'error');
      if (!found) return local;
      const entry = found;
      if (local && local.freshUntil >= entry.freshUntil) return local;
      if (entry.staleUntil <= Date.now()) return local;
      await l1.set(key, entry, l1Life(entry));
      return entry;
    },
    async set(key, entry) {
      const life = entry.staleUntil - Date.now();
      if (life <= 0) return;
      await l1.set(key, entry, l1Life(entry));
      // Awaited (within the Redis time budget), so a profile is shared by the time the
      // request that fetched it has answered.
      await connection.attempt(() => l2.set(key, entry, life));
    },
    async delete(key) {
      await l1.delete(key);
      options.onDropped?.();
      const deleted = await connection.attempt(() => l2.delete(key));
      const message: InvalidationMessage = { origin, keys: [key] };
      const told = await connection.publish(INVALIDATION_CHANNEL, JSON.stringify(message));
      return deleted.ok && told;
    },
    status() {
      return { backend: 'redis', degraded: !connection.isUp, shared: connection.state };
    },
    async close() {
      await connection.close();
      await l1.clear();
    },
  };
}
