// The in-process layer of the profile cache: a bounded LRU (CACHE_MAX_ENTRIES, lru-cache), so
// memory stays bounded under any traffic, with each entry's life chosen by the caller. `read`
// is synchronous: a hot lookup needs no promise, no Keyv record and no namespace prefix (Keyv
// over this LRU cost ~3 µs and two promises a read, for nothing a process-local map needs).
import { LRUCache } from 'lru-cache';
import type { CacheEntry, CacheLayerResult } from './profile-cache.ts';

export interface MemoryLayer {
  read(key: string): CacheEntry | undefined;
  set(key: string, entry: CacheEntry, ttlMs: number): void;
  /** True when an entry was there. */
  delete(key: string): boolean;
  clear(): void;
}

export function createMemoryLayer(maxEntries: number): MemoryLayer {
  // No serialisation: values stay objects in process and are treated as immutable. Each entry
  // carries its own life (lru-cache drops it on read once past it); `max` bounds the count.
  const lru = new LRUCache<string, CacheEntry>({ max: maxEntries });
  return {
    read: (key) => lru.get(key),
    set: (key, entry, ttlMs) => {
      lru.set(key, entry, { ttl: Math.max(1, Math.ceil(ttlMs)) });
    },
    delete: (key) => lru.delete(key),
    clear: () => lru.clear(),
  };
}

/** The result of a layer read, from the entry it found (if any). */
export function layerResult(entry: CacheEntry | undefined, now = Date.now()): CacheLayerResult {
  if (!entry || entry.staleUntil <= now) return 'miss';
  return entry.freshUntil > now ? 'hit' : 'stale';
}
