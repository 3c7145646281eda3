// The cache series, from the profile cache's events (src/cache/profile-cache.ts) and what a
// request's bookkeeping knows (fetches joined in flight, stale answers, the whole-response
// cache): reads by layer and result, unreadable shared values, stale serves.
import { Counter } from 'prom-client';
import type { Registry } from 'prom-client';
import type { CacheEvents, CacheLayer, CacheLayerResult } from '../cache/profile-cache.ts';
import { UNREADABLE_REASONS } from '../cache/sealing.ts';

export interface CacheSeries {
  /** The profile cache's own reads and unreadable values. */
  readonly events: Required<Pick<CacheEvents, 'layerRead' | 'unreadable'>>;
  lookups(layer: CacheLayer, result: CacheLayerResult, count: number): void;
  /** Lookups answered with a profile past its freshness (stale-if-error or -while-revalidate). */
  staleServed(count: number): void;
}

export function cacheSeries(registry: Registry): CacheSeries {
  const registers = [registry];
  const reads = new Counter({
    name: 'gateway_cache_lookups_total',
    help: 'Profile cache reads by layer (memory, redis; inflight: joined a fetch already running) and result (hit, stale, miss, error)',
    labelNames: ['layer', 'result'] as const,
    registers,
  });
  const unreadable = new Counter({
    name: 'gateway_cache_unreadable_total',
    help: 'Shared-cache values that did not decrypt or authenticate, each served as a miss (reason: unknown_key, unauthenticated, malformed, plaintext)',
    labelNames: ['reason'] as const,
    registers,
  });
  const stale = new Counter({
    name: 'gateway_stale_served_total',
    help: 'Lookups answered with a profile past its freshness (the upstream failed, or a refresh runs behind)',
    registers,
  });
  for (const reason of UNREADABLE_REASONS) unreadable.inc({ reason }, 0);
  return {
    events: {
      layerRead: (layer, result) => reads.inc({ layer, result }),
      unreadable: (reason) => unreadable.inc({ reason }),
    },
    lookups(layer, result, count) {
      if (count > 0) reads.inc({ layer, result }, count);
    },
    staleServed(count) {
      if (count > 0) stale.inc(count);
    },
  };
}
