// The shared profile cache for many replicas: L1 is this process's bounded LRU (short life,
// CACHE_L1_TTL_SECONDS), L2 is Redis (the entry's full life, sealed: cache-shared-layer.ts),
// and pub/sub tells every replica to drop its L1 copy when a profile is invalidated or a
// shopper erased. Redis trouble never fails a request: L2 is then skipped and L1 carries the
// load alone.
import { createMemoryLayer, layerResult, peekFresh } from './cache.ts';
import type { CacheLayerObserver, ProfileCache } from './cache.ts';
import type { CacheSealer, UnreadableReason } from './cache-sealing.ts';
import { createSharedLayer } from './cache-shared-layer.ts';
import { ErasureBroadcast } from './erasure-broadcast.ts';
import type { ErasureLedger } from './erasure-ledger.ts';
import type { RedisConnection } from '../redis/connection.ts';

export interface TwoLayerCacheOptions {
  connection: RedisConnection;
  maxEntries: number;
  /** Longest an entry lives in L1 while Redis is up (bounds a replica's view of a missed update). */
  l1TtlMs: number;
  /** Seals values written to Redis; undefined: in clear (CACHE_ENCRYPTION=off). */
  sealer: CacheSealer | undefined;
  /** This replica's erasure index and tombstones. */
  ledger: ErasureLedger;
  /** How long an erasure waits for the other replicas to confirm. */
  erasureAckTimeoutMs: number;
  /** Told what each layer had on every read (metrics). */
  observe?: CacheLayerObserver;
  /** A value in Redis could not be decrypted or authenticated (metrics); it was a miss. */
  onUnreadable?: (reason: UnreadableReason) => void;
  /** Told when a profile is dropped here or, through pub/sub, by another replica. */
  onDropped?: () => void;
}

export function createTwoLayerProfileCache(options: TwoLayerCacheOptions): ProfileCache {
  const { connection, l1TtlMs, observe, ledger } = options;
  const l1 = createMemoryLayer(options.maxEntries);
  const l2 = createSharedLayer({
    connection,
    sealer: options.sealer,
    onUnreadable: options.onUnreadable,
  });

  /** Drops this replica's copies of a customer and refuses their in-flight writes. */
  const eraseHere = async (keys: readonly string[], customerKey: string | undefined) => {
    const all = new Set(keys);
    if (customerKey !== undefined) {
      for (const key of ledger.keysOf(customerKey)) all.add(key);
      ledger.erase(customerKey);
    }
    const dropped = await Promise.all([...all].map((key) => l1.delete(key)));
    options.onDropped?.();
    return dropped.filter(Boolean).length;
  };

  const broadcast = new ErasureBroadcast({
    connection,
    ackTimeoutMs: options.erasureAckTimeoutMs,
    onDrop: (keys) => {
      for (const key of keys) void l1.delete(key);
      options.onDropped?.();
    },
    onErase: eraseHere,
  });

  // While Redis is down L1 is the only cache, so it keeps entries for their full life; when
  // Redis is back L1 is emptied, since invalidations sent meanwhile never reached it.
  const l1Life = (staleUntil: number) => {
    const remaining = staleUntil - Date.now();
    return connection.isUp ? Math.min(l1TtlMs, remaining) : remaining;
  };
  connection.onRecovered(() => void l1.clear());

  return {
    peek: (key) => peekFresh(l1, key, observe),
    async get(key) {
      const local = l1.read(key);
      const inL1 = layerResult(local);
      observe?.('memory', inL1);
      if (inL1 === 'hit') return local;
      // Not in L1, or no longer fresh there: another replica may have refreshed it already.
      const shared = await l2.get(key);
      const found = shared.ok ? shared.value : undefined;
      observe?.('redis', shared.ok ? layerResult(found) : 'error');
      if (!found) return local;
      if (local && local.freshUntil >= found.freshUntil) return local;
      if (found.staleUntil <= Date.now()) return local;
      await l1.set(key, found, l1Life(found.staleUntil));
      return found;
    },
    async set(key, entry, write) {
      const life = entry.staleUntil - Date.now();
      if (life <= 0) return;
      if (write) {
        if (!ledger.mayWrite(write.customerKey, write.startedAt)) return;
        ledger.record(write.customerKey, key);
      }
      await l1.set(key, entry, l1Life(entry.staleUntil));
      // Awaited (within the Redis time budget), so a profile is shared by the time the
      // request that fetched it has answered.
      await l2.set(key, entry, life, write?.customerKey);
    },
    async delete(key) {
      await l1.delete(key);
      options.onDropped?.();
      const deleted = await l2.delete(key);
      const told = await broadcast.announceDrop([key]);
      return deleted.ok && told;
    },
    async forget(keys, customerKey) {
      // Tombstone and local copies first, so this replica's own lookups in flight stop here.
      const droppedHere = await eraseHere(keys, customerKey);
      const indexed = customerKey === undefined ? undefined : await l2.indexedKeys(customerKey);
      const all = [...new Set([...keys, ...(indexed?.ok ? indexed.value : [])])];
      const inRedis = await l2.erase(all, customerKey);
      const replicas = await broadcast.announceErasure(all, customerKey);
      // A replica's write that left before the erasure reached it has landed by now (its
      // confirmation came after it on the same connection): delete once more behind it.
      const behind = inRedis.ok ? await l2.erase(all, customerKey) : inRedis;
      const sharedOk = inRedis.ok && behind.ok && (indexed?.ok ?? true);
      return {
        droppedEntries:
          droppedHere +
          replicas.dropped +
          (inRedis.ok ? inRedis.value : 0) +
          (behind.ok ? behind.value : 0),
        sharedCacheConfirmed: sharedOk,
        replicasReached: Math.max(replicas.reached, 1),
        replicasConfirmed: Math.max(replicas.confirmed, 1),
      };
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
