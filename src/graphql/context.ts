// The per-request GraphQL context: a fresh ProfileLoader (never shared between requests, so
// no data leaks across callers) and the counters that describe what the request cost.
import type { Logger } from 'pino';
import type { Caller } from '../auth/caller.ts';
import { budgetGroupOf } from '../fleet/budgets.ts';
import type { ProfileService } from '../profiles/service.ts';
import { createProfileLoader, newLookupStats } from '../profiles/loader.ts';
import type { BatchHook, LookupStats, ProfileLoader } from '../profiles/loader.ts';
import type { AuditLog } from './audit.ts';

export interface GatewayContext {
  caller: Caller;
  profiles: ProfileLoader;
  stats: LookupStats;
  logger: Logger;
  /** The id the request log and the response header carry, for audit lines. */
  requestId: string;
  /** The audit trail of admin operations. */
  audit: AuditLog;
  /** Erases a shopper from every cache (Mutation.forgetCustomer). */
  forgetCustomer: ProfileService['forget'];
}

export interface ContextOptions {
  logger: Logger;
  audit: AuditLog;
  requestId: string;
  wrapBatch?: BatchHook;
}

export function createContext(
  service: ProfileService,
  caller: Caller,
  options: ContextOptions,
): GatewayContext {
  const stats = newLookupStats();
  return {
    caller,
    profiles: createProfileLoader(service, stats, options.wrapBatch, budgetGroupOf(caller)),
    stats,
    logger: options.logger,
    requestId: options.requestId,
    audit: options.audit,
    forgetCustomer: (lookup) => service.forget(lookup),
  };
}
