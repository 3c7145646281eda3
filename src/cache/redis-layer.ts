// The Redis layer of the shared profile cache: entries through Keyv, sealed with AES-256-GCM
// when keys are configured (cache-sealing.ts), checked on the way back in (Redis is another
// system: anything unexpected is a miss), and each customer's index of keys for erasure.
import { createKeyv } from '@keyv/redis';
import type { Keyv } from 'keyv';
import type { CacheEntry, CacheEvents } from './profile-cache.ts';
import type { CacheSealer, UnreadableReason } from './sealing.ts';
import type { Attempt, RedisConnection } from '../redis/connection.ts';

/** Redis key prefix; the key itself carries CACHE_SCHEMA_VERSION (see cacheKeyFactory). */
export const REDIS_NAMESPACE = 'fashionai-gateway:profile';
/** Keyv's separator between namespace and key (@keyv/redis default). */
const SEPARATOR = '::';
/** Per customer: the set of cache keys that hold them (members are keyed hashes too). */
export const INDEX_NAMESPACE = 'fashionai-gateway:profile-index';

export const entryRedisKey = (key: string) => `${REDIS_NAMESPACE}${SEPARATOR}${key}`;
export const indexRedisKey = (customerKey: string) =>
  `${INDEX_NAMESPACE}${SEPARATOR}${customerKey}`;

export interface SharedLayerOptions {
  connection: RedisConnection;
  /** Seals values; undefined: values are written in clear (CACHE_ENCRYPTION=off). */
  sealer: CacheSealer | undefined;
  /** A value was found but could not be opened (counted; the read is a miss). */
  events?: Pick<CacheEvents, 'unreadable'>;
}

export interface SharedLayer {
  get(key: string): Promise<Attempt<CacheEntry | undefined>>;
  /** Writes the entry for `lifeMs` and, for a customer, adds the key to their index. */
  set(key: string, entry: CacheEntry, lifeMs: number, customerKey?: string): Promise<void>;
  /** The keys a customer's index names (empty when none). */
  indexedKeys(customerKey: string): Promise<Attempt<string[]>>;
  /** Deletes entries (and the customer's index); the number of entries that were there. */
  erase(keys: readonly string[], customerKey: string | undefined): Promise<Attempt<number>>;
  delete(key: string): Promise<Attempt<boolean>>;
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

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function createSharedLayer(options: SharedLayerOptions): SharedLayer {
  const { connection, sealer, events } = options;
  const onUnreadable = (reason: UnreadableReason) => events?.unreadable?.(reason);
  const client = connection.client;
  // Stored values are strings when sealed (the sealed text), objects when in clear.
  const keyv: Keyv<unknown> = createKeyv(client, {
    namespace: REDIS_NAMESPACE,
    throwOnErrors: true,
  });
  // Keyv would throw on a value it cannot parse; a foreign or damaged value is only a miss.
  keyv.serialize = (data) => JSON.stringify(data);
  keyv.deserialize = (text) => parseJson(text) as never;

  /** The entry a stored value holds, or undefined (counted when it was there but unusable). */
  const unpack = (key: string, stored: unknown): CacheEntry | undefined => {
    if (stored === undefined || stored === null) return undefined;
    let value: unknown = stored;
    if (sealer) {
      // In clear while keys are configured: written before encryption was on, or injected.
      if (typeof stored !== 'string') return void onUnreadable('plaintext');
      const opened = sealer.open(key, stored);
      if (!opened.ok) return void onUnreadable(opened.reason);
      value = parseJson(opened.text);
    } else if (typeof stored === 'string') {
      return void onUnreadable('unknown_key'); // sealed, but encryption is now off
    }
    if (!isCacheEntry(value)) return void onUnreadable('malformed');
    return value;
  };

  return {
    async get(key) {
      const read = await connection.attempt(() => keyv.get(key));
      return read.ok ? { ok: true, value: unpack(key, read.value) } : read;
    },
    async set(key, entry, lifeMs, customerKey) {
      const value = sealer ? sealer.seal(key, JSON.stringify(entry)) : entry;
      const writes: Array<Promise<unknown>> = [
        connection.attempt(() => keyv.set(key, value, lifeMs)),
      ];
      if (customerKey !== undefined) {
        // Every entry of a customer lives the same length from its write, so the index lives
        // as long as the newest one.
        const index = indexRedisKey(customerKey);
        writes.push(
          connection.attempt(() => client.multi().sAdd(index, key).pExpire(index, lifeMs).exec()),
        );
      }
      await Promise.all(writes);
    },
    async indexedKeys(customerKey) {
      return connection.attempt(() => client.sMembers(indexRedisKey(customerKey)));
    },
    async erase(keys, customerKey) {
      // One DEL per key, not one MULTI: entries live on the slot of their own lookup (see
      // KEY SLOTS in src/fleet/coordination.ts), which in a cluster is rarely one node.
      const entries = keys.map(entryRedisKey);
      return connection.attempt(async () => {
        const index = customerKey === undefined ? [] : [client.del(indexRedisKey(customerKey))];
        const [counts] = await Promise.all([
          Promise.all(entries.map((k) => client.del(k))),
          ...index,
        ]);
        return counts.reduce((sum, n) => sum + Number(n), 0);
      });
    },
    async delete(key) {
      return connection.attempt(() => keyv.delete(key));
    },
  };
}
