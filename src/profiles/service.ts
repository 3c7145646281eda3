// ProfileService: process-wide access to profiles. Cache-aside over ProfileCache, one
// upstream fetch per identifier at a time (single-flight across requests), 404s remembered
// briefly, and a stale entry served when the upstream fails (stale-if-error).
import type { FashionAiClient } from '../upstream/client.ts';
import { UpstreamError } from '../upstream/errors.ts';
import type { UpstreamCustomer } from '../upstream/types.ts';
import type { CacheEntry, ProfileCache } from './cache.ts';
import type { CustomerLookup } from './lookup.ts';

export interface ProfileServiceOptions {
  client: Pick<FashionAiClient, 'fetchProfile'>;
  cache: ProfileCache;
  cacheKey: (lookupKey: string) => string;
  ttlSeconds: number;
  staleSeconds: number;
  negativeTtlSeconds: number;
  onStale?: (lookup: CustomerLookup, error: unknown) => void;
}

/** Where an answer came from: the cache, an upstream call of ours, or one already in flight. */
export type ProfileSource = 'cache' | 'upstream' | 'shared' | 'stale';

export interface ProfileResult {
  customer: UpstreamCustomer | null;
  source: ProfileSource;
}

export class ProfileService {
  readonly #options: ProfileServiceOptions;
  readonly #inFlight = new Map<string, Promise<UpstreamCustomer | null>>();
  readonly #caching: boolean;

  constructor(options: ProfileServiceOptions) {
    this.#options = options;
    this.#caching = options.ttlSeconds > 0;
  }

  async get(lookup: CustomerLookup): Promise<ProfileResult> {
    const key = this.#options.cacheKey(lookup.key);
    const entry = this.#caching ? await this.#options.cache.get(key) : undefined;
    const now = Date.now();
    if (entry && entry.freshUntil > now) return { customer: entry.customer, source: 'cache' };

    const pending = this.#inFlight.get(lookup.key);
    try {
      if (pending) return { customer: await pending, source: 'shared' };
      const fetch = this.#fetchAndStore(lookup, key);
      this.#inFlight.set(lookup.key, fetch);
      try {
        return { customer: await fetch, source: 'upstream' };
      } finally {
        this.#inFlight.delete(lookup.key);
      }
    } catch (error) {
      if (entry && entry.staleUntil > Date.now() && error instanceof UpstreamError) {
        this.#options.onStale?.(lookup, error);
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
      if (negativeTtlSeconds <= 0) return;
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
