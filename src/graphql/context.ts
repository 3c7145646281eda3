// The per-request GraphQL context: a fresh ProfileLoader (never shared between requests, so
// no data leaks across callers) and the counters that describe what the request cost.
import type { Logger } from 'pino';
import type { Caller } from '../auth/caller.ts';
import { budgetGroupOf } from '../fleet/budgets.ts';
import type { ProfileService } from '../profiles/service.ts';
import { createProfileLoader, newLookupStats } from '../profiles/loader.ts';
import type { BatchHook, LookupStats, ProfileLoader } from '../profiles/loader.ts';

export interface GatewayContext {
  caller: Caller;
  profiles: ProfileLoader;
  stats: LookupStats;
  logger: Logger;
  /** Drops a customer's cached profile everywhere (Mutation.invalidateCustomer). */
  invalidateCustomer: ProfileService['invalidate'];
}

export function createContext(
  service: ProfileService,
  logger: Logger,
  caller: Caller,
  wrapBatch?: BatchHook,
): GatewayContext {
  const stats = newLookupStats();
  return {
    caller,
    profiles: createProfileLoader(service, stats, wrapBatch, budgetGroupOf(caller)),
    stats,
    logger,
    invalidateCustomer: (lookup) => service.invalidate(lookup),
  };
}
