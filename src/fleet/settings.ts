// The fleet settings, as configured: per-caller budgets of upstream calls (UPSTREAM_BUDGETS),
// the vendor's contracted rate (UPSTREAM_QUOTA_PER_SECOND) and fleet-wide single-flight.
// config.ts hands over the validated variables; errors name the variable. No process.env here.
import type { AuthSettings } from '../auth/settings.ts';

/** The budget group of every end-user (JWT) caller together. */
export const JWT_BUDGET_NAME = 'jwt';

export interface UpstreamBudget {
  /** An API key's name, or `jwt` for all end-user-token callers together. */
  name: string;
  /** Upstream calls the group may cause per minute (cache hits are free). */
  perMinute: number;
}

export interface FleetSettings {
  budgets: UpstreamBudget[];
  /** The vendor's contracted rate for the whole fleet; undefined: no ceiling of our own. */
  quotaPerSecond: number | undefined;
  /** With a shared cache: one upstream call per cold key across all replicas (Redis leases). */
  singleFlight: boolean;
  /** How long a lease on a cold key lives unless its holder renews it (a dead holder's is taken over then). */
  leaseMs: number;
  /** Longest a lookup waits for another replica's call: the holder's call budget and cache write. */
  maxWaitMs: number;
}

const ENTRY = /^([A-Za-z0-9][A-Za-z0-9_.-]{0,63}):(\d{1,9})\/min$/;

/**
 * Parses UPSTREAM_BUDGETS: comma-separated `name:N/min`. Every name must be a caller the gateway
 * can recognise (an API key of GATEWAY_API_KEYS, or `jwt` when JWTs are configured): a budget
 * nobody can match would silently limit nothing.
 */
export function parseUpstreamBudgets(
  raw: string | undefined,
  auth: AuthSettings,
): UpstreamBudget[] {
  if (raw === undefined || raw.trim() === '') return [];
  const budgets: UpstreamBudget[] = [];
  const entries = raw
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const keyNames = new Set(auth.mode === 'enforced' ? auth.apiKeys.map((k) => k.name) : []);
  const jwt = auth.mode === 'enforced' && auth.jwt !== undefined;
  for (const [index, entry] of entries.entries()) {
    const match = ENTRY.exec(entry);
    const where = `Invalid UPSTREAM_BUDGETS: entry ${index + 1} (${JSON.stringify(entry)})`;
    if (!match?.[1] || match[2] === undefined) {
      throw new Error(`${where} must be name:N/min, e.g. batch-job:600/min`);
    }
    const [, name, count] = match;
    const perMinute = Number(count);
    if (perMinute < 1) throw new Error(`${where}: the budget must be at least 1/min`);
    if (budgets.some((b) => b.name === name)) throw new Error(`${where}: ${name} is listed twice`);
    if (name === JWT_BUDGET_NAME ? !jwt : !keyNames.has(name)) {
      throw new Error(
        name === JWT_BUDGET_NAME
          ? `${where}: "jwt" needs end-user tokens to be configured (JWT_JWKS_URL or JWT_PUBLIC_KEY)`
          : `${where}: ${name} is not the name of an API key in GATEWAY_API_KEYS (nor "jwt")`,
      );
    }
    budgets.push({ name, perMinute });
  }
  return budgets;
}
