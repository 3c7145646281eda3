// Two gateway replicas sharing one Redis cache and one sample upstream, both reporting the
// shared cache up before a test starts; and their orderly stop (the Redis too, if we own it).
import { startHarness } from './harness.ts';
import type { Harness } from './harness.ts';
import { waitForSharedCache } from './readiness.ts';
import type { RedisAvailability } from './redis.ts';

export interface Replicas {
  a: Harness;
  b: Harness;
  close(): Promise<void>;
}

export async function startReplicas(
  redis: Extract<RedisAvailability, { available: true }>,
  env: Record<string, string> = {},
): Promise<Replicas> {
  const shared = { ...env, CACHE_URL: redis.url };
  const a = await startHarness({ env: shared });
  const b = await startHarness({ env: shared, replicaOf: a });
  await Promise.all([waitForSharedCache(a.url, 'up'), waitForSharedCache(b.url, 'up')]);
  return {
    a,
    b,
    async close() {
      await b.close();
      await a.close();
      await redis.owned?.kill();
    },
  };
}
