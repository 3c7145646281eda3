// The per-request GraphQL context: a fresh ProfileLoader (never shared between requests, so
// no data leaks across callers) and the counters that describe what the request cost.
import type { Logger } from 'pino';
import type { ProfileService } from '../profiles/service.ts';
import { createProfileLoader, newLookupStats } from '../profiles/loader.ts';
import type { LookupStats, ProfileLoader } from '../profiles/loader.ts';

export interface GatewayContext {
  profiles: ProfileLoader;
  stats: LookupStats;
  logger: Logger;
}

export function createContext(service: ProfileService, logger: Logger): GatewayContext {
  const stats = newLookupStats();
  return { profiles: createProfileLoader(service, stats), stats, logger };
}
