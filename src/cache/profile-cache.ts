// The profile cache contract: what ProfileService asks of the cache, what an entry holds (its
// own freshness window, so stale data can be served when the upstream fails), what /readyz and
// the metrics learn about it, and how cache keys are derived. The one implementation is
// policy.ts, over the in-process layer and, with CACHE_URL, the Redis layer.
import { hash } from 'node:crypto';
import type { UpstreamCustomer } from '../upstream/types.ts';
import type { UnreadableReason } from './sealing.ts';

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
  /** Why the shared layer cannot be used, while it cannot (e.g. a refused password). */
  reason?: string;
}

/** What one layer had for a key: a fresh entry, only a stale one, nothing, or no answer. */
export const CACHE_LAYER_RESULTS = ['hit', 'stale', 'miss', 'error'] as const;
export type CacheLayerResult = (typeof CACHE_LAYER_RESULTS)[number];

/**
 * Where a lookup was answered from, as the cache series label it: the two profile layers, a
 * fetch already in flight (single-flight) and the whole-response cache.
 */
export const CACHE_LAYERS = ['memory', 'redis', 'inflight', 'response'] as const;
export type CacheLayer = (typeof CACHE_LAYERS)[number];

/** What the cache tells the outside (metrics, the whole-response cache); cheap, never throws. */
export interface CacheEvents {
  /** One read of a profile layer and what it had. */
  layerRead?(layer: 'memory' | 'redis', result: CacheLayerResult): void;
  /** A cached profile was dropped, here or (through pub/sub) by another replica. */
  dropped?(): void;
  /** A value in Redis could not be decrypted or authenticated: it was a miss. */
  unreadable?(reason: UnreadableReason): void;
}

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
