// ProfileLoader: one DataLoader per GraphQL request. Every customer lookup of an operation —
// aliases, `customers` list items, federation `_entities` representations — goes through it,
// so the same normalised identifier costs one ProfileService call per request.
import DataLoader from 'dataloader';
import type { CustomerLookup } from './lookup.ts';
import type { ProfileResult, ProfileService, ProfileSource } from './service.ts';

/** What one request's lookups cost: shown in logs, metrics and the debug extension. */
export interface LookupStats {
  lookups: number;
  upstreamCalls: number;
  cacheHits: number;
  cacheMisses: number;
  stale: boolean;
}

export function newLookupStats(): LookupStats {
  return { lookups: 0, upstreamCalls: 0, cacheHits: 0, cacheMisses: 0, stale: false };
}

function record(stats: LookupStats, source: ProfileSource): void {
  stats.lookups += 1;
  if (source === 'cache') stats.cacheHits += 1;
  else stats.cacheMisses += 1;
  if (source === 'upstream') stats.upstreamCalls += 1;
  if (source === 'stale') stats.stale = true;
}

export type ProfileLoader = DataLoader<CustomerLookup, ProfileResult, string>;

export function createProfileLoader(service: ProfileService, stats: LookupStats): ProfileLoader {
  return new DataLoader<CustomerLookup, ProfileResult, string>(
    (lookups) =>
      Promise.all(
        lookups.map((lookup) =>
          service.get(lookup).then(
            (result) => {
              record(stats, result.source);
              return result;
            },
            // A failed lookup fails only its own field(s), not the batch.
            (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
          ),
        ),
      ),
    { cacheKeyFn: (lookup) => lookup.key },
  );
}
