// The profile cache, one policy over its layers: the bounded in-process layer always, and with
// CACHE_URL the shared Redis behind it (sealed values, per-customer index, pub/sub so every
// replica drops its copy on an invalidation or an erasure). Memory-only is the same cache with
// no shared layer. The policy alone decides what is kept where and for how long, which writes
// an erasure refuses (the ledger), and what each read reports. Redis trouble never fails a
// request: the shared layer is then skipped and the in-process one carries the load alone.
import type { RedisConnection } from '../redis/connection.ts';
import { ErasureBroadcast } from './erasure-broadcast.ts';
import type { ErasureLedger } from './erasure-ledger.ts';
import { createMemoryLayer, layerResult } from './memory-layer.ts';
import type { CacheEvents, ErasureReport, ProfileCache } from './profile-cache.ts';
import type { SharedLayer } from './redis-layer.ts';

export interface SharedCacheOptions {
  /** The process's Redis connection (its creator closes it, not this cache). */
  connection: RedisConnection;
  /** Entries in Redis (sealed when keys are configured: redis-layer.ts). */
  layer: SharedLayer;
  /** Longest an entry lives in process while Redis is up (bounds a replica's stale view). */
  memoryTtlMs: number;
  /** How long an erasure waits for the other replicas to confirm. */
  erasureAckTimeoutMs: number;
}

export interface ProfileCacheOptions {
  maxEntries: number;
  /** This replica's erasure index and tombstones. */
  ledger: ErasureLedger;
  events?: CacheEvents;
  /** Absent: the cache lives in this process only. */
  shared?: SharedCacheOptions;
}

export function createProfileCache(options: ProfileCacheOptions): ProfileCache {
  const { ledger, events, shared } = options;
  const memory = createMemoryLayer(options.maxEntries);
  const dropped = () => events?.dropped?.();

  /** Drops this replica's copies of a customer and refuses their in-flight writes. */
  const eraseHere = async (keys: readonly string[], customerKey: string | undefined) => {
    const all = new Set(keys);
    if (customerKey !== undefined) {
      for (const key of ledger.keysOf(customerKey)) all.add(key);
      ledger.erase(customerKey);
    }
    let count = 0;
    for (const key of all) if (memory.delete(key)) count += 1;
    dropped();
    return count;
  };

  const broadcast =
    shared &&
    new ErasureBroadcast({
      connection: shared.connection,
      ackTimeoutMs: shared.erasureAckTimeoutMs,
      onDrop: (keys) => {
        for (const key of keys) memory.delete(key);
        dropped();
      },
      onErase: eraseHere,
    });

  // While Redis is down the in-process layer is the only cache, so it keeps entries for their
  // full life; when Redis is back it is emptied, since invalidations sent meanwhile never
  // reached it.
  const memoryLife = (staleUntil: number) => {
    const remaining = staleUntil - Date.now();
    return shared?.connection.isUp ? Math.min(shared.memoryTtlMs, remaining) : remaining;
  };
  shared?.connection.onRecovered(() => memory.clear());

  return {
    peek(key) {
      const entry = memory.read(key);
      if (entry === undefined || entry.freshUntil <= Date.now()) return undefined;
      events?.layerRead?.('memory', 'hit');
      return entry;
    },
    async get(key) {
      const local = memory.read(key);
      const inMemory = layerResult(local);
      events?.layerRead?.('memory', inMemory);
      if (inMemory === 'hit' || !shared) return local;
      // Not in process, or no longer fresh there: another replica may have refreshed it.
      const read = await shared.layer.get(key);
      const found = read.ok ? read.value : undefined;
      events?.layerRead?.('redis', read.ok ? layerResult(found) : 'error');
      if (!found) return local;
      if (local && local.freshUntil >= found.freshUntil) return local;
      if (found.staleUntil <= Date.now()) return local;
      memory.set(key, found, memoryLife(found.staleUntil));
      return found;
    },
    async set(key, entry, write) {
      const life = entry.staleUntil - Date.now();
      if (life <= 0) return;
      if (write) {
        if (!ledger.mayWrite(write.customerKey, write.startedAt)) return;
        ledger.record(write.customerKey, key);
      }
      memory.set(key, entry, memoryLife(entry.staleUntil));
      // Awaited (within the Redis time budget), so a profile is shared by the time the
      // request that fetched it has answered.
      await shared?.layer.set(key, entry, life, write?.customerKey);
    },
    async delete(key) {
      memory.delete(key);
      dropped();
      if (!shared || !broadcast) return true;
      const deleted = await shared.layer.delete(key);
      const told = await broadcast.announceDrop([key]);
      return deleted.ok && told;
    },
    async forget(keys, customerKey) {
      // Tombstone and local copies first, so this replica's own lookups in flight stop here.
      const droppedHere = await eraseHere(keys, customerKey);
      if (!shared || !broadcast) {
        const report: ErasureReport = {
          droppedEntries: droppedHere,
          sharedCacheConfirmed: null,
          replicasReached: 1,
          replicasConfirmed: 1,
        };
        return report;
      }
      const { layer } = shared;
      const indexed = customerKey === undefined ? undefined : await layer.indexedKeys(customerKey);
      const all = [...new Set([...keys, ...(indexed?.ok ? indexed.value : [])])];
      const inRedis = await layer.erase(all, customerKey);
      const replicas = await broadcast.announceErasure(all, customerKey);
      // A replica's write that left before the erasure reached it has landed by now (its
      // confirmation came after it on the same connection): delete once more behind it.
      const behind = inRedis.ok ? await layer.erase(all, customerKey) : inRedis;
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
      if (!shared) return { backend: 'memory', degraded: false };
      const { connection } = shared;
      const reason = connection.reason;
      return {
        backend: 'redis',
        degraded: !connection.isUp,
        shared: connection.state,
        ...(reason === undefined ? {} : { reason }),
      };
    },
    async close() {
      memory.clear();
    },
  };
}
