// ProfileService: process-wide access to profiles. Cache-aside over ProfileCache; identical
// lookups in flight at once share one resolution (single-flight across requests); 404s are
// remembered briefly; a stale entry is served when the upstream fails (stale-if-error) and,
// when enabled, at once while a background refresh runs (stale-while-revalidate, RFC 5861).
import { UpstreamError, UpstreamUnauthorizedError } from '../upstream/errors.ts';
import type { UpstreamCustomer } from '../upstream/types.ts';
import type { CacheEntry, ProfileCache } from './cache.ts';
import type { CustomerLookup } from './lookup.ts';

export interface ProfileFetcher {
  fetchProfile(lookup: CustomerLookup): Promise<UpstreamCustomer | null>;
}

/** Why a stale entry was served: the upstream failed, or a refresh runs in the background. */
export interface StaleServed {
  lookup: CustomerLookup;
  why: 'error' | 'revalidating';
  /** How long past its freshness the entry was. */
  staleForMs: number;
  /** The failure (why = 'error'). */
  error?: unknown;
}

export interface ProfileServiceOptions {
  client: ProfileFetcher;
  cache: ProfileCache;
  cacheKey: (lookupKey: string) => string;
  ttlSeconds: number;
  staleSeconds: number;
  negativeTtlSeconds: number;
  /** Serve an entry up to this long past freshness at once and refresh it behind; 0 = off. */
  staleWhileRevalidateSeconds?: number;
  onStale?: (event: StaleServed) => void;
  /** A background refresh failed (the stale entry stays until its staleUntil). */
  onRefreshError?: (lookup: CustomerLookup, error: unknown) => void;
}

/** Where an answer came from: the cache, an upstream call of ours, or one already in flight. */
export type ProfileSource = 'cache' | 'upstream' | 'shared' | 'stale';

export interface ProfileResult {
  customer: UpstreamCustomer | null;
  source: ProfileSource;
}

/**
 * Stale data stands in for every upstream failure except a refused token: then the gateway
 * may no longer be entitled to the data, and the operator must see the error, not old data.
 */
const servesStale = (error: unknown) =>
  error instanceof UpstreamError && !(error instanceof UpstreamUnauthorizedError);

export class ProfileService {
  readonly #options: ProfileServiceOptions;
  /** Whole lookups (cache read included) in flight, by lookup key. */
  readonly #lookups = new Map<string, Promise<ProfileResult>>();
  /** Upstream fetches in flight, by lookup key: foreground and background share them. */
  readonly #fetches = new Map<string, Promise<UpstreamCustomer | null>>();
  readonly #caching: boolean;
  readonly #swrMs: number;

  constructor(options: ProfileServiceOptions) {
    this.#options = options;
    this.#caching = options.ttlSeconds > 0;
    this.#swrMs = (options.staleWhileRevalidateSeconds ?? 0) * 1000;
  }

  get(lookup: CustomerLookup): Promise<ProfileResult> {
    const key = this.#caching ? this.#options.cacheKey(lookup.key) : '';
    // The hot path: a fresh in-process copy answers at once, without any async step.
    const fresh = this.#caching ? this.#options.cache.peek(key) : undefined;
    if (fresh) return Promise.resolve({ customer: fresh.customer, source: 'cache' });
    const pending = this.#lookups.get(lookup.key);
    if (pending) {
      return pending.then((r) => (r.source === 'upstream' ? { ...r, source: 'shared' } : r));
    }
    // Registered before the first await, so every concurrent caller finds it.
    const lookupDone = this.#resolve(lookup, key).finally(() => this.#lookups.delete(lookup.key));
    this.#lookups.set(lookup.key, lookupDone);
    return lookupDone;
  }

  async #resolve(lookup: CustomerLookup, key: string): Promise<ProfileResult> {
    const entry = this.#caching ? await this.#options.cache.get(key) : undefined;
    const now = Date.now();
    if (entry && entry.freshUntil > now) return { customer: entry.customer, source: 'cache' };

    if (entry?.customer && now < entry.freshUntil + this.#swrMs && now < entry.staleUntil) {
      this.#refreshInBackground(lookup, key);
      this.#options.onStale?.({ lookup, why: 'revalidating', staleForMs: now - entry.freshUntil });
      return { customer: entry.customer, source: 'stale' };
    }

    try {
      return { customer: await this.#fetch(lookup, key), source: 'upstream' };
    } catch (error) {
      const at = Date.now();
      if (entry?.customer && entry.staleUntil > at && servesStale(error)) {
        this.#options.onStale?.({ lookup, why: 'error', staleForMs: at - entry.freshUntil, error });
        return { customer: entry.customer, source: 'stale' };
      }
      throw error;
    }
  }

  /**
   * Drops a customer's cached profile (on every replica, when the cache is shared): the
   * lookup's own entry and, when the entry says who it is, the one under Fashion.AI's id.
   * Entries under the customer's other identifiers are not known from here: invalidate those
   * by their own identifier. False when a shared cache could not be reached.
   */
  async invalidate(lookup: CustomerLookup): Promise<boolean> {
    if (!this.#caching) return true;
    const key = this.#options.cacheKey(lookup.key);
    const keys = [key];
    const entry = await this.#options.cache.get(key);
    if (entry?.customer && lookup.kind !== 'userProfileId') {
      keys.push(this.#options.cacheKey(`userProfileId:${entry.customer.userProfileId.trim()}`));
    }
    const dropped = await Promise.all(keys.map((k) => this.#options.cache.delete(k)));
    return dropped.every(Boolean);
  }

  #fetch(lookup: CustomerLookup, key: string): Promise<UpstreamCustomer | null> {
    const pending = this.#fetches.get(lookup.key);
    if (pending) return pending;
    const fetched = this.#fetchAndStore(lookup, key).finally(() =>
      this.#fetches.delete(lookup.key),
    );
    this.#fetches.set(lookup.key, fetched);
    return fetched;
  }

  #refreshInBackground(lookup: CustomerLookup, key: string): void {
    if (this.#fetches.has(lookup.key)) return;
    this.#fetch(lookup, key).catch((error: unknown) =>
      this.#options.onRefreshError?.(lookup, error),
    );
  }

  async #fetchAndStore(lookup: CustomerLookup, key: string): Promise<UpstreamCustomer | null> {
    const customer = await this.#options.client.fetchProfile(lookup);
    if (this.#caching) await this.#store(lookup, key, customer);
    return customer;
  }

  async #store(
    lookup: CustomerLookup,
    key: string,
    customer: UpstreamCustomer | null,
  ): Promise<void> {
    const now = Date.now();
    const { ttlSeconds, staleSeconds, negativeTtlSeconds } = this.#options;
    if (customer === null) {
      // A remembered 404 is never served stale: staleUntil = freshUntil.
      if (negativeTtlSeconds <= 0) {
        await this.#options.cache.delete(key);
        return;
      }
      const until = now + negativeTtlSeconds * 1000;
      await this.#options.cache.set(key, { customer, freshUntil: until, staleUntil: until });
      return;
    }
    const entry: CacheEntry = {
      customer,
      freshUntil: now + ttlSeconds * 1000,
      staleUntil: now + (ttlSeconds + staleSeconds) * 1000,
    };
    const writes = [this.#options.cache.set(key, entry)];
    // A later lookup by Fashion.AI's own id is then a hit too.
    if (lookup.kind !== 'userProfileId') {
      const byId = `userProfileId:${customer.userProfileId.trim()}`;
      if (byId !== lookup.key)
        writes.push(this.#options.cache.set(this.#options.cacheKey(byId), entry));
    }
    await Promise.all(writes);
  }
}
