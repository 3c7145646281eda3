// ProfileLoader: one DataLoader per GraphQL request. Every customer lookup of an operation —
// aliases, `customers` list items, federation `_entities` representations — goes through it,
// so the same normalised identifier costs one ProfileService call per request.
import DataLoader from 'dataloader';
import type { CustomerLookup } from '../customer/lookup.ts';
import type { ProfileResult, ProfileService, ProfileSource } from './service.ts';

/** What one request's lookups cost: shown in logs, metrics and the debug extension. */
export interface LookupStats {
  lookups: number;
  upstreamCalls: number;
  cacheHits: number;
  cacheMisses: number;
  /** Misses answered by another request's upstream call already in flight (single-flight). */
  shared: number;
  /** Lookups answered from a stale entry (the response then says `stale: true`). */
  staleServed: number;
  /** The first MAX_RECORDED_LOOKUPS distinct lookups, for the (masked) request log line. */
  recorded: CustomerLookup[];
}

export const MAX_RECORDED_LOOKUPS = 10;

export function newLookupStats(): LookupStats {
  return {
    lookups: 0,
    upstreamCalls: 0,
    cacheHits: 0,
    cacheMisses: 0,
    shared: 0,
    staleServed: 0,
    recorded: [],
  };
}

function record(stats: LookupStats, source: ProfileSource): void {
  stats.lookups += 1;
  if (source === 'cache') stats.cacheHits += 1;
  else stats.cacheMisses += 1;
  if (source === 'upstream') stats.upstreamCalls += 1;
  if (source === 'shared') stats.shared += 1;
  if (source === 'stale') stats.staleServed += 1;
}

export type ProfileLoader = DataLoader<CustomerLookup, ProfileResult, string>;

/** Wraps one batch (e.g. in a trace span); the loader stays free of any tracing library. */
export type BatchHook = <T>(size: number, run: () => Promise<T>) => Promise<T>;

const runBatch: BatchHook = (_size, run) => run();

/** `budgetGroup`: whose budget of upstream calls this request's lookups spend (if any). */
export function createProfileLoader(
  service: ProfileService,
  stats: LookupStats,
  wrapBatch: BatchHook = runBatch,
  budgetGroup?: string,
): ProfileLoader {
  return new DataLoader<CustomerLookup, ProfileResult, string>(
    (lookups) => wrapBatch(lookups.length, () => fetchAll(service, stats, lookups, budgetGroup)),
    { cacheKeyFn: (lookup) => lookup.key },
  );
}

function fetchAll(
  service: ProfileService,
  stats: LookupStats,
  lookups: readonly CustomerLookup[],
  budgetGroup: string | undefined,
): Promise<Array<ProfileResult | Error>> {
  for (const lookup of lookups) {
    if (stats.recorded.length >= MAX_RECORDED_LOOKUPS) break;
    stats.recorded.push(lookup);
  }
  return Promise.all(
    lookups.map((lookup) =>
      service.get(lookup, budgetGroup).then(
        (result) => {
          record(stats, result.source);
          return result;
        },
        // A failed lookup fails only its own field(s), not the batch. It was not a hit.
        (error: unknown) => {
          stats.lookups += 1;
          stats.cacheMisses += 1;
          return error instanceof Error ? error : new Error(String(error));
        },
      ),
    ),
  );
}
