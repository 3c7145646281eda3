// ProfileService: process-wide access to profiles. Cache-aside over ProfileCache; identical
// lookups in flight at once share one resolution (single-flight across requests); 404s are
// remembered briefly; a stale entry is served when the upstream fails (stale-if-error) and,
// when enabled, at once while a background refresh runs (stale-while-revalidate, RFC 5861).
// With a fleet, a cold key costs one call across all replicas (leases) and each call is charged
// to the caller's budget.
import type { UpstreamBudgets } from '../fleet/budgets.ts';
import type { ColdKeyLeases } from '../fleet/leases.ts';
import { UpstreamBudgetExceededError } from '../upstream/errors.ts';
import type { UpstreamCustomer } from '../upstream/types.ts';
import type { CacheEntry, ErasureReport, ProfileCache } from '../cache/profile-cache.ts';
import type { CustomerLookup } from '../customer/lookup.ts';
import { entryFor, servesStale } from './freshness.ts';

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

/** What the service tells the outside (logs); cheap, never throws. */
export interface ProfileObserver {
  /** A stale entry answered a lookup. */
  staleServed?(event: StaleServed): void;
  /** A background refresh failed (the stale entry stays until its staleUntil). */
  refreshFailed?(lookup: CustomerLookup, error: unknown): void;
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
  observer?: ProfileObserver;
  /** Fleet-wide single-flight of cold keys; absent: single-flight in this process only. */
  leases?: ColdKeyLeases<CacheEntry>;
  /** Per-caller budgets of upstream calls; absent: none. */
  budgets?: UpstreamBudgets;
}

/** A fetch's result, and whether this process called or another replica's call landed. */
interface Fetched {
  customer: UpstreamCustomer | null;
  by: 'us' | 'fleet';
}

const LOCAL_TURN = { kind: 'call', release: () => undefined } as const;

/** Where an answer came from: the cache, an upstream call of ours, or one already in flight. */
export type ProfileSource = 'cache' | 'upstream' | 'shared' | 'stale';

export interface ProfileResult {
  customer: UpstreamCustomer | null;
  source: ProfileSource;
}

export class ProfileService {
  readonly #options: ProfileServiceOptions;
  /** Whole lookups (cache read included) in flight, by budget group and lookup key. */
  readonly #lookups = new Map<string, Promise<ProfileResult>>();
  /** Upstream fetches in flight, by lookup key: foreground and background share them. */
  readonly #fetches = new Map<string, Promise<Fetched>>();
  readonly #caching: boolean;
  readonly #swrMs: number;

  constructor(options: ProfileServiceOptions) {
    this.#options = options;
    this.#caching = options.ttlSeconds > 0;
    this.#swrMs = (options.staleWhileRevalidateSeconds ?? 0) * 1000;
  }

  /**
   * `group` is the caller's budget group (UPSTREAM_BUDGETS): a call this lookup causes is charged
   * to it. Lookups of different groups share the upstream call, never each other's refusal.
   */
  get(lookup: CustomerLookup, group?: string): Promise<ProfileResult> {
    const key = this.#caching ? this.#options.cacheKey(lookup.key) : '';
    // The hot path: a fresh in-process copy answers at once, without any async step.
    const fresh = this.#caching ? this.#options.cache.peek(key) : undefined;
    if (fresh) return Promise.resolve({ customer: fresh.customer, source: 'cache' });
    const id = group === undefined ? lookup.key : `${group}\0${lookup.key}`;
    const pending = this.#lookups.get(id);
    if (pending) {
      return pending.then((r) => (r.source === 'upstream' ? { ...r, source: 'shared' } : r));
    }
    // Registered before the first await, so every concurrent caller finds it.
    const lookupDone = this.#resolve(lookup, key, group).finally(() => this.#lookups.delete(id));
    this.#lookups.set(id, lookupDone);
    return lookupDone;
  }

  async #resolve(
    lookup: CustomerLookup,
    key: string,
    group: string | undefined,
  ): Promise<ProfileResult> {
    const entry = this.#caching ? await this.#options.cache.get(key) : undefined;
    const now = Date.now();
    if (entry && entry.freshUntil > now) return { customer: entry.customer, source: 'cache' };

    if (entry?.customer && now < entry.freshUntil + this.#swrMs && now < entry.staleUntil) {
      this.#refreshInBackground(lookup, key, group);
      this.#options.observer?.staleServed?.({
        lookup,
        why: 'revalidating',
        staleForMs: now - entry.freshUntil,
      });
      return { customer: entry.customer, source: 'stale' };
    }

    try {
      const fetched = await this.#fetch(lookup, key, group);
      return { customer: fetched.customer, source: fetched.by === 'us' ? 'upstream' : 'shared' };
    } catch (error) {
      const at = Date.now();
      if (entry?.customer && entry.staleUntil > at && servesStale(error)) {
        this.#options.observer?.staleServed?.({
          lookup,
          why: 'error',
          staleForMs: at - entry.freshUntil,
          error,
        });
        return { customer: entry.customer, source: 'stale' };
      }
      throw error;
    }
  }

  /**
   * Erases a shopper from every cache this gateway reaches (Mutation.forgetCustomer): the
   * entry under the identifier given, and every entry their index names under the other
   * identifiers they were looked up by. Who they are comes from the cached entry; when none
   * is cached under this identifier, Fashion.AI is asked once (nothing is stored).
   */
  async forget(lookup: CustomerLookup): Promise<ErasureReport> {
    const key = this.#options.cacheKey(lookup.key);
    // Nothing is ever cached: no need to learn who the shopper is.
    if (!this.#caching) return this.#options.cache.forget([key], undefined);
    let id = lookup.kind === 'userProfileId' ? lookup.value : undefined;
    id ??= (await this.#options.cache.get(key))?.customer?.userProfileId;
    if (id === undefined) {
      // An upstream failure leaves only this identifier's entry known: the report says so
      // through fewer entries, and the caller may retry.
      id = await this.#options.client.fetchProfile(lookup).then(
        (customer) => customer?.userProfileId,
        () => undefined,
      );
    }
    const customerKey = id === undefined ? undefined : this.#customerKey(id);
    const keys = customerKey === undefined ? [key] : [key, customerKey];
    return this.#options.cache.forget(keys, customerKey);
  }

  #customerKey(userProfileId: string): string {
    return this.#options.cacheKey(`userProfileId:${userProfileId.trim()}`);
  }

  /**
   * Joining a fetch already in flight is free: only the lookup that starts one is charged. If
   * that one's group was over budget, a joiner of another group starts its own.
   */
  #fetch(lookup: CustomerLookup, key: string, group: string | undefined): Promise<Fetched> {
    const pending = this.#fetches.get(lookup.key);
    if (pending) {
      return pending.catch((error: unknown) => {
        const othersRefusal = error instanceof UpstreamBudgetExceededError && error.group !== group;
        if (othersRefusal) return this.#fetch(lookup, key, group);
        throw error;
      });
    }
    const fetched = this.#fetchAndStore(lookup, key, group).finally(() =>
      this.#fetches.delete(lookup.key),
    );
    this.#fetches.set(lookup.key, fetched);
    return fetched;
  }

  #refreshInBackground(lookup: CustomerLookup, key: string, group: string | undefined): void {
    if (this.#fetches.has(lookup.key)) return;
    this.#fetch(lookup, key, group).catch((error: unknown) =>
      this.#options.observer?.refreshFailed?.(lookup, error),
    );
  }

  async #fetchAndStore(
    lookup: CustomerLookup,
    key: string,
    group: string | undefined,
  ): Promise<Fetched> {
    const { leases, budgets } = this.#options;
    // Without a cache nothing lands for others to read: leases would only serialise calls.
    const turn =
      leases && this.#caching ? await leases.turn(key, () => this.#freshEntry(key)) : LOCAL_TURN;
    if (turn.kind === 'landed') return { customer: turn.entry.customer, by: 'fleet' };
    let landed = false;
    try {
      await budgets?.charge(group);
      // Before the call: an erasure of this customer after this moment makes the write a no-op.
      const startedAt = Date.now();
      const customer = await this.#options.client.fetchProfile(lookup);
      if (this.#caching) landed = await this.#store(key, customer, startedAt);
      return { customer, by: 'us' };
    } finally {
      turn.release(landed);
    }
  }

  async #freshEntry(key: string): Promise<CacheEntry | undefined> {
    const entry = await this.#options.cache.get(key);
    return entry && entry.freshUntil > Date.now() ? entry : undefined;
  }

  /** Whether an entry was written (a 404 is not, when misses are not remembered). */
  async #store(
    key: string,
    customer: UpstreamCustomer | null,
    startedAt: number,
  ): Promise<boolean> {
    const entry = entryFor(customer, Date.now(), this.#options);
    if (!entry) {
      await this.#options.cache.delete(key);
      return false;
    }
    if (customer === null) {
      await this.#options.cache.set(key, entry);
      return true;
    }
    const customerKey = this.#customerKey(customer.userProfileId);
    const write = { customerKey, startedAt };
    const writes = [this.#options.cache.set(key, entry, write)];
    // A later lookup by Fashion.AI's own id is then a hit too.
    if (customerKey !== key) writes.push(this.#options.cache.set(customerKey, entry, write));
    await Promise.all(writes);
    return true;
  }
}
