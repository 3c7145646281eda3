// How the caches protect personal data, as configured: the keys that seal values in the shared
// cache (CACHE_ENCRYPTION_KEY / CACHE_ENCRYPTION_KEYS, or an explicit CACHE_ENCRYPTION=off) and
// the retention ceiling every cache life must fit under. config.ts hands over the validated
// variables; errors name the variable and never quote a key. No process.env here.
import { parseSealingKey } from './sealing.ts';
import type { SealingKey } from './sealing.ts';

export interface CacheProtection {
  /** Keys for values in Redis, the first seals; empty: values are written in clear. */
  encryptionKeys: SealingKey[];
  /** CACHE_ENCRYPTION=off was set deliberately (the start-up warning says so). */
  encryptionOff: boolean;
  /** CACHE_MAX_RETENTION_SECONDS: no cache entry, stale window included, lives longer. */
  maxRetentionSeconds: number;
}

export interface CacheProtectionInput {
  CACHE_ENCRYPTION_KEY?: string | undefined;
  CACHE_ENCRYPTION_KEYS?: string | undefined;
  CACHE_ENCRYPTION?: 'on' | 'off' | undefined;
  CACHE_MAX_RETENTION_SECONDS: number;
  CACHE_URL?: string | undefined;
  CACHE_TTL_SECONDS: number;
  CACHE_STALE_SECONDS: number;
  CACHE_NEGATIVE_TTL_SECONDS: number;
  CACHE_L1_TTL_SECONDS: number;
  RESPONSE_CACHE_TTL_MS: number;
}

function parseKeys(name: string, raw: string): SealingKey[] {
  const parts = raw.split(',').map((p) => p.trim());
  return parts.map((part, i) => {
    if (part === '') throw new Error(`Invalid ${name}: key ${i + 1} is empty`);
    try {
      return parseSealingKey(part);
    } catch (error) {
      const which = parts.length > 1 ? `key ${i + 1}: ` : '';
      throw new Error(`Invalid ${name}: ${which}${(error as Error).message}`, { cause: error });
    }
  });
}

function checkRetention(e: CacheProtectionInput): void {
  const max = e.CACHE_MAX_RETENTION_SECONDS;
  const lives: Array<[string, number]> = [
    ['CACHE_TTL_SECONDS + CACHE_STALE_SECONDS', e.CACHE_TTL_SECONDS + e.CACHE_STALE_SECONDS],
    ['CACHE_NEGATIVE_TTL_SECONDS', e.CACHE_NEGATIVE_TTL_SECONDS],
    ['CACHE_L1_TTL_SECONDS', e.CACHE_L1_TTL_SECONDS],
    ['RESPONSE_CACHE_TTL_MS / 1000', e.RESPONSE_CACHE_TTL_MS / 1000],
  ];
  for (const [what, seconds] of lives) {
    if (seconds > max) {
      throw new Error(
        `Invalid ${what} = ${seconds} s: over CACHE_MAX_RETENTION_SECONDS=${max} (no cached personal data may live longer; lower it or raise the ceiling deliberately)`,
      );
    }
  }
}

export function resolveCacheProtection(
  e: CacheProtectionInput,
  { production }: { production: boolean },
): CacheProtection {
  checkRetention(e);
  const base = { maxRetentionSeconds: e.CACHE_MAX_RETENTION_SECONDS };
  if (e.CACHE_ENCRYPTION_KEY && e.CACHE_ENCRYPTION_KEYS) {
    throw new Error(
      'CACHE_ENCRYPTION_KEY and CACHE_ENCRYPTION_KEYS are both set: use one (CACHE_ENCRYPTION_KEYS for several keys during a rotation)',
    );
  }
  const keys = e.CACHE_ENCRYPTION_KEYS
    ? parseKeys('CACHE_ENCRYPTION_KEYS', e.CACHE_ENCRYPTION_KEYS)
    : e.CACHE_ENCRYPTION_KEY
      ? parseKeys('CACHE_ENCRYPTION_KEY', e.CACHE_ENCRYPTION_KEY)
      : [];
  if (e.CACHE_ENCRYPTION === 'off') {
    if (keys.length > 0) {
      throw new Error(
        'CACHE_ENCRYPTION=off contradicts the CACHE_ENCRYPTION_KEY(S) that is set: remove one',
      );
    }
    return { ...base, encryptionKeys: [], encryptionOff: true };
  }
  if (keys.length === 0 && production && e.CACHE_URL) {
    throw new Error(
      'CACHE_ENCRYPTION_KEY is not set: it is required when NODE_ENV=production with a shared cache (CACHE_URL); generate one with `openssl rand -base64 32`, or set CACHE_ENCRYPTION=off to store profiles in clear deliberately',
    );
  }
  if (e.CACHE_ENCRYPTION === 'on' && keys.length === 0) {
    throw new Error('CACHE_ENCRYPTION=on needs CACHE_ENCRYPTION_KEY (or CACHE_ENCRYPTION_KEYS)');
  }
  return { ...base, encryptionKeys: keys, encryptionOff: false };
}
