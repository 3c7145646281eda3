// The profile cache contract and its in-process form: a bounded LRU (CACHE_MAX_ENTRIES,
// lru-cache), so memory stays bounded under any traffic. Entries carry their own
// freshness window so the service can serve stale data when the upstream fails.
import { hash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { UpstreamCustomer } from '../upstream/types.ts';
import { ErasureLedger } from './erasure-ledger.ts';

/** Bump when the cached shape changes, so a deploy never reads old entries as new ones. */
export const CACHE_SCHEMA_VERSION = 1;

export interface CacheEntry {
  /** The customer, or null for a remembered 404. */
  customer: UpstreamCustomer | null;
  /** Epoch ms until which the entry is served without asking the upstream. */
  freshUntil: number;
  /** Epoch ms until which the entry may still be served when the upstream fails. */
  staleUntil: number;
}

/** What /readyz reports about the cache. */
export interface CacheStatus {
  /** `memory`: in process only; `redis`: in process (L1) in front of a shared Redis (L2). */
  backend: 'memory' | 'redis';
  /** True while a configured shared layer cannot be used: the cache is then in process only. */
  degraded: boolean;
  /** The shared layer's state, when there is one. */
  shared?: 'connecting' | 'up' | 'down';
}

/** What one layer had for a key: a fresh entry, only a stale one, nothing, or no answer. */
export type CacheLayerResult = 'hit' | 'stale' | 'miss' | 'error';

/** Told about every read of a cache layer (metrics); must be cheap and must not throw. */
export type CacheLayerObserver = (layer: 'memory' | 'redis', result: CacheLayerResult) => void;

/** The result of a layer read, from the entry it found (if any). */
export function layerResult(entry: CacheEntry | undefined, now = Date.now()): CacheLayerResult {
  if (!entry || entry.staleUntil <= now) return 'miss';
  return entry.freshUntil > now ? 'hit' : 'stale';
}

/** Whose profile a write holds and when the lookup that fetched it began. */
export interface CacheWrite {
  /** The cache key of the customer's userProfileId: the entry joins their erasure index. */
  customerKey: string;
  /** Epoch ms when the lookup began: if the customer was erased since, the write is dropped. */
  startedAt: number;
}

/** What an erasure reached (Mutation.forgetCustomer). */
export interface ErasureReport {
  /** Entries dropped: in Redis, and in the memory of every replica that confirmed. */
  droppedEntries: number;
  /** True: the shared cache deleted them; false: it was unreachable; null: there is none. */
  sharedCacheConfirmed: boolean | null;
  /** Replicas that received the erasure, this one included. */
  replicasReached: number;
  /** Replicas that confirmed having dropped their in-process copies, this one included. */
  replicasConfirmed: number;
}

/**
 * Never throws on get/set: a cache that cannot be reached is a miss, and a write that cannot
 * land is dropped (the layers report their own trouble).
 */
export interface ProfileCache {
  /**
   * The in-process copy when it is fresh, read synchronously (counted as a memory hit), else
   * undefined and nothing counted: the caller then asks `get`. The hot path of every lookup.
   */
  peek(key: string): CacheEntry | undefined;
  get(key: string): Promise<CacheEntry | undefined>;
  set(key: string, entry: CacheEntry, write?: CacheWrite): Promise<void>;
  /** Drops the entry everywhere this cache reaches; false when a shared layer was unreachable. */
  delete(key: string): Promise<boolean>;
  /**
   * Erases a customer: the given keys and every key their index names (when `customerKey` is
   * known), on every replica this cache reaches, and refuses writes of their lookups that
   * were already in flight.
   */
  forget(keys: readonly string[], customerKey: string | undefined): Promise<ErasureReport>;
  status(): CacheStatus;
  close(): Promise<void>;
}

/**
 * Cache keys are a keyed hash of the lookup, never the raw identifier: a shared cache then
 * holds no e-mail, phone or document in clear. The key is derived from the upstream token,
 * so replicas sharing a token share entries and a different token gets its own namespace.
 */
export function cacheKeyFactory(token: string): (lookupKey: string) => string {
  // A secret-prefixed SHA-256 (one-shot `hash`, ~0.3 µs) rather than createHmac (~9 µs with a
  // raw key): on a hot cache this runs on every lookup, and for an opaque key the prefix
  // construction is as good (nothing here is a MAC that an attacker could extend usefully).
  const prefix = `${hash('sha256', `fashionai-gateway cache key\0${token}`, 'hex')}\0`;
  return (lookupKey) =>
    `v${CACHE_SCHEMA_VERSION}:${hash('sha256', prefix + lookupKey, 'base64url')}`;
}

/**
 * The bounded in-process layer, with the entry's life chosen by the caller. `read` is
 * synchronous: a hot lookup needs no promise, no Keyv record and no namespace prefix (Keyv
 * over this LRU cost ~3 µs and two promises a read, for nothing a process-local map needs).
 */
export interface MemoryLayer {
  read(key: string): CacheEntry | undefined;
  get(key: string): Promise<CacheEntry | undefined>;
  set(key: string, entry: CacheEntry, ttlMs: number): Promise<void>;
  /** True when an entry was there. */
  delete(key: string): Promise<boolean>;
  clear(): Promise<void>;
}

export function createMemoryLayer(maxEntries: number): MemoryLayer {
  // No serialisation: values stay objects in process and are treated as immutable. Each entry
  // carries its own life (lru-cache drops it on read once past it); `max` bounds the count.
  const lru = new LRUCache<string, CacheEntry>({ max: maxEntries });
  const read = (key: string) => lru.get(key);
  return {
    read,
    get: async (key) => read(key),
    set: async (key, entry, ttlMs) => {
      lru.set(key, entry, { ttl: Math.max(1, Math.ceil(ttlMs)) });
    },
    delete: async (key) => lru.delete(key),
    clear: async () => lru.clear(),
  };
}

/** A fresh entry of the in-process layer, counted as a memory hit; else undefined, uncounted. */
export function peekFresh(
  layer: MemoryLayer,
  key: string,
  observe: CacheLayerObserver | undefined,
): CacheEntry | undefined {
  const entry = layer.read(key);
  if (entry === undefined || entry.freshUntil <= Date.now()) return undefined;
  observe?.('memory', 'hit');
  return entry;
}

/** A ledger sized like the cache, remembering keys and erasures as long as an entry lives. */
export function ledgerFor(maxEntries: number, entryLifeMs: number): ErasureLedger {
  return new ErasureLedger({
    maxCustomers: maxEntries,
    indexTtlMs: entryLifeMs,
    tombstoneTtlMs: entryLifeMs,
  });
}

const DAY_MS = 86_400_000;

export function createMemoryProfileCache(
  maxEntries: number,
  observe?: CacheLayerObserver,
  onDropped?: () => void,
  ledger: ErasureLedger = ledgerFor(maxEntries, DAY_MS),
): ProfileCache {
  const layer = createMemoryLayer(maxEntries);
  return {
    peek: (key) => peekFresh(layer, key, observe),
    get: async (key) => {
      const entry = await layer.get(key);
      observe?.('memory', layerResult(entry));
      return entry;
    },
    set: async (key, entry, write) => {
      if (write) {
        if (!ledger.mayWrite(write.customerKey, write.startedAt)) return;
        ledger.record(write.customerKey, key);
      }
      await layer.set(key, entry, entry.staleUntil - Date.now());
    },
    delete: async (key) => {
      await layer.delete(key);
      onDropped?.();
      return true;
    },
    forget: async (keys, customerKey) => {
      const all = new Set(keys);
      if (customerKey !== undefined) {
        for (const key of ledger.keysOf(customerKey)) all.add(key);
        ledger.erase(customerKey);
      }
      const dropped = await Promise.all([...all].map((key) => layer.delete(key)));
      onDropped?.();
      return {
        droppedEntries: dropped.filter(Boolean).length,
        sharedCacheConfirmed: null,
        replicasReached: 1,
        replicasConfirmed: 1,
      };
    },
    status: () => ({ backend: 'memory', degraded: false }),
    close: () => layer.clear(),
  };
}
