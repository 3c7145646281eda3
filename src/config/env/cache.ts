// The environment variables of the profile cache, the shared Redis, what protects the data in
// it, the fleet that coordinates through it, and the whole-response cache.
import { z } from 'zod';
import { bool, int } from './kit.ts';
import { parseRedisUrl, RedisUrlError } from '../../redis/url.ts';

export const cacheEnv = {
  CACHE_TTL_SECONDS: int(0)
    .default(300)
    .describe('how long a fetched profile is fresh; `0` disables caching'),
  CACHE_STALE_SECONDS: int(0)
    .default(3600)
    .describe('how long past freshness a profile may still be served when the upstream fails'),
  CACHE_NEGATIVE_TTL_SECONDS: int(0)
    .default(60)
    .describe('how long a "no such customer" (404) is remembered'),
  CACHE_STALE_WHILE_REVALIDATE_SECONDS: int(0)
    .default(0)
    .describe(
      'how long past freshness a profile is served at once while it is refreshed in the background; `0`: off',
    ),
  CACHE_URL: z
    .string()
    .trim()
    .superRefine((url, ctx) => {
      try {
        parseRedisUrl(url);
      } catch (error) {
        if (!(error instanceof RedisUrlError)) throw error;
        ctx.addIssue({ code: 'custom', message: error.message });
      }
    })
    .meta({
      typeText:
        'redis://, rediss://, redis-cluster://, rediss-cluster://, redis-sentinel:// or rediss-sentinel:// URL',
    })
    .optional()
    .describe(
      'unset: in-process cache only; else the in-process cache in front of a shared Redis (see [Scaling out](operations.md#scaling-out-replicas-sharing-a-redis-cache)): `redis[s]://[user:password@]host:port` one Redis; `redis[s]-cluster://[user:password@]host:port[?node=host:port…]` Redis Cluster (seed nodes); `redis[s]-sentinel://[user:password@]host:port[?node=host:port…]&sentinelServiceName=NAME` the primary the sentinels name (optional `sentinelUsername`, `sentinelPassword`). A comma list of hosts means the same as `node=`. See [Redis topologies](operations.md#redis-topologies)',
    ),
  CACHE_MAX_ENTRIES: int(1).default(10_000).describe('bound of the in-process cache (LRU)'),
  CACHE_L1_TTL_SECONDS: int(1)
    .default(30)
    .describe(
      "with `CACHE_URL`: longest a profile stays in a replica's in-process layer while Redis is up (bounds how long a replica can miss another's update)",
    ),
  CACHE_REDIS_TIMEOUT_MS: int(10, 60_000)
    .default(250)
    .describe(
      'with `CACHE_URL`: time budget of one Redis operation (cache, lease, budget or rate); past it Redis is treated as down (the request goes on without it)',
    ),
  CACHE_REQUIRED: bool
    .default(false)
    .describe(
      'with `CACHE_URL`: `true` makes `/readyz` answer 503 while Redis is unreachable (default: 200 with `"status": "degraded"`)',
    ),
  // Personal data in the caches (src/cache/protection.ts).
  CACHE_ENCRYPTION_KEY: z
    .string()
    .optional()
    .describe(
      'with `CACHE_URL`: the AES-256-GCM key that seals every value written to Redis (base64 of 32 random bytes: `openssl rand -base64 32`). **Required in production with `CACHE_URL`** unless `CACHE_ENCRYPTION=off`. See [SECURITY.md → Personal data](../SECURITY.md#personal-data)',
    ),
  CACHE_ENCRYPTION_KEYS: z
    .string()
    .optional()
    .describe(
      "instead of `CACHE_ENCRYPTION_KEY`, during a key rotation: several keys, comma-separated; the first seals new values, every one opens values it sealed (each value carries its key's short id). Setting both variables is refused",
    ),
  CACHE_ENCRYPTION: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(['on', 'off'], { error: 'must be "on" or "off"' }))
    .meta({ typeText: 'one of `on`, `off`' })
    .optional()
    .describe(
      '`off`: write profiles to Redis in clear, deliberately (a warning at every start); `on`: refuse to start without a key even outside production. Unset: sealed when a key is set; in clear (with a warning) outside production when none is',
    ),
  CACHE_MAX_RETENTION_SECONDS: int(1)
    .default(86_400)
    .describe(
      'ceiling on how long any cache entry may live in any layer, stale window included: the start is refused when `CACHE_TTL_SECONDS + CACHE_STALE_SECONDS`, `CACHE_NEGATIVE_TTL_SECONDS`, `CACHE_L1_TTL_SECONDS` or `RESPONSE_CACHE_TTL_MS` would exceed it (the message names both settings). Erasure indexes and tombstones live no longer either. `86400` is 24 h',
    ),
  // Fleet coordination through the shared Redis (src/fleet/); only with CACHE_URL.
  UPSTREAM_BUDGETS: z.string().optional().meta({
    description:
      "per-caller budgets of upstream calls, `name:N/min[,name:N/min…]`: `name` is an API key's name from `GATEWAY_API_KEYS`, or `jwt` for all end-user-token callers together. Counted fleet-wide with `CACHE_URL` (per process without, or while Redis is away); cache hits are free; over it: `UPSTREAM_BUDGET_EXCEEDED` with `retryAfterSeconds`. A name that matches no caller is refused at start",
    defaultText: '— (none)',
  }),
  UPSTREAM_QUOTA_PER_SECOND: z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?$/, 'must be a positive number of calls per second')
    .transform(Number)
    .pipe(z.number().positive('must be a positive number of calls per second').max(100_000))
    .meta({ typeText: 'number > 0, at most 100000' })
    .optional()
    .meta({
      description:
        "the vendor's contracted rate, for all replicas together: with `CACHE_URL` the fleet paces itself to 95 % of it through Redis (one shared GCRA); without, each process does alone. A call whose slot is more than `UPSTREAM_THROTTLE_MAX_WAIT_MS` away fails with `UPSTREAM_RATE_LIMITED`; any replica's 429 cuts the shared rate. See [Fleet coordination](operations.md#fleet-coordination-replicas-as-one-client-of-fashionai)",
      defaultText: '— (no ceiling)',
    }),
  FLEET_SINGLE_FLIGHT: bool
    .default(true)
    .describe(
      'with `CACHE_URL`: a cold profile costs one upstream call across all replicas (a Redis lease per cold key; the others wait for the value to land). `false`: one call per replica',
    ),
  FLEET_LEASE_MS: int(100, 60_000)
    .default(2000)
    .describe(
      "with `CACHE_URL`: life of a lease unless its holder renews it (every third of it while the call runs): how soon a dead holder's lease is taken over. A waiter gives up after `UPSTREAM_TIMEOUT_MS` + `CACHE_REDIS_TIMEOUT_MS` and calls itself",
    ),
  RESPONSE_CACHE_TTL_MS: int(0, 60_000)
    .default(1000)
    .describe(
      'whole-response cache: an identical POST from the same caller within this time is answered with the same bytes, without executing; `0` turns it off (so does `CACHE_TTL_SECONDS=0`). See [Performance](performance.md)',
    ),
  RESPONSE_CACHE_MAX_ENTRIES: int(1)
    .default(1000)
    .describe('bound of the whole-response cache (LRU; answers over 64 KiB are never kept)'),
};
