// What one process knows for erasing a shopper: which cache keys hold each customer (the index,
// by the cache key of their userProfileId), and when a customer was erased here (tombstones),
// so a lookup that was already in flight cannot write them back afterwards. Both are bounded
// LRUs with a life, so memory stays bounded under any traffic.
import { LRUCache } from 'lru-cache';

/** A customer found under more identifiers than this is unusual; past it the oldest is dropped. */
export const MAX_KEYS_PER_CUSTOMER = 64;

export interface ErasureLedgerOptions {
  maxCustomers: number;
  /** How long the index remembers a key: at least as long as any entry lives (retention). */
  indexTtlMs: number;
  /** How long an erasure refuses writes of lookups that started before it. */
  tombstoneTtlMs: number;
}

export class ErasureLedger {
  readonly #index: LRUCache<string, Set<string>>;
  readonly #erasedAt: LRUCache<string, number>;

  constructor(options: ErasureLedgerOptions) {
    this.#index = new LRUCache({ max: options.maxCustomers, ttl: options.indexTtlMs });
    this.#erasedAt = new LRUCache({ max: options.maxCustomers, ttl: options.tombstoneTtlMs });
  }

  /** Remembers that `key` holds an entry of the customer `customerKey`. */
  record(customerKey: string, key: string): void {
    const keys = this.#index.get(customerKey) ?? new Set<string>();
    keys.delete(key); // re-added last: the set stays in order of last write
    keys.add(key);
    if (keys.size > MAX_KEYS_PER_CUSTOMER) keys.delete(keys.values().next().value as string);
    this.#index.set(customerKey, keys); // refreshes the life
  }

  keysOf(customerKey: string): string[] {
    return [...(this.#index.get(customerKey) ?? [])];
  }

  /** From now on, writes of this customer by lookups that started earlier are refused. */
  erase(customerKey: string, at = Date.now()): void {
    this.#erasedAt.set(customerKey, at);
    this.#index.delete(customerKey);
  }

  /** False when the customer was erased after this lookup started. */
  mayWrite(customerKey: string, startedAt: number): boolean {
    const erasedAt = this.#erasedAt.get(customerKey);
    return erasedAt === undefined || startedAt > erasedAt;
  }
}
