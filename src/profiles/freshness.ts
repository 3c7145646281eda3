// How long what Fashion.AI answered is kept and served: a profile fresh for CACHE_TTL_SECONDS
// and servable stale for CACHE_STALE_SECONDS more when the upstream fails; a 404 remembered
// for CACHE_NEGATIVE_TTL_SECONDS and never served stale; and which failures stale data may
// stand in for.
import type { CacheEntry } from '../cache/profile-cache.ts';
import { UpstreamError, UpstreamUnauthorizedError } from '../upstream/errors.ts';
import type { UpstreamCustomer } from '../upstream/types.ts';

export interface Freshness {
  ttlSeconds: number;
  staleSeconds: number;
  negativeTtlSeconds: number;
}

/** The entry to cache for an answer at `now`; undefined for a 404 when misses are not kept. */
export function entryFor(
  customer: UpstreamCustomer | null,
  now: number,
  { ttlSeconds, staleSeconds, negativeTtlSeconds }: Freshness,
): CacheEntry | undefined {
  if (customer === null) {
    if (negativeTtlSeconds <= 0) return undefined;
    // A remembered 404 is never served stale: staleUntil = freshUntil.
    const until = now + negativeTtlSeconds * 1000;
    return { customer, freshUntil: until, staleUntil: until };
  }
  return {
    customer,
    freshUntil: now + ttlSeconds * 1000,
    staleUntil: now + (ttlSeconds + staleSeconds) * 1000,
  };
}

/**
 * Stale data stands in for every upstream failure except a refused token: then the gateway
 * may no longer be entitled to the data, and the operator must see the error, not old data.
 */
export const servesStale = (error: unknown) =>
  error instanceof UpstreamError && !(error instanceof UpstreamUnauthorizedError);
