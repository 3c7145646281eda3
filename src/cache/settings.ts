// CACHE_* and RESPONSE_CACHE_* as one slice of the Config, and what the cache derives from it:
// how long the erasure ledger remembers, how long an erasure waits for the replicas, and the
// sealer for values written to Redis.
import type { Logger } from 'pino';
import { ErasureLedger } from './erasure-ledger.ts';
import type { CacheProtection } from './protection.ts';
import { createCacheSealer } from './sealing.ts';
import type { CacheSealer } from './sealing.ts';

export interface CacheSettings {
  ttlSeconds: number;
  staleSeconds: number;
  negativeTtlSeconds: number;
  staleWhileRevalidateSeconds: number;
  url: string | undefined;
  maxEntries: number;
  /** With CACHE_URL: longest an entry stays in the in-process layer while Redis is up. */
  l1TtlSeconds: number;
  /** With CACHE_URL: budget of one Redis operation. */
  redisTimeoutMs: number;
  /** /readyz answers 503 while the shared cache is unreachable (instead of 200, degraded). */
  required: boolean;
  /** Whole-response cache: how long an identical request from the same caller is replayed (0: off). */
  responseTtlMs: number;
  responseMaxEntries: number;
  /** Encryption keys for the shared cache and the retention ceiling (personal data). */
  protection: CacheProtection;
}

/** Replicas answer an erasure in one pub/sub round trip; this leaves room for a loaded one. */
const MIN_ERASURE_ACK_TIMEOUT_MS = 1000;

export const erasureAckTimeoutMs = (settings: CacheSettings) =>
  Math.max(MIN_ERASURE_ACK_TIMEOUT_MS, settings.redisTimeoutMs * 4);

/**
 * A ledger sized like the cache. The index lives as long as the newest entry it names (each
 * write refreshes it), and a tombstone as long as an entry could: both within the retention
 * ceiling by configuration.
 */
export function erasureLedgerFor(settings: CacheSettings): ErasureLedger {
  const entryLifeMs = (settings.ttlSeconds + settings.staleSeconds) * 1000;
  const lifeMs = Math.min(
    Math.max(entryLifeMs, 1000),
    settings.protection.maxRetentionSeconds * 1000,
  );
  return ledgerFor(settings.maxEntries, lifeMs);
}

/** A ledger remembering keys and erasures of up to `maxCustomers` for `lifeMs`. */
export function ledgerFor(maxCustomers: number, lifeMs: number): ErasureLedger {
  return new ErasureLedger({ maxCustomers, indexTtlMs: lifeMs, tombstoneTtlMs: lifeMs });
}

/** The sealer of values written to Redis; without keys, values go in clear (and it says so). */
export function sealerFor(protection: CacheProtection, logger: Logger): CacheSealer | undefined {
  const keys = protection.encryptionKeys;
  if (keys.length > 0) return createCacheSealer(keys);
  logger.warn(
    protection.encryptionOff
      ? 'Shared cache: CACHE_ENCRYPTION=off, profiles are written to Redis in clear; anyone who can read Redis (a replica, a backup) reads every cached shopper'
      : 'Shared cache: no CACHE_ENCRYPTION_KEY, profiles are written to Redis in clear (refused in production); set one with `openssl rand -base64 32`',
  );
  return undefined;
}
